package org.jpseries.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jpseries.isa.gen.OpGenerator;
import org.junit.jupiter.api.Test;

class OpGeneratorTest {
    static final Path HOME = Path.of(System.getProperty("jpseries.home", "."));

    @Test
    void checkedInOpJavaIsFresh() throws Exception {
        String expected = OpGenerator.generate(HOME.resolve("isa"));
        String actual = Files.readString(HOME.resolve("src/main/java").resolve(OpGenerator.TARGET));
        assertEquals(expected, actual, "Op.java is stale: run bin/jpseries-regen");
    }

    @Test
    void projectCopyOfPp64MatchesSharedReference() throws Exception {
        Path shared = HOME.resolve("../shared/reference/pp64.csv");
        if (!Files.exists(shared)) return; // outside the project's workspace layout there is nothing to compare
        assertEquals(Files.readString(shared), Files.readString(HOME.resolve("isa/pp64.csv")));
    }

    @Test
    void everyCsvRowBecameAnOp() throws Exception {
        long rows = 0;
        for (String src : OpGenerator.SOURCES) {
            rows += Files.readAllLines(HOME.resolve("isa").resolve(src)).stream().filter(l -> l.startsWith("\"")).count();
        }
        assertEquals(rows, Op.values().length);
        assertTrue(Op.values().length > 1180);
    }
}
