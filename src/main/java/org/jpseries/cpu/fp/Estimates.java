package org.jpseries.cpu.fp;

/**
 * Reciprocal square-root estimates (frsqrte[s], xsrsqrtedp, xvrsqrte*, vrsqrtefp; Book I 4.6.5.1).
 * The ISA only bounds the estimate's relative error (2^-14); jpseries returns 1/sqrt(x) computed in
 * double precision (error below 2^-52), rounded to nearest in the target precision. FR and FI,
 * which the ISA leaves undefined for estimates, are cleared.
 */
public final class Estimates {
    private Estimates() {}

    /**
     * Reciprocal square root estimate of double-format b, delivered in double format, rounded to
     * tf: computed as 1/sqrt(b) with two roundings in the current mode, recording their inexact,
     * overflow and underflow flags (as qemu does).
     */
    public static Rounded rsqrte(Rounded out, BinaryFormat tf, int rm, long b) {
        BinaryFormat d = BinaryFormat.DOUBLE;
        if (d.isNaN(b, 0)) return SoftFloat.nan(out, d, tf, b, 0, SoftFloat.snanFlag(d, b, 0));
        boolean neg = b < 0;
        if (d.isZero(b, 0)) return SoftFloat.inf(out, d, neg, Fpscr.ZX);
        if (neg) return SoftFloat.defaultNaN(out, d, Fpscr.VXSQRT);
        if (d.isInf(b, 0)) return SoftFloat.zero(out, d, false, 0);
        DoubleOps.sqrt(out, d, rm, false, false, b);
        long s = out.hi, f1 = out.flags;
        DoubleOps.div(out, tf, rm, false, false, 0x3FF0000000000000L, s);
        out.flags |= f1 & (Fpscr.XX | Fpscr.FI);
        return out;
    }
}
