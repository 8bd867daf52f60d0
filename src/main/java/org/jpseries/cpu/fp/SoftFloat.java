package org.jpseries.cpu.fp;

import static org.jpseries.cpu.fp.Fpscr.VXIDI;
import static org.jpseries.cpu.fp.Fpscr.VXIMZ;
import static org.jpseries.cpu.fp.Fpscr.VXISI;
import static org.jpseries.cpu.fp.Fpscr.VXSNAN;
import static org.jpseries.cpu.fp.Fpscr.VXSQRT;
import static org.jpseries.cpu.fp.Fpscr.VXZDZ;
import static org.jpseries.cpu.fp.Fpscr.ZX;

import java.math.BigInteger;

/**
 * Correctly rounded IEEE-754 arithmetic on any {@link BinaryFormat}, computed exactly with
 * integer significands (BigInteger) and rounded once by {@link Rounder}. Operands are in the
 * storage format {@code in}; the result is rounded to {@code tf} (the same, or narrower for the
 * single-precision instructions that operate on double-format registers) and delivered in
 * {@code in} format. Special cases (NaN propagation, invalid operations, zero divide) follow
 * Book I 4.3.2 and 4.4.1: the first NaN operand in ISA order is propagated, quieted; an
 * invalid operation without NaN operand gives the default quiet NaN.
 */
public final class SoftFloat {
    private SoftFloat() {}

    // ---- special values -------------------------------------------------------------------------

    /** Delivers NaN operand (hi, lo) quieted, its fraction truncated to {@code tf}'s precision. */
    static Rounded nan(Rounded out, BinaryFormat in, BinaryFormat tf, long hi, long lo, long flags) {
        hi |= in.quietBit();
        if (tf != in) {
            int drop = in.fracBits - tf.fracBits;
            if (in == BinaryFormat.QUAD) {
                if (drop >= 64) {
                    lo = 0;
                    hi &= -1L << (drop - 64);
                } else {
                    lo &= -1L << drop;
                }
            } else {
                hi &= -1L << drop;
            }
        }
        return out.set(hi, lo, flags, Fpscr.C_QNAN);
    }

    static Rounded defaultNaN(Rounded out, BinaryFormat in, long flags) {
        return out.set(in.defaultNaNHi(), 0, flags, Fpscr.C_QNAN);
    }

    static Rounded inf(Rounded out, BinaryFormat in, boolean neg, long flags) {
        return out.set(in.infHi(neg), 0, flags, neg ? Fpscr.C_NINF : Fpscr.C_PINF);
    }

    static Rounded zero(Rounded out, BinaryFormat in, boolean neg, long flags) {
        return out.set(neg ? in.signBit() : 0, 0, flags, neg ? Fpscr.C_NZERO : Fpscr.C_PZERO);
    }

    static long snanFlag(BinaryFormat in, long hi, long lo) {
        return in.isSNaN(hi, lo) ? VXSNAN : 0;
    }

    /** Rounds exactly computed (-1)^neg * mag * 2^e (+sticky) to tf and delivers it in format in. */
    static Rounded finish(Rounded out, BinaryFormat in, BinaryFormat tf, int rm, boolean neg, BigInteger mag, int e,
            boolean sticky, boolean oe, boolean ue) {
        Rounder.round(out, tf, rm, neg, mag, e, sticky, oe, ue);
        if (tf != in) widenInPlace(out, tf, in);
        return out;
    }

    /** Converts out's value from format {@code from} to the wider {@code to}, exactly (keeps fprf/flags). */
    static void widenInPlace(Rounded out, BinaryFormat from, BinaryFormat to) {
        long flags = out.flags;
        int fprf = out.fprf;
        long[] w = widen(from, to, out.hi, out.lo);
        out.set(w[0], w[1], flags, fprf);
    }

    /** Exact conversion of a value to a wider format; NaN payloads are left-aligned (Book I 4.6.2). */
    public static long[] widen(BinaryFormat from, BinaryFormat to, long hi, long lo) {
        if (from == BinaryFormat.SINGLE && to == BinaryFormat.DOUBLE) return new long[] {Formats.singleToDouble((int) hi), 0};
        boolean neg = from.sign(hi);
        int be = from.biasedExp(hi);
        if (be == from.expMax) {
            // Infinity or NaN: the fraction moves to the top of the wider fraction.
            BigInteger frac = from.significand(hi, lo);
            frac = frac.shiftLeft(to.fracBits - from.fracBits);
            return packRaw(to, neg, to.expMax, frac);
        }
        if (from.isZero(hi, lo)) return packRaw(to, neg, 0, BigInteger.ZERO);
        Rounded r = Rounder.round(new Rounded(), to, Fpscr.RN_NEAR, neg, from.significand(hi, lo), from.unitExp(hi),
                false, false, false);
        return new long[] {r.hi, r.lo};
    }

    static long[] packRaw(BinaryFormat f, boolean neg, int biased, BigInteger frac) {
        Rounded r = Rounder.pack(new Rounded(), f, neg, biased, frac, 0);
        return new long[] {r.hi, r.lo};
    }

    // ---- arithmetic -----------------------------------------------------------------------------

    /**
     * The NaN case of a two-operand operation: when a or b is a NaN, delivers the first one (a
     * before b) in out, quieted, with VXSNAN if either is signalling, and returns true.
     */
    private static boolean nanOperand(Rounded out, BinaryFormat in, BinaryFormat tf, long ah, long al, long bh, long bl) {
        boolean an = in.isNaN(ah, al);
        if (!an && !in.isNaN(bh, bl)) return false;
        long fl = snanFlag(in, ah, al) | snanFlag(in, bh, bl);
        if (an) nan(out, in, tf, ah, al, fl);
        else nan(out, in, tf, bh, bl, fl);
        return true;
    }

    /** a + b, or a - b when {@code sub} (fadd, fsub, xsadddp, xsaddqp ...). */
    public static Rounded add(Rounded out, BinaryFormat in, BinaryFormat tf, int rm, boolean oe, boolean ue,
            long ah, long al, long bh, long bl, boolean sub) {
        // A NaN FRB is propagated with its own sign, not the one subtraction would give it.
        if (nanOperand(out, in, tf, ah, al, bh, bl)) return out;
        if (sub) bh ^= in.signBit();
        boolean as = in.sign(ah), bs = in.sign(bh);
        boolean ai = in.isInf(ah, al), bi = in.isInf(bh, bl);
        if (ai || bi) {
            if (ai && bi && as != bs) return defaultNaN(out, in, VXISI);
            return inf(out, in, ai ? as : bs, 0);
        }
        BigInteger sa = in.significand(ah, al), sb = in.significand(bh, bl);
        int ea = in.unitExp(ah), eb = in.unitExp(bh);
        int e = Math.min(ea, eb);
        BigInteger x = sa.shiftLeft(ea - e), y = sb.shiftLeft(eb - e);
        if (as) x = x.negate();
        if (bs) y = y.negate();
        BigInteger s = x.add(y);
        if (s.signum() == 0) {
            // Exact zero sum: -0 for (-0)+(-0), and for opposite signs only when rounding toward -inf.
            boolean neg = (as && bs) || (as != bs && rm == Fpscr.RN_MINF);
            return zero(out, in, neg, 0);
        }
        return finish(out, in, tf, rm, s.signum() < 0, s.abs(), e, false, oe, ue);
    }

    /** a * b (fmul, xsmuldp, xsmulqp ...); NaN order a, b. */
    public static Rounded mul(Rounded out, BinaryFormat in, BinaryFormat tf, int rm, boolean oe, boolean ue,
            long ah, long al, long bh, long bl) {
        if (nanOperand(out, in, tf, ah, al, bh, bl)) return out;
        boolean neg = in.sign(ah) != in.sign(bh);
        boolean ai = in.isInf(ah, al), bi = in.isInf(bh, bl), az = in.isZero(ah, al), bz = in.isZero(bh, bl);
        if ((ai && bz) || (bi && az)) return defaultNaN(out, in, VXIMZ);
        if (ai || bi) return inf(out, in, neg, 0);
        if (az || bz) return zero(out, in, neg, 0);
        BigInteger m = in.significand(ah, al).multiply(in.significand(bh, bl));
        return finish(out, in, tf, rm, neg, m, in.unitExp(ah) + in.unitExp(bh), false, oe, ue);
    }

    /** a / b (fdiv, xsdivdp, xsdivqp ...). */
    public static Rounded div(Rounded out, BinaryFormat in, BinaryFormat tf, int rm, boolean oe, boolean ue,
            long ah, long al, long bh, long bl) {
        if (nanOperand(out, in, tf, ah, al, bh, bl)) return out;
        boolean neg = in.sign(ah) != in.sign(bh);
        boolean ai = in.isInf(ah, al), bi = in.isInf(bh, bl), az = in.isZero(ah, al), bz = in.isZero(bh, bl);
        if (ai && bi) return defaultNaN(out, in, VXIDI);
        if (az && bz) return defaultNaN(out, in, VXZDZ);
        if (ai) return inf(out, in, neg, 0);
        if (bi) return zero(out, in, neg, 0);
        if (bz) return inf(out, in, neg, ZX);
        if (az) return zero(out, in, neg, 0);
        BigInteger sa = in.significand(ah, al), sb = in.significand(bh, bl);
        int k = Math.max(0, tf.precision + 3 + sb.bitLength() - sa.bitLength());
        BigInteger[] qr = sa.shiftLeft(k).divideAndRemainder(sb);
        return finish(out, in, tf, rm, neg, qr[0], in.unitExp(ah) - in.unitExp(bh) - k, qr[1].signum() != 0, oe, ue);
    }

    /** Square root (fsqrt, xssqrtdp, xssqrtqp ...). */
    public static Rounded sqrt(Rounded out, BinaryFormat in, BinaryFormat tf, int rm, boolean oe, boolean ue,
            long bh, long bl) {
        if (in.isNaN(bh, bl)) return nan(out, in, tf, bh, bl, snanFlag(in, bh, bl));
        boolean neg = in.sign(bh);
        if (in.isZero(bh, bl)) return zero(out, in, neg, 0);
        if (neg) return defaultNaN(out, in, VXSQRT);
        if (in.isInf(bh, bl)) return inf(out, in, false, 0);
        BigInteger s = in.significand(bh, bl);
        int e = in.unitExp(bh);
        if ((e & 1) != 0) {
            s = s.shiftLeft(1);
            e--;
        }
        int k = Math.max(0, (2 * (tf.precision + 3) - s.bitLength() + 1) / 2 + 1);
        BigInteger n = s.shiftLeft(2 * k);
        BigInteger r = n.sqrt();
        boolean sticky = !r.multiply(r).equals(n);
        return finish(out, in, tf, rm, false, r, e / 2 - k, sticky, oe, ue);
    }

    /**
     * Fused multiply-add a*c + b, with the product and/or the addend negated, and the rounded result
     * negated (the fnm* forms: NaN results keep their sign). NaN order a, b, c (Book I 4.6.5.2).
     */
    public static Rounded fma(Rounded out, BinaryFormat in, BinaryFormat tf, int rm, boolean oe, boolean ue,
            long ah, long al, long ch, long cl, long bh, long bl, boolean negAddend, boolean negResult) {
        boolean an = in.isNaN(ah, al), bn = in.isNaN(bh, bl), cn = in.isNaN(ch, cl);
        long fl = snanFlag(in, ah, al) | snanFlag(in, bh, bl) | snanFlag(in, ch, cl);
        boolean ai = in.isInf(ah, al), ci = in.isInf(ch, cl), az = in.isZero(ah, al), cz = in.isZero(ch, cl);
        boolean imz = (ai && cz) || (ci && az);
        if (imz) fl |= VXIMZ;
        if (an || bn || cn) {
            if (an) return nan(out, in, tf, ah, al, fl);
            if (bn) return nan(out, in, tf, bh, bl, fl);
            return nan(out, in, tf, ch, cl, fl);
        }
        if (imz) return defaultNaN(out, in, fl);
        boolean pneg = in.sign(ah) != in.sign(ch);
        boolean bneg = in.sign(bh) != negAddend;
        boolean bi = in.isInf(bh, bl);
        if (ai || ci) {
            if (bi && bneg != pneg) return defaultNaN(out, in, VXISI);
            return negate(inf(out, in, pneg, 0), in, negResult);
        }
        if (bi) return negate(inf(out, in, bneg, 0), in, negResult);
        BigInteger p = in.significand(ah, al).multiply(in.significand(ch, cl));
        int ep = in.unitExp(ah) + in.unitExp(ch);
        BigInteger sb = in.significand(bh, bl);
        int eb = in.unitExp(bh);
        int e = Math.min(ep, eb);
        BigInteger x = p.shiftLeft(ep - e), y = sb.shiftLeft(eb - e);
        if (pneg) x = x.negate();
        if (bneg) y = y.negate();
        BigInteger s = x.add(y);
        if (s.signum() == 0) {
            boolean pz = p.signum() == 0, bz = sb.signum() == 0;
            boolean neg;
            if (pz && bz) neg = pneg && bneg || (pneg != bneg && rm == Fpscr.RN_MINF);
            else neg = rm == Fpscr.RN_MINF;
            return negate(zero(out, in, neg, 0), in, negResult);
        }
        finish(out, in, tf, rm != Fpscr.RN_NEAR && negResult ? mirror(rm) : rm, s.signum() < 0 != negResult,
                s.abs(), e, false, oe, ue);
        return out;
    }

    /**
     * The fnm* forms round the fused result and then negate it (Book I 4.6.5.2): rounding x then
     * negating equals rounding -x in the mirrored directed mode, which is how {@link #fma} does it.
     */
    static int mirror(int rm) {
        return rm == Fpscr.RN_PINF ? Fpscr.RN_MINF : rm == Fpscr.RN_MINF ? Fpscr.RN_PINF : rm;
    }

    static Rounded negate(Rounded out, BinaryFormat in, boolean neg) {
        if (!neg) return out;
        out.hi ^= in.signBit();
        out.fprf = Fpscr.classOf(in, out.hi, out.lo);
        return out;
    }

    // ---- conversions ----------------------------------------------------------------------------

    /** Rounds a value of format {@code in} to the narrower {@code tf}, delivered in tf (xscvdpsp, xscvqpdp). */
    public static Rounded narrow(Rounded out, BinaryFormat in, BinaryFormat tf, int rm, boolean oe, boolean ue,
            long hi, long lo) {
        boolean neg = in.sign(hi);
        if (in.isNaN(hi, lo)) {
            long fl = snanFlag(in, hi, lo);
            hi |= in.quietBit();
            BigInteger frac = in.significand(hi, lo).shiftRight(in.fracBits - tf.fracBits);
            long[] r = packRaw(tf, neg, tf.expMax, frac);
            return out.set(r[0], r[1], fl, Fpscr.C_QNAN);
        }
        if (in.isInf(hi, lo)) return inf(out, tf, neg, 0);
        if (in.isZero(hi, lo)) return zero(out, tf, neg, 0);
        return Rounder.round(out, tf, rm, neg, in.significand(hi, lo), in.unitExp(hi), false, oe, ue);
    }

    /** Rounds an exact integer to tf, delivered in format {@code in} (fcfid, xscvsdqp ...). */
    public static Rounded fromInteger(Rounded out, BinaryFormat in, BinaryFormat tf, int rm, BigInteger v) {
        if (v.signum() == 0) return zero(out, in, false, 0);
        return finish(out, in, tf, rm, v.signum() < 0, v.abs(), 0, false, false, false);
    }

    /**
     * Rounds a finite value to an integer in mode rm; sets out.flags XX|FI if inexact and FR if the
     * magnitude was incremented. The integer is returned; the caller saturates.
     */
    public static BigInteger toIntegerValue(Rounded out, BinaryFormat in, int rm, long hi, long lo) {
        boolean neg = in.sign(hi);
        BigInteger s = in.significand(hi, lo);
        int e = in.unitExp(hi);
        out.flags = 0;
        if (s.signum() == 0) return BigInteger.ZERO;
        BigInteger m;
        if (e >= 0) {
            m = s.shiftLeft(e);
        } else {
            int sh = -e;
            m = s.shiftRight(sh);
            boolean guard = s.testBit(sh - 1);
            int low = s.getLowestSetBit();
            boolean rest = low < sh - 1;
            boolean inexact = guard || rest;
            if (Rounder.increment(rm, neg, inexact, guard, rest, m.testBit(0))) {
                m = m.add(BigInteger.ONE);
                out.flags |= Fpscr.FR;
            }
            if (inexact) out.flags |= Fpscr.XX | Fpscr.FI;
        }
        return neg ? m.negate() : m;
    }

    /**
     * Rounds to an integral value in the same format (frin/friz/frip/frim, xsrdpi*, xsrqpi): NaN
     * operands are quieted with VXSNAN; zero results keep the operand's sign. {@code out.flags}
     * gets XX|FI when inexact (callers that must not report inexact mask it).
     */
    public static Rounded roundToIntegral(Rounded out, BinaryFormat in, int rm, long hi, long lo) {
        if (in.isNaN(hi, lo)) return nan(out, in, in, hi, lo, snanFlag(in, hi, lo));
        boolean neg = in.sign(hi);
        if (in.isInf(hi, lo)) return inf(out, in, neg, 0);
        if (in.isZero(hi, lo) || in.unitExp(hi) >= 0) {
            return out.set(hi, lo, 0, Fpscr.classOf(in, hi, lo));
        }
        BigInteger v = toIntegerValue(out, in, rm, hi, lo);
        long fl = out.flags & (Fpscr.XX | Fpscr.FI);
        if (v.signum() == 0) return zero(out, in, neg, fl);
        Rounder.round(out, in, Fpscr.RN_NEAR, neg, v.abs(), 0, false, false, false);
        out.flags = fl;
        return out;
    }

    /**
     * Rounds to {@code bits} of precision keeping the format (xsrqpxp: double-extended precision
     * in quad format). The exponent range stays the format's, so the denormal threshold of the
     * narrower precision applies: values below 2^emin keep only the bits down to 2^(emin-bits+1).
     * NaN fractions are truncated to the narrower precision.
     */
    public static Rounded roundPrecision(Rounded out, BinaryFormat in, int bits, int rm, long hi, long lo) {
        if (in.isNaN(hi, lo)) {
            long fl = snanFlag(in, hi, lo);
            nan(out, in, in, hi, lo, fl);
            int drop = in.fracBits - (bits - 1);
            if (drop >= 64) {
                out.lo = 0;
                out.hi &= -1L << (drop - 64);
            } else {
                out.lo &= -1L << drop;
            }
            return out;
        }
        boolean neg = in.sign(hi);
        if (in.isInf(hi, lo)) return inf(out, in, neg, 0);
        if (in.isZero(hi, lo)) return zero(out, in, neg, 0);
        BigInteger s = in.significand(hi, lo);
        int e = in.unitExp(hi);
        int bigE = e + s.bitLength() - 1;
        int q = Math.max(bigE - (bits - 1), in.emin - (bits - 1));
        int drop = q - e;
        long fl = 0;
        if (drop > 0) {
            BigInteger m = s.shiftRight(drop);
            boolean guard = s.testBit(drop - 1);
            boolean rest = s.getLowestSetBit() < drop - 1;
            boolean inexact = guard || rest;
            if (Rounder.increment(rm, neg, inexact, guard, rest, m.testBit(0))) {
                m = m.add(BigInteger.ONE);
                fl |= Fpscr.FR;
            }
            if (inexact) {
                fl |= Fpscr.XX | Fpscr.FI;
                if (bigE < in.emin) fl |= Fpscr.UX;
            }
            s = m;
            e = q;
        }
        if (s.signum() == 0) return zero(out, in, neg, fl);
        Rounder.round(out, in, Fpscr.RN_NEAR, neg, s, e, false, false, false);
        out.flags |= fl;
        return out;
    }
}
