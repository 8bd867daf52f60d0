package org.jpseries.cpu.jit;

import static org.junit.jupiter.api.Assertions.fail;

import org.jpseries.cpu.CpuModel;
import org.junit.jupiter.api.Test;

/**
 * The unit tier of the JIT's correctness gate: {@link #PROGRAMS} seeded random programs per CPU
 * model through the plain interpreter and through compiled, chained blocks ({@link
 * JitDifferential}). A difference fails with the minimised program, disassembled, and its seed;
 * {@code -Djpseries.jit.fuzz.seed=S} reruns that one program ({@code -Djpseries.jit.fuzz.programs=N}
 * runs more).
 */
class JitDifferentialTest {
    static final int PROGRAMS = Integer.getInteger("jpseries.jit.fuzz.programs", 300);

    @Test
    void randomProgramsPower9() {
        check(CpuModel.POWER9, 0x9000);
    }

    @Test
    void randomProgramsPower8() {
        check(CpuModel.POWER8, 0x8000);
    }

    @Test
    void randomProgramsPower10() {
        check(CpuModel.POWER10, 0x10000);
    }

    static void check(CpuModel model, long firstSeed) {
        ProgramGenerator gen = new ProgramGenerator(model);
        Long only = Long.getLong("jpseries.jit.fuzz.seed");
        int n = only != null ? 1 : PROGRAMS;
        for (int i = 0; i < n; i++) {
            long seed = only != null ? only : firstSeed + i;
            FuzzProgram p = gen.generate("seed " + seed, Choices.seeded(seed));
            JitDifferential.Finding f = JitDifferential.compare(p);
            if (f != null) fail(JitDifferential.minimise(f).report());
        }
    }
}
