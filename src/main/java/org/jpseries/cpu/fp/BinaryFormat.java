package org.jpseries.cpu.fp;

import java.math.BigInteger;

/**
 * The IEEE-754 binary interchange formats the ISA uses (Book I 4.3.1, 7.3.1): half, single,
 * double and quad precision. A value is kept as raw bits: for formats up to 64 bits, right-aligned
 * in {@code hi} ({@code lo} unused); for quad, {@code hi} is bits 0:63 and {@code lo} bits 64:127.
 */
public enum BinaryFormat {
    HALF(5, 11, 16),
    /** bfloat16 (xvcvspbf16, Book I 7.6): single's exponent range with 8 bits of precision. */
    BFLOAT16(8, 8, 16),
    SINGLE(8, 24, 32),
    DOUBLE(11, 53, 64),
    QUAD(15, 113, 128);

    public final int expBits;
    /** Precision p including the implicit bit. */
    public final int precision;
    public final int width;
    public final int bias;
    public final int expMax;
    /** Exponent of the smallest normal number and of the largest finite number. */
    public final int emin, emax;
    /** Exponent adjustment for enabled overflow/underflow results: 3 * 2^(expBits-2) (Book I 4.4.3). */
    public final int trapAdjust;
    final int fracBits;

    BinaryFormat(int expBits, int precision, int width) {
        this.expBits = expBits;
        this.precision = precision;
        this.width = width;
        this.bias = (1 << (expBits - 1)) - 1;
        this.expMax = (1 << expBits) - 1;
        this.emin = 1 - bias;
        this.emax = bias;
        this.trapAdjust = 3 << (expBits - 2);
        this.fracBits = precision - 1;
    }

    public boolean sign(long hi) {
        return this == QUAD || this == DOUBLE ? hi < 0 : ((hi >>> (width - 1)) & 1) != 0;
    }

    public int biasedExp(long hi) {
        if (this == QUAD) return (int) ((hi >>> 48) & 0x7FFF);
        return (int) ((hi >>> fracBits) & expMax);
    }

    public boolean fractionZero(long hi, long lo) {
        if (this == QUAD) return (hi & 0xFFFFFFFFFFFFL) == 0 && lo == 0;
        return (hi & ((1L << fracBits) - 1)) == 0;
    }

    public boolean isNaN(long hi, long lo) {
        return biasedExp(hi) == expMax && !fractionZero(hi, lo);
    }

    /** Signalling NaN: a NaN whose most significant fraction bit is 0. */
    public boolean isSNaN(long hi, long lo) {
        return isNaN(hi, lo) && (hi & quietBit()) == 0;
    }

    public boolean isInf(long hi, long lo) {
        return biasedExp(hi) == expMax && fractionZero(hi, lo);
    }

    public boolean isZero(long hi, long lo) {
        return biasedExp(hi) == 0 && fractionZero(hi, lo);
    }

    /** The quiet bit of a NaN, in {@code hi}. */
    public long quietBit() {
        return this == QUAD ? 1L << 47 : 1L << (fracBits - 1);
    }

    public long signBit() {
        return this == QUAD || this == DOUBLE ? Long.MIN_VALUE : 1L << (width - 1);
    }

    /** {@code hi} of the infinity with the given sign. */
    public long infHi(boolean neg) {
        long e = this == QUAD ? 0x7FFFL << 48 : (long) expMax << fracBits;
        return neg ? e | signBit() : e;
    }

    /** {@code hi} of the default quiet NaN (positive, only the quiet bit set). */
    public long defaultNaNHi() {
        return infHi(false) | quietBit();
    }

    /** The significand (with the implicit bit when normal) as an integer. */
    public BigInteger significand(long hi, long lo) {
        int e = biasedExp(hi);
        if (this == QUAD) {
            long h = hi & 0xFFFFFFFFFFFFL;
            if (e != 0) h |= 1L << 48;
            return BigInteger.valueOf(h).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
        }
        long m = hi & ((1L << fracBits) - 1);
        if (e != 0) m |= 1L << fracBits;
        return BigInteger.valueOf(m);
    }

    /** Exponent of the significand's unit bit: value = significand * 2^unitExp. */
    public int unitExp(long hi) {
        int e = biasedExp(hi);
        return (e == 0 ? emin : e - bias) - fracBits;
    }
}
