package org.jpseries.cpu.jit;

import static org.junit.jupiter.api.Assertions.fail;

import org.jpseries.cpu.CpuModel;
import org.junit.jupiter.api.Test;

/**
 * An interrupt that an instruction of a compiled block raises (a store to the test's interrupt
 * device, msgsndp) is taken before a following {@code sc}, as the interpreter takes it at the
 * next instruction: a system call starts a block of its own. Before that rule the gate found such
 * a program among these seeds (the block ran its final sc first, then took the interrupt).
 */
class InterruptBeforeScTest {
    @Test
    void anInterruptRaisedInABlockIsTakenBeforeItsSc() {
        ProgramGenerator gen = new ProgramGenerator(CpuModel.POWER9);
        boolean was = JitDifferential.strictSc;
        try {
            JitDifferential.strictSc = true;
            for (int n = 0; n < JitDifferentialTest.PROGRAMS; n++) {
                long seed = 0x9000 + n;
                JitDifferential.Finding found = JitDifferential.compare(gen.generate("seed " + seed, Choices.seeded(seed)));
                if (found != null) fail(JitDifferential.minimise(found).report());
            }
        } finally {
            JitDifferential.strictSc = was;
        }
    }
}
