package org.jpseries.cpu.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jpseries.cpu.exec.Interpreter;
import org.junit.jupiter.api.Test;

/**
 * The retired-instruction count when an instruction inside a compiled block faults: the
 * instructions before it in the block completed and count, as they do in the interpreter (found
 * by JitDifferentialTest: the JIT counted none of them).
 */
class CompiledBlockRetiredTest {
    @Test
    void instructionsBeforeAFaultInABlockAreRetired() {
        // the loop body (addi, ldx, addi, bdnz) is compiled; iteration 513 loads past the data page
        int[] code = {
            BlockCompilerTest.addi(3, 0, 2000), BlockCompilerTest.mtctr(3), BlockCompilerTest.addi(5, 0, 0),
            0x3CE00002 /* lis r7,2: DATA */, BlockCompilerTest.addi(8, 0, 0),
            BlockCompilerTest.addi(5, 5, 1), BlockCompilerTest.ldx(6, 7, 8), BlockCompilerTest.addi(8, 8, 8),
            BlockCompilerTest.bdnz(-12),
            BlockCompilerTest.SC,
        };
        BlockCompilerTest.Machine plain = new BlockCompilerTest.Machine(false, code);
        BlockCompilerTest.Machine jit = new BlockCompilerTest.Machine(true, code);
        Interpreter p = plain.run();
        Interpreter j = jit.run();
        assertNotNull(jit.interrupt);
        assertEquals(5 + 512 * 4 + 1, p.retired(), "set-up, 512 iterations, and the addi before the faulting ldx");
        assertEquals(p.retired(), j.retired(), "retired instructions when the ldx faults inside a compiled block");
    }
}
