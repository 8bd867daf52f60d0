package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpseries.host.Pty;
import org.jpseries.monitor.QmpClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16 item 4: SIGTERM, SIGINT and SIGHUP end jpseries as they end qemu-system-ppc64 7.2
 * (checked on this host): "terminating on signal N" on stderr, SHUTDOWN {"guest": false,
 * "reason": "host-signal"} to the connected QMP client, exit status 0, the monitor's socket file
 * removed, and (here) the terminal, which -nographic put in raw mode, restored. The machine
 * runs a branch-to-self loop, started (not -S) so that the vCPU is busy when the signal comes.
 */
class HostSignalTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"TERM, 15", "INT, 2", "HUP, 1"})
    void aHostSignalShutsDownAsQemuDoes(String name, int number) throws Exception {
        Path kernel = ChildJpseries.kernel(dir, 0x48000000); // b .
        Path socket = dir.resolve("qmp.sock");
        try (Pty pty = Pty.open()) {
            ChildJpseries.sane(pty.slavePath());
            String cooked = ChildJpseries.stty(pty.slavePath());
            try (ChildJpseries j = ChildJpseries.start(dir, "256m", pty.slavePath().toFile(), "-M", "pseries", "-m", "256M",
                    "-nographic", "-kernel", kernel.toString(), "-qmp", "unix:" + socket + ",server=on,wait=off")) {
                try (QmpClient c = ChildJpseries.connect(socket, 30)) {
                    c.negotiate();
                    assertEquals("running", c.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
                    assertNotEquals(cooked, ChildJpseries.stty(pty.slavePath()), "-nographic: the terminal is raw while jpseries runs");
                    j.signal(name);
                    JsonNode e = c.next(20);
                    assertNotNull(e, "an event before the connection closes");
                    assertEquals("SHUTDOWN", e.path("event").asText(), e.toString());
                    assertFalse(e.at("/data/guest").asBoolean(true), e.toString());
                    assertEquals("host-signal", e.at("/data/reason").asText(), e.toString());
                }
                Integer status = j.waitFor(20);
                String err = j.stderr();
                assertNotNull(status, "jpseries still runs after SIG" + name + "; stderr:\n" + err);
                assertEquals(0, status, err);
                assertTrue(err.contains("jpseries: terminating on signal " + number + "\n"), err);
                assertFalse(Files.exists(socket), "the QMP socket file is removed");
                assertEquals(cooked, ChildJpseries.stty(pty.slavePath()), "the terminal is restored");
            }
        }
    }
}
