package org.jpseries.cpu.jit;

import static org.jpseries.cpu.jit.BlockCompilerTest.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.cpu.exec.Interpreter;
import org.junit.jupiter.api.Test;

/**
 * A store inside a compiled block over a later instruction of the same block takes effect at
 * that instruction, as in the interpreter (PowerISA Book II 1.8: a store and the fetch of the
 * instruction after it need no context synchronisation on an implementation whose instruction
 * fetch is coherent, which this one's interpreter is). Before, the block ran the word it was
 * compiled with until it ended.
 */
class StoreIntoOwnBlockTest {
    static int lis(int rt, int imm) { return 15 << 26 | rt << 21 | (imm & 0xFFFF); }
    static int ori(int ra, int rs, int ui) { return 24 << 26 | rs << 21 | ra << 16 | (ui & 0xFFFF); }

    /** Each iteration rewrites instruction 9 (addi r5,r5,k) with k = the iteration's number, then runs it. */
    static final int[] SELF_MODIFYING_LOOP = {
        addi(3, 0, 1000), mtctr(3), addi(5, 0, 0), lis(7, 1) /* r7 = CODE */, lis(9, 0x38A5), ori(9, 9, 1),
        stw(9, 7, 4 * 9), addi(9, 9, 1), ori(0, 0, 0), addi(5, 5, 1), bdnz(-16),
        SC,
    };

    @Test
    void aStoreOverALaterInstructionOfItsBlockTakesEffect() {
        Machine plain = new Machine(false, SELF_MODIFYING_LOOP);
        Machine jit = new Machine(true, SELF_MODIFYING_LOOP);
        Interpreter p = plain.runFrom(CODE, new Interpreter(plain.cpu, false));
        Interpreter j = jit.runFrom(CODE, new Interpreter(jit.cpu, true, 1));
        assertEquals(500500, plain.cpu.gpr[5], "the interpreter runs each iteration's new instruction: 1 + 2 + ... + 1000");
        assertEquals(plain.cpu.gpr[5], jit.cpu.gpr[5], "compiled blocks run the instruction the store wrote");
        assertEquals(p.retired(), j.retired());
        assertEquals(1000 * 5 + 6 + 1, j.retired());
    }
}
