package org.jpseries.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of every parser of outside input in {@link Parsers}, as one
 * target: Jazzer 0.30 fuzzes a single @FuzzTest per JVM ("Only one fuzz test can be run at a
 * time"), so the first input byte picks the parser and libFuzzer's coverage feedback spreads the
 * run over all five. In the "fuzz" Maven profile (every {@code mvn test} without -Dtest, so CI)
 * its own surefire execution fuzzes it for {@code jpseries.fuzz.parsers.duration} (90 s, the
 * issue 15 budget beside the state stream's 60 s) from the committed corpora;
 * {@code scripts/fuzz-stress [SECONDS]} fuzzes each parser alone for longer. Without JAZZER_FUZZ
 * it replays the corpora (as {@link ParsersCorpusTest} does in the normal tier). A finding
 * fails the test and libFuzzer saves the input as target/jazzer/crash-SHA1.
 */
class ParsersFuzzTest {
    static Stream<Arguments> corpus() {
        return Arrays.stream(Parsers.values())
                .flatMap(p -> p.committed().values().stream().map(f -> Arguments.of((Object) p.input(f))));
    }

    @MethodSource("corpus")
    @FuzzTest(maxDuration = "90s")
    void parseAnyInput(byte[] input) {
        if (input.length == 0) return;
        Parsers.forInput(input).check(Arrays.copyOfRange(input, 1, input.length));
    }
}
