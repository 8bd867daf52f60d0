package org.jpseries.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The disassembler against {@code powerpc64le-linux-gnu-objdump -d} on the whole .text of
 * Debian's busybox-static (about 0.5 million instructions) and of the Debian kernel's vmlinux
 * (about 3.6 million), located with {@code bin/jpseries-fetch --print}. Words objdump prints as
 * {@code .long} are excluded; every other instruction must print exactly as objdump prints it
 * (100% agreement). objdump's listing is streamed, so memory stays small; each file takes a few
 * seconds. A missing fetcher, binary or objdump fails the test with the reason.
 */
@Tag("objdump")
class ObjdumpDifferentialTest {
    static Path home() {
        return Path.of(System.getProperty("jpseries.home", ".")).toAbsolutePath().normalize();
    }

    /** The path bin/jpseries-fetch prints for an artifact (fetching it if needed). */
    static Path fetch(String artifact) {
        return org.jpseries.diff.Oracles.fetched(artifact);
    }

    /**
     * A static glibc program built for POWER10, for prefixed instructions in real code (busybox
     * and this kernel are built for POWER8): compiled from a few lines of C into target/.
     */
    @org.junit.jupiter.api.Test
    void power10GlibcProgramAgreesWithObjdump() throws Exception {
        Path dir = home().resolve("target/disasm");
        Files.createDirectories(dir);
        Path src = dir.resolve("p10.c");
        Files.writeString(src, """
                #include <stdio.h>
                #include <string.h>
                static long tab[100];
                int main(int argc, char **argv) {
                    for (int i = 0; i < 100; i++) tab[i] = i * argc;
                    printf("%ld %zu\\n", tab[argc], strlen(argv[0]));
                    return 0;
                }
                """);
        Path bin = dir.resolve("p10");
        Process p = new ProcessBuilder("powerpc64le-linux-gnu-gcc", "-O2", "-mcpu=power10", "-static", "-o", bin.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "powerpc64le-linux-gnu-gcc failed (run bin/jpseries-deps):\n" + out);
        ObjdumpComparison c = ObjdumpComparison.run(bin, ".text");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        c.report(new PrintStream(report, true, StandardCharsets.UTF_8), bin + " .text");
        String summary = report.toString(StandardCharsets.UTF_8);
        System.out.print(summary);
        assertTrue(c.byMnemonic.containsKey("pla") || c.byMnemonic.containsKey("pld") || c.byMnemonic.containsKey("plxv"),
                "no prefixed instructions in " + bin + "\n" + summary);
        assertEquals(c.compared, c.matched, "disassembly differs from objdump:\n" + summary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "kernel"})
    void textAgreesWithObjdump(String artifact) throws Exception {
        Path elf = fetch(artifact);
        ObjdumpComparison c = ObjdumpComparison.run(elf, ".text");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        c.report(new PrintStream(report, true, StandardCharsets.UTF_8), elf + " .text");
        String summary = report.toString(StandardCharsets.UTF_8);
        System.out.print(summary);
        assertTrue(c.compared > 100_000, "objdump listed only " + c.compared + " instructions of " + elf + "\n" + summary);
        assertEquals(c.compared, c.matched, "disassembly differs from objdump:\n" + summary);
    }
}
