package org.jpseries.cpu.fp;

/**
 * Non-arithmetic format conversions of the loads and stores (Book I 4.6.2, 4.6.3): DOUBLE(WORD)
 * widens a single-precision word to double format exactly, including denormals, and keeps NaN
 * payloads (an SNaN stays signalling); SINGLE(FRS) narrows by truncation of the fraction.
 */
public final class Formats {
    private Formats() {}

    /** DOUBLE(WORD), Book I 4.6.2 "Floating-Point Load Instructions". */
    public static long singleToDouble(int w) {
        long sign = (long) (w >>> 31) << 63;
        int e = (w >>> 23) & 0xFF;
        long frac = w & 0x7FFFFFL;
        if (e == 0xFF) return sign | 0x7FF0000000000000L | (frac << 29);
        if (e != 0) return sign | ((long) (e - 127 + 1023) << 52) | (frac << 29);
        if (frac == 0) return sign;
        // Denormal: normalize so the leading 1 becomes the implicit bit.
        int lz = Long.numberOfLeadingZeros(frac) - (64 - 23); // zeros within the 23-bit fraction
        int shift = lz + 1;
        long m = (frac << shift) & 0x7FFFFFL;
        long exp = -126 - shift + 1023;
        return sign | (exp << 52) | (m << 29);
    }

    /** SINGLE(FRS), Book I 4.6.3 "Floating-Point Store Instructions". */
    public static int doubleToSingle(long d) {
        int e = (int) ((d >>> 52) & 0x7FF);
        int sign = (int) (d >>> 63) << 31;
        if (e > 896 || e == 0x7FF) {
            // No denormalization required (includes infinity and NaN): bits 0:1 || 5:34.
            return (int) (((d >>> 62) & 3) << 30) | (int) ((d >>> 29) & 0x3FFFFFFF);
        }
        if (e >= 874) {
            // Denormalization required: shift the significand right until the exponent is -126.
            long m = (1L << 52) | (d & 0xFFFFFFFFFFFFFL);
            return sign | (int) (m >>> (896 + 30 - e));
        }
        // Exponent below the single denormal range: the ISA leaves the result undefined; give zero.
        return sign;
    }
}
