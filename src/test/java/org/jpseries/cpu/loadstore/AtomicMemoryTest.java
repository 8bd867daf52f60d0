package org.jpseries.cpu.loadstore;

import static org.jpseries.cpu.loadstore.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.Interrupt;
import org.junit.jupiter.api.Test;

/** lwat/ldat/stwat/stdat (ISA 3.0 Book II 4.5). */
class AtomicMemoryTest {
    static final long A = org.jpseries.cpu.loadstore.Rig.DATA + 0x100;

    static Rig rig(long mem0, long mem1, int size) {
        Rig r = new Rig(CpuModel.POWER9, true);
        for (int k = 0; k < size; k++) {
            r.poke(A + k, (byte) (mem0 >>> 8 * k));
            r.poke(A + size + k, (byte) (mem1 >>> 8 * k));
        }
        r.cpu.gpr[3] = A;
        return r;
    }

    /** Runs one lwat/ldat with RT=6, operands in r7/r8; returns {RT, mem(EA)}. */
    static long[] fetch(int size, int fc, long mem0, long mem1, long src, long src2) {
        Rig r = rig(mem0, mem1, size);
        r.cpu.gpr[7] = src;
        r.cpu.gpr[8] = src2;
        r.emit(size == 4 ? lwat(6, 3, fc) : ldat(6, 3, fc));
        assertTrue(r.run(), "fault " + r.interrupt);
        return new long[] {r.cpu.gpr[6], r.value(A, size, true)};
    }

    @Test
    void fetchAndOp() {
        // {fc, mem, src, expected new mem} for words; RT always gets the old value
        long[][] w = {
            {0, 0xfffffff0L, 0x1_0000_0020L, 0x10}, {1, 0xF0F0F0F0L, 0xFF00FF00L, 0x0FF00FF0L},
            {2, 0x0F000000L, 0xF0L, 0x0F0000F0L}, {3, 0x0F0000F0L, 0xFFFFFF0FL, 0x0F000000L},
            {4, 0x80000000L, 0x7FFFFFFFL, 0x80000000L}, {5, 0x80000000L, 0x7FFFFFFFL, 0x7FFFFFFFL},
            {6, 0x80000000L, 0x7FFFFFFFL, 0x7FFFFFFFL}, {7, 0x80000000L, 0x7FFFFFFFL, 0x80000000L},
            {8, 0x12345678L, 0xAAAA_8765_4321L, 0x87654321L},
        };
        for (long[] t : w) {
            long[] got = fetch(4, (int) t[0], t[1], 0, t[2], 0);
            assertEquals(t[1], got[0], "lwat fc=" + t[0]);
            assertEquals(t[3], got[1], "lwat fc=" + t[0]);
        }
        long[] d = fetch(8, 5, -5, 0, 3, 0);
        assertEquals(-5, d[0]);
        assertEquals(3, d[1]);
        d = fetch(8, 4, -5, 0, 3, 0);
        assertEquals(-5, d[1]);
        d = fetch(8, 0, Long.MAX_VALUE, 0, 1, 0);
        assertEquals(Long.MIN_VALUE, d[1]);
    }

    @Test
    void compareAndSwapNotEqual() {
        long[] d = fetch(8, 16, 10, 0, 10, 99);
        assertEquals(10, d[0]);
        assertEquals(10, d[1]);
        d = fetch(8, 16, 10, 0, 11, 99);
        assertEquals(10, d[0]);
        assertEquals(99, d[1]);
        long[] w = fetch(4, 16, 10, 0, 0xFFFF_FFFF_0000_000AL, 99); // word compare ignores the high half
        assertEquals(10, w[1]);
    }

    @Test
    void fetchAndIncrementOrDecrementBounded() {
        long[] d = fetch(8, 24, 5, 9, 0, 0);
        assertEquals(5, d[0]);
        assertEquals(6, d[1]);
        d = fetch(8, 24, 9, 9, 0, 0);
        assertEquals(0x8000_0000_0000_0000L, d[0]);
        assertEquals(9, d[1]);
        d = fetch(8, 25, 9, 9, 0, 0);
        assertEquals(9, d[0]);
        assertEquals(10, d[1]);
        d = fetch(8, 28, 9, 3, 0, 0);
        assertEquals(9, d[0]);
        assertEquals(8, d[1]);
        long[] w = fetch(4, 24, 7, 7, 0, 0);
        assertEquals(0x8000_0000L, w[0]);
    }

    @Test
    void storeAtomics() {
        Rig r = rig(100, 0, 8);
        r.cpu.gpr[5] = 23;
        r.emit(stdat(5, 3, 0));
        assertTrue(r.run());
        assertEquals(123, r.value(A, 8, true));

        r = rig(7, 7, 4);
        r.cpu.gpr[5] = 0x5_0000_0042L;
        r.emit(stwat(5, 3, 24)); // store twin: both equal, both take RS
        assertTrue(r.run());
        assertEquals(0x42, r.value(A, 4, true));
        assertEquals(0x42, r.value(A + 4, 4, true));

        r = rig(7, 8, 4);
        r.cpu.gpr[5] = 0x42;
        r.emit(stwat(5, 3, 24));
        assertTrue(r.run());
        assertEquals(7, r.value(A, 4, true));

        r = rig(-3, 0, 4);
        r.cpu.gpr[5] = 2;
        r.emit(stwat(5, 3, 7)); // store minimum signed (words)
        assertTrue(r.run());
        assertEquals(0xFFFFFFFDL, r.value(A, 4, true));
    }

    @Test
    void invalidFunctionCodeIsDataStorageAndUnalignedIsAlignment() {
        Rig r = rig(1, 2, 8);
        r.cpu.gpr[6] = 77;
        r.emit(ldat(6, 3, 9));
        r.run();
        assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind);
        assertEquals(77, r.cpu.gpr[6]);
        r = rig(1, 2, 8);
        r.cpu.gpr[3] = A + 4;
        r.emit(ldat(6, 3, 0));
        r.run();
        assertEquals(Interrupt.ALIGNMENT, r.interrupt.kind);
        r = rig(1, 2, 8);
        r.emit(stdat(6, 3, 8));
        r.run();
        assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind);
    }

    @Test
    void illegalOnPower8() {
        Rig r = new Rig(CpuModel.POWER8, true);
        r.cpu.gpr[3] = A;
        r.emit(lwat(6, 3, 0));
        r.run();
        assertEquals(Interrupt.PROGRAM, r.interrupt.kind);
    }
}
