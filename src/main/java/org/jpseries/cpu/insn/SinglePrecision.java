package org.jpseries.cpu.insn;

/**
 * Bit-exact single/double format moves of the floating-point loads and stores (Book I 4.6.2
 * "Floating-Point Load" and 4.6.3 "Floating-Point Store"): no rounding, signalling NaNs kept.
 */
final class SinglePrecision {
    private SinglePrecision() {}

    /** The double-format image of a single-precision word, as lfs/lxsspx deliver it. */
    static long toDouble(int word) {
        long w = word & 0xFFFFFFFFL;
        int exp = (int) (w >>> 23) & 0xFF;
        long sign = (w >>> 31) << 63;
        if (exp == 0 && (w & 0x7FFFFF) != 0) {
            // denormal: normalize into the double exponent range
            int e = -126;
            long frac = (w & 0x7FFFFF) << 29; // fraction aligned at double bit 12
            while ((frac & (1L << 52)) == 0) {
                frac <<= 1;
                e--;
            }
            return sign | ((long) (e + 1023) << 52) | (frac & 0xFFFFFFFFFFFFFL);
        }
        // normal, zero, infinity, NaN: WORD0:1, three copies of the complement of WORD1
        // (or of WORD1 for zero and infinities/NaNs), then WORD2:31.
        long top2 = (w >>> 30) & 3;
        long fill;
        if (exp == 0) fill = 0;
        else if (exp == 255) fill = 7;
        else fill = ((w >>> 30) & 1) != 0 ? 0 : 7;
        return (top2 << 62) | (fill << 59) | ((w & 0x3FFFFFFFL) << 29);
    }

    /** The single-precision word stfs/stxsspx store for a double-format image. */
    static int fromDouble(long d) {
        int exp = (int) (d >>> 52) & 0x7FF;
        if (exp > 896 || (d & Long.MAX_VALUE) == 0) {
            return (int) (((d >>> 62) << 30) | ((d >>> 29) & 0x3FFFFFFFL));
        }
        if (exp >= 874) {
            // denormalize
            int sign = (int) (d >>> 63);
            int e = exp - 1023;
            long frac = (1L << 52) | (d & 0xFFFFFFFFFFFFFL);
            while (e < -126) {
                frac >>>= 1;
                e++;
            }
            return (sign << 31) | (int) ((frac >>> 29) & 0x7FFFFF);
        }
        // too small for a single denormal (or a double denormal): undefined in the ISA; a signed zero
        return (int) ((d >>> 63) << 31);
    }
}
