package org.jpseries.cpu.fp;

/**
 * Reciprocal square-root estimates (frsqrte[s], xsrsqrtedp, xvrsqrte*, vrsqrtefp; Book I 4.6.5.1).
 * The ISA only bounds the estimate's relative error (2^-14); jpseries returns 1/sqrt(x) computed in
 * double precision (error below 2^-52), rounded to nearest in the target precision. FR and FI,
 * which the ISA leaves undefined for estimates, are cleared.
 */
public final class Estimates {
    private Estimates() {}

    /** Reciprocal square root estimate of double-format b, delivered in double format, rounded to tf. */
    public static Rounded rsqrte(Rounded out, BinaryFormat tf, long b) {
        BinaryFormat d = BinaryFormat.DOUBLE;
        if (d.isNaN(b, 0)) return SoftFloat.nan(out, d, tf, b, 0, SoftFloat.snanFlag(d, b, 0));
        boolean neg = b < 0;
        if (d.isZero(b, 0)) return SoftFloat.inf(out, d, neg, Fpscr.ZX);
        if (neg) return SoftFloat.defaultNaN(out, d, Fpscr.VXSQRT);
        if (d.isInf(b, 0)) return SoftFloat.zero(out, d, false, 0);
        double x = Double.longBitsToDouble(b);
        double e = 1.0 / Math.sqrt(x);
        long bits;
        int cls;
        if (tf == BinaryFormat.SINGLE) {
            int sb = Float.floatToRawIntBits((float) e);
            bits = Formats.singleToDouble(sb);
            cls = Fpscr.classOf(BinaryFormat.SINGLE, sb, 0);
        } else {
            bits = Double.doubleToRawLongBits(e);
            cls = Fpscr.classDouble(bits);
        }
        return out.set(bits, 0, 0, cls);
    }

    /** Reciprocal estimate 1/x as a single-precision word (vrefp, xvresp), round to nearest. */
    public static int recipSingle(int w) {
        return Float.floatToRawIntBits(1.0f / Float.intBitsToFloat(w));
    }
}
