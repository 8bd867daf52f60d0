package org.jpseries.cpu.fp;

/**
 * The Floating-Point Status and Control Register (PowerISA 3.1 Book I 4.2.2): bit masks named as
 * the ISA names them (64-bit numbering, bit 0 = MSB), and the update rules every floating-point
 * instruction follows when it records its exceptions (Book I 4.4).
 */
public final class Fpscr {
    private Fpscr() {}

    private static long bit(int i) {
        return 1L << (63 - i);
    }

    public static final long DRN = 7L << 32;
    public static final long FX = bit(32), FEX = bit(33), VX = bit(34), OX = bit(35), UX = bit(36),
            ZX = bit(37), XX = bit(38), VXSNAN = bit(39), VXISI = bit(40), VXIDI = bit(41),
            VXZDZ = bit(42), VXIMZ = bit(43), VXVC = bit(44), FR = bit(45), FI = bit(46),
            VXSOFT = bit(53), VXSQRT = bit(54), VXCVI = bit(55), VE = bit(56), OE = bit(57),
            UE = bit(58), ZE = bit(59), XE = bit(60), NI = bit(61);
    /** FPRF (C and FPCC), bits 47:51; FPCC is bits 48:51. */
    public static final int FPRF_SHIFT = 12;
    public static final long FPRF = 0x1FL << FPRF_SHIFT, FPCC = 0xFL << FPRF_SHIFT;
    public static final long RN = 3L;
    /** All invalid-operation exception bits, whose OR is VX. */
    public static final long VX_ALL = VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXVC | VXSOFT | VXSQRT | VXCVI;
    /** Every sticky exception bit whose 0-to-1 transition sets FX. */
    public static final long EXC_ALL = VX_ALL | OX | UX | ZX | XX;
    public static final long ENABLES = VE | OE | UE | ZE | XE;

    /**
     * Rounding modes as FPSCR[RN] encodes them (Book I 4.3.6), plus round to odd (the quad "o"
     * forms, Book I 7.6) and round to nearest with ties away from zero (frin, xsrdpi).
     */
    public static final int RN_NEAR = 0, RN_ZERO = 1, RN_PINF = 2, RN_MINF = 3, RN_ODD = 4, RN_AWAY = 5;

    /** FPRF codes (Book I Figure "Floating-Point Result Flags"). */
    public static final int C_QNAN = 0x11, C_NINF = 0x09, C_NNORM = 0x08, C_NDENORM = 0x18, C_NZERO = 0x12,
            C_PZERO = 0x02, C_PDENORM = 0x14, C_PNORM = 0x04, C_PINF = 0x05;

    public static int rn(long fpscr) {
        return (int) (fpscr & RN);
    }

    /** The enabled-exception mask of an exception set: true if any of them is enabled in {@code fpscr}. */
    public static boolean anyEnabled(long exc, long fpscr) {
        return ((exc & VX_ALL) != 0 && (fpscr & VE) != 0) || ((exc & OX) != 0 && (fpscr & OE) != 0)
                || ((exc & UX) != 0 && (fpscr & UE) != 0) || ((exc & ZX) != 0 && (fpscr & ZE) != 0)
                || ((exc & XX) != 0 && (fpscr & XE) != 0);
    }

    /** Recomputes the summary bits VX and FEX of an FPSCR value (Book I 4.2.2). */
    public static long summarize(long f) {
        f = (f & VX_ALL) != 0 ? f | VX : f & ~VX;
        boolean fex = ((f & VX) != 0 && (f & VE) != 0) || ((f & OX) != 0 && (f & OE) != 0)
                || ((f & UX) != 0 && (f & UE) != 0) || ((f & ZX) != 0 && (f & ZE) != 0)
                || ((f & XX) != 0 && (f & XE) != 0);
        return fex ? f | FEX : f & ~FEX;
    }

    /** Sets FPRF to {@code code}. */
    public static long withFprf(long f, int code) {
        return (f & ~FPRF) | ((long) code << FPRF_SHIFT);
    }

    /** FPRF code of a double-format value. */
    public static int classDouble(long b) {
        boolean neg = b < 0;
        long e = (b >>> 52) & 0x7FF, m = b & 0xFFFFFFFFFFFFFL;
        if (e == 0x7FF) return m != 0 ? C_QNAN : neg ? C_NINF : C_PINF;
        if (e == 0) return m == 0 ? (neg ? C_NZERO : C_PZERO) : (neg ? C_NDENORM : C_PDENORM);
        return neg ? C_NNORM : C_PNORM;
    }

    /** FPRF code of a value in any {@link BinaryFormat} (for quad, {@code hi} holds the sign and exponent). */
    public static int classOf(BinaryFormat f, long hi, long lo) {
        boolean neg = f.sign(hi);
        int e = f.biasedExp(hi);
        boolean fracZero = f.fractionZero(hi, lo);
        if (e == f.expMax) return !fracZero ? C_QNAN : neg ? C_NINF : C_PINF;
        if (e == 0) return fracZero ? (neg ? C_NZERO : C_PZERO) : (neg ? C_NDENORM : C_PDENORM);
        return neg ? C_NNORM : C_PNORM;
    }

    /** The CR field image LT GT EQ UN of FPCC (for compare instructions and Rc=1 on FPCC users). */
    public static int fpcc(long f) {
        return (int) ((f >>> FPRF_SHIFT) & 0xF);
    }

    /** CR1 image copied by Rc=1 floating-point instructions: FX FEX VX OX (Book I 4.3.1). */
    public static int cr1(long f) {
        return (int) ((f >>> 28) & 0xF);
    }
}
