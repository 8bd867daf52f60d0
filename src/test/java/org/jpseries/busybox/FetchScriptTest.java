package org.jpseries.busybox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** bin/jpseries-fetch's interface: paths on stdout, errors as one line and exit code 1. */
@Tag("busybox")
class FetchScriptTest {
    static final String FETCH = Oracles.home().resolve("bin/jpseries-fetch").toString();

    @Test
    void badArgumentsAreOneLine() throws Exception {
        for (List<String> args : List.of(List.of("--print", "firmware"), List.of("--bogus"), List.of("--print"))) {
            List<String> cmd = new java.util.ArrayList<>(List.of(FETCH));
            cmd.addAll(args);
            Oracles.Result r = Oracles.run(cmd, null, new byte[0], 60);
            assertEquals(1, r.exitCode(), args + ": exit code");
            assertEquals("", r.out(), args + ": stdout");
            assertEquals(1, r.err().lines().count(), args + ": stderr should be one line: " + r.err());
            assertTrue(r.err().startsWith("jpseries-fetch: "), r.err());
        }
    }

    @Test
    void printGivesTheArtifactPaths() throws Exception {
        Path busybox = Busybox.binary();
        // ELF64, little-endian, e_machine EM_PPC64 (21)
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(busybox), 20);
        assertEquals(0x7f, head[0]);
        assertEquals("ELF", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(2, head[4], "ELFCLASS64");
        assertEquals(1, head[5], "ELFDATA2LSB");
        assertEquals(21, head[18], "EM_PPC64");
        assertTrue(Busybox.initrd().getFileName().toString().matches("initramfs-[0-9a-f]{16}\\.cpio\\.gz"), Busybox.initrd().toString());
    }
}
