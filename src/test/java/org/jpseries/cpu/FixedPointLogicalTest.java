package org.jpseries.cpu;

import static org.jpseries.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.jpseries.cpu.arch.Interrupt;

/** Logical, rotate, shift, compare and trap instructions (Book I 3.3.11-3.3.14). */
class FixedPointLogicalTest {
    static GuestCode run(long a, long b, int... insns) {
        GuestCode g = new GuestCode();
        g.set(4, a).set(5, b);
        return g.run(insns);
    }

    @Test
    void logicalAndCr0() {
        GuestCode g = run(0xff00, 0x0ff0, and(3, 4, 5, true));
        assertEquals(0x0f00, g.r(3));
        assertEquals(0b0100, g.cpu.crField(0));
        g = run(0, 0, andiDot(3, 4, 0xffff));
        assertEquals(0b0010, g.cpu.crField(0));
        g = run(0x8000000000000000L, 0, oris(3, 4, 0xffff), ori(6, 4, 1));
        assertEquals(0x80000000ffff0000L, g.r(3));
        assertEquals(0x8000000000000001L, g.r(6));
    }

    @Test
    void priorityHintsChangeOnlyThePpr() {
        GuestCode g = run(0, 0);
        g.set(1, 1234).run(or(1, 1, 1, false));
        assertEquals(1234, g.r(1));
        assertEquals(2L << 50, g.cpu.ppr);
        g.run(or(31, 31, 31, false));
        assertEquals(2L << 50, g.cpu.ppr, "very low priority needs privilege");
        g.run(or(2, 2, 2, false));
        assertEquals(4L << 50, g.cpu.ppr);
    }

    @Test
    void countsAndBitOperations() {
        assertEquals(32, run(0, 0, cntlzw(3, 4)).r(3));
        assertEquals(0, run(0xffffffff80000000L, 0, cntlzw(3, 4)).r(3));
        assertEquals(64, run(0, 0, cnttzd(3, 4)).r(3));
        assertEquals(0x0801020405060708L, run(0xff01030f1f3f7fffL, 0, popcntb(3, 4)).r(3));
        assertEquals(0x0000000100000000L, run(0x0100000001000100L, 0, prtyw(3, 4)).r(3));
        assertEquals(0xff00ff0000ffff00L, run(0x1122334455667788L, 0x1100330099667700L, cmpb(3, 4, 5)).r(3));
        // bpermd: byte i of RS selects bit RS[i] of RB (bit 0 = most significant); >= 64 gives 0.
        assertEquals(0xc7, run(0x003f01ff40000000L, 0x8000000000000001L, bpermd(3, 4, 5)).r(3));
    }

    @Test
    void isa31BitManipulation() {
        // cfuged: bits where RB=0 go left, bits where RB=1 go right, each in order.
        assertEquals(0xffffffff00000000L, run(0x00000000ffffffffL, 0xffffffff00000000L, cfuged(3, 4, 5)).r(3));
        assertEquals(0xaL, run(0xa0L << 56, 0xf0L << 56, pextd(3, 4, 5)).r(3));
        assertEquals(0x0a00L, run(0xa, 0xff00, pdepd(3, 4, 5)).r(3));
        assertEquals(3, run(0x1000, 0xff00, cntlzdm(3, 4, 5)).r(3));
        assertEquals(8, run(0, 0xff00, cntlzdm(3, 4, 5)).r(3));
        assertEquals(4, run(0x1000, 0xff00, cnttzdm(3, 4, 5)).r(3));
        assertEquals(0x2211443366558877L, run(0x1122334455667788L, 0, brh(3, 4)).r(3));
    }

    @Test
    void rotatesWithWrappingMasks() {
        // rlwinm with MB > ME: the mask wraps and keeps the rotated word in the high half too.
        GuestCode g = run(0x12345678, 0, rlwinm(3, 4, 8, 28, 3, false));
        assertEquals(0x3456781230000002L, g.r(3));
        assertEquals(0x34567812L, run(0xffffffff12345678L, 0, rlwinm(3, 4, 8, 0, 31, false)).r(3));
        assertEquals(0x00000000000000ffL, run(0xff000000L, 0, rlwinm(3, 4, 8, 24, 31, true)).r(3));
        g = run(0xabcd, 0, rlwimi(4, 4, 16, 0, 15));
        assertEquals(0xabcdabcdL, g.r(4));
        g = run(0x12345678L, 0, rlwimi(5, 4, 0, 31, 0));
        assertEquals(0x1234567800000000L, g.r(5), "mask bits 63 and 0:32");

        assertEquals(0x0000000000001234L, run(0x1234000000000000L, 0, rldicl(3, 4, 16, 48)).r(3));
        assertEquals(0x3400000000000000L, run(0x1234L, 0, rldicr(3, 4, 56, 7)).r(3));
        assertEquals(0x0000ffff00000000L, run(0xffffffffL, 0, rldic(3, 4, 32, 16)).r(3));
        g = run(0xaaL, 0x1111111111111111L, rldimi(5, 4, 60, 0));
        assertEquals(0xa111111111111111L, g.r(5), "insert the low 4 bits of the rotated value at the top");
        assertEquals(0xffffffffffffffe0L, run(-1, 0, extswsli(3, 4, 5)).r(3));
        assertEquals(0x7fffffff00000000L, run(0x7fffffff, 0, extswsli(3, 4, 32)).r(3));
    }

    @Test
    void shiftsByWidthAndBeyond() {
        assertEquals(0, run(-1, 32, slw(3, 4, 5, false)).r(3));
        assertEquals(0xfffffffeL, run(-1, 1, slw(3, 4, 5, false)).r(3));
        assertEquals(0xffffffffL, run(-1, 64, slw(3, 4, 5, false)).r(3), "only RB(58:63) counts");
        assertEquals(0, run(-1, 32, srw(3, 4, 5, false)).r(3));
        assertEquals(0, run(-1, 64, sld(3, 4, 5, false)).r(3));
        assertEquals(-1L << 63, run(1, 127 + 64, sld(3, 4, 5, false)).r(3), "RB(57:63) = 63");
        assertEquals(0, run(-1, 100, srd(3, 4, 5, false)).r(3));

        GuestCode g = run(0x80000000L, 40, sraw(3, 4, 5, true));
        assertEquals(-1, g.r(3));
        assertTrue(g.cpu.ca && g.cpu.ca32);
        assertEquals(0b1000, g.cpu.crField(0));
        g = run(-4, 2, sraw(3, 4, 5, false));
        assertEquals(-1, g.r(3));
        assertFalse(g.cpu.ca, "only zeros shifted out");
        g = run(-5, 1, srawi(3, 4, 1, false));
        assertEquals(-3, g.r(3));
        assertTrue(g.cpu.ca);
        g = run(0x7fffffffL, 0, srawi(3, 4, 31, false));
        assertEquals(0, g.r(3));
        assertFalse(g.cpu.ca, "positive values never carry");
        g = run(Long.MIN_VALUE, 64, srad(3, 4, 5, false));
        assertEquals(-1, g.r(3));
        assertTrue(g.cpu.ca);
        g = run(Long.MIN_VALUE + 1, 0, sradi(3, 4, 63, false));
        assertEquals(-1, g.r(3));
        assertTrue(g.cpu.ca);
        g = run(Long.MIN_VALUE, 0, sradi(3, 4, 0, false));
        assertFalse(g.cpu.ca);
    }

    @Test
    void compares() {
        GuestCode g = run(0xffffffff00000001L, 2, cmp(0, 0, 4, 5), cmp(1, 1, 4, 5), cmpl(2, 1, 4, 5), cmpl(3, 0, 4, 5));
        assertEquals(0b1000, g.cpu.crField(0), "words 1 < 2");
        assertEquals(0b1000, g.cpu.crField(1), "doubleword negative < 2");
        assertEquals(0b0100, g.cpu.crField(2), "unsigned doubleword huge > 2");
        assertEquals(0b1000, g.cpu.crField(3));
        g = new GuestCode();
        g.cpu.so = true;
        g.set(4, 5).run(cmpi(7, 1, 4, 5), cmpli(6, 0, 4, 0xffff));
        assertEquals(0b0011, g.cpu.crField(7), "EQ and SO");
        assertEquals(0b1001, g.cpu.crField(6));

        g = run('m', ('z' << 8) | 'a' | ((long) '9' << 24) | ((long) '0' << 16), cmprb(0, 0, 4, 5), cmprb(1, 1, 4, 5), setb(3, 0));
        assertEquals(0b0100, g.cpu.crField(0));
        g = run('5', ('z' << 8) | 'a' | ((long) '9' << 24) | ((long) '0' << 16), cmprb(0, 0, 4, 5), cmprb(1, 1, 4, 5));
        assertEquals(0, g.cpu.crField(0));
        assertEquals(0b0100, g.cpu.crField(1));
        g = run(0x42, 0x1122334455426677L, cmpeqb(5, 4, 5));
        assertEquals(0b0100, g.cpu.crField(5));
        g = run(0x43, 0x1122334455426677L, cmpeqb(5, 4, 5));
        assertEquals(0, g.cpu.crField(5));
    }

    @Test
    void setbAndSetbcFamily() {
        GuestCode g = run(-5, 0, cmpi(3, 1, 4, 0), setb(3, 3), cmpi(0, 1, 5, 0), setb(6, 0), setbc(7, 14), setnbcr(8, 2));
        assertEquals(-1, g.r(3));
        assertEquals(0, g.r(6));
        assertEquals(0, g.r(7), "CR3.EQ is clear");
        assertEquals(0, g.r(8), "CR0.EQ is set, so the negated reverse form gives 0");
        g = run(5, 0, cmpi(0, 1, 4, 0), setb(3, 0));
        assertEquals(1, g.r(3));
    }

    @Test
    void iselReadsZeroForRa0() {
        GuestCode g = run(7, 9, cmpi(0, 1, 4, 7), isel(3, 4, 5, 2), isel(6, 0, 5, 2), isel(7, 4, 5, 0));
        assertEquals(7, g.r(3));
        assertEquals(0, g.r(6));
        assertEquals(9, g.r(7));
    }

    @Test
    void traps() {
        assertNull(run(1, 2, tw(8, 4, 5), td(8, 4, 5)).interrupt);
        GuestCode g = run(0x100000000L, 1, td(16, 4, 5), tw(16, 4, 5));
        assertNotNull(g.interrupt, "low words 0 < 1");
        assertEquals(Interrupt.PROGRAM_TRAP, g.interrupt.detail);
        assertEquals(GuestCode.CODE + 4, g.interrupt.address, "the td did not trap");
        assertNotNull(run(-1, 1, td(1, 4, 5)).interrupt, "unsigned -1 > 1");
        assertNull(run(-1, 1, tw(2, 4, 5)).interrupt);
        assertNotNull(run(5, 0, twi(4, 4, 5)).interrupt);
        assertNull(run(0x80000000L, 0, twi(1, 4, -1)).interrupt, "0x80000000 is not above 0xffffffff");
        assertNotNull(run(-3, 0, tdi(16, 4, -2)).interrupt);
        assertNotNull(run(-3, 0, tdi(2, 4, -2)).interrupt, "-3 <u -2");
        assertNull(run(-3, 0, tdi(8, 4, -2)).interrupt);
    }
}
