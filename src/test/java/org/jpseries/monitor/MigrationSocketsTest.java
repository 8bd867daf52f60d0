package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.CpuModel;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.spapr.TestKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcp: and unix: migrations as QEMU 7.2 reports them (checked against qemu-system-ppc64 7.2):
 * a source whose connection fails answers migrate with success and then fails the migration
 * with "Failed to connect to ..." (QEMU connects asynchronously); a destination's query-migrate
 * shows where it listens (socket-address, without a status) until a source connects, and only
 * {"status": "completed"} after the load, not the source's figures.
 */
class MigrationSocketsTest {
    @TempDir
    Path dir;

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true);

    static SpaprMachine machine(String incoming) throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[] {0x48, 0, 0, 0}, 0x10000, 0), "loop");
        return new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 256L << 20, 0, ""), false, true,
                incoming), k, null, new ByteArrayOutputStream(), new GuestLog(false, QUIET), QUIET);
    }

    static JsonNode ok(QmpCommands c, String name, String args) throws Exception {
        return QmpJson.MAPPER.readTree(QmpJson.line(c.invoke(c.find(name), (ObjectNode) QmpJson.MAPPER.readTree(args))));
    }

    /** query-migrate's answer once it says {@code status}. */
    static JsonNode awaitStatus(QmpCommands c, String status) throws Exception {
        return await(c, r -> status.equals(r.path("status").asText()), status);
    }

    /** query-migrate's answer once it has {@code member}. */
    static JsonNode awaitMember(QmpCommands c, String member) throws Exception {
        return await(c, r -> r.has(member), member);
    }

    /** Polls query-migrate every 20 ms until its answer passes {@code until}, for at most 30 s. */
    static JsonNode await(QmpCommands c, java.util.function.Predicate<JsonNode> until, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode r = ok(c, "query-migrate", "{}");
            if (until.test(r)) return r;
            if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " in 30 s: " + r);
            Thread.sleep(20);
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aConnectionThatFailsFailsTheMigrationNotTheCommand() throws Exception {
        SpaprMachine m = machine(null);
        QmpCommands c = new QmpCommands(m, null, (e, d) -> {});
        int port = closedPort();
        assertEquals(QmpJson.MAPPER.readTree("{}"), ok(c, "migrate", "{\"uri\": \"tcp:127.0.0.1:" + port + "\"}"));
        assertEquals(QmpJson.MAPPER.readTree("{\"status\": \"failed\", \"error-desc\": \"Failed to connect to '127.0.0.1:" + port
                + "': Connection refused\"}"), awaitStatus(c, "failed"));
        Path missing = dir.resolve("missing.sock");
        ok(c, "migrate", "{\"uri\": \"unix:" + missing + "\"}");
        JsonNode unix = awaitStatus(c, "failed");
        assertEquals("Failed to connect to '" + missing + "': No such file or directory", unix.get("error-desc").asText());
        ok(c, "migrate", "{\"uri\": \"tcp:nonexistent.invalid:1234\"}");
        assertEquals("address resolution failed for nonexistent.invalid:1234: Name or service not known",
                awaitStatus(c, "failed").get("error-desc").asText());
        assertEquals(SpaprMachine.RunState.PRELAUNCH, m.runState());
    }

    @Test
    void aDestinationShowsWhereItListensThenOnlyItsStatus() throws Exception {
        SpaprMachine dst = machine("tcp:127.0.0.1:0");
        SpaprMachine src = machine(null);
        CompletableFuture<Integer> dstRun = run(dst), srcRun = run(src);
        try {
            QmpCommands d = new QmpCommands(dst, null, (e, x) -> {}), s = new QmpCommands(src, null, (e, x) -> {});
            JsonNode listening = awaitMember(d, "socket-address");
            assertTrue(!listening.has("status") && !listening.has("ram"), listening.toString()); // nothing before a source connects
            JsonNode a = listening.get("socket-address").get(0);
            assertEquals("inet", a.get("type").asText());
            assertEquals("127.0.0.1", a.get("host").asText());
            assertTrue(a.get("ipv4").asBoolean(), a.toString());
            String port = a.get("port").asText();
            assertNotEquals("0", port); // the port it really bound
            src.pause().get(30, TimeUnit.SECONDS); // the control thread has reset the machine: the reset's client interface is open
            src.platform().quiesce(); // as a booted guest's kernel has (no state of the client interface to send)
            ok(s, "migrate", "{\"uri\": \"tcp:127.0.0.1:" + port + "\"}");
            awaitStatus(s, "completed");
            assertEquals(QmpJson.MAPPER.readTree("{\"status\": \"completed\"}"), awaitStatus(d, "completed"));
            assertEquals("Migration status: completed\r\ntotal time: 0 ms\r\n",
                    ok(d, "human-monitor-command", "{\"command-line\": \"info migrate\"}").asText().replaceAll("(?s)^globals:.*?(?=Migration)", ""));
        } finally {
            src.quit("host-qmp-quit");
            dst.quit("host-qmp-quit");
            srcRun.get(30, TimeUnit.SECONDS);
            dstRun.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aUnixDestinationShowsItsPath() throws Exception {
        Path sock = dir.resolve("in.sock");
        SpaprMachine dst = machine("unix:" + sock);
        CompletableFuture<Integer> dstRun = run(dst);
        try {
            JsonNode listening = awaitMember(new QmpCommands(dst, null, (e, x) -> {}), "socket-address");
            assertEquals(QmpJson.MAPPER.readTree("[{\"type\": \"unix\", \"path\": \"" + sock + "\"}]"), listening.get("socket-address"));
            assertTrue(!listening.has("status"), listening.toString());
            String info = ok(new QmpCommands(dst, null, (e, x) -> {}), "human-monitor-command", "{\"command-line\": \"info migrate\"}").asText();
            assertTrue(info.endsWith("socket address: [\r\n\tunix:" + sock + "\r\n]\r\n"), info);
        } finally {
            dst.quit("host-qmp-quit");
            dstRun.get(30, TimeUnit.SECONDS);
        }
    }

    /** A source that connects and then sends nothing must not keep the destination from quitting (QMP quit, SIGTERM). */
    @Test
    void quitEndsADestinationWhoseSourceStalls() throws Exception {
        SpaprMachine dst = machine("tcp:127.0.0.1:0");
        CompletableFuture<Integer> dstRun = run(dst);
        QmpCommands d = new QmpCommands(dst, null, (e, x) -> {});
        String port = awaitMember(d, "socket-address").get("socket-address").get(0).get("port").asText();
        try (java.net.Socket stalled = new java.net.Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
            awaitStatus(d, "active");
            dst.quit("host-qmp-quit").get(10, TimeUnit.SECONDS);
            assertEquals(0, dstRun.get(10, TimeUnit.SECONDS));
            assertEquals(SpaprMachine.RunState.SHUTDOWN, dst.runState());
        }
    }

    static CompletableFuture<Integer> run(SpaprMachine m) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return m.run();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
    }
}
