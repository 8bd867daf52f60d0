package org.jpseries.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fuzz tier's corpora in the normal tier: each is what its seed generator makes (so the
 * seeds follow the formats) plus the real and found inputs, and every file holds the parser's
 * property (no finding is ever committed unfixed).
 */
class ParsersCorpusTest {
    @ParameterizedTest
    @EnumSource(Parsers.class)
    void corpusIsCurrent(Parsers p) throws IOException {
        Map<String, byte[]> want = p.seeds();
        if (Boolean.getBoolean("jpseries.fuzz.regen")) {
            Files.createDirectories(p.corpusDir());
            for (var e : want.entrySet()) Files.write(p.corpusDir().resolve(e.getKey()), e.getValue());
        }
        Map<String, byte[]> have = p.committed();
        have.keySet().removeIf(name -> name.startsWith("found-") || name.startsWith("real-"));
        assertEquals(new TreeMap<>(want).keySet(), have.keySet(), p.dir + " corpus files (regenerate with -Djpseries.fuzz.regen=true)");
        for (var e : want.entrySet()) {
            assertArrayEquals(e.getValue(), have.get(e.getKey()), p.dir + "/" + e.getKey() + " is stale (regenerate with -Djpseries.fuzz.regen=true)");
        }
    }

    @ParameterizedTest
    @EnumSource(Parsers.class)
    void everyCorpusFileHoldsTheProperty(Parsers p) {
        java.util.List<String> failed = new java.util.ArrayList<>();
        for (var e : p.committed().entrySet()) {
            try {
                p.check(e.getValue());
            } catch (AssertionError | RuntimeException x) {
                failed.add(p.dir + "/" + e.getKey() + ": " + x);
            }
        }
        assertEquals(java.util.List.of(), failed);
    }
}
