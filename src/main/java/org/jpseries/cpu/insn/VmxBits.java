package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.vec;
import static org.jpseries.cpu.insn.VecSupport.vra;
import static org.jpseries.cpu.insn.VecSupport.vrb;
import static org.jpseries.cpu.insn.VecSupport.vrt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.VectorRegs;
import org.jpseries.isa.Op;

/**
 * Vector bit counting, parity, bit gather/permute and the ISA 3.1 mask instructions
 * (Book I 6.9.6 "Vector Bit Manipulation", 6.8.x "Vector Mask Manipulation").
 */
final class VmxBits {
    private VmxBits() {}

    static void register(InstructionTable t) {
        t.on(Op.VCLZB, (c, w) -> VmxInteger.map(c, w, 8, false, (a, b) -> Long.numberOfLeadingZeros(b) - 56));
        t.on(Op.VCLZH, (c, w) -> VmxInteger.map(c, w, 16, false, (a, b) -> Long.numberOfLeadingZeros(b) - 48));
        t.on(Op.VCLZW, (c, w) -> VmxInteger.map(c, w, 32, false, (a, b) -> Long.numberOfLeadingZeros(b) - 32));
        t.on(Op.VCLZD, (c, w) -> VmxInteger.map(c, w, 64, false, (a, b) -> Long.numberOfLeadingZeros(b)));
        t.on(Op.VCTZB, (c, w) -> VmxInteger.map(c, w, 8, false, (a, b) -> Math.min(8, Long.numberOfTrailingZeros(b))));
        t.on(Op.VCTZH, (c, w) -> VmxInteger.map(c, w, 16, false, (a, b) -> Math.min(16, Long.numberOfTrailingZeros(b))));
        t.on(Op.VCTZW, (c, w) -> VmxInteger.map(c, w, 32, false, (a, b) -> Math.min(32, Long.numberOfTrailingZeros(b))));
        t.on(Op.VCTZD, (c, w) -> VmxInteger.map(c, w, 64, false, (a, b) -> Long.numberOfTrailingZeros(b)));
        t.on(Op.VPOPCNTB, (c, w) -> VmxInteger.map(c, w, 8, false, (a, b) -> Long.bitCount(b)));
        t.on(Op.VPOPCNTH, (c, w) -> VmxInteger.map(c, w, 16, false, (a, b) -> Long.bitCount(b)));
        t.on(Op.VPOPCNTW, (c, w) -> VmxInteger.map(c, w, 32, false, (a, b) -> Long.bitCount(b)));
        t.on(Op.VPOPCNTD, (c, w) -> VmxInteger.map(c, w, 64, false, (a, b) -> Long.bitCount(b)));
        t.on(Op.VPRTYBW, (c, w) -> VmxInteger.map(c, w, 32, false, (a, b) -> Long.bitCount(b & 0x01010101L) & 1));
        t.on(Op.VPRTYBD, (c, w) -> VmxInteger.map(c, w, 64, false,
                (a, b) -> Long.bitCount(b & 0x0101010101010101L) & 1));
        t.on(Op.VPRTYBQ, VmxBits::vprtybq);
        t.on(Op.VGBBD, VmxBits::vgbbd);
        t.on(Op.VBPERMQ, VmxBits::vbpermq);
        t.on(Op.VBPERMD, VmxBits::vbpermd);
        t.on(Op.VCLZLSBB, VmxBits::vclzlsbb);
        t.on(Op.VCTZLSBB, VmxBits::vctzlsbb);
        t.on(Op.VEXTRACTBM, (c, w) -> vextractm(c, w, 8));
        t.on(Op.VEXTRACTHM, (c, w) -> vextractm(c, w, 16));
        t.on(Op.VEXTRACTWM, (c, w) -> vextractm(c, w, 32));
        t.on(Op.VEXTRACTDM, (c, w) -> vextractm(c, w, 64));
        t.on(Op.VEXTRACTQM, (c, w) -> vextractm(c, w, 128));
        t.on(Op.VEXPANDBM, (c, w) -> vexpandm(c, w, 8));
        t.on(Op.VEXPANDHM, (c, w) -> vexpandm(c, w, 16));
        t.on(Op.VEXPANDWM, (c, w) -> vexpandm(c, w, 32));
        t.on(Op.VEXPANDDM, (c, w) -> vexpandm(c, w, 64));
        t.on(Op.VEXPANDQM, (c, w) -> vexpandm(c, w, 128));
        t.on(Op.VCNTMBB, (c, w) -> vcntmb(c, w, 8));
        t.on(Op.VCNTMBH, (c, w) -> vcntmb(c, w, 16));
        t.on(Op.VCNTMBW, (c, w) -> vcntmb(c, w, 32));
        t.on(Op.VCNTMBD, (c, w) -> vcntmb(c, w, 64));
        t.on(Op.MTVSRBM, (c, w) -> mtvsrm(c, w, 8, c.gpr[(w >>> 11) & 31]));
        t.on(Op.MTVSRHM, (c, w) -> mtvsrm(c, w, 16, c.gpr[(w >>> 11) & 31]));
        t.on(Op.MTVSRWM, (c, w) -> mtvsrm(c, w, 32, c.gpr[(w >>> 11) & 31]));
        t.on(Op.MTVSRDM, (c, w) -> mtvsrm(c, w, 64, c.gpr[(w >>> 11) & 31]));
        t.on(Op.MTVSRQM, (c, w) -> mtvsrm(c, w, 128, c.gpr[(w >>> 11) & 31]));
        t.on(Op.MTVSRBMI, VmxBits::mtvsrbmi);
        t.on(Op.VGNB, VmxBits::vgnb);
        t.on(Op.VCLZDM, (c, w) -> VmxInteger.map(c, w, 64, false, (a, b) -> Long.numberOfLeadingZeros(pext(a, b))
                - (64 - Long.bitCount(b))));
        t.on(Op.VCTZDM, (c, w) -> VmxInteger.map(c, w, 64, false,
                (a, b) -> Math.min(Long.bitCount(b), Long.numberOfTrailingZeros(pext(a, b)))));
        t.on(Op.VPDEPD, (c, w) -> VmxInteger.map(c, w, 64, false, VmxBits::pdep));
        t.on(Op.VPEXTD, (c, w) -> VmxInteger.map(c, w, 64, false, VmxBits::pext));
        t.on(Op.VCFUGED, (c, w) -> VmxInteger.map(c, w, 64, false, VmxBits::cfuge));
    }

    private static void set(Cpu c, int w, long hi, long lo) {
        int t = vrt(w);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    /** Parallel bits deposit: the low bits of x placed at the 1 bits of mask (Book I 3.3.x pdepd). */
    static long pdep(long x, long mask) {
        long r = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            long bit = m & -m;
            if ((x & 1) != 0) r |= bit;
            x >>>= 1;
        }
        return r;
    }

    /** Parallel bits extract: the bits of x at the 1 bits of mask, packed to the right. */
    static long pext(long x, long mask) {
        long r = 0;
        int k = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            long bit = m & -m;
            if ((x & bit) != 0) r |= 1L << k;
            k++;
        }
        return r;
    }

    /** Centrifuge: bits of x under 0s of mask to the left, under 1s to the right, order kept. */
    static long cfuge(long x, long mask) {
        int ones = Long.bitCount(mask);
        return (pext(x, ~mask) << ones) | pext(x, mask);
    }

    static void vprtybq(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long m = 0x0101010101010101L;
        set(c, w, 0, Long.bitCount((c.vsr[b] & m) ^ (c.vsr[b + 1] & m)) & 1);
    }

    /** Transposes the 8x8 bit matrix of a doubleword (byte j bit k to byte k bit j). */
    static long transpose8(long x) {
        long t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
        x ^= t ^ (t << 7);
        t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
        x ^= t ^ (t << 14);
        t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
        x ^= t ^ (t << 28);
        return x;
    }

    /** vgbbd VRT,VRB: gathers bits by bytes by doubleword (a bit-matrix transpose). */
    static void vgbbd(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long hi = transpose8(c.vsr[b]), lo = transpose8(c.vsr[b + 1]);
        set(c, w, hi, lo);
    }

    /** vbpermq VRT,VRA,VRB: bit VRB.byte[i] of VRA (0 if >= 128) to bit 48+i of doubleword 0. */
    static void vbpermq(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long ah = v[a], al = v[a + 1], bh = v[b], bl = v[b + 1];
        long r = 0;
        for (int i = 0; i < 16; i++) {
            int idx = VectorRegs.byteOf(bh, bl, i);
            long bit = 0;
            if (idx < 128) bit = ((idx < 64 ? ah : al) >>> (63 - (idx & 63))) & 1;
            r |= bit << (15 - i);
        }
        set(c, w, r, 0);
    }

    /** vbpermd: per doubleword, bits VRB.dword[i].byte[j] of VRA.dword[i] into byte 7. */
    static void vbpermd(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long r0 = 0, r1 = 0;
        for (int d = 0; d < 2; d++) {
            long x = v[a + d], y = v[b + d], r = 0;
            for (int j = 0; j < 8; j++) {
                int idx = (int) (y >>> (56 - 8 * j)) & 0xFF;
                long bit = idx < 64 ? (x >>> (63 - idx)) & 1 : 0;
                r |= bit << (7 - j);
            }
            if (d == 0) r0 = r;
            else r1 = r;
        }
        set(c, w, r0, r1);
    }

    /** The least-significant bit of each byte packed to a 16-bit value, byte 0 highest. */
    private static int lsbMask(long hi, long lo) {
        long m = 0x0101010101010101L;
        int h = (int) (((hi & m) * 0x0102040810204080L) >>> 56) & 0xFF;
        int l = (int) (((lo & m) * 0x0102040810204080L) >>> 56) & 0xFF;
        return (h << 8) | l;
    }

    /** vclzlsbb RT,VRB: number of leading bytes whose least-significant bit is 0. */
    static void vclzlsbb(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        int m = lsbMask(c.vsr[b], c.vsr[b + 1]);
        c.gpr[(w >>> 21) & 31] = Integer.numberOfLeadingZeros(m) - 16;
    }

    static void vctzlsbb(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        int m = lsbMask(c.vsr[b], c.vsr[b + 1]);
        c.gpr[(w >>> 21) & 31] = Math.min(16, Integer.numberOfTrailingZeros(m));
    }

    /** vextract[bhwdq]m RT,VRB: the most-significant bit of each element, element 0 highest. */
    static void vextractm(Cpu c, int w, int bits) {
        vec(c);
        int b = vrb(w);
        long hi = c.vsr[b], lo = c.vsr[b + 1];
        long r = 0;
        if (bits == 128) {
            r = hi >>> 63;
        } else {
            int n = 128 / bits;
            for (int i = 0; i < n; i++) r = (r << 1) | (VmxInteger.elem(hi, lo, bits, i, false) >>> (bits - 1));
        }
        c.gpr[(w >>> 21) & 31] = r;
    }

    /** vexpand[bhwdq]m VRT,VRB: each element all ones if its most-significant bit is 1. */
    static void vexpandm(Cpu c, int w, int bits) {
        vec(c);
        int b = vrb(w);
        long hi = c.vsr[b], lo = c.vsr[b + 1];
        if (bits == 128) {
            long m = hi >> 63;
            set(c, w, m, m);
            return;
        }
        set(c, w, expand1(hi, bits), expand1(lo, bits));
    }

    private static long expand1(long x, int bits) {
        long r = 0;
        for (int sh = 64 - bits; sh >= 0; sh -= bits) {
            if (((x >>> (sh + bits - 1)) & 1) != 0) r |= (bits == 64 ? -1L : (1L << bits) - 1) << sh;
        }
        return r;
    }

    /** vcntmb[bhwd] RT,VRB,MP: count of elements whose MSB equals MP, in the top bits of RT. */
    static void vcntmb(Cpu c, int w, int bits) {
        vec(c);
        int mp = (w >>> 16) & 1;
        int b = vrb(w);
        long hi = c.vsr[b], lo = c.vsr[b + 1];
        int n = 128 / bits, count = 0;
        for (int i = 0; i < n; i++) {
            if ((VmxInteger.elem(hi, lo, bits, i, false) >>> (bits - 1)) == mp) count++;
        }
        int fieldBits = switch (bits) {
            case 8 -> 8;
            case 16 -> 7;
            case 32 -> 6;
            default -> 5;
        };
        c.gpr[(w >>> 21) & 31] = (long) count << (64 - fieldBits);
    }

    /** mtvsr[bhwdq]m VRT,RB: element i all ones if bit (64 - n + i) of the mask is 1. */
    static void mtvsrm(Cpu c, int w, int bits, long mask) {
        vec(c);
        if (bits == 128) {
            long m = -(mask & 1);
            set(c, w, m, m);
            return;
        }
        int n = 128 / bits, per = 64 / bits;
        long ones = bits == 64 ? -1L : (1L << bits) - 1;
        long hi = 0, lo = 0;
        for (int i = 0; i < n; i++) {
            if (((mask >>> (n - 1 - i)) & 1) == 0) continue;
            long place = ones << (64 - bits * ((i % per) + 1));
            if (i < per) hi |= place;
            else lo |= place;
        }
        set(c, w, hi, lo);
    }

    /** mtvsrbmi VRT,bm: bm = b0 (bits 16:25) || b1 (bits 11:15) || b2 (bit 31). */
    static void mtvsrbmi(Cpu c, int w) {
        long bm = ((w >>> 6) & 0x3FF) << 6 | ((w >>> 16) & 31) << 1 | (w & 1);
        mtvsrm(c, w, 8, bm);
    }

    /** vgnb RT,VRB,N: every N-th bit of VRB from bit 0, concatenated left-justified in RT. */
    static void vgnb(Cpu c, int w) {
        vec(c);
        int n = (w >>> 16) & 7;
        if (n < 2) throw c.programInterrupt(org.jpseries.cpu.arch.Interrupt.PROGRAM_ILLEGAL);
        int b = vrb(w);
        long hi = c.vsr[b], lo = c.vsr[b + 1];
        long r = 0;
        int count = 0;
        for (int i = 0; i < 128; i += n, count++) {
            long bit = ((i < 64 ? hi : lo) >>> (63 - (i & 63))) & 1;
            r = (r << 1) | bit;
        }
        c.gpr[(w >>> 21) & 31] = count == 64 ? r : r << (64 - count);
    }
}
