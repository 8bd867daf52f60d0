package org.jpseries.cpu.jit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jpseries.cpu.CpuModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mutation check of the JIT's correctness gate (issue 12 item 6): each {@link PlantedBug},
 * planted in compiled blocks only, must be caught by {@link JitDifferential} within the programs
 * the unit tier runs ({@link JitDifferentialTest#PROGRAMS} per model). Prints how many programs
 * and how long it took, and the minimised program that shows it.
 */
class JitMutationTest {
    @ParameterizedTest
    @EnumSource(PlantedBug.class)
    void plantedBugIsCaught(PlantedBug bug) {
        ProgramGenerator gen = new ProgramGenerator(CpuModel.POWER9);
        long t0 = System.nanoTime();
        JitDifferential.Finding found = null;
        int n = 0;
        try {
            bug.install();
            while (found == null && n < JitDifferentialTest.PROGRAMS) {
                long seed = 0x9000 + n++; // the unit tier's POWER9 programs
                found = JitDifferential.compare(gen.generate("seed " + seed, Choices.seeded(seed)));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertNotNull(found, bug + " not caught by " + n + " programs");
            System.out.printf("%s caught by program %d after %d ms%n%s%n", bug, n, ms, JitDifferential.minimise(found).report());
        } finally {
            PlantedBug.remove();
        }
    }
}
