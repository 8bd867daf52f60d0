package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a boot file leaves no native buffer of its size behind. The JDK reads a heap array
 * through a temporary direct buffer as large as each read (not counted by the buffer-pool beans)
 * and keeps it cached on the reading thread: one whole-file read of Debian's vmlinux cost 45 MB
 * of native memory for the life of the process. Measured by Native Memory Tracking in a child
 * JVM (the "Other" tag is where those buffers go).
 */
class BootFilesNativeMemoryTest {
    static final int SIZE = 32 << 20;

    /** Child JVM: reads the file with BootFiles.read and prints NMT's "Other" committed KB before and after. */
    public static void main(String[] args) throws Exception {
        long before = otherKb();
        byte[] b = BootFiles.read(Path.of(args[0]), "kernel", 1L << 30);
        long after = otherKb();
        System.out.println(b.length + " " + before + " " + after);
    }

    static long otherKb() throws Exception {
        String s = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "vmNativeMemory", new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        Matcher m = Pattern.compile("Other \\(reserved=\\d+KB, committed=(\\d+)KB").matcher(s);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void readingAKernelKeepsAtMostOneChunkOfNativeBuffer(@TempDir Path dir) throws Exception {
        byte[] data = new byte[SIZE];
        new Random(15).nextBytes(data);
        Path f = dir.resolve("vmlinux");
        Files.write(f, data);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
                BootFilesNativeMemoryTest.class.getName(), f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String[] w = out.lines().reduce((a, b) -> b).orElse("").split(" ");
        assertEquals(String.valueOf(SIZE), w[0], out);
        long grewKb = Long.parseLong(w[2]) - Long.parseLong(w[1]);
        assertTrue(grewKb * 1024 <= 2L * BootFiles.READ_CHUNK, "native memory kept after reading 32 MiB: " + grewKb + " KB");
    }
}
