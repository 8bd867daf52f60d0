package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Ext4Image;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's Debian disk, built and booted by jpseries itself: scripts/make-debian-disk with
 * EMULATOR=jpseries (debootstrap's first stage on the host, the second stage in the guest, then
 * the disk's own kernel and initrd to "login:" on hvc0; docs/guest-images.md). Hours of emulation:
 * tagged "full" (scripts/full-tests) and "disk" (left out until jpseries has virtio-blk). Its
 * output stays in target/debian-disk-jpseries, so an interrupted run resumes where it stopped.
 */
@Tag("full")
@Tag("disk")
class DebianDiskTest {
    static final long HOURS = 8;

    @Test
    void jpseriesBuildsTheDebianDiskAndBootsItToLogin() throws Exception {
        Path out = Oracles.home().resolve("target/debian-disk-jpseries");
        ProcessBuilder pb = new ProcessBuilder(Oracles.home().resolve("scripts/make-debian-disk").toString(), "all")
                .redirectErrorStream(true).redirectOutput(Oracles.home().resolve("target/debian-disk-jpseries.log").toFile());
        pb.environment().put("EMULATOR", "jpseries");
        pb.environment().put("DEBIAN_DISK_DIR", out.toString());
        Files.createDirectories(out);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(HOURS, TimeUnit.HOURS)) {
            p.destroy();
            throw new AssertionError("scripts/make-debian-disk did not finish in " + HOURS + " h (target/debian-disk-jpseries.log)");
        }
        String log = Files.readString(Oracles.home().resolve("target/debian-disk-jpseries.log"));
        assertEquals(0, p.exitValue(), "scripts/make-debian-disk failed:\n" + log.substring(Math.max(0, log.length() - 3000)));
        assertTrue(Files.readString(out.resolve("boot.log")).contains("jpseries-debian login:"), "login prompt on hvc0");
        assertEquals("jpseries-debian\n", Ext4Image.cat(out.resolve("disk.img"), "/etc/hostname"));
        Oracles.Result fsck = Ext4Image.fsck(out.resolve("disk.img"));
        assertEquals(0, fsck.exitCode(), "e2fsck -fn of the built disk: " + fsck.out() + fsck.err());
    }
}
