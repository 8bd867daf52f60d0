package org.jpseries.cpu.jit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jpseries.cpu.CpuModel;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuzz tier of the JIT's correctness gate: Jazzer's inputs become programs
 * ({@link ProgramGenerator} reading {@link Choices#of(byte[])}; the first byte picks POWER8, 9
 * or 10) that {@link JitDifferential} runs through the interpreter and through compiled, chained
 * blocks. In the "fuzz" Maven profile (CI) its own surefire execution fuzzes it for
 * {@code jpseries.fuzz.jit.duration}; without JAZZER_FUZZ it replays the seeds below. A
 * difference fails with the minimised program and libFuzzer saves the input as
 * target/jazzer/crash-SHA1. {@code -Djpseries.jit.mutant=NAME} plants a {@link PlantedBug}
 * (scripts/jit-mutation measures how soon each is found).
 */
class JitDiffFuzzTest {
    static final CpuModel[] MODELS = {CpuModel.POWER8, CpuModel.POWER9, CpuModel.POWER10};
    static final ProgramGenerator[] GENERATORS = Arrays.stream(MODELS).map(ProgramGenerator::new).toArray(ProgramGenerator[]::new);

    static {
        PlantedBug.installConfigured();
    }

    /** For the report of a finding: inputs run and time since the first (scripts/jit-mutation reads it). */
    private static long inputs, started;

    /** Seeds: random bytes, enough for programs of every length. */
    static Stream<Arguments> seeds() {
        return IntStream.range(0, 8).mapToObj(i -> {
            byte[] b = new byte[2048];
            new SplittableRandom(i).nextBytes(b);
            return Arguments.of((Object) b);
        });
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void interpreterAndJitAgree(byte[] input) {
        if (inputs++ == 0) started = System.nanoTime();
        if (input.length == 0) return;
        int model = (input[0] & 0xFF) % MODELS.length;
        FuzzProgram p = GENERATORS[model].generate("fuzz input", Choices.of(Arrays.copyOfRange(input, 1, input.length)));
        JitDifferential.Finding f = JitDifferential.compare(p);
        if (f != null) {
            throw new AssertionError(String.format("found by input %d, %.1f s into the run%n", inputs,
                    (System.nanoTime() - started) / 1e9) + JitDifferential.minimise(f).report());
        }
    }
}
