package org.jpseries.state.stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of {@link StreamReader} with Jazzer (libFuzzer). Under plain
 * {@code -Dtest=StreamReaderFuzzTest} it replays the committed corpus; in the "fuzz" Maven profile
 * (every {@code mvn test} without -Dtest, so CI) JAZZER_FUZZ=1 makes it fuzz for
 * {@code jpseries.fuzz.duration} (60 s) from that corpus; {@code -Dtest=StreamReaderFuzzTest
 * -DJAZZER_FUZZ=1} fuzzes it alone. A finding fails the test and libFuzzer saves the input as
 * target/jazzer/crash-SHA1: copy it into the corpus as found-NAME to replay it
 * ({@link StreamFuzzCorpusTest}). Inputs are read as {@link FuzzHarness} says.
 */
class StreamReaderFuzzTest {
    /** The committed corpus: the fuzzer's seeds, and regression inputs. */
    static Stream<Arguments> corpus() {
        return StreamFuzzCorpusTest.committed().entrySet().stream().map((Map.Entry<String, byte[]> e) -> Arguments.of(e.getValue()));
    }

    @MethodSource("corpus")
    @FuzzTest(maxDuration = "60s")
    void readAnyStream(byte[] input) {
        FuzzHarness.check(input);
    }
}
