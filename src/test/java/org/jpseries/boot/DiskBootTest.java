package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Ext4Image;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a root file system on virtio-blk. The emulator boots Debian's kernel and the project's
 * initramfs with {@code root=/dev/vda} and a copy of the CI disk (bin/jpseries-fetch --print disk)
 * on {@code -drive file=D,format=raw,if=virtio}; the initramfs loads the virtio modules, switches
 * to the disk, whose init prints {@value #READY}. The guest writes a file and syncs, reboots (a
 * machine reset: the initramfs mounts the disk again), reads the file back and powers off; the
 * host then finds the file in the image with debugfs, and e2fsck finds the file system clean.
 * The same scenario runs under qemu-system-ppc64 (the reference, which passes today) and jpseries.
 * In the boot tier.
 */
@Tag("boot")
class DiskBootTest {
    /** Printed by the disk's /etc/init.d/rcS (guest/disk/), not by the initramfs. */
    static final String READY = "jpseries-disk: ready";
    static final String APPEND = "console=hvc0 root=/dev/vda";
    /** The machine of both emulators; the console on stdio. */
    static final List<String> MACHINE = List.of("-M", "pseries,x-vof=on", "-cpu", "POWER9", "-m", "1G", "-nographic",
            "-nodefaults", "-serial", "stdio");

    @Test
    void jpseriesBootsFromTheDiskAndAFileSurvivesAReboot(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "org.jpseries.cli.Main"));
        bootWriteRebootRead(dir, cmd);
    }

    @Test
    void qemuBootsFromTheDiskAndAFileSurvivesAReboot(@TempDir Path dir) throws Exception {
        Oracles.require("qemu-system-ppc64");
        bootWriteRebootRead(dir, new ArrayList<>(List.of("qemu-system-ppc64")));
    }

    static void bootWriteRebootRead(Path dir, List<String> emulator) throws Exception {
        Path disk = dir.resolve("disk.img");
        Files.copy(Oracles.fetched("disk"), disk);
        emulator.addAll(MACHINE);
        emulator.addAll(List.of("-kernel", Oracles.fetched("kernel").toString(), "-initrd", Oracles.fetched("initrd").toString(),
                "-append", APPEND, "-drive", "file=" + disk + ",format=raw,if=virtio"));
        String stamp = "written-before-reboot-" + System.nanoTime();
        Process p = new ProcessBuilder(emulator).redirectErrorStream(true).start();
        GuestConsole console = new GuestConsole();
        Thread pump = new Thread(() -> copy(p.getInputStream(), console), "console-pump");
        pump.setDaemon(true);
        pump.start();
        OutputStream in = p.getOutputStream();
        try {
            int at = awaitDiskShell(console, 0, p);
            int before = at;
            at = run(console, in, p, at, "grep ' / ' /proc/mounts", "mounts");
            assertTrue(console.since(before).contains("/dev/vda / ext4 rw"), "the root is /dev/vda, ext4, writable:\n" + tail(console.since(before)));
            at = run(console, in, p, at, "echo " + stamp + " > /root/survives; sync", "write");

            type(in, "reboot\n");
            at = console.waitFor(at, "reboot: Restarting system", BootedGuest.COMMAND_SECONDS, p::isAlive);
            at = awaitDiskShell(console, at, p);
            before = at;
            at = run(console, in, p, at, "cat /root/survives", "read");
            assertTrue(console.since(before).contains(stamp + "\r\n"), "the file written before the reboot:\n" + tail(console.since(before)));

            type(in, "poweroff\n");
            assertTrue(p.waitFor(BootedGuest.COMMAND_SECONDS, TimeUnit.SECONDS), "the machine did not stop: " + tail(console.all()));
            assertEquals(0, p.exitValue(), "exit status after poweroff: " + tail(console.all()));
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(stamp + "\n", Ext4Image.cat(disk, "/root/survives"), "the host reads the guest's file from the image");
        Oracles.Result fsck = Ext4Image.fsck(disk);
        assertEquals(0, fsck.exitCode(), "e2fsck -fn after the guest's poweroff: " + fsck.out() + fsck.err());
    }

    /** Waits for the initramfs' switch to the disk, the disk's marker and a shell prompt; returns the position after it. */
    static int awaitDiskShell(GuestConsole console, int from, Process p) throws InterruptedException {
        int at = console.waitFor(from, "jpseries-init: switching to /sbin/init on /dev/vda", BootedGuest.BOOT_SECONDS, p::isAlive);
        at = console.waitFor(at, READY, BootedGuest.COMMAND_SECONDS, p::isAlive);
        return console.waitFor(at, "# ", BootedGuest.COMMAND_SECONDS, p::isAlive);
    }

    /** Types a command line followed by an end marker (quoted, so that its echo does not match); returns the position after the marker. */
    static int run(GuestConsole console, OutputStream in, Process p, int from, String commandLine, String name)
            throws IOException, InterruptedException {
        type(in, commandLine + "; echo '@@'" + name + "'@@'\n");
        return console.waitFor(from, "@@" + name + "@@\r\n", BootedGuest.COMMAND_SECONDS, p::isAlive);
    }

    private static void type(OutputStream in, String s) throws IOException {
        in.write(s.getBytes(StandardCharsets.ISO_8859_1));
        in.flush();
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] b = new byte[4096];
        try {
            for (int n; (n = from.read(b)) > 0; ) to.write(b, 0, n);
        } catch (IOException e) {
            // the process ended
        }
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 3000));
    }
}
