package org.jpseries.cpu.fp;

import static org.jpseries.cpu.fp.Fpscr.FI;
import static org.jpseries.cpu.fp.Fpscr.FR;
import static org.jpseries.cpu.fp.Fpscr.OX;
import static org.jpseries.cpu.fp.Fpscr.UX;
import static org.jpseries.cpu.fp.Fpscr.XX;

import java.math.BigInteger;

/**
 * Rounds an exact (infinitely precise) intermediate result to a {@link BinaryFormat} as Book I
 * 4.3.6 and 4.5.1 describe: tininess is detected before rounding, underflow when disabled needs
 * loss of accuracy, enabled overflow and underflow deliver the result with its exponent adjusted
 * by {@link BinaryFormat#trapAdjust} (Book I 4.4.3, 4.4.4), disabled overflow delivers infinity
 * or the largest finite number as the rounding mode chooses.
 */
public final class Rounder {
    private Rounder() {}

    public static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v & Long.MAX_VALUE);
        return v < 0 ? b.setBit(63) : b;
    }

    /**
     * Rounds (-1)^neg * (mag + sticky) * 2^e, where {@code sticky} says the exact value lies
     * strictly above mag * 2^e by less than 2^e (then mag must carry at least precision+2 bits).
     * {@code oe}/{@code ue} are the enables FPSCR[OE]/[UE] when the instruction scales trapped
     * results, else false. An exact zero takes the sign {@code neg}.
     */
    public static Rounded round(Rounded out, BinaryFormat f, int rm, boolean neg, BigInteger mag, int e,
            boolean sticky, boolean oe, boolean ue) {
        if (mag.signum() == 0 && !sticky) return pack(out, f, neg, 0, BigInteger.ZERO, 0);
        int p = f.precision;
        int n = mag.bitLength();
        int bigE = e + n - 1;
        boolean tiny = bigE < f.emin;
        int adj = 0;
        if (tiny && ue) adj = f.trapAdjust;
        int q = Math.max(bigE + adj - (p - 1), f.emin - (p - 1));
        int shift = q - (e + adj);
        BigInteger sig;
        boolean guard, rest;
        if (shift > 0) {
            sig = mag.shiftRight(shift);
            guard = mag.testBit(shift - 1);
            int low = mag.getLowestSetBit();
            rest = sticky || (low >= 0 && low < shift - 1);
        } else {
            sig = mag.shiftLeft(-shift);
            guard = false;
            rest = sticky;
        }
        boolean inexact = guard || rest;
        boolean inc = increment(rm, neg, inexact, guard, rest, sig.testBit(0));
        if (inc) {
            sig = sig.add(BigInteger.ONE);
            if (sig.bitLength() > p) {
                sig = sig.shiftRight(1);
                q++;
            }
        }
        long flags = 0;
        boolean normal = sig.bitLength() == p;
        int resE = q + p - 1;
        if (normal && resE > f.emax) {
            if (oe) {
                resE -= f.trapAdjust;
                flags |= OX;
            } else {
                flags = OX | XX | FI;
                return overflow(out, f, rm, neg, flags);
            }
        }
        if (tiny && (ue || inexact)) flags |= UX;
        if (inexact) flags |= XX | FI;
        if (inc) flags |= FR;
        return pack(out, f, neg, normal ? resE + f.bias : 0, sig, flags);
    }

    /** Rounding decision: whether to add one unit in the last place to the truncated magnitude. */
    static boolean increment(int rm, boolean neg, boolean inexact, boolean guard, boolean rest, boolean odd) {
        switch (rm) {
            case Fpscr.RN_NEAR: return guard && (rest || odd);
            case Fpscr.RN_ZERO: return false;
            case Fpscr.RN_PINF: return inexact && !neg;
            case Fpscr.RN_MINF: return inexact && neg;
            case Fpscr.RN_ODD: return inexact && !odd;
            default: return guard; // RN_AWAY
        }
    }

    /** Disabled overflow: infinity or the largest finite number (Book I 4.4.3). */
    static Rounded overflow(Rounded out, BinaryFormat f, int rm, boolean neg, long flags) {
        boolean inf = switch (rm) {
            case Fpscr.RN_NEAR, Fpscr.RN_AWAY -> true;
            case Fpscr.RN_PINF -> !neg;
            case Fpscr.RN_MINF -> neg;
            default -> false;
        };
        if (inf) {
            out.set(f.infHi(neg), 0, flags, neg ? Fpscr.C_NINF : Fpscr.C_PINF);
            return out;
        }
        BigInteger max = BigInteger.ONE.shiftLeft(f.precision).subtract(BigInteger.ONE);
        return pack(out, f, neg, f.expMax - 1, max, flags);
    }

    /** Packs sign, biased exponent and significand (implicit bit ignored) into out. */
    static Rounded pack(Rounded out, BinaryFormat f, boolean neg, int biased, BigInteger sig, long flags) {
        int fb = f.fracBits;
        if (f == BinaryFormat.QUAD) {
            long lo = sig.longValue();
            long hi = sig.shiftRight(64).longValue() & 0xFFFFFFFFFFFFL;
            hi |= (long) biased << 48;
            if (neg) hi |= Long.MIN_VALUE;
            out.set(hi, lo, flags, 0);
        } else {
            long bits = (sig.longValue() & ((1L << fb) - 1)) | ((long) biased << fb);
            if (neg) bits |= f.signBit();
            out.set(bits, 0, flags, 0);
        }
        out.fprf = Fpscr.classOf(f, out.hi, out.lo);
        return out;
    }

    /**
     * The long-arithmetic twin of {@link #round} for formats of at most 53 bits of precision:
     * rounds (-1)^neg * m * 2^e exactly (0 < m < 2^62, no sticky). Used by the fast paths.
     */
    public static Rounded roundLong(Rounded out, BinaryFormat f, int rm, boolean neg, long m, int e,
            boolean oe, boolean ue) {
        if (m == 0) return packLong(out, f, neg, 0, 0, 0);
        int p = f.precision;
        int n = 64 - Long.numberOfLeadingZeros(m);
        int bigE = e + n - 1;
        boolean tiny = bigE < f.emin;
        int adj = tiny && ue ? f.trapAdjust : 0;
        int q = Math.max(bigE + adj - (p - 1), f.emin - (p - 1));
        int shift = q - (e + adj);
        long sig;
        boolean guard, rest;
        if (shift > 0) {
            if (shift >= 64) {
                sig = 0; // m < 2^62 lies wholly below the guard position
                guard = false;
                rest = true;
            } else {
                sig = m >>> shift;
                guard = ((m >>> (shift - 1)) & 1) != 0;
                rest = shift >= 2 && (m & ((1L << (shift - 1)) - 1)) != 0;
            }
        } else {
            sig = m << -shift;
            guard = false;
            rest = false;
        }
        boolean inexact = guard || rest;
        boolean inc = increment(rm, neg, inexact, guard, rest, (sig & 1) != 0);
        if (inc) {
            sig++;
            if ((sig >>> p) != 0) {
                sig >>>= 1;
                q++;
            }
        }
        long flags = 0;
        boolean normal = (sig >>> (p - 1)) != 0;
        int resE = q + p - 1;
        if (normal && resE > f.emax) {
            if (oe) {
                resE -= f.trapAdjust;
                flags |= OX;
            } else {
                return overflow(out, f, rm, neg, OX | XX | FI);
            }
        }
        if (tiny && (ue || inexact)) flags |= UX;
        if (inexact) flags |= XX | FI;
        if (inc) flags |= FR;
        return packLong(out, f, neg, normal ? resE + f.bias : 0, sig, flags);
    }

    static Rounded packLong(Rounded out, BinaryFormat f, boolean neg, int biased, long sig, long flags) {
        int fb = f.fracBits;
        long bits = (sig & ((1L << fb) - 1)) | ((long) biased << fb);
        if (neg) bits |= f.signBit();
        out.hi = bits;
        out.lo = 0;
        out.flags = flags;
        out.fprf = Fpscr.classOf(f, bits, 0);
        return out;
    }
}
