package org.jpseries.cpu;

/**
 * Element access to the 128-bit vector-scalar registers kept in {@link Cpu#vsr} as two longs in
 * the ISA's big-endian element numbering (Book I 6.3, 7.2): byte 0, halfword 0, word 0 and
 * doubleword 0 are the most significant. VR[n] is VSR[32+n].
 */
public final class VectorRegs {
    private VectorRegs() {}

    /** Index in {@link Cpu#vsr} of doubleword 0 of VR[n]. */
    public static int vr(int n) {
        return 64 + 2 * n;
    }

    /** Index in {@link Cpu#vsr} of doubleword 0 of VSR[n]. */
    public static int vs(int n) {
        return 2 * n;
    }

    /** Byte element {@code i} (0..15) of the register whose doubleword 0 is at {@code ix}. */
    public static int getByte(long[] v, int ix, int i) {
        return (int) (v[ix + (i >>> 3)] >>> (56 - 8 * (i & 7))) & 0xFF;
    }

    public static void setByte(long[] v, int ix, int i, int b) {
        int d = ix + (i >>> 3);
        int sh = 56 - 8 * (i & 7);
        v[d] = (v[d] & ~(0xFFL << sh)) | ((b & 0xFFL) << sh);
    }

    /** Byte {@code i} (0..15) of the 128-bit value hi:lo. */
    public static int byteOf(long hi, long lo, int i) {
        return (int) ((i < 8 ? hi : lo) >>> (56 - 8 * (i & 7))) & 0xFF;
    }

    public static int getHalf(long[] v, int ix, int i) {
        return (int) (v[ix + (i >>> 2)] >>> (48 - 16 * (i & 3))) & 0xFFFF;
    }

    public static void setHalf(long[] v, int ix, int i, int h) {
        int d = ix + (i >>> 2);
        int sh = 48 - 16 * (i & 3);
        v[d] = (v[d] & ~(0xFFFFL << sh)) | ((h & 0xFFFFL) << sh);
    }

    public static int getWord(long[] v, int ix, int i) {
        return (int) (v[ix + (i >>> 1)] >>> (32 - 32 * (i & 1)));
    }

    public static void setWord(long[] v, int ix, int i, int w) {
        int d = ix + (i >>> 1);
        int sh = 32 - 32 * (i & 1);
        v[d] = (v[d] & ~(0xFFFFFFFFL << sh)) | ((w & 0xFFFFFFFFL) << sh);
    }
}
