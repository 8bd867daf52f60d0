package org.jpseries.cpu.loadstore;

import static org.jpseries.cpu.loadstore.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.arch.Interrupt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** larx/stcx. (Book II 4.4.2): CR0 = 0b00 || n || SO, the reservation, and interference. */
class ReservationTest {
    static final long A = Rig.DATA + 0x200;

    static int larx(int size, int rt, int ra, int rb) {
        return switch (size) { case 1 -> lbarx(rt, ra, rb); case 2 -> lharx(rt, ra, rb); case 4 -> lwarx(rt, ra, rb); default -> ldarx(rt, ra, rb); };
    }

    static int stcx(int size, int rs, int ra, int rb) {
        return switch (size) { case 1 -> stbcx(rs, ra, rb); case 2 -> sthcx(rs, ra, rb); case 4 -> stwcx(rs, ra, rb); default -> stdcx(rs, ra, rb); };
    }

    static Rig rig(boolean le) {
        Rig r = le ? Rig.le() : Rig.be();
        r.pattern(Rig.DATA, 0x1000, 0x21);
        r.cpu.gpr[3] = A;
        r.cpu.gpr[4] = 0;
        r.cpu.gpr[5] = 0x0102030405060708L;
        r.cpu.gpr[9] = A + 0x40;
        r.cpu.cr = 0x0ABCDEF1; // CR0 starts 0 and must become the stcx. outcome; other fields kept
        return r;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void larxThenStcxSucceeds(boolean le) {
        for (int size : new int[] {1, 2, 4, 8}) {
            Rig r = rig(le);
            long old = r.value(A, size, le);
            r.emit(larx(size, 6, 3, 4), stcx(size, 5, 3, 4));
            assertTrue(r.run());
            assertEquals(old, r.cpu.gpr[6]);
            long mask = size == 8 ? -1L : (1L << 8 * size) - 1;
            assertEquals(0x0102030405060708L & mask, r.value(A, size, le), "size " + size);
            assertEquals(0x2ABCDEF1, r.cpu.cr, "CR0 = 0b0010");
            assertEquals(-1, r.cpu.reserveAddr);
            assertEquals((byte) (0x21 + 7 * (0x200 + size)), r.peek(A + size), "no bytes beyond the operand");
        }
    }

    @Test
    void stcxCopiesSummaryOverflow() {
        Rig r = rig(true);
        r.cpu.so = true;
        r.emit(lwarx(6, 3, 4), stwcx(5, 3, 4), stwcx(5, 3, 4));
        assertTrue(r.run());
        // the second stcx. has no reservation: fails with CR0 = 0b0001
        assertEquals(0x1ABCDEF1, r.cpu.cr);
        assertEquals(0x05060708L, r.value(A, 4, true));
    }

    /** Another thread's store between larx and stcx. (simulated by a plain store) makes stcx. fail. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void interveningStoreMakesStcxFail(int size) {
        Rig r = rig(true);
        r.cpu.gpr[7] = 0x7E;
        int store = switch (size) { case 1 -> stb(7, 3, 0); case 2 -> sth(7, 3, 0); case 4 -> stw(7, 3, 0); default -> std(7, 3, 0); };
        r.emit(larx(size, 6, 3, 4), store, stcx(size, 5, 3, 4));
        assertTrue(r.run());
        assertEquals(0x0ABCDEF1, r.cpu.cr);
        assertEquals(0x7E, r.value(A, size, true));
        assertEquals(-1, r.cpu.reserveAddr);
    }

    @Test
    void stcxToAnotherAddressFailsAndStoresNothing() {
        Rig r = rig(false);
        r.emit(ldarx(6, 3, 4), stdcx(5, 9, 4), ldarx(6, 3, 4), stdcx(5, 3, 4));
        assertTrue(r.run());
        assertEquals((byte) (0x21 + 7 * 0x240), r.peek(A + 0x40));
        assertEquals(0x2ABCDEF1, r.cpu.cr); // the last pair succeeds
        assertEquals(0x0102030405060708L, r.value(A, 8, false));
    }

    @Test
    void storeOfSameValueKeepsReservation() {
        // As qemu: the reservation is compared by value, so a store of the same value does not break it.
        Rig r = rig(true);
        r.emit(lwarx(6, 3, 4), stw(6, 3, 0), stwcx(5, 3, 4));
        assertTrue(r.run());
        assertEquals(0x2ABCDEF1, r.cpu.cr);
    }

    @Test
    void dcbzOfTheBlockClearsReservation() {
        Rig r = rig(true);
        r.emit(lwarx(6, 3, 4), dcbz(0, 3), stwcx(5, 3, 4));
        assertTrue(r.run());
        assertEquals(0x0ABCDEF1, r.cpu.cr);
        assertEquals(0, r.value(A, 4, true));
    }

    @Test
    void unalignedLarxIsAlignmentInterrupt() {
        for (int size : new int[] {2, 4, 8}) {
            Rig r = rig(true);
            r.cpu.gpr[3] = A + 1;
            r.cpu.gpr[6] = 99;
            r.emit(larx(size, 6, 3, 4));
            r.run();
            assertEquals(Interrupt.ALIGNMENT, r.interrupt.kind);
            assertEquals(99, r.cpu.gpr[6]);
            assertEquals(-1, r.cpu.reserveAddr);
        }
    }

    @Test
    void stcxToReadOnlyPageFaultsAndKeepsCr() {
        Rig r = rig(true);
        r.cpu.gpr[3] = Rig.READ_ONLY + 8;
        r.emit(ldarx(6, 3, 4), stdcx(5, 3, 4));
        r.run();
        assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind);
        assertEquals(0x0ABCDEF1, r.cpu.cr);
        assertEquals(Rig.READ_ONLY + 8, r.cpu.reserveAddr, "a faulting stcx. changes nothing");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void lqarxStqcx(boolean le) {
        Rig r = rig(le);
        r.cpu.gpr[10] = 0x1111111111111111L;
        r.cpu.gpr[11] = 0x2222222222222222L;
        r.emit(lqarx(6, 3, 4), stqcx(10, 3, 4));
        long hi = r.value(A + (le ? 8 : 0), 8, le), lo = r.value(A + (le ? 0 : 8), 8, le);
        assertTrue(r.run(), "fault " + r.interrupt);
        assertEquals(hi, r.cpu.gpr[6]);
        assertEquals(lo, r.cpu.gpr[7]);
        assertEquals(0x2ABCDEF1, r.cpu.cr);
        assertEquals(0x1111111111111111L, r.value(A + (le ? 8 : 0), 8, le));
        assertEquals(0x2222222222222222L, r.value(A + (le ? 0 : 8), 8, le));
    }

    @Test
    void stqcxFailsWhenEitherHalfChanged() {
        Rig r = rig(true);
        r.cpu.gpr[7] = 5;
        r.emit(lqarx(10, 3, 4), std(7, 3, 8), stqcx(10, 3, 4));
        assertTrue(r.run());
        assertEquals(0x0ABCDEF1, r.cpu.cr);
        assertEquals(5, r.value(A + 8, 8, true));
    }

    @Test
    void lqarxInvalidFormsAndAlignment() {
        for (int w : new int[] {lqarx(5, 3, 4), lqarx(4, 3, 4), lqarx(4, 4, 5), stqcx(5, 3, 4)}) {
            Rig r = rig(true);
            r.emit(w);
            r.run();
            assertEquals(Interrupt.PROGRAM, r.interrupt.kind, Integer.toHexString(w));
        }
        Rig r = rig(true);
        r.cpu.gpr[3] = A + 8;
        r.emit(lqarx(6, 3, 4));
        r.run();
        assertEquals(Interrupt.ALIGNMENT, r.interrupt.kind);
    }
}
