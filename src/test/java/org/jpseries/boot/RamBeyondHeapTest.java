package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: guest RAM lives outside the Java heap, so a guest that touches far more memory than
 * the emulator's heap runs on. The emulator runs as its own process (bin/jpseries' class path,
 * {@code -Xmx} well below what the guest touches); the guest fills its root file system (RAM)
 * with 300 MiB, frees it, fills it again and powers off: exit 0, no Java error. Before guest RAM
 * moved off the heap, the vCPU thread ran out of heap and the process hung for good.
 */
@Tag("boot")
class RamBeyondHeapTest {
    /** The emulator's heap: less than half of what the guest touches. */
    static final String HEAP = "-Xmx128m";
    static final String RAM = "768M";
    static final int FILL_MIB = 300;

    @Test
    void guestTouchingMoreRamThanTheHeapRunsOn() throws Exception {
        Path kernel = Oracles.fetched("kernel");
        Path initrd = Oracles.fetched("initrd");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP, "-Xss8m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "org.jpseries.cli.Main",
                "-M", "pseries", "-cpu", "POWER9", "-m", RAM, "-nographic", "-serial", "stdio", "-kernel", kernel.toString(),
                "-initrd", initrd.toString(), "-append", "console=hvc0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        GuestConsole console = new GuestConsole();
        Thread pump = new Thread(() -> copy(p.getInputStream(), console), "console-pump");
        pump.setDaemon(true);
        pump.start();
        OutputStream in = p.getOutputStream();
        try {
            int at = console.waitFor(0, BootedGuest.READY, BootedGuest.BOOT_SECONDS, p::isAlive);
            at = console.waitFor(at, "# ", BootedGuest.COMMAND_SECONDS, p::isAlive);
            for (int round = 1; round <= 2; round++) {
                type(in, "dd if=/dev/zero of=/fill bs=1M count=" + FILL_MIB + " 2>&1; rm /fill; echo fill-'" + round + "'-done\n");
                at = console.waitFor(at, "fill-" + round + "-done\r\n", BootedGuest.COMMAND_SECONDS, p::isAlive);
            }
            String out = console.all();
            assertTrue(out.contains(FILL_MIB + "+0 records out"), "dd wrote all it was asked to: " + tail(out));
            type(in, "poweroff\n");
            assertTrue(p.waitFor(BootedGuest.COMMAND_SECONDS, TimeUnit.SECONDS), "the machine did not stop: " + tail(console.all()));
            assertEquals(0, p.exitValue(), "exit status after poweroff: " + tail(console.all()));
            assertFalse(console.all().contains("OutOfMemoryError") || console.all().contains("Java heap space"), tail(console.all()));
        } finally {
            p.destroyForcibly();
        }
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
