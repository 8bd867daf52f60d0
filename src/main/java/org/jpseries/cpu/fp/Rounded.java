package org.jpseries.cpu.fp;

/**
 * The outcome of one rounded floating-point operation: the result bits (in the layout of
 * {@link BinaryFormat}) and the FPSCR bits it produced. {@code flags} holds sticky exception bits
 * (VX*, ZX, OX, UX, XX) and the non-sticky FR and FI, all at their FPSCR positions; {@code fprf}
 * is the FPRF code of the result in its rounding format. One instance per CPU is reused.
 */
public final class Rounded {
    public long hi, lo;
    public long flags;
    public int fprf;
    /** Per-CPU scratch element arrays for vector instructions (no allocation per instruction). */
    public final long[] elems = new long[4], pair = new long[2];
    public final int[] words = new int[4];

    public Rounded set(long hi, long lo, long flags, int fprf) {
        this.hi = hi;
        this.lo = lo;
        this.flags = flags;
        this.fprf = fprf;
        return this;
    }
}
