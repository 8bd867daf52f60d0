package org.jpseries.cpu.fp;

import java.math.BigInteger;

/**
 * Conversions between double format and integers, and rounding to integral values (Book I
 * 4.6.6, 4.6.7; the VSX forms of Book I 7.6 share them). Integer rounding of a double is exact
 * in double arithmetic (rint/floor/ceil), so no wide arithmetic is needed here.
 */
public final class Convert {
    private Convert() {}

    /** Rounds finite x to an integral double in mode rm (including RN_AWAY); exact. */
    public static double roundIntegral(double x, int rm) {
        switch (rm) {
            case Fpscr.RN_NEAR: return Math.rint(x);
            case Fpscr.RN_ZERO: return x < 0 ? Math.ceil(x) : Math.floor(x);
            case Fpscr.RN_PINF: return Math.ceil(x);
            case Fpscr.RN_MINF: return Math.floor(x);
            default: {
                double t = x < 0 ? Math.ceil(x) : Math.floor(x);
                if (Math.abs(x - t) >= 0.5) t += Math.copySign(1.0, x);
                return t;
            }
        }
    }

    /**
     * Converts double-format b to an integer (fcti*, xscvdp[s|u]x[w|d]s): returns the 64-bit
     * register image (word results sign- or zero-extended), sets out.flags to VXCVI [VXSNAN] on
     * NaN or out-of-range operands (saturating), else XX|FI [FR] when inexact.
     */
    public static long toInteger(Rounded out, long b, int rm, boolean word, boolean signed) {
        double x = Double.longBitsToDouble(b);
        long min = signed ? (word ? Integer.MIN_VALUE : Long.MIN_VALUE) : 0;
        long max = signed ? (word ? Integer.MAX_VALUE : Long.MAX_VALUE) : (word ? 0xFFFFFFFFL : -1L);
        if (x != x) {
            out.flags = Fpscr.VXCVI | (BinaryFormat.DOUBLE.isSNaN(b, 0) ? Fpscr.VXSNAN : 0);
            return signed ? (word ? 0x80000000L : Long.MIN_VALUE) : 0;
        }
        double r = Double.isInfinite(x) ? x : roundIntegral(x, rm);
        double lo = signed ? (word ? -0x1p31 : -0x1p63) : 0.0;
        double hiExcl = signed ? (word ? 0x1p31 : 0x1p63) : (word ? 0x1p32 : 0x1p64);
        if (r < lo) {
            out.flags = Fpscr.VXCVI;
            return word && signed ? (int) min : min;
        }
        if (r >= hiExcl) {
            out.flags = Fpscr.VXCVI;
            return max;
        }
        long fl = 0;
        if (r != x) {
            fl = Fpscr.XX | Fpscr.FI;
            if (Math.abs(r) > Math.abs(x)) fl |= Fpscr.FR;
        }
        out.flags = fl;
        long v;
        if (!signed && !word && r >= 0x1p63) v = (long) (r - 0x1p63) ^ Long.MIN_VALUE;
        else v = (long) r;
        if (word) v = signed ? (long) (int) v : v & 0xFFFFFFFFL;
        return v;
    }

    /** fcfid[u][s], xscv[s|u]xd[d|s]p: integer to double or single, delivered in double format. */
    public static Rounded fromLong(Rounded out, BinaryFormat tf, int rm, long v, boolean signed) {
        if (v == 0) return out.set(0, 0, 0, Fpscr.C_PZERO);
        boolean neg = signed && v < 0;
        long mag = neg ? -v : v; // Long.MIN_VALUE stays 2^63 read as unsigned
        int k = Math.max(0, 64 - Long.numberOfLeadingZeros(mag) - 62);
        long m = mag >>> k;
        if (k > 0 && (mag & ((1L << k) - 1)) != 0) m |= 1; // sticky far below any guard bit
        Rounder.roundLong(out, tf, rm, neg, m, k, false, false);
        if (tf == BinaryFormat.SINGLE) out.hi = Formats.singleToDouble((int) out.hi);
        return out;
    }

    /** Rounds double-format b to an integral value in mode rm; NaN is quieted with VXSNAN. */
    public static Rounded roundIntegralDouble(Rounded out, long b, int rm) {
        double x = Double.longBitsToDouble(b);
        if (x != x) {
            boolean snan = BinaryFormat.DOUBLE.isSNaN(b, 0);
            return out.set(b | 0x0008000000000000L, 0, snan ? Fpscr.VXSNAN : 0, Fpscr.C_QNAN);
        }
        double r = Double.isInfinite(x) ? x : roundIntegral(x, rm);
        long bits = Double.doubleToRawLongBits(r);
        long fl = 0;
        if (r != x) {
            fl = Fpscr.XX | Fpscr.FI;
            if (Math.abs(r) > Math.abs(x)) fl |= Fpscr.FR;
        }
        return out.set(bits, 0, fl, Fpscr.classDouble(bits));
    }

    /** Saturating conversion of an exact integer to a signed/unsigned width-bit integer, or null if out of range. */
    public static BigInteger clamp(BigInteger v, int bits, boolean signed) {
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0) return min;
        if (v.compareTo(max) > 0) return max;
        return null;
    }
}
