package org.jpseries.cpu.fp;

import static org.jpseries.cpu.fp.BinaryFormat.DOUBLE;
import static org.jpseries.cpu.fp.BinaryFormat.SINGLE;

/**
 * Arithmetic on double-format operands rounded to double or single precision, with a fast path
 * on Java's round-to-nearest double arithmetic: the exact rounding error (TwoSum, the FMA-based
 * TwoProduct, the division and square-root remainders, and Boldo-Muller's ErrFma) tells on which
 * side of the nearest double the exact result lies, which is all a second, correct rounding to
 * the target precision and mode needs (a "sticky" quarter unit). Operands that are NaN, infinite,
 * zero or near the limits of the exponent range take the exact {@link SoftFloat} path.
 */
public final class DoubleOps {
    private DoubleOps() {}

    /** |x| >= 2^-960: products and remainders of such values have exact double error terms. */
    private static final double SAFE_MIN = 0x1p-960;
    private static final double SAFE_MAX = 0x1p1000;

    private static boolean safe(double x) {
        double a = Math.abs(x);
        return a >= SAFE_MIN && a <= SAFE_MAX;
    }

    /**
     * Delivers RN-rounded double r whose exact value is r + err (|err| <= ulp(r)/2, only its sign
     * used), rounded to tf in mode rm, in double format. r must be a normal double.
     */
    static Rounded deliver(Rounded out, BinaryFormat tf, int rm, boolean oe, boolean ue, double r, double err) {
        long bits = Double.doubleToRawLongBits(r);
        if (tf == DOUBLE && rm == Fpscr.RN_NEAR) {
            long fl = 0;
            if (err != 0) {
                fl = Fpscr.XX | Fpscr.FI;
                if ((err < 0) != (bits < 0)) fl |= Fpscr.FR;
            }
            return out.set(bits, 0, fl, bits < 0 ? Fpscr.C_NNORM : Fpscr.C_PNORM);
        }
        boolean neg = bits < 0;
        int be = (int) ((bits >>> 52) & 0x7FF);
        long m = ((bits & 0xFFFFFFFFFFFFFL) | (1L << 52)) << 2;
        if (err != 0) m += (err < 0) != neg ? -1 : 1;
        Rounder.roundLong(out, tf, rm, neg, m, be - 1023 - 54, oe, ue);
        if (tf == SINGLE) out.hi = Formats.singleToDouble((int) out.hi);
        return out;
    }

    private static boolean fast(boolean ue, BinaryFormat tf) {
        return !ue || tf == DOUBLE; // enabled underflow scaling is left to the exact path for singles
    }

    public static Rounded add(Rounded out, BinaryFormat tf, int rm, boolean oe, boolean ue, long a, long b, boolean sub) {
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        if (sub) y = -y;
        double r = x + y;
        if (Math.abs(r) >= 0x1p-1021 && Math.abs(r) <= SAFE_MAX && Math.abs(x) <= SAFE_MAX && Math.abs(y) <= SAFE_MAX
                && fast(ue, tf)) {
            double bb = r - x;
            double err = (x - (r - bb)) + (y - bb);
            return deliver(out, tf, rm, oe, ue, r, err);
        }
        if (r == 0 && Math.abs(x) <= SAFE_MAX && Math.abs(y) <= SAFE_MAX) {
            // An exact zero sum (x + -x, or zeros): -0 for (-0)+(-0), else +0 unless rounding toward -inf.
            boolean xn = Double.doubleToRawLongBits(x) < 0, yn = Double.doubleToRawLongBits(y) < 0;
            boolean neg = (xn && yn) || (xn != yn && rm == Fpscr.RN_MINF);
            return out.set(neg ? Long.MIN_VALUE : 0, 0, 0, neg ? Fpscr.C_NZERO : Fpscr.C_PZERO);
        }
        return SoftFloat.add(out, DOUBLE, tf, rm, oe, ue, a, 0, b, 0, sub);
    }

    public static Rounded mul(Rounded out, BinaryFormat tf, int rm, boolean oe, boolean ue, long a, long b) {
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double p = x * y;
        if (safe(p) && fast(ue, tf)) {
            return deliver(out, tf, rm, oe, ue, p, Math.fma(x, y, -p));
        }
        if ((x == 0 || y == 0) && Math.abs(x) <= Double.MAX_VALUE && Math.abs(y) <= Double.MAX_VALUE) {
            boolean neg = (a ^ b) < 0; // zero times a finite value: an exact signed zero
            return out.set(neg ? Long.MIN_VALUE : 0, 0, 0, neg ? Fpscr.C_NZERO : Fpscr.C_PZERO);
        }
        return SoftFloat.mul(out, DOUBLE, tf, rm, oe, ue, a, 0, b, 0);
    }

    public static Rounded div(Rounded out, BinaryFormat tf, int rm, boolean oe, boolean ue, long a, long b) {
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double q = x / y;
        if (safe(q) && safe(x) && safe(y) && fast(ue, tf)) {
            double rem = Math.fma(-q, y, x);
            return deliver(out, tf, rm, oe, ue, q, (y < 0) ? -rem : rem);
        }
        return SoftFloat.div(out, DOUBLE, tf, rm, oe, ue, a, 0, b, 0);
    }

    public static Rounded sqrt(Rounded out, BinaryFormat tf, int rm, boolean oe, boolean ue, long b) {
        double x = Double.longBitsToDouble(b);
        if (x > 0 && safe(x) && fast(ue, tf)) {
            double s = Math.sqrt(x);
            return deliver(out, tf, rm, oe, ue, s, Math.fma(-s, s, x));
        }
        return SoftFloat.sqrt(out, DOUBLE, tf, rm, oe, ue, b, 0);
    }

    /** a*c + b (b negated when negAddend, the result negated when negResult): fmadd and relatives. */
    public static Rounded fma(Rounded out, BinaryFormat tf, int rm, boolean oe, boolean ue, long a, long c, long b,
            boolean negAddend, boolean negResult) {
        double x = Double.longBitsToDouble(a), z = Double.longBitsToDouble(c), y = Double.longBitsToDouble(b);
        if (negAddend) y = -y;
        double u1 = x * z;
        double r1 = Math.fma(x, z, y);
        if (safe(u1) && safe(r1) && (y == 0 ? false : Math.abs(y) <= SAFE_MAX) && fast(ue, tf)) {
            double u2 = Math.fma(x, z, -u1);
            // (alpha1, alpha2) = TwoSum(y, u2)
            double a1 = y + u2;
            double t = a1 - y;
            double a2 = (y - (a1 - t)) + (u2 - t);
            // (beta1, beta2) = TwoSum(u1, alpha1)
            double b1 = u1 + a1;
            double t2 = b1 - u1;
            double b2 = (u1 - (b1 - t2)) + (a1 - t2);
            double gamma = (b1 - r1) + b2;
            double r2 = gamma + a2;
            if (negResult) {
                deliver(out, tf, SoftFloat.mirror(rm), oe, ue, -r1, -r2);
            } else {
                deliver(out, tf, rm, oe, ue, r1, r2);
            }
            return out;
        }
        if (y == 0 && safe(u1)) {
            // A zero addend cannot change a non-zero product: the result is the rounded product.
            mul(out, tf, rm, oe, ue, a, c); // fnm*: the rounded result is negated (Book I 4.6.5.2)
            if (negResult) {
                out.hi ^= Long.MIN_VALUE;
                out.fprf = Fpscr.classOf(tf, tf == DOUBLE ? out.hi : Formats.doubleToSingle(out.hi) & 0xFFFFFFFFL, 0);
            }
            return out;
        }
        return SoftFloat.fma(out, DOUBLE, tf, rm, oe, ue, a, 0, c, 0, b, 0, negAddend, negResult);
    }

    /** Rounds a double-format value to single precision, in double format (frsp, xsrsp). */
    public static Rounded roundToSingle(Rounded out, int rm, boolean oe, boolean ue, long b) {
        double x = Double.longBitsToDouble(b);
        if (safe(x) && !ue) return deliver(out, SINGLE, rm, oe, ue, x, 0);
        SoftFloat.narrow(out, DOUBLE, SINGLE, rm, oe, ue, b, 0);
        if ((out.hi & 0x7F800000L) == 0x7F800000L && (out.hi & 0x7FFFFF) != 0) {
            // NaN: the double-format NaN keeps FRB's fraction bits 1:22 (frsp pseudocode, Book I A.1).
            out.hi = (b | 0x0008000000000000L) & 0xFFFFFFFFE0000000L;
        } else {
            out.hi = Formats.singleToDouble((int) out.hi);
        }
        return out;
    }
}
