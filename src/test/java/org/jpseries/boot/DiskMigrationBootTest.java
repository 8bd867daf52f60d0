package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
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
 * Issue 13 with live migration: a guest whose root is on virtio-blk keeps rewriting a file with
 * fsync while it migrates over tcp: to a second jpseries on the same image (shared storage, as
 * QEMU's). The destination opens the image inactive, the source hands it over before its last
 * device state (QEMU's image locks allow it only then), and the guest carries on on the
 * destination: its writes reach the image, and after poweroff e2fsck finds it clean.
 */
@Tag("boot")
class DiskMigrationBootTest {
    static List<String> jpseries(Path disk, Path sock, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "org.jpseries.cli.Main"));
        cmd.addAll(DiskBootTest.MACHINE);
        cmd.addAll(List.of("-kernel", Oracles.fetched("kernel").toString(), "-initrd", Oracles.fetched("initrd").toString(), "-append",
                DiskBootTest.APPEND, "-drive", "file=" + disk + ",format=raw,if=virtio", "-qmp", "unix:" + sock + ",server=on,wait=off"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    @Test
    void aGuestWritingItsDiskMigratesToASecondJpseriesOnTheSameImage(@TempDir Path dir) throws Exception {
        Path disk = dir.resolve("disk.img"), src = dir.resolve("src.sock"), dst = dir.resolve("dst.sock");
        Files.copy(Oracles.fetched("disk"), disk);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (NetBootTest.Guest a = new NetBootTest.Guest(jpseries(disk, src))) {
            DiskBootTest.awaitDiskShell(a.console, 0, a.p);
            a.run("(i=0; while true; do i=$((i+1)); echo $i > /root/count; dd if=/dev/urandom of=/root/churn bs=65536 count=16 conv=fsync 2>/dev/null; done) & echo writing");
            Thread.sleep(3000);
            try (NetBootTest.Guest b = new NetBootTest.Guest(jpseries(disk, dst, "-incoming", "tcp:127.0.0.1:" + port));
                    QmpClient qa = new QmpClient(src); QmpClient qb = new QmpClient(awaitSocket(dst, b))) {
                qa.negotiate();
                qb.negotiate();
                qa.exchange("{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"tcp:127.0.0.1:" + port + "\"}}");
                String status = "";
                for (int i = 0; i < 600 && !status.equals("completed") && !status.equals("failed"); i++) {
                    Thread.sleep(200);
                    JsonNode r = qa.exchange("{\"execute\": \"query-migrate\"}").getLast();
                    status = r.path("return").path("status").asText();
                }
                assertEquals("completed", status, "the migration with the guest writing its disk");
                assertTrue(a.p.waitFor(1, TimeUnit.SECONDS) || a.p.isAlive(), "the source stays, in postmigrate");
                a.close();
                // the destination runs the guest: its writer carries on, and new writes reach the shared image
                String first = b.run("cat /root/count"), later;
                Thread.sleep(3000);
                later = b.run("cat /root/count; echo after-migration > /root/after; sync");
                assertNotEquals(count(first), count(later), "the guest's writer runs on the destination:\n" + first + "\n" + later);
                b.run("kill %1 2>/dev/null; sync");
                b.in.write("poweroff\n".getBytes(StandardCharsets.ISO_8859_1));
                b.in.flush();
                assertTrue(b.p.waitFor(BootedGuest.COMMAND_SECONDS, TimeUnit.SECONDS), "the destination stops after poweroff");
            }
        }
        assertEquals("after-migration\n", Ext4Image.cat(disk, "/root/after"), "the destination's write is in the image");
        Oracles.Result fsck = Ext4Image.fsck(disk);
        assertEquals(0, fsck.exitCode(), "e2fsck -fn after the migration and a poweroff: " + fsck.out() + fsck.err());
    }

    /** The monitor socket once the emulator made it. */
    static Path awaitSocket(Path sock, NetBootTest.Guest g) throws InterruptedException {
        for (int i = 0; i < 600 && !Files.exists(sock); i++) {
            assertTrue(g.p.isAlive(), "the destination ended:\n" + g.console.all());
            Thread.sleep(100);
        }
        return sock;
    }

    /** The number a "cat /root/count" printed. */
    static long count(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\d+)\\r?$").matcher(out);
        long last = -1;
        while (m.find()) last = Long.parseLong(m.group(1));
        assertTrue(last >= 0, "a count in:\n" + out);
        return last;
    }
}
