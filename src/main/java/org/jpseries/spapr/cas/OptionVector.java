package org.jpseries.spapr.cas;

import java.util.BitSet;
import org.jpseries.memory.GuestRam;

/**
 * An ibm,client-architecture-support option vector as a bitmap, numbered as PAPR (and QEMU's
 * spapr_ovec.c) do: byte N (1-based, the first byte after the length byte) bit B (0 = the most
 * significant, 0x80) is bitmap bit (N-1)*8+B. Linux's OV5_* constants 0xNNVV name byte NN with
 * value mask VV in the same numbering (e.g. 0x1740 = byte 23 bit 1 = XIVE exploitation).
 */
public final class OptionVector {
    static final int MAX_BYTES = 256;

    // OV1 and OV5 bits QEMU uses (include/hw/ppc/spapr_ovec.h)
    public static final int OV1_PPC_3_00 = bit(3, 0);
    public static final int OV5_DRCONF_MEMORY = bit(2, 2), OV5_FORM1_AFFINITY = bit(5, 0), OV5_FORM2_AFFINITY = bit(5, 2),
            OV5_HP_EVT = bit(6, 5), OV5_HPT_RESIZE = bit(6, 7), OV5_DRMEM_V2 = bit(22, 0), OV5_XIVE_BOTH = bit(23, 0),
            OV5_XIVE_EXPLOIT = bit(23, 1), OV5_MMU_BOTH = bit(24, 0), OV5_MMU_RADIX_300 = bit(24, 1),
            OV5_MMU_RADIX_GTSE = bit(26, 1);

    private final BitSet bits = new BitSet(MAX_BYTES * 8);

    public static int bit(int byteNumber, int bitInByte) {
        return (byteNumber - 1) * 8 + bitInByte;
    }

    public boolean test(int bit) {
        return bits.get(bit);
    }

    public OptionVector set(int bit) {
        bits.set(bit);
        return this;
    }

    public OptionVector clear(int bit) {
        bits.clear(bit);
        return this;
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public OptionVector copy() {
        OptionVector o = new OptionVector();
        o.bits.or(bits);
        return o;
    }

    /** ov1 ∩ ov2 (spapr_ovec_intersect). */
    public static OptionVector intersect(OptionVector a, OptionVector b) {
        OptionVector o = a.copy();
        o.bits.and(b.bits);
        return o;
    }

    /**
     * Finds vector {@code n} (1-based) in the table at {@code table} (its first byte is the number
     * of vectors minus one; each vector is a length-minus-one byte and the bytes) and parses it.
     * Returns null if the table has fewer vectors. Guest memory outside RAM raises
     * IllegalArgumentException from GuestRam.
     */
    public static OptionVector parse(GuestRam ram, long table, int n) {
        int count = ram.readU8(table) + 1;
        if (n < 1 || n > count) return null;
        long addr = table + 1;
        for (int i = 0; i < n - 1; i++) addr += ram.readU8(addr) + 2;
        int len = ram.readU8(addr) + 1;
        OptionVector ov = new OptionVector();
        for (int i = 0; i < len; i++) {
            int b = ram.readU8(addr + 1 + i);
            for (int j = 0; j < 8; j++) {
                if ((b & (0x80 >>> j)) != 0) ov.bits.set(i * 8 + j);
            }
        }
        return ov;
    }

    /**
     * The device-tree encoding (spapr_dt_ovec): a length-minus-one byte, then bytes 1..N up to the
     * last one with a bit set (at least one byte).
     */
    public byte[] toProperty() {
        int last = bits.length() - 1;
        int len = last < 0 ? 1 : last / 8 + 1;
        byte[] v = new byte[len + 1];
        v[0] = (byte) (len - 1);
        for (int i = 0; i < len; i++) {
            int b = 0;
            for (int j = 0; j < 8; j++) {
                if (bits.get(i * 8 + j)) b |= 0x80 >>> j;
            }
            v[i + 1] = (byte) b;
        }
        return v;
    }

    /** The inverse of {@link #toProperty}; null when {@code p} is not such an encoding. */
    public static OptionVector fromProperty(byte[] p) {
        if (p.length < 2 || (p[0] & 0xff) + 2 != p.length || p.length - 1 > MAX_BYTES) return null;
        OptionVector ov = new OptionVector();
        for (int i = 0; i < p.length - 1; i++) {
            for (int j = 0; j < 8; j++) {
                if ((p[i + 1] & (0x80 >>> j)) != 0) ov.bits.set(i * 8 + j);
            }
        }
        return ov;
    }

    @Override
    public String toString() {
        return bits.toString();
    }
}
