package org.jpseries.state.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fuzz corpus in src/test/resources/fuzz/state-stream: what {@link StreamSamples#corpus()}
 * generates (so it follows the format; regenerate with {@code -Dtest=StreamFuzzCorpusTest
 * -Djpseries.fuzz.regen=true}), plus inputs the fuzzer found, kept as "found-NAME" (copy
 * target/jazzer/crash-SHA1 there to replay a finding here and in every later fuzzing run).
 */
class StreamFuzzCorpusTest {
    static Path dir() {
        return Path.of(System.getProperty("jpseries.home", "."), "src/test/resources/fuzz/state-stream");
    }

    /** The committed files by name (read from the source tree: the corpus is data, not a class-path resource). */
    static Map<String, byte[]> committed() {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path p : files.toList()) m.put(p.getFileName().toString(), Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    @Test
    void corpusIsCurrent() throws IOException {
        Map<String, byte[]> want = StreamSamples.corpus();
        if (Boolean.getBoolean("jpseries.fuzz.regen")) {
            Files.createDirectories(dir());
            for (var e : want.entrySet()) Files.write(dir().resolve(e.getKey()), e.getValue());
        }
        Map<String, byte[]> have = committed();
        have.keySet().removeIf(name -> name.startsWith("found-"));
        assertEquals(new TreeMap<>(want).keySet(), have.keySet(), "corpus files (regenerate with -Djpseries.fuzz.regen=true)");
        for (var e : want.entrySet()) {
            assertArrayEquals(e.getValue(), have.get(e.getKey()), e.getKey() + " is stale (regenerate with -Djpseries.fuzz.regen=true)");
        }
    }

    @Test
    void eachEntryReadsAsItsNameSays() {
        for (var e : committed().entrySet()) {
            String name = e.getKey();
            if (name.startsWith("bad-")) assertNull(FuzzHarness.check(e.getValue()), name + " must be refused");
            else if (name.startsWith("found-")) FuzzHarness.check(e.getValue());
            else assertNotNull(FuzzHarness.check(e.getValue()), name + " must decode");
        }
    }
}
