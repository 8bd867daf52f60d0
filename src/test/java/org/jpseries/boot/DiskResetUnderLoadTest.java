package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Ext4Image;
import org.jpseries.diff.Oracles;
import org.jpseries.monitor.QmpClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, the scenario of QEMU's 2019 thread ("qemu can crash when a system_reset is requested
 * while there's active I/O in the guest"): the guest boots its root disk from virtio-blk and
 * rewrites a file with fsync in a loop; QMP system_reset lands at varying moments of that I/O.
 * Every time the machine boots the disk again (ext4 replays its journal), the guest writes
 * again, and after the last reset and a poweroff the host's e2fsck finds the file system clean.
 * CI runs {@value #CI_RESETS} resets; {@code -Djpseries.disk.resets=N} runs N.
 */
@Tag("boot")
class DiskResetUnderLoadTest {
    static final int CI_RESETS = 3;
    static final int RESETS = Integer.getInteger("jpseries.disk.resets", CI_RESETS);

    @Test
    void systemResetInTheMiddleOfDiskWrites(@TempDir Path dir) throws Exception {
        Path disk = dir.resolve("disk.img"), sock = dir.resolve("qmp.sock");
        Files.copy(Oracles.fetched("disk"), disk);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "org.jpseries.cli.Main"));
        cmd.addAll(DiskBootTest.MACHINE);
        cmd.addAll(List.of("-kernel", Oracles.fetched("kernel").toString(), "-initrd", Oracles.fetched("initrd").toString(), "-append",
                DiskBootTest.APPEND, "-drive", "file=" + disk + ",format=raw,if=virtio", "-qmp", "unix:" + sock + ",server=on,wait=off"));
        try (NetBootTest.Guest g = new NetBootTest.Guest(cmd)) {
            int at = DiskBootTest.awaitDiskShell(g.console, 0, g.p);
            try (QmpClient q = new QmpClient(sock)) {
                q.negotiate();
                for (int i = 1; i <= RESETS; i++) {
                    g.run("(while true; do dd if=/dev/urandom of=/root/churn bs=65536 count=32 conv=fsync 2>/dev/null; done) & echo writing");
                    Thread.sleep(1500 + 700L * i); // the reset lands at varying moments of the writes
                    int before = g.console.mark();
                    List<JsonNode> reply = q.exchange("{\"execute\": \"system_reset\"}");
                    assertEquals("RESET", reply.get(0).path("event").asText(), "reset " + i + ": " + reply);
                    at = DiskBootTest.awaitDiskShell(g.console, before, g.p);
                    String out = g.run("echo reset-" + i + " > /root/after; sync; cat /root/after");
                    assertTrue(out.contains("reset-" + i + "\r\n"), "the disk is writable after reset " + i + ":\n" + out);
                }
            }
            g.in.write("poweroff\n".getBytes(StandardCharsets.ISO_8859_1));
            g.in.flush();
            assertTrue(g.p.waitFor(BootedGuest.COMMAND_SECONDS, TimeUnit.SECONDS), "the machine stops after poweroff");
            assertEquals(0, g.p.exitValue());
        }
        assertEquals("reset-" + RESETS + "\n", Ext4Image.cat(disk, "/root/after"), "the host reads the last file written");
        Oracles.Result fsck = Ext4Image.fsck(disk);
        assertEquals(0, fsck.exitCode(), "e2fsck -fn after the resets and a poweroff: " + fsck.out() + fsck.err());
    }
}
