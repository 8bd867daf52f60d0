package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.CpuModel;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.spapr.TestKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QMP protocol over a real unix socket against a real pseries machine whose "kernel" is a
 * branch-to-self loop (no guest OS needed for the protocol): greeting, negotiation, QEMU's error
 * classes and messages, events around stop/cont/system_reset, the human monitor, bad input
 * (malformed, oversized, truncated, a client leaving mid-request), clients in turn, and quit.
 * The expected texts are what qemu-system-ppc64 7.2 answers to the same requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QmpProtocolTest {
    @TempDir
    static Path dir;
    static Path socket;
    static SpaprMachine machine;
    static QmpServer server;
    static CompletableFuture<Integer> exit;

    @BeforeAll
    static void start() throws Exception {
        byte[] loop = {0x48, 0, 0, 0}; // b . (the vCPU starts big-endian)
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, loop, 0x10000, 0), "loop");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        machine = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 256L << 20, 0, ""), false),
                k, null, new ByteArrayOutputStream(), new GuestLog(false, quiet), quiet);
        socket = dir.resolve("qmp.sock");
        server = new QmpServer(ChardevSpec.parseQmp("unix:" + socket + ",server=on,wait=off"), machine, "vm1", quiet).start();
        exit = org.jpseries.spapr.MachineThread.start(machine);
        // the tests read the run state: wait until the control thread has started the vCPUs
        // (under load, query-status could otherwise still answer "prelaunch")
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (machine.runState() != SpaprMachine.RunState.RUNNING) {
            if (System.nanoTime() > deadline) throw new AssertionError("the machine is not running after 60 s: " + machine.runState());
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop() {
        machine.quit();
        server.close();
    }

    @Test
    @Order(1)
    void greetingThenCapabilitiesFirst() throws Exception {
        try (QmpClient c = new QmpClient(socket)) {
            JsonNode g = c.next();
            assertTrue(g.at("/QMP/version/qemu/major").isInt(), g.toString());
            assertTrue(g.at("/QMP/version/package").isTextual(), g.toString());
            assertTrue(g.at("/QMP/capabilities").isArray(), g.toString());
            JsonNode early = c.call("{\"execute\": \"query-status\"}");
            assertEquals("CommandNotFound", early.at("/error/class").asText());
            assertEquals("Expecting capabilities negotiation with 'qmp_capabilities'", early.at("/error/desc").asText());
            assertEquals("{}", c.call("{\"execute\": \"qmp_capabilities\", \"id\": 1}").get("return").toString());
            JsonNode again = c.call("{\"execute\": \"qmp_capabilities\"}");
            assertEquals("Capabilities negotiation is already complete, command ignored", again.at("/error/desc").asText());
            assertEquals("CommandNotFound", again.at("/error/class").asText());
            assertTrue(c.raw.get(0).endsWith("}\r\n") && c.raw.get(0).contains("\"QMP\": {"), "QEMU's separators and CR LF: " + c.raw.get(0));
        }
    }

    @Test
    @Order(2)
    void queriesAndIds() throws Exception {
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            JsonNode s = c.call("{\"execute\": \"query-status\", \"id\": 7}");
            assertEquals(7, s.get("id").asInt());
            assertEquals("running", s.at("/return/status").asText());
            assertTrue(s.at("/return/running").asBoolean());
            assertEquals("{\"id\":\"x\"}", c.call("{'execute': 'query-name', 'id': {'id': 'x'}}").get("id").toString(), "any id is echoed");
            assertEquals("vm1", c.call("{\"execute\": \"query-name\"}").at("/return/name").asText());
            JsonNode v = c.call("{\"execute\": \"query-version\"}");
            assertEquals(QmpCommands.MINOR, v.at("/return/qemu/minor").asInt());
            JsonNode cpus = c.call("{\"execute\": \"query-cpus-fast\"}").get("return");
            assertEquals(1, cpus.size());
            assertEquals(0, cpus.get(0).get("cpu-index").asInt());
            assertEquals("ppc64", cpus.get(0).get("target").asText());
            assertTrue(cpus.get(0).get("thread-id").asLong() > 0);
            JsonNode cmds = c.call("{\"execute\": \"query-commands\"}").get("return");
            for (String want : List.of("qmp_capabilities", "query-status", "stop", "cont", "system_reset", "system_powerdown", "quit",
                    "human-monitor-command", "query-machines", "query-cpu-definitions")) {
                assertTrue(cmds.findValuesAsText("name").contains(want), want);
            }
            JsonNode machines = c.call("{\"execute\": \"query-machines\"}").get("return");
            assertEquals("pseries-7.2", machines.get(0).get("name").asText()); // QEMU 7.2's: versioned, "pseries" its alias
            assertEquals("pseries", machines.get(0).get("alias").asText());
            assertTrue(machines.get(0).get("is-default").asBoolean());
            JsonNode defs = c.call("{\"execute\": \"query-cpu-definitions\"}").get("return");
            assertTrue(defs.findValuesAsText("name").contains("power9"), defs.toString());
        }
    }

    @Test
    @Order(3)
    void errorsAsQemuGivesThem() throws Exception {
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            assertError(c, "{\"execute\": \"nope\"}", "CommandNotFound", "The command nope has not been found");
            assertError(c, "foo\n", "GenericError", "JSON parse error, invalid keyword 'foo'");
            assertError(c, "42\n", "GenericError", "QMP input must be a JSON object");
            assertError(c, "{\"exec\": 1}", "GenericError", "QMP input member 'exec' is unexpected");
            assertError(c, "{\"execute\": 1}", "GenericError", "QMP input member 'execute' must be a string");
            assertError(c, "{\"arguments\": {}}", "GenericError", "QMP input lacks member 'execute'");
            assertError(c, "{\"execute\": \"query-name\", \"arguments\": []}", "GenericError", "QMP input member 'arguments' must be an object");
            assertError(c, "{\"execute\": \"query-name\", \"arguments\": {\"x\": 1}}", "GenericError", "Parameter 'x' is unexpected");
            assertError(c, "{\"execute\": \"human-monitor-command\"}", "GenericError", "Parameter 'command-line' is missing");
            assertError(c, "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": 5}}", "GenericError",
                    "Invalid parameter type for 'command-line', expected: string");
            JsonNode bad = c.call("{\"execute\": \"query-status\",, }");
            assertEquals("GenericError", bad.at("/error/class").asText());
            assertTrue(bad.at("/error/desc").asText().startsWith("JSON parse error, "), bad.toString());
            // bytes no JSON text holds, then what follows them, answered piece by piece as QEMU does
            c.ch.write(java.nio.ByteBuffer.wrap(new byte[] {'{', '"', 'e', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'}));
            for (String desc : List.of("JSON parse error, stray '\"e\uFFFD'", "JSON parse error, stray '\uFFFD'", "JSON parse error, expecting value",
                    "QMP input must be a JSON object", "JSON parse error, expecting value")) {
                assertEquals(desc, c.next().at("/error/desc").asText());
            }
            c.ch.write(java.nio.ByteBuffer.wrap(new byte[] {'"', 'a', 'b', 'c', 1, 'd', 'e', 'f', '"', '\n'}));
            assertEquals("JSON parse error, stray '\"abc\u0001'", c.next().at("/error/desc").asText(), "a control character in a string");
            assertError(c, "}", "GenericError", "JSON parse error, expecting value");
            assertError(c, "\"query-status\"", "GenericError", "QMP input must be a JSON object");
            // a request split across writes and without a newline is still one request
            c.send("{\"execute\":");
            Thread.sleep(50);
            assertEquals("running", c.call(" \"query-status\"}").at("/return/status").asText());
            // the session is still usable after all that
            assertEquals("running", c.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
        }
    }

    private static void assertError(QmpClient c, String req, String cls, String desc) throws Exception {
        JsonNode r = c.call(req);
        assertEquals(cls, r.at("/error/class").asText(), req + " -> " + r);
        assertEquals(desc, r.at("/error/desc").asText(), req + " -> " + r);
    }

    @Test
    @Order(4)
    void stopContResetWithEventsBeforeTheirReplies() throws Exception {
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            List<JsonNode> stop = c.exchange("{\"execute\": \"stop\"}");
            assertEquals(2, stop.size(), stop.toString());
            assertEquals("STOP", stop.get(0).get("event").asText());
            JsonNode ts = stop.get(0).get("timestamp");
            assertTrue(Math.abs(ts.get("seconds").asLong() - System.currentTimeMillis() / 1000) < 60, ts.toString());
            assertTrue(ts.get("microseconds").asInt() >= 0 && ts.get("microseconds").asInt() < 1_000_000, ts.toString());
            assertEquals(SpaprMachine.RunState.PAUSED, machine.runState());
            JsonNode paused = c.call("{\"execute\": \"query-status\"}").get("return");
            assertEquals("paused", paused.get("status").asText());
            assertFalse(paused.get("running").asBoolean());
            long nip = machine.cpu(0).nip;
            Thread.sleep(100);
            assertEquals(nip, machine.cpu(0).nip, "a stopped vCPU does not move");
            assertEquals("VM status: paused\r\n", hmp(c, "info status"));

            List<JsonNode> reset = c.exchange("{\"execute\": \"system_reset\"}");
            assertEquals("RESET", reset.get(0).get("event").asText());
            assertEquals("{\"guest\":false,\"reason\":\"host-qmp-system-reset\"}", reset.get(0).get("data").toString());
            // qemu-system-ppc64 7.2: a reset leaves a machine that was not running in prelaunch (main_loop_should_exit)
            assertEquals("prelaunch", c.call("{\"execute\": \"query-status\"}").at("/return/status").asText(), "a reset keeps a paused machine stopped");

            List<JsonNode> cont = c.exchange("{\"execute\": \"cont\", \"id\": \"c1\"}");
            assertEquals("RESUME", cont.get(0).get("event").asText());
            assertEquals("c1", cont.get(1).get("id").asText());
            assertEquals("running", c.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
            assertEquals("VM status: running\r\n", hmp(c, "info status"));
        }
    }

    @Test
    @Order(5)
    void humanMonitor() throws Exception {
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            String regs = hmp(c, "info registers");
            assertTrue(regs.contains("NIP ") && regs.contains("GPR00 ") && regs.contains("CR ") && regs.contains(" LPCR "), regs);
            assertTrue(regs.contains("PVR 00000000004e1202"), "POWER9 v2.2's PVR: " + regs);
            assertTrue(regs.contains("\r\n") && !regs.replace("\r\n", "").contains("\n"), "CR LF line ends");
            String pic = hmp(c, "info pic");
            assertTrue(pic.startsWith("CPU 0 XIRR="), pic);
            assertTrue(pic.contains("ICS 1000..1fff"), pic);
            assertTrue(pic.contains("  1000 MSI ff 00"), "the EPOW source, masked until the guest enables it: " + pic);
            assertTrue(pic.contains("  1100 MSI"), "the console: " + pic);
            assertTrue(pic.contains("XICS"), pic);
            assertEquals("unknown command: 'bogus'\r\n", hmp(c, "bogus"));
            assertEquals("unknown command: 'info bogus'\r\n", hmp(c, "info bogus"));
            assertTrue(hmp(c, "info irq").startsWith("IRQ statistics not available"));
        }
    }

    @Test
    @Order(6)
    void badClientsAndClientsInTurn() throws Exception {
        // oversized: answered with an error once the text ends, and the session goes on
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            StringBuilder big = new StringBuilder("{\"execute\": \"query-status\", \"arguments\": {\"x\": \"");
            big.append("a".repeat(JsonFraming.MAX_TEXT + 10)).append("\"}}");
            JsonNode r = c.call(big.toString());
            assertEquals("GenericError", r.at("/error/class").asText());
            assertEquals("JSON token size limit exceeded", r.at("/error/desc").asText(), "answered once, the rest of the text skipped");
            // too deep: answered as the limit is passed, and framing starts over
            assertError(c, "[".repeat(JsonFraming.MAX_NESTING + 1), "GenericError", "JSON nesting depth limit exceeded");
            assertEquals("running", c.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
        }
        // a client that leaves in the middle of a request
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            c.send("{\"execute\": \"query-sta");
        }
        // a client that asks and leaves before reading the reply
        try (QmpClient c = new QmpClient(socket)) {
            c.next();
            c.send("{\"execute\": \"qmp_capabilities\"}{\"execute\": \"query-status\"}".repeat(50));
        }
        // the next clients are served in turn, and the guest kept running throughout
        for (int i = 0; i < 3; i++) {
            try (QmpClient c = new QmpClient(socket)) {
                c.negotiate();
                JsonNode st = c.call("{\"execute\": \"query-status\"}").get("return");
                assertEquals("running", st.get("status").asText());
            }
        }
        long nip0 = machine.cpu(0).nip;
        assertTrue(machine.runState() == SpaprMachine.RunState.RUNNING && nip0 != 0);
    }

    @Test
    @Order(7)
    void secondClientWaitsForTheFirst() throws Exception {
        try (QmpClient first = new QmpClient(socket); QmpClient second = new QmpClient(socket)) {
            first.next();
            assertThrows(second, 1);
            first.close();
            JsonNode g = second.next(10);
            assertTrue(g.has("QMP"), "served once the first left: " + g);
        }
    }

    private static void assertThrows(QmpClient c, long seconds) throws InterruptedException {
        try {
            c.next(seconds);
        } catch (AssertionError expected) {
            return;
        }
        throw new AssertionError("a second client was greeted while the first was connected");
    }

    @Test
    @Order(8)
    void outOfBandCapability() throws Exception {
        try (QmpClient c = new QmpClient(socket)) {
            assertEquals("[\"oob\"]", c.next().at("/QMP/capabilities").toString());
            assertError(c, "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"foo\"]}}", "GenericError",
                    "Parameter 'null' does not accept value 'foo'");
            assertError(c, "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": \"oob\"}}", "GenericError",
                    "Invalid parameter type for 'enable', expected: array");
            assertEquals("{}", c.call("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}").get("return").toString());
            JsonNode r = c.call("{\"exec-oob\": \"query-status\", \"id\": 1}");
            assertEquals("The command query-status does not support OOB", r.at("/error/desc").asText());
            assertEquals(1, r.get("id").asInt());
            assertError(c, "{\"exec-oob\": \"x-oob-test\"}", "CommandNotFound", "The command x-oob-test has not been found");
            assertError(c, "{\"execute\": \"query-status\", \"exec-oob\": \"query-status\"}", "GenericError",
                    "QMP input member 'exec-oob' clashes with 'execute'");
        }
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            assertError(c, "{\"exec-oob\": \"query-status\"}", "GenericError", "QMP input member 'exec-oob' is unexpected");
        }
    }

    @Test
    @Order(9)
    void aClientThatStopsReadingHoldsOnlyItsOwnSession() throws Exception {
        String many = "{\"execute\": \"query-commands\"}".repeat(1000);
        try (QmpClient c = new QmpClient(socket, false)) {
            c.send("{\"execute\": \"qmp_capabilities\"}");
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        c.send(many);
                        sent.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    sent.set(-1);
                }
            });
            writer.setDaemon(true);
            writer.start();
            for (int last = -2; sent.get() != last;) {
                last = sent.get();
                Thread.sleep(500);
            }
            assertTrue(writer.isAlive() && sent.get() >= 0, "the session stops reading (and keeps the client) while its replies wait: " + sent);
            // the machine is not held up: stop and cont run, their events queued behind the replies
            machine.pause().get(10, TimeUnit.SECONDS);
            machine.resume().get(10, TimeUnit.SECONDS);
            assertEquals(SpaprMachine.RunState.RUNNING, machine.runState());
        }
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            assertEquals("running", c.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
        }
    }

    @Test
    @Order(100)
    void quitSendsShutdownThenTheReplyAndEndsTheRun() throws Exception {
        try (QmpClient c = new QmpClient(socket)) {
            c.negotiate();
            List<JsonNode> q = c.exchange("{\"execute\": \"quit\"}");
            assertEquals("SHUTDOWN", q.get(0).get("event").asText());
            assertEquals("{\"guest\":false,\"reason\":\"host-qmp-quit\"}", q.get(0).get("data").toString());
            assertEquals("{}", q.get(1).get("return").toString());
            assertEquals(0, exit.get(30, TimeUnit.SECONDS));
            server.close();
            assertNull(c.next(10), "the connection closes");
            assertFalse(Files.exists(socket), "the unix socket file is removed");
        }
    }

    private static String hmp(QmpClient c, String cmd) throws Exception {
        JsonNode r = c.call("{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"" + cmd + "\"}}");
        assertTrue(r.get("return").isTextual(), r.toString());
        return r.get("return").asText();
    }
}
