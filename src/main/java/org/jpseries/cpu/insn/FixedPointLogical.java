package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rcBit;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.Fields.ui;
import static org.jpseries.cpu.insn.FixedPoint.recordCr0;

import org.jpseries.cpu.Cpu;
import org.jpseries.isa.Op;

/**
 * Fixed-point logical instructions (PowerISA Book I 3.3.13): boolean operations, sign
 * extension, counting, population count, parity, byte compare and permute, byte reversal, and
 * the ISA 3.1 bit-manipulation instructions. In these X-forms RS is bits 6:10 and RA 11:15.
 */
final class FixedPointLogical {
    private FixedPointLogical() {}

    static void register(InstructionTable t) {
        t.on(Op.ANDI_DOT, FixedPointLogical::andiDot);
        t.on(Op.ANDIS_DOT, FixedPointLogical::andisDot);
        t.on(Op.ORI, FixedPointLogical::ori);
        t.on(Op.ORIS, FixedPointLogical::oris);
        t.on(Op.XORI, FixedPointLogical::xori);
        t.on(Op.XORIS, FixedPointLogical::xoris);
        t.on(Op.AND, FixedPointLogical::and);
        t.on(Op.OR, FixedPointLogical::or);
        t.on(Op.XOR, FixedPointLogical::xor);
        t.on(Op.NAND, FixedPointLogical::nand);
        t.on(Op.NOR, FixedPointLogical::nor);
        t.on(Op.EQV, FixedPointLogical::eqv);
        t.on(Op.ANDC, FixedPointLogical::andc);
        t.on(Op.ORC, FixedPointLogical::orc);
        t.on(Op.EXTSB, FixedPointLogical::extsb);
        t.on(Op.EXTSH, FixedPointLogical::extsh);
        t.on(Op.EXTSW, FixedPointLogical::extsw);
        t.on(Op.EXTSWSLI, FixedPointLogical::extswsli);
        t.on(Op.CNTLZW, FixedPointLogical::cntlzw);
        t.on(Op.CNTLZD, FixedPointLogical::cntlzd);
        t.on(Op.CNTTZW, FixedPointLogical::cnttzw);
        t.on(Op.CNTTZD, FixedPointLogical::cnttzd);
        t.on(Op.POPCNTB, FixedPointLogical::popcntb);
        t.on(Op.POPCNTW, FixedPointLogical::popcntw);
        t.on(Op.POPCNTD, FixedPointLogical::popcntd);
        t.on(Op.PRTYW, FixedPointLogical::prtyw);
        t.on(Op.PRTYD, FixedPointLogical::prtyd);
        t.on(Op.CMPB, FixedPointLogical::cmpb);
        t.on(Op.BPERMD, FixedPointLogical::bpermd);
        t.on(Op.BRD, FixedPointLogical::brd);
        t.on(Op.BRW, FixedPointLogical::brw);
        t.on(Op.BRH, FixedPointLogical::brh);
        t.on(Op.CFUGED, FixedPointLogical::cfuged);
        t.on(Op.CNTLZDM, FixedPointLogical::cntlzdm);
        t.on(Op.CNTTZDM, FixedPointLogical::cnttzdm);
        t.on(Op.PDEPD, FixedPointLogical::pdepd);
        t.on(Op.PEXTD, FixedPointLogical::pextd);
    }

    /** Writes RA and records CR0 if Rc=1. */
    private static void result(Cpu c, int w, long r) {
        c.gpr[ra(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    // ---- immediate forms -----------------------------------------------------------------------

    /** andi. RA,RS,UI: RA = (RS) & UI, records CR0 (Book I 3.3.13). */
    static void andiDot(Cpu c, int w) {
        long r = c.gpr[rt(w)] & ui(w);
        c.gpr[ra(w)] = r;
        recordCr0(c, r);
    }

    /** andis. RA,RS,UI: RA = (RS) & (UI || 0x0000), records CR0 (Book I 3.3.13). */
    static void andisDot(Cpu c, int w) {
        long r = c.gpr[rt(w)] & (ui(w) << 16);
        c.gpr[ra(w)] = r;
        recordCr0(c, r);
    }

    /** ori RA,RS,UI (nop is ori 0,0,0) (Book I 3.3.13). */
    static void ori(Cpu c, int w) {
        c.gpr[ra(w)] = c.gpr[rt(w)] | ui(w);
    }

    /** oris RA,RS,UI (Book I 3.3.13). */
    static void oris(Cpu c, int w) {
        c.gpr[ra(w)] = c.gpr[rt(w)] | (ui(w) << 16);
    }

    /** xori RA,RS,UI (Book I 3.3.13). */
    static void xori(Cpu c, int w) {
        c.gpr[ra(w)] = c.gpr[rt(w)] ^ ui(w);
    }

    /** xoris RA,RS,UI (Book I 3.3.13). */
    static void xoris(Cpu c, int w) {
        c.gpr[ra(w)] = c.gpr[rt(w)] ^ (ui(w) << 16);
    }

    // ---- X-form boolean operations -------------------------------------------------------------

    /** and[.] RA,RS,RB (Book I 3.3.13). */
    static void and(Cpu c, int w) {
        result(c, w, c.gpr[rt(w)] & c.gpr[rb(w)]);
    }

    /**
     * or[.] RA,RS,RB (Book I 3.3.13). {@code or Rx,Rx,Rx} is also a Program Priority Register hint
     * (Book II 3.2): in problem state 1 sets low, 6 medium-low and 2 medium priority; the other
     * priorities need privilege (very high needs hypervisor state) and are ignored otherwise. GPRs are unchanged by these forms anyway.
     */
    static void or(Cpu c, int w) {
        int rs = rt(w), rb = rb(w);
        if (rs == rb && rs == ra(w) && rs != 0) priorityHint(c, rs);
        result(c, w, c.gpr[rs] | c.gpr[rb]);
    }

    /** The PPR[PRI] (bits 11:13) value requested by {@code or rs,rs,rs}. */
    private static void priorityHint(Cpu c, int rs) {
        boolean problem = (c.msr & Cpu.MSR_PR) != 0;
        int pri = switch (rs) {
            case 1 -> 2;
            case 6 -> 3;
            case 2 -> 4;
            case 31 -> problem ? 0 : 1;
            case 5 -> problem ? 0 : 5;
            case 3 -> problem ? 0 : 6;
            case 7 -> problem || (c.msr & Cpu.MSR_HV) == 0 ? 0 : 7;
            default -> 0;
        };
        if (pri != 0) c.ppr = (c.ppr & ~(7L << 50)) | ((long) pri << 50);
    }

    /** xor[.] RA,RS,RB (Book I 3.3.13). */
    static void xor(Cpu c, int w) {
        result(c, w, c.gpr[rt(w)] ^ c.gpr[rb(w)]);
    }

    /** nand[.] RA,RS,RB (Book I 3.3.13). */
    static void nand(Cpu c, int w) {
        result(c, w, ~(c.gpr[rt(w)] & c.gpr[rb(w)]));
    }

    /** nor[.] RA,RS,RB (Book I 3.3.13). */
    static void nor(Cpu c, int w) {
        result(c, w, ~(c.gpr[rt(w)] | c.gpr[rb(w)]));
    }

    /** eqv[.] RA,RS,RB (Book I 3.3.13). */
    static void eqv(Cpu c, int w) {
        result(c, w, ~(c.gpr[rt(w)] ^ c.gpr[rb(w)]));
    }

    /** andc[.] RA,RS,RB (Book I 3.3.13). */
    static void andc(Cpu c, int w) {
        result(c, w, c.gpr[rt(w)] & ~c.gpr[rb(w)]);
    }

    /** orc[.] RA,RS,RB (Book I 3.3.13). */
    static void orc(Cpu c, int w) {
        result(c, w, c.gpr[rt(w)] | ~c.gpr[rb(w)]);
    }

    // ---- sign extension and counting -----------------------------------------------------------

    /** extsb[.] RA,RS (Book I 3.3.13). */
    static void extsb(Cpu c, int w) {
        result(c, w, (byte) c.gpr[rt(w)]);
    }

    /** extsh[.] RA,RS (Book I 3.3.13). */
    static void extsh(Cpu c, int w) {
        result(c, w, (short) c.gpr[rt(w)]);
    }

    /** extsw[.] RA,RS (Book I 3.3.13). */
    static void extsw(Cpu c, int w) {
        result(c, w, (int) c.gpr[rt(w)]);
    }

    /** extswsli[.] RA,RS,SH: EXTS(RS(32:63)) shifted left by the 6-bit SH (Book I 3.3.14.2, ISA 3.0). */
    static void extswsli(Cpu c, int w) {
        int sh = rb(w) | ((w & 2) << 4);
        result(c, w, (long) (int) c.gpr[rt(w)] << sh);
    }

    /** cntlzw[.] RA,RS (Book I 3.3.13). */
    static void cntlzw(Cpu c, int w) {
        result(c, w, Integer.numberOfLeadingZeros((int) c.gpr[rt(w)]));
    }

    /** cntlzd[.] RA,RS (Book I 3.3.13). */
    static void cntlzd(Cpu c, int w) {
        result(c, w, Long.numberOfLeadingZeros(c.gpr[rt(w)]));
    }

    /** cnttzw[.] RA,RS (Book I 3.3.13, ISA 3.0). */
    static void cnttzw(Cpu c, int w) {
        result(c, w, Integer.numberOfTrailingZeros((int) c.gpr[rt(w)]));
    }

    /** cnttzd[.] RA,RS (Book I 3.3.13, ISA 3.0). */
    static void cnttzd(Cpu c, int w) {
        result(c, w, Long.numberOfTrailingZeros(c.gpr[rt(w)]));
    }

    /** popcntb RA,RS: the number of one bits of each byte, in that byte (Book I 3.3.13). */
    static void popcntb(Cpu c, int w) {
        long x = c.gpr[rt(w)];
        x = x - ((x >>> 1) & 0x5555555555555555L);
        x = (x & 0x3333333333333333L) + ((x >>> 2) & 0x3333333333333333L);
        c.gpr[ra(w)] = (x + (x >>> 4)) & 0x0F0F0F0F0F0F0F0FL;
    }

    /** popcntw RA,RS: the number of one bits of each word, in that word (Book I 3.3.13). */
    static void popcntw(Cpu c, int w) {
        long x = c.gpr[rt(w)];
        c.gpr[ra(w)] = ((long) Integer.bitCount((int) (x >>> 32)) << 32) | Integer.bitCount((int) x);
    }

    /** popcntd RA,RS (Book I 3.3.13). */
    static void popcntd(Cpu c, int w) {
        c.gpr[ra(w)] = Long.bitCount(c.gpr[rt(w)]);
    }

    /** prtyw RA,RS: per word, the parity of the least significant bits of its bytes (Book I 3.3.13). */
    static void prtyw(Cpu c, int w) {
        long x = c.gpr[rt(w)] & 0x0101010101010101L;
        x ^= x >>> 16;
        x ^= x >>> 8;
        c.gpr[ra(w)] = x & 0x0000000100000001L;
    }

    /** prtyd RA,RS: the parity of the least significant bits of the eight bytes (Book I 3.3.13). */
    static void prtyd(Cpu c, int w) {
        c.gpr[ra(w)] = Long.bitCount(c.gpr[rt(w)] & 0x0101010101010101L) & 1;
    }

    /** cmpb RA,RS,RB: each byte 0xFF where the bytes of RS and RB are equal, else 0x00 (Book I 3.3.13). */
    static void cmpb(Cpu c, int w) {
        long x = c.gpr[rt(w)] ^ c.gpr[rb(w)], r = 0;
        for (int i = 0; i < 64; i += 8) {
            if (((x >>> i) & 0xFF) == 0) r |= 0xFFL << i;
        }
        c.gpr[ra(w)] = r;
    }

    /**
     * bpermd RA,RS,RB (Book I 3.3.13): byte i of RS indexes a bit of RB (ISA numbering, indexes
     * of 64 or more give 0); the eight selected bits form RA(56:63), byte 0's bit leftmost.
     */
    static void bpermd(Cpu c, int w) {
        long s = c.gpr[rt(w)], b = c.gpr[rb(w)];
        int r = 0;
        for (int i = 0; i < 8; i++) {
            int index = (int) (s >>> (56 - 8 * i)) & 0xFF;
            int bit = index < 64 ? (int) (b >>> (63 - index)) & 1 : 0;
            r |= bit << (7 - i);
        }
        c.gpr[ra(w)] = r;
    }

    // ---- ISA 3.1 -------------------------------------------------------------------------------

    /** brd RA,RS: reverse the bytes of the doubleword (Book I 3.3.13, ISA 3.1). */
    static void brd(Cpu c, int w) {
        c.gpr[ra(w)] = Long.reverseBytes(c.gpr[rt(w)]);
    }

    /** brw RA,RS: reverse the bytes of each word (ISA 3.1). */
    static void brw(Cpu c, int w) {
        long x = c.gpr[rt(w)];
        c.gpr[ra(w)] = ((long) Integer.reverseBytes((int) (x >>> 32)) << 32)
                | (Integer.reverseBytes((int) x) & 0xFFFFFFFFL);
    }

    /** brh RA,RS: reverse the bytes of each halfword (ISA 3.1). */
    static void brh(Cpu c, int w) {
        long x = c.gpr[rt(w)];
        c.gpr[ra(w)] = ((x >>> 8) & 0x00FF00FF00FF00FFL) | ((x & 0x00FF00FF00FF00FFL) << 8);
    }

    /**
     * cfuged RA,RS,RB (Book I 3.3.13, ISA 3.1): the bits of RS where RB is 0, in order, moved to
     * the left, followed by the bits of RS where RB is 1, in order, at the right.
     */
    static void cfuged(Cpu c, int w) {
        long s = c.gpr[rt(w)], m = c.gpr[rb(w)];
        long ones = Long.compress(s, m);
        long zeros = Long.compress(s, ~m);
        int n = Long.bitCount(m);
        c.gpr[ra(w)] = (n == 64 ? 0 : zeros << n) | ones;
    }

    /** cntlzdm RA,RS,RB: leading zeros of RS counted over the bit positions where RB is 1 (ISA 3.1). */
    static void cntlzdm(Cpu c, int w) {
        long m = c.gpr[rb(w)];
        long x = Long.compress(c.gpr[rt(w)], m);
        c.gpr[ra(w)] = Long.numberOfLeadingZeros(x) - (64 - Long.bitCount(m));
    }

    /** cnttzdm RA,RS,RB: trailing zeros of RS counted over the bit positions where RB is 1 (ISA 3.1). */
    static void cnttzdm(Cpu c, int w) {
        long m = c.gpr[rb(w)];
        long x = Long.compress(c.gpr[rt(w)], m);
        c.gpr[ra(w)] = x == 0 ? Long.bitCount(m) : Long.numberOfTrailingZeros(x);
    }

    /** pdepd RA,RS,RB: deposit the low bits of RS at the positions of the one bits of RB (ISA 3.1). */
    static void pdepd(Cpu c, int w) {
        c.gpr[ra(w)] = Long.expand(c.gpr[rt(w)], c.gpr[rb(w)]);
    }

    /** pextd RA,RS,RB: gather the bits of RS at the one bits of RB into the low bits (ISA 3.1). */
    static void pextd(Cpu c, int w) {
        c.gpr[ra(w)] = Long.compress(c.gpr[rt(w)], c.gpr[rb(w)]);
    }
}
