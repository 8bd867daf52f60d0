package org.jpseries.cpu;

import static org.jpseries.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.jpseries.cpu.arch.Interrupt;

/** Add, subtract, multiply and divide (Book I 3.3.9-3.3.10): results, CA/CA32, OV/OV32/SO and CR0. */
class FixedPointArithTest {
    static final long MAX = Long.MAX_VALUE, MIN = Long.MIN_VALUE;

    /** XER as mfxer shows it and CR0, after running one instruction on r4, r5 (result in r3). */
    static GuestCode run(long a, long b, int insn) {
        GuestCode g = new GuestCode();
        g.set(4, a).set(5, b);
        return g.run(insn);
    }

    static int cr0(GuestCode g) {
        return g.cpu.crField(0);
    }

    @Test
    void addImmediates() {
        GuestCode g = new GuestCode();
        g.set(4, 100).run(addi(3, 4, -1), addi(6, 0, -2), addis(7, 4, 0x8000), addis(8, 0, 1));
        assertEquals(99, g.r(3));
        assertEquals(-2, g.r(6), "RA=0 means the value 0");
        assertEquals(100 - 0x80000000L, g.r(7));
        assertEquals(0x10000, g.r(8));
    }

    @Test
    void addOverflowAtBothWidths() {
        GuestCode g = run(MAX, 1, add(3, 4, 5, true, true));
        assertEquals(MIN, g.r(3));
        assertTrue(g.cpu.ov && g.cpu.so, "64-bit signed overflow sets OV and SO");
        assertFalse(g.cpu.ov32, "the low words 0xffffffff + 1 do not overflow as signed words");
        assertEquals(0b1001, cr0(g), "LT and SO");

        g = run(0x7fffffffL, 1, add(3, 4, 5, true, false));
        assertFalse(g.cpu.ov);
        assertTrue(g.cpu.ov32, "0x7fffffff + 1 overflows as a word");
        assertFalse(g.cpu.so, "SO follows OV only");

        g = run(MAX, 1, add(3, 4, 5, false, true));
        assertFalse(g.cpu.ov || g.cpu.so, "OE=0 leaves XER alone");
    }

    @Test
    void soIsStickyAndCopiedToCr0() {
        GuestCode g = new GuestCode();
        g.cpu.so = true;
        g.set(4, 1).set(5, 2).run(add(3, 4, 5, true, true));
        assertFalse(g.cpu.ov);
        assertTrue(g.cpu.so, "SO stays set when OV is cleared");
        assertEquals(0b0101, cr0(g));
    }

    @Test
    void carries() {
        GuestCode g = run(-1, 1, addc(3, 4, 5, false, false));
        assertEquals(0, g.r(3));
        assertTrue(g.cpu.ca && g.cpu.ca32);

        g = run(0xffffffffL, 1, addc(3, 4, 5, false, false));
        assertFalse(g.cpu.ca);
        assertTrue(g.cpu.ca32, "carry out of the low word only");

        g = run(0x7fffffffL, 1, addc(3, 4, 5, false, false));
        assertFalse(g.cpu.ca || g.cpu.ca32, "a carry into bit 32 is not a carry out of it");

        g = run(MIN, MIN, addc(3, 4, 5, false, false));
        assertTrue(g.cpu.ca);
        assertFalse(g.cpu.ca32);

        // subfc: RB - RA carries when there is no borrow.
        g = run(5, 5, subfc(3, 4, 5, false, false));
        assertEquals(0, g.r(3));
        assertTrue(g.cpu.ca && g.cpu.ca32);
        g = run(6, 5, subfc(3, 4, 5, true, true));
        assertEquals(-1, g.r(3));
        assertFalse(g.cpu.ca || g.cpu.ca32 || g.cpu.ov);
        assertEquals(0b1000, cr0(g));
    }

    @Test
    void extendedChainsAddA128BitNumber() {
        // (2^64 - 1) + 1 = 2^64: the low half carries into the high half.
        GuestCode g = new GuestCode();
        g.set(4, -1).set(5, 1).set(6, 0).set(7, 0);
        g.run(addc(3, 4, 5, false, false), adde(8, 6, 7, false, false));
        assertEquals(0, g.r(3));
        assertEquals(1, g.r(8));
        assertFalse(g.cpu.ca);

        // 0 - 1 with borrow propagation: subfc then subfe.
        g = new GuestCode();
        g.set(4, 1).set(5, 0).set(6, 0).set(7, 5);
        g.run(subfc(3, 4, 5, false, false), subfe(8, 6, 7, false, false));
        assertEquals(-1, g.r(3));
        assertEquals(4, g.r(8));
    }

    @Test
    void addmeAddzeSubfzeNeg() {
        GuestCode g = new GuestCode();
        g.cpu.ca = true;
        g.set(4, 0).run(addme(3, 4, false, false));
        assertEquals(0, g.r(3));
        assertTrue(g.cpu.ca, "0 + CA - 1 with CA=1 carries");

        g = new GuestCode();
        g.set(4, 0).run(addme(3, 4, true, false));
        assertEquals(-1, g.r(3));
        assertFalse(g.cpu.ca || g.cpu.ov);

        g = new GuestCode();
        g.cpu.ca = true;
        g.set(4, MAX).run(addze(3, 4, true, false));
        assertEquals(MIN, g.r(3));
        assertTrue(g.cpu.ov && !g.cpu.ca);

        g = new GuestCode();
        g.set(4, 0).run(subfze(3, 4, false, false));
        assertEquals(-1, g.r(3), "~0 + CA(0)");

        g = run(MIN, 0, neg(3, 4, true, true));
        assertEquals(MIN, g.r(3));
        assertTrue(g.cpu.ov && g.cpu.so);
        assertFalse(g.cpu.ov32);
        g = run(0xffffffff80000000L, 0, neg(3, 4, true, false));
        assertEquals(0x80000000L, g.r(3));
        assertTrue(g.cpu.ov32 && !g.cpu.ov);
        g = run(5, 0, neg(3, 4, false, false));
        assertEquals(-5, g.r(3));
    }

    @Test
    void immediateCarryingForms() {
        GuestCode g = run(-1, 0, addic(3, 4, 1));
        assertEquals(0, g.r(3));
        assertTrue(g.cpu.ca);
        g = run(5, 0, addicDot(3, 4, -6));
        assertEquals(-1, g.r(3));
        assertFalse(g.cpu.ca);
        assertEquals(0b1000, cr0(g));
        g = run(3, 0, subfic(3, 4, 3));
        assertEquals(0, g.r(3));
        assertTrue(g.cpu.ca);
        g = run(4, 0, subfic(3, 4, 3));
        assertEquals(-1, g.r(3));
        assertFalse(g.cpu.ca);
    }

    @Test
    void power8HasNoCa32OrOv32() {
        GuestCode g = new GuestCode(CpuModel.POWER8);
        g.set(4, 0xffffffffL).set(5, 1).run(addc(3, 4, 5, false, false), add(6, 4, 5, true, false));
        assertFalse(g.cpu.ca32 || g.cpu.ov32);
        g.set(4, 0x7fffffffL).run(add(6, 4, 5, true, false));
        assertFalse(g.cpu.ov32);
    }

    @Test
    void thirtyTwoBitModeCarriesAndRecordsTheLowWord() {
        GuestCode g = new GuestCode();
        g.cpu.setMsr(Cpu.MSR_PR | Cpu.MSR_LE);
        g.set(4, 0xffffffffL).set(5, 1).run(addc(3, 4, 5, true, true));
        assertEquals(0x100000000L, g.r(3), "the register still gets 64 bits");
        assertTrue(g.cpu.ca, "CA is the carry out of bit 32 in 32-bit mode");
        assertFalse(g.cpu.ov);
        assertEquals(0b0010, cr0(g), "CR0 compares the low word, which is zero");
        g.set(4, 0x7fffffffL).run(add(3, 4, 5, true, false));
        assertTrue(g.cpu.ov, "OV is the word overflow in 32-bit mode");
    }

    @Test
    void multiplies() {
        GuestCode g = run(0x7fffffffL, 2, mullw(3, 4, 5, true, true));
        assertEquals(0xfffffffeL, g.r(3), "mullw gives the full 64-bit product");
        assertTrue(g.cpu.ov && g.cpu.ov32);
        g = run(-3, 0x100000007L, mullw(3, 4, 5, true, false));
        assertEquals(-21, g.r(3), "only the low words are multiplied");
        assertFalse(g.cpu.ov);

        g = run(MIN, -1, mulld(3, 4, 5, true, false));
        assertEquals(MIN, g.r(3));
        assertTrue(g.cpu.ov && g.cpu.ov32);
        g = run(1L << 32, 1L << 31, mulld(3, 4, 5, true, false));
        assertEquals(1L << 63, g.r(3));
        assertTrue(g.cpu.ov);

        assertEquals(-1, run(-1, 1, mulhd(3, 4, 5)).r(3));
        assertEquals(0, run(-1, 1, mulhdu(3, 4, 5)).r(3));
        assertEquals(-2, run(-1, -1, mulhdu(3, 4, 5)).r(3));
        assertEquals(0xffffffffL, run(-1, 1, mulhw(3, 4, 5)).r(3), "high word zero-extended, as qemu");
        assertEquals(23, run(5, 0, mulli(3, 4, 4)).r(3) + 3);
    }

    @Test
    void multiplyAdd() {
        GuestCode g = new GuestCode();
        g.set(4, -1).set(5, -1).set(6, -1).run(maddhd(3, 4, 5, 6), maddhdu(7, 4, 5, 6));
        assertEquals(0, g.r(3), "(-1)(-1) + (-1) = 0");
        assertEquals(-1, g.r(7), "(2^64-1)^2 + 2^64-1 = 2^128 - 2^64: high half 2^64-1");
    }

    @Test
    void divideByZeroAndOverflow() {
        GuestCode g = run(7, 0, divw(3, 4, 5, true, true));
        assertEquals(7, g.r(3), "qemu returns the dividend");
        assertTrue(g.cpu.ov && g.cpu.ov32 && g.cpu.so);
        assertEquals(0b0101, cr0(g));

        g = run(0x80000000L, -1, divw(3, 4, 5, true, false));
        assertEquals(0x80000000L, g.r(3));
        assertTrue(g.cpu.ov);

        g = run(-7, 2, divw(3, 4, 5, true, false));
        assertEquals(0xfffffffdL, g.r(3), "word quotient zero-extended");
        assertFalse(g.cpu.ov);

        assertEquals(0x7fffffffL, run(-1, 2, divwu(3, 4, 5, false, false)).r(3));
        assertEquals(MIN, run(MIN, -1, divd(3, 4, 5, true, false)).r(3));
        assertEquals(-3, run(-7, 2, divd(3, 4, 5, false, false)).r(3));
        assertEquals(MAX, run(-1, 2, divdu(3, 4, 5, false, false)).r(3));
        g = run(9, 0, divdu(3, 4, 5, true, false));
        assertEquals(9, g.r(3));
        assertTrue(g.cpu.ov);
    }

    @Test
    void extendedDivides() {
        assertEquals(-0x80000000L, run(1, -2, divwe(3, 4, 5, false, false)).r(3));
        GuestCode g = run(1, 1, divwe(3, 4, 5, true, false));
        assertEquals(0, g.r(3));
        assertTrue(g.cpu.ov, "2^32 does not fit a word");
        assertEquals(0x80000000L, run(1, 2, divweu(3, 4, 5, false, false)).r(3));
        assertEquals(0x8000000000000000L, run(1, 2, divdeu(3, 4, 5, false, false)).r(3));
        g = run(2, 2, divdeu(3, 4, 5, true, false));
        assertEquals(0, g.r(3));
        assertTrue(g.cpu.ov);
        assertEquals(0x4000000000000000L, run(1, 4, divde(3, 4, 5, false, false)).r(3));
        assertEquals(-0x4000000000000000L, run(-1, 4, divde(3, 4, 5, false, false)).r(3));
        g = run(1, 2, divde(3, 4, 5, true, false));
        assertTrue(g.cpu.ov, "2^63 is not a signed doubleword");
        g = run(-1, 2, divde(3, 4, 5, true, false));
        assertEquals(MIN, g.r(3));
        assertFalse(g.cpu.ov, "-2^63 is");
    }

    @Test
    void modulo() {
        assertEquals(-1, run(-7, 2, modsw(3, 4, 5)).r(3));
        assertEquals(0, run(0x80000000L, -1, modsw(3, 4, 5)).r(3));
        assertEquals(0, run(5, 0, modsw(3, 4, 5)).r(3));
        assertEquals(1, run(-1, 2, modud(3, 4, 5)).r(3));
        assertEquals(0, run(-1, 0, modud(3, 4, 5)).r(3));
    }

    @Test
    void addexUsesOvAsCarry() {
        GuestCode g = new GuestCode();
        g.cpu.ov = true;
        g.set(4, -1).set(5, 0).run(addex(3, 4, 5, 0));
        assertEquals(0, g.r(3));
        assertTrue(g.cpu.ov && g.cpu.ov32, "carries out of bits 0 and 32 go to OV and OV32");
        assertFalse(g.cpu.so, "SO is not touched");
        assertFalse(g.cpu.ca);

        g = new GuestCode();
        g.run(addex(3, 4, 5, 1));
        assertNotNull(g.interrupt, "CY=1 is reserved");
        assertEquals(Interrupt.PROGRAM_ILLEGAL, g.interrupt.detail);
    }

    @Test
    void isa30InstructionsAreIllegalOnPower8() {
        GuestCode g = new GuestCode(CpuModel.POWER8);
        g.run(modsw(3, 4, 5));
        assertNotNull(g.interrupt);
        assertEquals(Interrupt.PROGRAM, g.interrupt.kind);
        assertEquals(GuestCode.CODE, g.interrupt.address);
        g = new GuestCode(CpuModel.POWER9);
        g.set(4, 7).set(5, 4).run(modsw(3, 4, 5));
        assertNull(g.interrupt);
        assertEquals(3, g.r(3));
    }

    @Test
    void addpcisAndPaddi() {
        GuestCode g = new GuestCode();
        g.run(NOP, addpcis(3, 1), addpcis(4, -1));
        assertEquals(GuestCode.CODE + 8 + 0x10000, g.r(3));
        assertEquals(GuestCode.CODE + 12 - 0x10000, g.r(4));

        // paddi r3,r4,-2^33 ; paddi r5,0,0x12345,1 (relative to its own address)
        g = new GuestCode();
        g.set(4, 10).run(0x06020000, 0x38640000, 0x06100001, 0x38a02345);
        assertEquals(10 - (1L << 33), g.r(3));
        assertEquals(GuestCode.CODE + 8 + 0x12345, g.r(5));

        g = new GuestCode();
        g.run(0x06100000, 0x38a40000); // paddi r5,r4,0,1: R=1 with RA≠0 is invalid
        assertNotNull(g.interrupt);
        assertEquals(Interrupt.PROGRAM_ILLEGAL, g.interrupt.detail);
    }
}
