package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.oe;
import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rc;
import static org.jpseries.cpu.Fields.rcBit;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.Fields.si;
import static org.jpseries.cpu.insn.FixedPoint.gprOrZero;
import static org.jpseries.cpu.insn.FixedPoint.hasXer32;
import static org.jpseries.cpu.insn.FixedPoint.recordCr0;
import static org.jpseries.cpu.insn.FixedPoint.setCa;
import static org.jpseries.cpu.insn.FixedPoint.setOv;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Fields;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * Fixed-point arithmetic (PowerISA Book I 3.3.9): add, subtract, multiply, divide,
 * modulo. Subtraction is computed as the ISA defines it, ¬(RA) + (RB) + 1, so one helper derives
 * CA/CA32 (carries out of bits 0 and 32) and OV/OV32 (signed overflow of the 64-bit and the
 * low 32-bit result) for every form. In 32-bit mode CA and OV describe the low word (Book I 3.3.9).
 *
 * <p>Results the ISA leaves undefined (divide by zero, overflowing divides, the high word of
 * mulhw) are those of qemu-ppc64le, the project's oracle: a plain divide that overflows returns
 * the dividend (word forms zero-extended), an extended divide that overflows returns 0, a modulo
 * that is undefined returns 0; divw, divwu, mulhw and mulhwu zero-extend their word result while
 * divwe sign-extends it. OV is always set as the ISA says.
 */
final class FixedPointArith {
    private FixedPointArith() {}

    static void register(InstructionTable t) {
        t.on(Op.ADDI, FixedPointArith::addi);
        t.on(Op.ADDIS, FixedPointArith::addis);
        t.on(Op.ADDPCIS, FixedPointArith::addpcis);
        t.on(Op.ADDIC, FixedPointArith::addic);
        t.on(Op.ADDIC_DOT, FixedPointArith::addicDot);
        t.on(Op.SUBFIC, FixedPointArith::subfic);
        t.on(Op.ADD, FixedPointArith::add);
        t.on(Op.SUBF, FixedPointArith::subf);
        t.on(Op.ADDC, FixedPointArith::addc);
        t.on(Op.SUBFC, FixedPointArith::subfc);
        t.on(Op.ADDE, FixedPointArith::adde);
        t.on(Op.SUBFE, FixedPointArith::subfe);
        t.on(Op.ADDME, FixedPointArith::addme);
        t.on(Op.SUBFME, FixedPointArith::subfme);
        t.on(Op.ADDZE, FixedPointArith::addze);
        t.on(Op.SUBFZE, FixedPointArith::subfze);
        t.on(Op.NEG, FixedPointArith::neg);
        t.on(Op.ADDEX, FixedPointArith::addex);
        t.on(Op.MULLI, FixedPointArith::mulli);
        t.on(Op.MULLW, FixedPointArith::mullw);
        t.on(Op.MULHW, FixedPointArith::mulhw);
        t.on(Op.MULHWU, FixedPointArith::mulhwu);
        t.on(Op.MULLD, FixedPointArith::mulld);
        t.on(Op.MULHD, FixedPointArith::mulhd);
        t.on(Op.MULHDU, FixedPointArith::mulhdu);
        t.on(Op.MADDHD, FixedPointArith::maddhd);
        t.on(Op.MADDHDU, FixedPointArith::maddhdu);
        t.on(Op.MADDLD, FixedPointArith::maddld);
        t.on(Op.DIVW, FixedPointArith::divw);
        t.on(Op.DIVWU, FixedPointArith::divwu);
        t.on(Op.DIVWE, FixedPointArith::divwe);
        t.on(Op.DIVWEU, FixedPointArith::divweu);
        t.on(Op.DIVD, FixedPointArith::divd);
        t.on(Op.DIVDU, FixedPointArith::divdu);
        t.on(Op.DIVDE, FixedPointArith::divde);
        t.on(Op.DIVDEU, FixedPointArith::divdeu);
        t.on(Op.MODSW, FixedPointArith::modsw);
        t.on(Op.MODUW, FixedPointArith::moduw);
        t.on(Op.MODSD, FixedPointArith::modsd);
        t.on(Op.MODUD, FixedPointArith::modud);
        t.onPrefixed(Op.PADDI, FixedPointArith::paddi);
    }

    // ---- shared flag computation -------------------------------------------------------------

    /** Carry out of bit 0 of the sum r = a + b (+ carry in). */
    private static boolean carry64(long a, long b, long r) {
        return ((a & b) | ((a | b) & ~r)) < 0;
    }

    /** Carry out of bit 32 (the low word) of the sum r = a + b (+ carry in). */
    private static boolean carry32(long a, long b, long r) {
        return ((r ^ a ^ b) & (1L << 32)) != 0;
    }

    /** Sets CA/CA32 for the sum r = a + b (+ carry in); in 32-bit mode CA is the low word's carry. */
    private static void carry(Cpu c, long a, long b, long r) {
        boolean ca32 = carry32(a, b, r);
        setCa(c, c.sf() ? carry64(a, b, r) : ca32, ca32);
    }

    /** Sets OV/OV32/SO for the sum r = a + b (+ carry in): signed overflow of 64 and 32 bits. */
    private static void overflow(Cpu c, long a, long b, long r) {
        long x = (a ^ r) & (b ^ r);
        boolean ov32 = (x & (1L << 31)) != 0;
        setOv(c, c.sf() ? x < 0 : ov32, ov32);
    }

    /** Writes RT = a + b + cin of an XO-form add/subtract, with CA (if carrying), OE and Rc. */
    private static void xoSum(Cpu c, int w, long a, long b, long cin, boolean carrying) {
        long r = a + b + cin;
        if (carrying) carry(c, a, b, r);
        if (oe(w)) overflow(c, a, b, r);
        c.gpr[rt(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    // ---- immediate forms -----------------------------------------------------------------------

    /** addi RT,RA,SI: RT = (RA|0) + EXTS(SI) (Book I 3.3.9). */
    static void addi(Cpu c, int w) {
        c.gpr[rt(w)] = gprOrZero(c, ra(w)) + si(w);
    }

    /** addis RT,RA,SI: RT = (RA|0) + EXTS(SI || 0x0000) (Book I 3.3.9). */
    static void addis(Cpu c, int w) {
        c.gpr[rt(w)] = gprOrZero(c, ra(w)) + (si(w) << 16);
    }

    /** addpcis RT,D: RT = NIA + EXTS(d0||d1||d2 || 0x0000) (Book I 3.3.9, ISA 3.0). */
    static void addpcis(Cpu c, int w) {
        int d = ((w >>> 6) & 0x3FF) << 6 | ((w >>> 16) & 0x1F) << 1 | (w & 1);
        c.gpr[rt(w)] = c.cia + 4 + ((long) (short) d << 16);
    }

    /** paddi RT,RA,SI,R: RT = (R ? CIA : (RA|0)) + EXTS(si0||si1); R=1 with RA≠0 is invalid (Book I 3.3.9). */
    static void paddi(Cpu c, int prefix, int suffix) {
        int ra = ra(suffix);
        long base;
        if (Fields.r(prefix)) {
            if (ra != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
            base = c.cia;
        } else {
            base = gprOrZero(c, ra);
        }
        c.gpr[rt(suffix)] = base + Fields.d34(prefix, suffix);
    }

    /** addic RT,RA,SI: RT = (RA) + EXTS(SI), setting CA/CA32 (Book I 3.3.9). */
    static void addic(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = si(w), r = a + b;
        carry(c, a, b, r);
        c.gpr[rt(w)] = r;
    }

    /** addic. RT,RA,SI: as addic, and records CR0 (Book I 3.3.9). */
    static void addicDot(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = si(w), r = a + b;
        carry(c, a, b, r);
        c.gpr[rt(w)] = r;
        recordCr0(c, r);
    }

    /** subfic RT,RA,SI: RT = ¬(RA) + EXTS(SI) + 1, setting CA/CA32 (Book I 3.3.9). */
    static void subfic(Cpu c, int w) {
        long a = ~c.gpr[ra(w)], b = si(w), r = a + b + 1;
        carry(c, a, b, r);
        c.gpr[rt(w)] = r;
    }

    // ---- XO-form add and subtract -------------------------------------------------------------

    /** add[o][.] RT,RA,RB: RT = (RA) + (RB) (Book I 3.3.9). */
    static void add(Cpu c, int w) {
        xoSum(c, w, c.gpr[ra(w)], c.gpr[rb(w)], 0, false);
    }

    /** subf[o][.] RT,RA,RB: RT = ¬(RA) + (RB) + 1 (Book I 3.3.9). */
    static void subf(Cpu c, int w) {
        xoSum(c, w, ~c.gpr[ra(w)], c.gpr[rb(w)], 1, false);
    }

    /** addc[o][.] RT,RA,RB: RT = (RA) + (RB), setting CA (Book I 3.3.9). */
    static void addc(Cpu c, int w) {
        xoSum(c, w, c.gpr[ra(w)], c.gpr[rb(w)], 0, true);
    }

    /** subfc[o][.] RT,RA,RB: RT = ¬(RA) + (RB) + 1, setting CA (Book I 3.3.9). */
    static void subfc(Cpu c, int w) {
        xoSum(c, w, ~c.gpr[ra(w)], c.gpr[rb(w)], 1, true);
    }

    /** adde[o][.] RT,RA,RB: RT = (RA) + (RB) + CA (Book I 3.3.9). */
    static void adde(Cpu c, int w) {
        xoSum(c, w, c.gpr[ra(w)], c.gpr[rb(w)], c.ca ? 1 : 0, true);
    }

    /** subfe[o][.] RT,RA,RB: RT = ¬(RA) + (RB) + CA (Book I 3.3.9). */
    static void subfe(Cpu c, int w) {
        xoSum(c, w, ~c.gpr[ra(w)], c.gpr[rb(w)], c.ca ? 1 : 0, true);
    }

    /** addme[o][.] RT,RA: RT = (RA) + CA - 1 (Book I 3.3.9). */
    static void addme(Cpu c, int w) {
        xoSum(c, w, c.gpr[ra(w)], -1, c.ca ? 1 : 0, true);
    }

    /** subfme[o][.] RT,RA: RT = ¬(RA) + CA - 1 (Book I 3.3.9). */
    static void subfme(Cpu c, int w) {
        xoSum(c, w, ~c.gpr[ra(w)], -1, c.ca ? 1 : 0, true);
    }

    /** addze[o][.] RT,RA: RT = (RA) + CA (Book I 3.3.9). */
    static void addze(Cpu c, int w) {
        xoSum(c, w, c.gpr[ra(w)], 0, c.ca ? 1 : 0, true);
    }

    /** subfze[o][.] RT,RA: RT = ¬(RA) + CA (Book I 3.3.9). */
    static void subfze(Cpu c, int w) {
        xoSum(c, w, ~c.gpr[ra(w)], 0, c.ca ? 1 : 0, true);
    }

    /** neg[o][.] RT,RA: RT = ¬(RA) + 1 (Book I 3.3.9). */
    static void neg(Cpu c, int w) {
        xoSum(c, w, ~c.gpr[ra(w)], 0, 1, false);
    }

    /**
     * addex RT,RA,RB,CY (Book I 3.3.9, ISA 3.0B): with CY=0, RT = (RA) + (RB) + OV and OV/OV32
     * receive the carries out of bits 0 and 32; SO is unchanged. Other CY values are reserved.
     */
    static void addex(Cpu c, int w) {
        if (((w >>> 9) & 3) != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)], r = a + b + (c.ov ? 1 : 0);
        boolean ov32 = carry32(a, b, r);
        c.ov = c.sf() ? carry64(a, b, r) : ov32;
        if (hasXer32(c)) c.ov32 = ov32;
        c.gpr[rt(w)] = r;
    }

    // ---- multiply ------------------------------------------------------------------------------

    /** mulli RT,RA,SI: low 64 bits of (RA) × EXTS(SI) (Book I 3.3.9). */
    static void mulli(Cpu c, int w) {
        c.gpr[rt(w)] = c.gpr[ra(w)] * si(w);
    }

    /** mullw[o][.] RT,RA,RB: the 64-bit product of the signed low words (Book I 3.3.9). */
    static void mullw(Cpu c, int w) {
        long r = (long) (int) c.gpr[ra(w)] * (int) c.gpr[rb(w)];
        if (oe(w)) {
            boolean ov = r != (int) r;
            setOv(c, ov, ov);
        }
        c.gpr[rt(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    /** mulhw[.] RT,RA,RB: high word of the signed 64-bit product of the low words (Book I 3.3.9). */
    static void mulhw(Cpu c, int w) {
        long p = (long) (int) c.gpr[ra(w)] * (int) c.gpr[rb(w)];
        long r = p >>> 32;
        c.gpr[rt(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    /** mulhwu[.] RT,RA,RB: high word of the unsigned 64-bit product of the low words (Book I 3.3.9). */
    static void mulhwu(Cpu c, int w) {
        long p = (c.gpr[ra(w)] & 0xFFFFFFFFL) * (c.gpr[rb(w)] & 0xFFFFFFFFL);
        long r = p >>> 32;
        c.gpr[rt(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    /** mulld[o][.] RT,RA,RB: low 64 bits of the signed 128-bit product (Book I 3.3.9). */
    static void mulld(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)], r = a * b;
        if (oe(w)) {
            boolean ov = Math.multiplyHigh(a, b) != (r >> 63);
            setOv(c, ov, ov);
        }
        c.gpr[rt(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    /** mulhd[.] RT,RA,RB: high 64 bits of the signed 128-bit product (Book I 3.3.9). */
    static void mulhd(Cpu c, int w) {
        long r = Math.multiplyHigh(c.gpr[ra(w)], c.gpr[rb(w)]);
        c.gpr[rt(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    /** mulhdu[.] RT,RA,RB: high 64 bits of the unsigned 128-bit product (Book I 3.3.9). */
    static void mulhdu(Cpu c, int w) {
        long r = Math.unsignedMultiplyHigh(c.gpr[ra(w)], c.gpr[rb(w)]);
        c.gpr[rt(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    /** maddhd RT,RA,RB,RC: high 64 bits of (RA) × (RB) + EXTS(RC), signed (Book I 3.3.9, ISA 3.0). */
    static void maddhd(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)], addend = c.gpr[rc(w)];
        long lo = a * b, sum = lo + addend;
        long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
        c.gpr[rt(w)] = Math.multiplyHigh(a, b) + (addend >> 63) + carry;
    }

    /** maddhdu RT,RA,RB,RC: high 64 bits of (RA) × (RB) + (RC), unsigned (Book I 3.3.9, ISA 3.0). */
    static void maddhdu(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)], addend = c.gpr[rc(w)];
        long lo = a * b, sum = lo + addend;
        long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
        c.gpr[rt(w)] = Math.unsignedMultiplyHigh(a, b) + carry;
    }

    /** maddld RT,RA,RB,RC: low 64 bits of (RA) × (RB) + (RC) (Book I 3.3.9, ISA 3.0). */
    static void maddld(Cpu c, int w) {
        c.gpr[rt(w)] = c.gpr[ra(w)] * c.gpr[rb(w)] + c.gpr[rc(w)];
    }

    // ---- divide --------------------------------------------------------------------------------

    /** Writes a divide's result with OE (OV = OV32 = the undefined-result condition) and Rc. */
    private static void divResult(Cpu c, int w, long r, boolean invalid) {
        if (oe(w)) setOv(c, invalid, invalid);
        c.gpr[rt(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    /** divw[o][.] RT,RA,RB: signed quotient of the low words (Book I 3.3.9). */
    static void divw(Cpu c, int w) {
        int a = (int) c.gpr[ra(w)], b = (int) c.gpr[rb(w)];
        boolean invalid = b == 0 || (a == Integer.MIN_VALUE && b == -1);
        divResult(c, w, (invalid ? a : a / b) & 0xFFFFFFFFL, invalid);
    }

    /** divwu[o][.] RT,RA,RB: unsigned quotient of the low words (Book I 3.3.9). */
    static void divwu(Cpu c, int w) {
        int a = (int) c.gpr[ra(w)], b = (int) c.gpr[rb(w)];
        boolean invalid = b == 0;
        divResult(c, w, (invalid ? a : Integer.divideUnsigned(a, b)) & 0xFFFFFFFFL, invalid);
    }

    /** divwe[o][.] RT,RA,RB: (RA(32:63) || 0x0000_0000) ÷ RB(32:63), signed, 32-bit quotient (Book I 3.3.9). */
    static void divwe(Cpu c, int w) {
        long dividend = c.gpr[ra(w)] << 32, divisor = (int) c.gpr[rb(w)];
        boolean invalid = divisor == 0 || (dividend == Long.MIN_VALUE && divisor == -1);
        long q = 0;
        if (!invalid) {
            q = dividend / divisor;
            invalid = q != (int) q;
        }
        divResult(c, w, invalid ? 0 : q, invalid);
    }

    /** divweu[o][.] RT,RA,RB: (RA(32:63) || 0x0000_0000) ÷ RB(32:63), unsigned (Book I 3.3.9). */
    static void divweu(Cpu c, int w) {
        long dividend = c.gpr[ra(w)] << 32, divisor = c.gpr[rb(w)] & 0xFFFFFFFFL;
        boolean invalid = divisor == 0;
        long q = 0;
        if (!invalid) {
            q = Long.divideUnsigned(dividend, divisor);
            invalid = (q >>> 32) != 0;
        }
        divResult(c, w, invalid ? 0 : q, invalid);
    }

    /** divd[o][.] RT,RA,RB: signed 64-bit quotient (Book I 3.3.9). */
    static void divd(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)];
        boolean invalid = b == 0 || (a == Long.MIN_VALUE && b == -1);
        divResult(c, w, invalid ? a : a / b, invalid);
    }

    /** divdu[o][.] RT,RA,RB: unsigned 64-bit quotient (Book I 3.3.9). */
    static void divdu(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)];
        boolean invalid = b == 0;
        divResult(c, w, invalid ? a : Long.divideUnsigned(a, b), invalid);
    }

    /**
     * divde[o][.] RT,RA,RB: (RA || 0^64) ÷ (RB), signed, 64-bit quotient (Book I 3.3.9). When the
     * quotient needs more than 64 bits the result is 0 (as qemu); when it fits in 64 bits but not
     * as a signed number, OV is set as the ISA requires while RT gets qemu's value, the low 64
     * bits of the quotient (qemu 7.2 misses this overflow).
     */
    static void divde(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)];
        long q = 0;
        boolean invalid = b == 0;
        if (!invalid) {
            // |q| = |a|·2^64 / |b|: an unsigned 128-by-64 division on the magnitudes.
            boolean negative = (a < 0) != (b < 0);
            long ma = a < 0 ? -a : a, mb = b < 0 ? -b : b;
            if (Long.compareUnsigned(ma, mb) >= 0) {
                invalid = true;
            } else {
                long mq = divideUnsigned128(ma, 0, mb);
                q = negative ? -mq : mq;
                invalid = negative ? Long.compareUnsigned(mq, Long.MIN_VALUE) > 0 : mq < 0;
            }
        }
        divResult(c, w, q, invalid);
    }

    /** divdeu[o][.] RT,RA,RB: (RA || 0^64) ÷ (RB), unsigned, 64-bit quotient (Book I 3.3.9). */
    static void divdeu(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)];
        boolean invalid = Long.compareUnsigned(a, b) >= 0;
        divResult(c, w, invalid ? 0 : divideUnsigned128(a, 0, b), invalid);
    }

    /** Quotient of the unsigned 128-bit (hi||lo) by d, for hi < d (so it fits in 64 bits). */
    static long divideUnsigned128(long hi, long lo, long d) {
        long q = 0;
        for (int i = 0; i < 64; i++) {
            boolean top = hi < 0;
            hi = (hi << 1) | (lo >>> 63);
            lo <<= 1;
            q <<= 1;
            if (top || Long.compareUnsigned(hi, d) >= 0) {
                hi -= d;
                q |= 1;
            }
        }
        return q;
    }

    // ---- modulo (ISA 3.0) ----------------------------------------------------------------------

    /** modsw RT,RA,RB: signed remainder of the low words, sign-extended (Book I 3.3.9). */
    static void modsw(Cpu c, int w) {
        int a = (int) c.gpr[ra(w)], b = (int) c.gpr[rb(w)];
        c.gpr[rt(w)] = b == 0 || (a == Integer.MIN_VALUE && b == -1) ? 0 : a % b;
    }

    /** moduw RT,RA,RB: unsigned remainder of the low words (Book I 3.3.9). */
    static void moduw(Cpu c, int w) {
        int a = (int) c.gpr[ra(w)], b = (int) c.gpr[rb(w)];
        c.gpr[rt(w)] = b == 0 ? 0 : Integer.remainderUnsigned(a, b) & 0xFFFFFFFFL;
    }

    /** modsd RT,RA,RB: signed 64-bit remainder (Book I 3.3.9). */
    static void modsd(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)];
        c.gpr[rt(w)] = b == 0 || (a == Long.MIN_VALUE && b == -1) ? 0 : a % b;
    }

    /** modud RT,RA,RB: unsigned 64-bit remainder (Book I 3.3.9). */
    static void modud(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)];
        c.gpr[rt(w)] = b == 0 ? 0 : Long.remainderUnsigned(a, b);
    }
}
