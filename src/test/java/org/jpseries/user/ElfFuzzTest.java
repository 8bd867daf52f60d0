package org.jpseries.user;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted ELF headers and program headers (random byte changes, truncations) never produce a
 * Java exception: every run ends with status 1 and one line, or as the guest would (a signal).
 */
class ElfFuzzTest {
    @TempDir
    Path tmp;

    @Test
    void corruptedHeadersFailCleanly() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.code = new int[] {0x00000000}; // an illegal word: a loadable file ends with SIGILL
        byte[] good = b.build();
        Random r = new Random(12345);
        for (int iter = 0; iter < 150; iter++) {
            byte[] bad = good.clone();
            int changes = 1 + r.nextInt(4);
            for (int k = 0; k < changes; k++) {
                int pos = r.nextInt(64 + 56);
                if (pos >= 24 && pos < 32) continue; // keep the entry point inside the segment
                bad[pos] = (byte) r.nextInt(256);
            }
            if (r.nextInt(8) == 0) bad = java.util.Arrays.copyOf(bad, r.nextInt(bad.length));
            Path f = tmp.resolve("f" + iter);
            Files.write(f, bad);
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int st = UserMain.run(new String[] {f.toString()}, new ByteArrayInputStream(new byte[0]), out, err, List.of());
            String e = err.toString(StandardCharsets.UTF_8);
            assertFalse(e.contains("Exception") || e.contains("\tat "), "iteration " + iter + ": " + e);
            assertTrue(st == 1 || st == 132 || st == 139 || st == 135, "iteration " + iter + " status " + st + ": " + e);
            assertTrue(e.endsWith("\n") && e.split("\n").length <= 2, "iteration " + iter + ": " + e);
        }
    }
}
