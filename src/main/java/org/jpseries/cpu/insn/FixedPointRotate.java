package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rcBit;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.insn.FixedPoint.recordCr0;
import static org.jpseries.cpu.insn.FixedPoint.setCa;

import org.jpseries.cpu.Cpu;
import org.jpseries.isa.Op;

/**
 * Fixed-point rotate and shift instructions (PowerISA Book I 3.3.14). Word rotates rotate the
 * low word duplicated into both halves (ROTL32), so a mask that wraps (MB > ME) also keeps a
 * copy of the rotated word in the high half, as the ISA defines.
 */
final class FixedPointRotate {
    private FixedPointRotate() {}

    static void register(InstructionTable t) {
        t.on(Op.RLWINM, FixedPointRotate::rlwinm);
        t.on(Op.RLWNM, FixedPointRotate::rlwnm);
        t.on(Op.RLWIMI, FixedPointRotate::rlwimi);
        t.on(Op.RLDICL, FixedPointRotate::rldicl);
        t.on(Op.RLDICR, FixedPointRotate::rldicr);
        t.on(Op.RLDIC, FixedPointRotate::rldic);
        t.on(Op.RLDCL, FixedPointRotate::rldcl);
        t.on(Op.RLDCR, FixedPointRotate::rldcr);
        t.on(Op.RLDIMI, FixedPointRotate::rldimi);
        t.on(Op.SLW, FixedPointRotate::slw);
        t.on(Op.SRW, FixedPointRotate::srw);
        t.on(Op.SRAW, FixedPointRotate::sraw);
        t.on(Op.SRAWI, FixedPointRotate::srawi);
        t.on(Op.SLD, FixedPointRotate::sld);
        t.on(Op.SRD, FixedPointRotate::srd);
        t.on(Op.SRAD, FixedPointRotate::srad);
        t.on(Op.SRADI, FixedPointRotate::sradi);
    }

    /** MASK(mb, me) in ISA bit numbering: ones from bit mb to bit me, wrapping if mb > me (Book I 3.3.14). */
    static long mask(int mb, int me) {
        long fromMb = -1L >>> mb, toMe = -1L << (63 - me);
        return mb <= me ? fromMb & toMe : fromMb | toMe;
    }

    /** ROTL32(x, n): the low word of x, duplicated in both halves, rotated left by n. */
    static long rotl32(long x, int n) {
        long d = (x & 0xFFFFFFFFL) | (x << 32);
        return Long.rotateLeft(d, n);
    }

    /** SH (bits 16:20) of M-form, MB (bits 21:25), ME (bits 26:30). */
    private static int mMb(int w) {
        return (w >>> 6) & 31;
    }

    private static int mMe(int w) {
        return (w >>> 1) & 31;
    }

    /** The 6-bit sh of MD/XS-forms: sh(0:4) in bits 16:20, sh(5) in bit 30. */
    private static int sh6(int w) {
        return rb(w) | ((w & 2) << 4);
    }

    /** The 6-bit mb/me of MD/MDS-forms: bits 21:25 are its low five bits, bit 26 its high bit. */
    private static int mbe6(int w) {
        return ((w >>> 6) & 31) | (w & 0x20);
    }

    private static void result(Cpu c, int w, long r) {
        c.gpr[ra(w)] = r;
        if (rcBit(w)) recordCr0(c, r);
    }

    /** rlwinm[.] RA,RS,SH,MB,ME: ROTL32(RS, SH) & MASK(MB+32, ME+32) (Book I 3.3.14.1). */
    static void rlwinm(Cpu c, int w) {
        result(c, w, rotl32(c.gpr[rt(w)], rb(w)) & mask(mMb(w) + 32, mMe(w) + 32));
    }

    /** rlwnm[.] RA,RS,RB,MB,ME: rotate by RB(59:63) (Book I 3.3.14.1). */
    static void rlwnm(Cpu c, int w) {
        int n = (int) c.gpr[rb(w)] & 31;
        result(c, w, rotl32(c.gpr[rt(w)], n) & mask(mMb(w) + 32, mMe(w) + 32));
    }

    /** rlwimi[.] RA,RS,SH,MB,ME: insert the rotated word under the mask (Book I 3.3.14.1). */
    static void rlwimi(Cpu c, int w) {
        long m = mask(mMb(w) + 32, mMe(w) + 32);
        result(c, w, (rotl32(c.gpr[rt(w)], rb(w)) & m) | (c.gpr[ra(w)] & ~m));
    }

    /** rldicl[.] RA,RS,SH,MB: ROTL64(RS, SH) & MASK(MB, 63) (Book I 3.3.14.1). */
    static void rldicl(Cpu c, int w) {
        result(c, w, Long.rotateLeft(c.gpr[rt(w)], sh6(w)) & (-1L >>> mbe6(w)));
    }

    /** rldicr[.] RA,RS,SH,ME: ROTL64(RS, SH) & MASK(0, ME) (Book I 3.3.14.1). */
    static void rldicr(Cpu c, int w) {
        result(c, w, Long.rotateLeft(c.gpr[rt(w)], sh6(w)) & (-1L << (63 - mbe6(w))));
    }

    /** rldic[.] RA,RS,SH,MB: ROTL64(RS, SH) & MASK(MB, 63-SH) (Book I 3.3.14.1). */
    static void rldic(Cpu c, int w) {
        int sh = sh6(w);
        result(c, w, Long.rotateLeft(c.gpr[rt(w)], sh) & mask(mbe6(w), 63 - sh));
    }

    /** rldcl[.] RA,RS,RB,MB: rotate by RB(58:63), MASK(MB, 63) (Book I 3.3.14.1). */
    static void rldcl(Cpu c, int w) {
        result(c, w, Long.rotateLeft(c.gpr[rt(w)], (int) c.gpr[rb(w)] & 63) & (-1L >>> mbe6(w)));
    }

    /** rldcr[.] RA,RS,RB,ME: rotate by RB(58:63), MASK(0, ME) (Book I 3.3.14.1). */
    static void rldcr(Cpu c, int w) {
        result(c, w, Long.rotateLeft(c.gpr[rt(w)], (int) c.gpr[rb(w)] & 63) & (-1L << (63 - mbe6(w))));
    }

    /** rldimi[.] RA,RS,SH,MB: insert ROTL64(RS, SH) under MASK(MB, 63-SH) (Book I 3.3.14.1). */
    static void rldimi(Cpu c, int w) {
        int sh = sh6(w);
        long m = mask(mbe6(w), 63 - sh);
        result(c, w, (Long.rotateLeft(c.gpr[rt(w)], sh) & m) | (c.gpr[ra(w)] & ~m));
    }

    /** slw[.] RA,RS,RB: the low word shifted left by RB(58:63); 0 for amounts of 32 to 63 (Book I 3.3.14.2). */
    static void slw(Cpu c, int w) {
        int n = (int) c.gpr[rb(w)] & 63;
        result(c, w, n < 32 ? (c.gpr[rt(w)] << n) & 0xFFFFFFFFL : 0);
    }

    /** srw[.] RA,RS,RB: the low word shifted right logically by RB(58:63) (Book I 3.3.14.2). */
    static void srw(Cpu c, int w) {
        int n = (int) c.gpr[rb(w)] & 63;
        result(c, w, n < 32 ? (c.gpr[rt(w)] & 0xFFFFFFFFL) >>> n : 0);
    }

    /**
     * The algebraic shift (Book I 3.3.14.2) of {@code x}, a doubleword or a sign-extended word,
     * right by n (0..127; all sign bits from 64 on, so from 32 on for a word); CA = CA32 =
     * x negative and one bits shifted out.
     */
    private static void shiftRightAlgebraic(Cpu c, int w, long x, int n) {
        long r;
        boolean ca;
        if (n < 64) {
            r = x >> n;
            ca = x < 0 && (x & ((1L << n) - 1)) != 0;
        } else {
            r = x >> 63;
            ca = x < 0;
        }
        setCa(c, ca, ca);
        result(c, w, r);
    }

    /** sraw[.] RA,RS,RB (Book I 3.3.14.2). */
    static void sraw(Cpu c, int w) {
        shiftRightAlgebraic(c, w, (int) c.gpr[rt(w)], (int) c.gpr[rb(w)] & 63);
    }

    /** srawi[.] RA,RS,SH (Book I 3.3.14.2). */
    static void srawi(Cpu c, int w) {
        shiftRightAlgebraic(c, w, (int) c.gpr[rt(w)], rb(w));
    }

    /** sld[.] RA,RS,RB: shift left by RB(57:63); 0 for amounts of 64 to 127 (Book I 3.3.14.2). */
    static void sld(Cpu c, int w) {
        int n = (int) c.gpr[rb(w)] & 127;
        result(c, w, n < 64 ? c.gpr[rt(w)] << n : 0);
    }

    /** srd[.] RA,RS,RB: shift right logically by RB(57:63) (Book I 3.3.14.2). */
    static void srd(Cpu c, int w) {
        int n = (int) c.gpr[rb(w)] & 127;
        result(c, w, n < 64 ? c.gpr[rt(w)] >>> n : 0);
    }

    /** srad[.] RA,RS,RB (Book I 3.3.14.2). */
    static void srad(Cpu c, int w) {
        shiftRightAlgebraic(c, w, c.gpr[rt(w)], (int) c.gpr[rb(w)] & 127);
    }

    /** sradi[.] RA,RS,SH (Book I 3.3.14.2). */
    static void sradi(Cpu c, int w) {
        shiftRightAlgebraic(c, w, c.gpr[rt(w)], sh6(w));
    }
}
