package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpseries.cpu.CpuModel;
import org.jpseries.monitor.ChardevSpec;
import org.jpseries.monitor.QmpClient;
import org.jpseries.monitor.QmpServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One booted guest driven through QMP as a management tool would: stop and cont around a
 * shell command, the registers of a stopped vCPU, the EPOW source the guest enabled in "info
 * pic", system_reset back to the shell (RESET event, the guest boots again), and the power
 * button: system_powerdown gives POWERDOWN, the guest's ras.c runs orderly_poweroff, and the run
 * ends with SHUTDOWN (guest-shutdown) and exit code 0.
 */
@Tag("boot")
class QmpBootTest {
    @Test
    void driveAGuestThroughQmp() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-qmp");
        Path sock = dir.resolve("qmp.sock");
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, 0);
                QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), g.machine, null,
                        new PrintStream(g.console, true)).start();
                QmpClient q = new QmpClient(sock)) {
            q.negotiate();
            int at = g.awaitShell(0);
            assertEquals("running", q.call("{\"execute\": \"query-status\"}").at("/return/status").asText());

            // stop: the guest's clock and vCPU stand still; cont: the shell answers again
            assertEquals("STOP", q.exchange("{\"execute\": \"stop\"}").get(0).get("event").asText());
            String regs = hmp(q, "info registers");
            Matcher nip = Pattern.compile("NIP ([0-9a-f]{16})").matcher(regs);
            assertTrue(nip.find(), regs);
            assertTrue(nip.group(1).startsWith("c00000000"), "a stopped kernel's NIP is a kernel address: " + regs);
            assertEquals(regs.substring(0, 200), hmp(q, "info registers").substring(0, 200), "nothing moves while stopped");
            assertEquals("RESUME", q.exchange("{\"execute\": \"cont\"}").get(0).get("event").asText());
            assertTrue(g.run("echo hello-$((6*7))").contains("hello-42"));

            // the guest enabled the EPOW source (ras.c requested /event-sources/epow-events' interrupt)
            String pic = hmp(q, "info pic");
            Matcher epow = Pattern.compile("  1000 MSI ([0-9a-f]{2})").matcher(pic);
            assertTrue(epow.find(), pic);
            assertNotEquals("ff", epow.group(1), "the EPOW source is unmasked by the guest: " + pic);
            assertTrue(g.run("cat /proc/interrupts").contains("RAS_EPOW"), "ras.c's handler is registered");

            // system_reset: RESET, and the guest boots to the shell again
            int mark = g.console.mark();
            List<JsonNode> reset = q.exchange("{\"execute\": \"system_reset\"}");
            assertEquals("RESET", reset.get(0).get("event").asText());
            assertEquals("host-qmp-system-reset", reset.get(0).at("/data/reason").asText());
            g.awaitShell(mark);
            assertEquals("running", q.call("{\"execute\": \"query-status\"}").at("/return/status").asText());

            // the power button
            List<JsonNode> pd = q.exchange("{\"execute\": \"system_powerdown\"}");
            assertEquals("POWERDOWN", pd.get(0).get("event").asText());
            assertEquals(0, g.runUntilExit(""), "the guest powers itself off after the EPOW event");
            JsonNode shutdown = q.next(60);
            while (shutdown != null && !"SHUTDOWN".equals(shutdown.path("event").asText())) shutdown = q.next(60);
            assertTrue(shutdown != null, "SHUTDOWN event");
            assertEquals("{\"guest\":true,\"reason\":\"guest-shutdown\"}", shutdown.get("data").toString());
            assertTrue(g.console.since(at).contains("Power off requested") || g.console.since(at).contains("power off"),
                    "ras.c reported the request: " + g.console.since(at));
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }

    private static String hmp(QmpClient q, String cmd) throws Exception {
        return q.call("{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"" + cmd + "\"}}").get("return")
                .asText();
    }
}
