package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.vec;
import static org.jpseries.cpu.insn.VecSupport.vra;
import static org.jpseries.cpu.insn.VecSupport.vrb;
import static org.jpseries.cpu.insn.VecSupport.vrc;
import static org.jpseries.cpu.insn.VecSupport.vrt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.VectorRegs;
import org.jpseries.isa.Op;

/**
 * Vector logical, permute, shift, splat, merge, pack/unpack and extract/insert instructions
 * (Book I 6.8 "Vector Permute and Formatting", 6.9.5 "Vector Logical").
 */
final class VmxPermute {
    private VmxPermute() {}

    static void register(InstructionTable t) {
        t.on(Op.VAND, VmxPermute::vand);
        t.on(Op.VANDC, VmxPermute::vandc);
        t.on(Op.VOR, VmxPermute::vor);
        t.on(Op.VORC, VmxPermute::vorc);
        t.on(Op.VXOR, VmxPermute::vxor);
        t.on(Op.VNOR, VmxPermute::vnor);
        t.on(Op.VNAND, VmxPermute::vnand);
        t.on(Op.VEQV, VmxPermute::veqv);
        t.on(Op.VSEL, VmxPermute::vsel);
        t.on(Op.VPERM, VmxPermute::vperm);
        t.on(Op.VPERMR, VmxPermute::vpermr);
        t.on(Op.VPERMXOR, VmxPermute::vpermxor);
        t.on(Op.VSLDOI, VmxPermute::vsldoi);
        t.on(Op.VSLO, VmxPermute::vslo);
        t.on(Op.VSRO, VmxPermute::vsro);
        t.on(Op.VSL, VmxPermute::vsl);
        t.on(Op.VSR, VmxPermute::vsr);
        t.on(Op.VSLV, VmxPermute::vslv);
        t.on(Op.VSRV, VmxPermute::vsrv);
        t.on(Op.VSLDBI, VmxPermute::vsldbi);
        t.on(Op.VSRDBI, VmxPermute::vsrdbi);
        t.on(Op.VSPLTB, VmxPermute::vspltb);
        t.on(Op.VSPLTH, VmxPermute::vsplth);
        t.on(Op.VSPLTW, VmxPermute::vspltw);
        t.on(Op.VSPLTISB, VmxPermute::vspltisb);
        t.on(Op.VSPLTISH, VmxPermute::vspltish);
        t.on(Op.VSPLTISW, VmxPermute::vspltisw);
        t.on(Op.VMRGHB, (c, w) -> merge(c, w, 0, 8));
        t.on(Op.VMRGLB, (c, w) -> merge(c, w, 1, 8));
        t.on(Op.VMRGHH, (c, w) -> merge(c, w, 0, 16));
        t.on(Op.VMRGLH, (c, w) -> merge(c, w, 1, 16));
        t.on(Op.VMRGHW, (c, w) -> merge(c, w, 0, 32));
        t.on(Op.VMRGLW, (c, w) -> merge(c, w, 1, 32));
        t.on(Op.VMRGEW, VmxPermute::vmrgew);
        t.on(Op.VMRGOW, VmxPermute::vmrgow);
        t.on(Op.VPKUHUM, (c, w) -> pack(c, w, 16, PACK_MODULO));
        t.on(Op.VPKUWUM, (c, w) -> pack(c, w, 32, PACK_MODULO));
        t.on(Op.VPKUDUM, (c, w) -> pack(c, w, 64, PACK_MODULO));
        t.on(Op.VPKUHUS, (c, w) -> pack(c, w, 16, PACK_UNSIGNED_UNSIGNED));
        t.on(Op.VPKUWUS, (c, w) -> pack(c, w, 32, PACK_UNSIGNED_UNSIGNED));
        t.on(Op.VPKUDUS, (c, w) -> pack(c, w, 64, PACK_UNSIGNED_UNSIGNED));
        t.on(Op.VPKSHSS, (c, w) -> pack(c, w, 16, PACK_SIGNED_SIGNED));
        t.on(Op.VPKSWSS, (c, w) -> pack(c, w, 32, PACK_SIGNED_SIGNED));
        t.on(Op.VPKSDSS, (c, w) -> pack(c, w, 64, PACK_SIGNED_SIGNED));
        t.on(Op.VPKSHUS, (c, w) -> pack(c, w, 16, PACK_SIGNED_UNSIGNED));
        t.on(Op.VPKSWUS, (c, w) -> pack(c, w, 32, PACK_SIGNED_UNSIGNED));
        t.on(Op.VPKSDUS, (c, w) -> pack(c, w, 64, PACK_SIGNED_UNSIGNED));
        t.on(Op.VPKPX, VmxPermute::vpkpx);
        t.on(Op.VUPKHSB, (c, w) -> unpack(c, w, 8, 0));
        t.on(Op.VUPKLSB, (c, w) -> unpack(c, w, 8, 1));
        t.on(Op.VUPKHSH, (c, w) -> unpack(c, w, 16, 0));
        t.on(Op.VUPKLSH, (c, w) -> unpack(c, w, 16, 1));
        t.on(Op.VUPKHSW, (c, w) -> unpack(c, w, 32, 0));
        t.on(Op.VUPKLSW, (c, w) -> unpack(c, w, 32, 1));
        t.on(Op.VUPKHPX, (c, w) -> vupkpx(c, w, 0));
        t.on(Op.VUPKLPX, (c, w) -> vupkpx(c, w, 1));
        t.on(Op.VEXTRACTUB, (c, w) -> vextract(c, w, 1));
        t.on(Op.VEXTRACTUH, (c, w) -> vextract(c, w, 2));
        t.on(Op.VEXTRACTUW, (c, w) -> vextract(c, w, 4));
        t.on(Op.VEXTRACTD, (c, w) -> vextract(c, w, 8));
        t.on(Op.VINSERTB, (c, w) -> vinsert(c, w, 1));
        t.on(Op.VINSERTH, (c, w) -> vinsert(c, w, 2));
        t.on(Op.VINSERTW, (c, w) -> vinsert(c, w, 4));
        t.on(Op.VINSERTD, (c, w) -> vinsert(c, w, 8));
        t.on(Op.VEXTUBLX, (c, w) -> vextToGpr(c, w, 1, false));
        t.on(Op.VEXTUBRX, (c, w) -> vextToGpr(c, w, 1, true));
        t.on(Op.VEXTUHLX, (c, w) -> vextToGpr(c, w, 2, false));
        t.on(Op.VEXTUHRX, (c, w) -> vextToGpr(c, w, 2, true));
        t.on(Op.VEXTUWLX, (c, w) -> vextToGpr(c, w, 4, false));
        t.on(Op.VEXTUWRX, (c, w) -> vextToGpr(c, w, 4, true));
        // ISA 3.1 insert/extract (Book I 6.8.x)
        t.on(Op.VINSBLX, (c, w) -> vinsGpr(c, w, 1, false));
        t.on(Op.VINSBRX, (c, w) -> vinsGpr(c, w, 1, true));
        t.on(Op.VINSHLX, (c, w) -> vinsGpr(c, w, 2, false));
        t.on(Op.VINSHRX, (c, w) -> vinsGpr(c, w, 2, true));
        t.on(Op.VINSWLX, (c, w) -> vinsGpr(c, w, 4, false));
        t.on(Op.VINSWRX, (c, w) -> vinsGpr(c, w, 4, true));
        t.on(Op.VINSDLX, (c, w) -> vinsGpr(c, w, 8, false));
        t.on(Op.VINSDRX, (c, w) -> vinsGpr(c, w, 8, true));
        t.on(Op.VINSBVLX, (c, w) -> vinsVr(c, w, 1, false));
        t.on(Op.VINSBVRX, (c, w) -> vinsVr(c, w, 1, true));
        t.on(Op.VINSHVLX, (c, w) -> vinsVr(c, w, 2, false));
        t.on(Op.VINSHVRX, (c, w) -> vinsVr(c, w, 2, true));
        t.on(Op.VINSWVLX, (c, w) -> vinsVr(c, w, 4, false));
        t.on(Op.VINSWVRX, (c, w) -> vinsVr(c, w, 4, true));
        t.on(Op.VINSW, (c, w) -> vinsImm(c, w, 4));
        t.on(Op.VINSD, (c, w) -> vinsImm(c, w, 8));
        t.on(Op.VEXTDUBVLX, (c, w) -> vextDouble(c, w, 1, false));
        t.on(Op.VEXTDUBVRX, (c, w) -> vextDouble(c, w, 1, true));
        t.on(Op.VEXTDUHVLX, (c, w) -> vextDouble(c, w, 2, false));
        t.on(Op.VEXTDUHVRX, (c, w) -> vextDouble(c, w, 2, true));
        t.on(Op.VEXTDUWVLX, (c, w) -> vextDouble(c, w, 4, false));
        t.on(Op.VEXTDUWVRX, (c, w) -> vextDouble(c, w, 4, true));
        t.on(Op.VEXTDDVLX, (c, w) -> vextDouble(c, w, 8, false));
        t.on(Op.VEXTDDVRX, (c, w) -> vextDouble(c, w, 8, true));
        t.on(Op.VCLRLB, VmxPermute::vclrlb);
        t.on(Op.VCLRRB, VmxPermute::vclrrb);
        t.on(Op.VSTRIBL, (c, w) -> vstri(c, w, 8, true));
        t.on(Op.VSTRIBR, (c, w) -> vstri(c, w, 8, false));
        t.on(Op.VSTRIHL, (c, w) -> vstri(c, w, 16, true));
        t.on(Op.VSTRIHR, (c, w) -> vstri(c, w, 16, false));
    }

    private static void set(Cpu c, int w, long hi, long lo) {
        int t = vrt(w);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    // ---- logical (Book I 6.9.5) ----

    static void vand(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        set(c, w, v[a] & v[b], v[a + 1] & v[b + 1]);
    }

    static void vandc(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        set(c, w, v[a] & ~v[b], v[a + 1] & ~v[b + 1]);
    }

    static void vor(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        set(c, w, v[a] | v[b], v[a + 1] | v[b + 1]);
    }

    static void vorc(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        set(c, w, v[a] | ~v[b], v[a + 1] | ~v[b + 1]);
    }

    static void vxor(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        set(c, w, v[a] ^ v[b], v[a + 1] ^ v[b + 1]);
    }

    static void vnor(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        set(c, w, ~(v[a] | v[b]), ~(v[a + 1] | v[b + 1]));
    }

    static void vnand(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        set(c, w, ~(v[a] & v[b]), ~(v[a + 1] & v[b + 1]));
    }

    static void veqv(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        set(c, w, ~(v[a] ^ v[b]), ~(v[a + 1] ^ v[b + 1]));
    }

    /** vsel VRT,VRA,VRB,VRC: bits of VRB where VRC is 1, of VRA elsewhere. */
    static void vsel(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), m = vrc(w);
        set(c, w, (v[a] & ~v[m]) | (v[b] & v[m]), (v[a + 1] & ~v[m + 1]) | (v[b + 1] & v[m + 1]));
    }

    // ---- permute (Book I 6.8.3) ----

    /**
     * Byte i of the result is byte (ctl.byte[i] & 31) of src1 || src2, or byte 31 minus that
     * when {@code reverse} (vpermr, xxpermr). Writes the register at index {@code t}.
     */
    static void permute(long[] v, int src1, int src2, int ctl, int t, boolean reverse) {
        long a0 = v[src1], a1 = v[src1 + 1], b0 = v[src2], b1 = v[src2 + 1];
        long c0 = v[ctl], c1 = v[ctl + 1];
        if (!reverse) {
            // Fast path for the lvsl/lvsr-style controls of unaligned copies: consecutive
            // indices s, s+1, ..., s+15 select bytes s..s+15 of the 256-bit a || b.
            long m0 = c0 & 0x1F1F1F1F1F1F1F1FL, m1 = c1 & 0x1F1F1F1F1F1F1F1FL;
            int s = (int) (m0 >>> 56);
            long ramp = 0x0001020304050607L + 0x0101010101010101L * s;
            if (s <= 16 && m0 == ramp && m1 == ramp + 0x0808080808080808L) {
                int sh = 8 * s;
                long hi, lo;
                if (sh == 0) { hi = a0; lo = a1; }
                else if (sh < 64) { hi = (a0 << sh) | (a1 >>> (64 - sh)); lo = (a1 << sh) | (b0 >>> (64 - sh)); }
                else if (sh == 64) { hi = a1; lo = b0; }
                else if (sh < 128) {
                    int k = sh - 64;
                    hi = (a1 << k) | (b0 >>> (64 - k));
                    lo = (b0 << k) | (b1 >>> (64 - k));
                } else { hi = b0; lo = b1; }
                v[t] = hi;
                v[t + 1] = lo;
                return;
            }
        }
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) {
            int sh = 56 - 8 * i;
            hi |= pick(a0, a1, b0, b1, (int) (c0 >>> sh) & 31, reverse) << sh;
            lo |= pick(a0, a1, b0, b1, (int) (c1 >>> sh) & 31, reverse) << sh;
        }
        v[t] = hi;
        v[t + 1] = lo;
    }

    private static long pick(long a0, long a1, long b0, long b1, int k, boolean reverse) {
        if (reverse) k = 31 - k;
        long d = switch (k >>> 3) {
            case 0 -> a0;
            case 1 -> a1;
            case 2 -> b0;
            default -> b1;
        };
        return (d >>> (56 - 8 * (k & 7))) & 0xFF;
    }

    static void vperm(Cpu c, int w) {
        vec(c);
        permute(c.vsr, vra(w), vrb(w), vrc(w), vrt(w), false);
    }

    static void vpermr(Cpu c, int w) {
        vec(c);
        permute(c.vsr, vra(w), vrb(w), vrc(w), vrt(w), true);
    }

    /** vpermxor: byte i = VRA.byte[VRC.byte[i][0:3]] ^ VRB.byte[VRC.byte[i][4:7]]. */
    static void vpermxor(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), m = vrc(w);
        long a0 = v[a], a1 = v[a + 1], b0 = v[b], b1 = v[b + 1], c0 = v[m], c1 = v[m + 1];
        long hi = 0, lo = 0;
        for (int i = 0; i < 16; i++) {
            int idx = VectorRegs.byteOf(c0, c1, i);
            long r = VectorRegs.byteOf(a0, a1, idx >>> 4) ^ VectorRegs.byteOf(b0, b1, idx & 15);
            if (i < 8) hi |= r << (56 - 8 * i);
            else lo |= r << (56 - 8 * (i - 8));
        }
        set(c, w, hi, lo);
    }

    /** Bits [sh, sh+128) of the 256-bit value x0:x1:x2:x3, 0 <= sh <= 128. */
    private static long shl256hi(long x0, long x1, long x2, int sh) {
        if (sh >= 64) return shl128hi(x1, x2, sh - 64);
        return shl128hi(x0, x1, sh);
    }

    private static long shl128hi(long hi, long lo, int sh) {
        if (sh == 0) return hi;
        if (sh >= 64) return sh == 64 ? lo : lo << (sh - 64);
        return (hi << sh) | (lo >>> (64 - sh));
    }

    private static long shl128lo(long lo, int sh) {
        return sh >= 64 ? 0 : lo << sh;
    }

    private static long shr128lo(long hi, long lo, int sh) {
        if (sh == 0) return lo;
        if (sh >= 64) return sh == 64 ? hi : hi >>> (sh - 64);
        return (lo >>> sh) | (hi << (64 - sh));
    }

    private static long shr128hi(long hi, int sh) {
        return sh >= 64 ? 0 : hi >>> sh;
    }

    /** vsldoi VRT,VRA,VRB,SHB: bytes SHB..SHB+15 of VRA || VRB. */
    static void vsldoi(Cpu c, int w) {
        vec(c);
        int sh = ((w >>> 6) & 15) * 8;
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long x0 = v[a], x1 = v[a + 1], x2 = v[b], x3 = v[b + 1];
        set(c, w, shl256hi(x0, x1, x2, sh), shl256hi(x1, x2, x3, sh));
    }

    /** vsldbi VRT,VRA,VRB,SH (ISA 3.1): bits SH..SH+127 of VRA || VRB. */
    static void vsldbi(Cpu c, int w) {
        vec(c);
        int sh = (w >>> 6) & 7;
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long x0 = v[a], x1 = v[a + 1], x2 = v[b];
        set(c, w, shl128hi(x0, x1, sh), shl128hi(x1, x2, sh));
    }

    /** vsrdbi: bits 128-SH..255-SH of VRA || VRB. */
    static void vsrdbi(Cpu c, int w) {
        vec(c);
        int sh = (w >>> 6) & 7;
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long x1 = v[a + 1], x2 = v[b], x3 = v[b + 1];
        set(c, w, shr128lo(x1, x2, sh), shr128lo(x2, x3, sh));
    }

    /** vslo: VRA shifted left by VRB.byte[15][1:4] octets. */
    static void vslo(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w);
        int sh = (int) (v[vrb(w) + 1] >>> 3) & 15;
        long hi = v[a], lo = v[a + 1];
        set(c, w, shl128hi(hi, lo, 8 * sh), shl128lo(lo, 8 * sh));
    }

    static void vsro(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w);
        int sh = (int) (v[vrb(w) + 1] >>> 3) & 15;
        long hi = v[a], lo = v[a + 1];
        set(c, w, shr128hi(hi, 8 * sh), shr128lo(hi, lo, 8 * sh));
    }

    /** vsl: VRA shifted left by VRB.byte[15][5:7] bits (all bytes are required to agree). */
    static void vsl(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w);
        int sh = (int) v[vrb(w) + 1] & 7;
        long hi = v[a], lo = v[a + 1];
        set(c, w, shl128hi(hi, lo, sh), shl128lo(lo, sh));
    }

    static void vsr(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w);
        int sh = (int) v[vrb(w) + 1] & 7;
        long hi = v[a], lo = v[a + 1];
        set(c, w, shr128hi(hi, sh), shr128lo(hi, lo, sh));
    }

    /** vslv: byte i = (VRA.byte[i] || VRA.byte[i+1]) << VRB.byte[i][5:7], high byte kept. */
    static void vslv(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long a0 = v[a], a1 = v[a + 1], b0 = v[b], b1 = v[b + 1];
        long hi = 0, lo = 0;
        for (int i = 0; i < 16; i++) {
            int src = (VectorRegs.byteOf(a0, a1, i) << 8) | (i < 15 ? VectorRegs.byteOf(a0, a1, i + 1) : 0);
            long r = ((src << (VectorRegs.byteOf(b0, b1, i) & 7)) >>> 8) & 0xFF;
            if (i < 8) hi |= r << (56 - 8 * i);
            else lo |= r << (56 - 8 * (i - 8));
        }
        set(c, w, hi, lo);
    }

    /** vsrv: byte i = (VRA.byte[i-1] || VRA.byte[i]) >> VRB.byte[i][5:7], low byte kept. */
    static void vsrv(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long a0 = v[a], a1 = v[a + 1], b0 = v[b], b1 = v[b + 1];
        long hi = 0, lo = 0;
        for (int i = 0; i < 16; i++) {
            int src = ((i > 0 ? VectorRegs.byteOf(a0, a1, i - 1) : 0) << 8) | VectorRegs.byteOf(a0, a1, i);
            long r = (src >>> (VectorRegs.byteOf(b0, b1, i) & 7)) & 0xFF;
            if (i < 8) hi |= r << (56 - 8 * i);
            else lo |= r << (56 - 8 * (i - 8));
        }
        set(c, w, hi, lo);
    }

    // ---- splat (Book I 6.8.2) ----

    static void vspltb(Cpu c, int w) {
        vec(c);
        long e = VectorRegs.getByte(c.vsr, vrb(w), (w >>> 16) & 15) * 0x0101010101010101L;
        set(c, w, e, e);
    }

    static void vsplth(Cpu c, int w) {
        vec(c);
        long e = VectorRegs.getHalf(c.vsr, vrb(w), (w >>> 16) & 7) * 0x0001000100010001L;
        set(c, w, e, e);
    }

    static void vspltw(Cpu c, int w) {
        vec(c);
        long e = VectorRegs.getWord(c.vsr, vrb(w), (w >>> 16) & 3) & 0xFFFFFFFFL;
        e |= e << 32;
        set(c, w, e, e);
    }

    /** The SIM field, bits 11:15, sign-extended. */
    private static int sim(int w) {
        return (w << 11) >> 27;
    }

    static void vspltisb(Cpu c, int w) {
        vec(c);
        long e = (sim(w) & 0xFFL) * 0x0101010101010101L;
        set(c, w, e, e);
    }

    static void vspltish(Cpu c, int w) {
        vec(c);
        long e = (sim(w) & 0xFFFFL) * 0x0001000100010001L;
        set(c, w, e, e);
    }

    static void vspltisw(Cpu c, int w) {
        vec(c);
        long e = (sim(w) & 0xFFFFFFFFL) * 0x0000000100000001L;
        set(c, w, e, e);
    }

    // ---- merge (Book I 6.8.1) ----

    /** Interleaves the bytes of the 32-bit values a and b: a0 b0 a1 b1 ... */
    private static long mergeBytes(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            r |= ((a >>> (24 - 8 * i)) & 0xFF) << (56 - 16 * i);
            r |= ((b >>> (24 - 8 * i)) & 0xFF) << (48 - 16 * i);
        }
        return r;
    }

    private static long mergeHalves(long a, long b) {
        return ((a >>> 16) & 0xFFFF) << 48 | ((b >>> 16) & 0xFFFF) << 32 | (a & 0xFFFF) << 16 | (b & 0xFFFF);
    }

    /** The 32-bit values a and b side by side: a b. */
    private static long mergeWords(long a, long b) {
        return (a & 0xFFFFFFFFL) << 32 | (b & 0xFFFFFFFFL);
    }

    /**
     * vmrgh[bhw] (dw = 0) and vmrgl[bhw] (dw = 1): the high or low doublewords of VRA and VRB
     * interleaved element by element (size 8, 16 or 32 bits): A0 B0 A1 B1 ...
     */
    private static void merge(Cpu c, int w, int dw, int size) {
        vec(c);
        long a = c.vsr[vra(w) + dw], b = c.vsr[vrb(w) + dw];
        long ah = a >>> 32, bh = b >>> 32;
        switch (size) {
            case 8 -> set(c, w, mergeBytes(ah, bh), mergeBytes(a, b));
            case 16 -> set(c, w, mergeHalves(ah, bh), mergeHalves(a, b));
            default -> set(c, w, mergeWords(ah, bh), mergeWords(a, b));
        }
    }

    /** vmrgew: even words A0 B0 A2 B2. */
    static void vmrgew(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = (v[a] & 0xFFFFFFFF00000000L) | (v[b] >>> 32);
        long lo = (v[a + 1] & 0xFFFFFFFF00000000L) | (v[b + 1] >>> 32);
        set(c, w, hi, lo);
    }

    /** vmrgow: odd words A1 B1 A3 B3. */
    static void vmrgow(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = (v[a] << 32) | (v[b] & 0xFFFFFFFFL);
        long lo = (v[a + 1] << 32) | (v[b + 1] & 0xFFFFFFFFL);
        set(c, w, hi, lo);
    }

    // ---- pack / unpack (Book I 6.8.1) ----

    private static final int PACK_MODULO = 0, PACK_UNSIGNED_UNSIGNED = 1, PACK_SIGNED_SIGNED = 2,
            PACK_SIGNED_UNSIGNED = 3;

    /** Packs the 2*(128/bits) elements of VRA || VRB to half their width. */
    static void pack(Cpu c, int w, int bits, int kind) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        int half = bits / 2;
        long hmask = half == 32 ? 0xFFFFFFFFL : (1L << half) - 1;
        int per = 64 / bits;
        long hi = 0, lo = 0;
        boolean sat = false;
        int k = 0;
        for (int d = 0; d < 4; d++) {
            for (int j = 0; j < per; j++, k++) {
                int sh = 64 - bits * (j + 1);
                long x = d < 2 ? v[a + d] : v[b + d - 2];
                long e = bits == 64 ? x : (x >>> sh) & ((1L << bits) - 1);
                long r;
                switch (kind) {
                    case PACK_MODULO -> r = e & hmask;
                    case PACK_UNSIGNED_UNSIGNED -> {
                        if (Long.compareUnsigned(e, hmask) > 0) { r = hmask; sat = true; } else r = e;
                    }
                    case PACK_SIGNED_SIGNED -> {
                        long s = (e << (64 - bits)) >> (64 - bits);
                        long max = hmask >>> 1, min = -max - 1;
                        if (s > max) { r = max; sat = true; }
                        else if (s < min) { r = min; sat = true; }
                        else r = s;
                        r &= hmask;
                    }
                    default -> {
                        long s = (e << (64 - bits)) >> (64 - bits);
                        if (s < 0) { r = 0; sat = true; }
                        else if (s > hmask) { r = hmask; sat = true; }
                        else r = s;
                    }
                }
                // result element k of 2*per elements of width half
                int total = 2 * per; // elements per doubleword of result
                int pos = k % total;
                long place = r << (64 - half * (pos + 1));
                if (k < total) hi |= place;
                else lo |= place;
            }
        }
        if (sat) VmxInteger.setSat(c);
        set(c, w, hi, lo);
    }

    /** vpkpx: each word of VRA || VRB to a 1/5/5/5 pixel. */
    static void vpkpx(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) {
            int d = i >>> 1;
            long x = d < 2 ? v[a + d] : v[b + d - 2];
            int word = (int) (x >>> (32 - 32 * (i & 1)));
            long p = ((word >>> 24) & 1) << 15 | ((word >>> 19) & 31) << 10 | ((word >>> 11) & 31) << 5
                    | ((word >>> 3) & 31);
            if (i < 4) hi |= p << (48 - 16 * i);
            else lo |= p << (48 - 16 * (i - 4));
        }
        set(c, w, hi, lo);
    }

    /** vupk[hl]s[bhw]: sign-extends the high (part 0) or low (part 1) half of VRB to double width. */
    static void unpack(Cpu c, int w, int bits, int part) {
        vec(c);
        long src = c.vsr[vrb(w) + part];
        int per = 32 / bits; // elements per result doubleword
        long hi = 0, lo = 0;
        int wide = 2 * bits;
        long wmask = wide == 64 ? -1L : (1L << wide) - 1;
        for (int i = 0; i < 2 * per; i++) {
            long e = (src << (bits * i)) >> (64 - bits);
            long place = (e & wmask) << (64 - wide * ((i % per) + 1));
            if (i < per) hi |= place;
            else lo |= place;
        }
        set(c, w, hi, lo);
    }

    /** vupk[hl]px: 1/5/5/5 pixels to words. */
    static void vupkpx(Cpu c, int w, int part) {
        vec(c);
        long src = c.vsr[vrb(w) + part];
        long hi = 0, lo = 0;
        for (int i = 0; i < 4; i++) {
            int h = (int) (src >>> (48 - 16 * i)) & 0xFFFF;
            long word = ((h & 0x8000) != 0 ? 0xFFL << 24 : 0) | ((long) ((h >>> 10) & 31) << 16)
                    | ((long) ((h >>> 5) & 31) << 8) | (h & 31);
            if (i < 2) hi |= word << (32 - 32 * i);
            else lo |= word << (32 - 32 * (i - 2));
        }
        set(c, w, hi, lo);
    }

    // ---- extract / insert (Book I 6.8.x) ----

    /** The n bytes at byte position pos of hi:lo as a big-endian number (bytes past 15 read 0). */
    static long bytesAt(long hi, long lo, int pos, int n) {
        long r = 0;
        for (int i = 0; i < n; i++) {
            int k = pos + i;
            r = (r << 8) | (k >= 0 && k < 16 ? VectorRegs.byteOf(hi, lo, k) : 0);
        }
        return r;
    }

    /** Stores the low n bytes of value big-endian at byte position pos of the register at t. */
    static void putBytes(long[] v, int t, int pos, int n, long value) {
        for (int i = 0; i < n; i++) {
            int k = pos + i;
            if (k >= 0 && k < 16) VectorRegs.setByte(v, t, k, (int) (value >>> (8 * (n - 1 - i))));
        }
    }

    /** vextractu[bhw]/vextractd VRT,VRB,UIM: n bytes at UIM to doubleword 0, zero-extended. */
    static void vextract(Cpu c, int w, int n) {
        vec(c);
        int b = vrb(w);
        long e = bytesAt(c.vsr[b], c.vsr[b + 1], (w >>> 16) & 15, n);
        set(c, w, e, 0);
    }

    /** vinsert[bhwd] VRT,VRB,UIM: the rightmost n bytes of doubleword 0 of VRB at byte UIM. */
    static void vinsert(Cpu c, int w, int n) {
        vec(c);
        putBytes(c.vsr, vrt(w), (w >>> 16) & 15, n, c.vsr[vrb(w)]);
    }

    /** vextu[bhw][lr]x RT,RA,VRB: n bytes at index RA[60:63] from the left (or right) into RT. */
    static void vextToGpr(Cpu c, int w, int n, boolean right) {
        vec(c);
        int idx = (int) c.gpr[(w >>> 16) & 31] & 15;
        int b = vrb(w);
        int pos = right ? 16 - n - idx : idx;
        c.gpr[(w >>> 21) & 31] = bytesAt(c.vsr[b], c.vsr[b + 1], pos, n);
    }

    /** vins[bhwd][lr]x VRT,RA,RB: the low n bytes of RB at byte index RA (from the left or right). */
    static void vinsGpr(Cpu c, int w, int n, boolean right) {
        vec(c);
        int idx = (int) (c.gpr[(w >>> 16) & 31] & 15);
        long value = c.gpr[(w >>> 11) & 31];
        if (idx + n > 16) return; // undefined in the ISA; VRT is left unchanged
        putBytes(c.vsr, vrt(w), right ? 16 - n - idx : idx, n, value);
    }

    /** vins[bhw]v[lr]x VRT,RA,VRB: the element at the right of doubleword 0 of VRB at index RA. */
    static void vinsVr(Cpu c, int w, int n, boolean right) {
        vec(c);
        int idx = (int) (c.gpr[(w >>> 16) & 31] & 15);
        long value = c.vsr[vrb(w)];
        if (idx + n > 16) return; // undefined in the ISA; VRT is left unchanged
        putBytes(c.vsr, vrt(w), right ? 16 - n - idx : idx, n, value);
    }

    /** vinsw/vinsd VRT,RB,UIM: the low n bytes of RB at byte UIM. */
    static void vinsImm(Cpu c, int w, int n) {
        vec(c);
        putBytes(c.vsr, vrt(w), (w >>> 16) & 15, n, c.gpr[(w >>> 11) & 31]);
    }

    /** vextdu[bhw]v[lr]x, vextddv[lr]x VRT,VRA,VRB,RC: n bytes of VRA || VRB at index RC[59:63]. */
    static void vextDouble(Cpu c, int w, int n, boolean right) {
        vec(c);
        int idx = (int) (c.gpr[(w >>> 6) & 31] & 31);
        if (idx + n > 32) { // undefined in the ISA; zero as qemu
            set(c, w, 0, 0);
            return;
        }
        int pos = right ? 32 - n - idx : idx;
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long e = 0;
        for (int i = 0; i < n; i++) {
            int k = pos + i;
            int byteVal = k < 0 || k > 31 ? 0
                    : k < 16 ? VectorRegs.byteOf(v[a], v[a + 1], k) : VectorRegs.byteOf(v[b], v[b + 1], k - 16);
            e = (e << 8) | byteVal;
        }
        set(c, w, e, 0);
    }

    /** vclrrb VRT,VRA,RB: keeps the leftmost N = (RB) bytes of VRA, clears the rightmost 16-N. */
    static void vclrrb(Cpu c, int w) {
        vec(c);
        long n = c.gpr[(w >>> 11) & 31];
        int a = vra(w);
        long hi = c.vsr[a], lo = c.vsr[a + 1];
        if (Long.compareUnsigned(n, 16) < 0) {
            int keep = (int) n * 8;
            long mhi = keep >= 64 ? -1L : keep == 0 ? 0 : -1L << (64 - keep);
            long mlo = keep <= 64 ? 0 : -1L << (128 - keep);
            hi &= mhi;
            lo &= mlo;
        }
        set(c, w, hi, lo);
    }

    /** vclrlb VRT,VRA,RB: keeps the rightmost N = (RB) bytes of VRA, clears the leftmost 16-N. */
    static void vclrlb(Cpu c, int w) {
        vec(c);
        long n = c.gpr[(w >>> 11) & 31];
        int a = vra(w);
        long hi = c.vsr[a], lo = c.vsr[a + 1];
        if (Long.compareUnsigned(n, 16) < 0) {
            int keep = (int) n * 8;
            long mlo = keep >= 64 ? -1L : keep == 0 ? 0 : -1L >>> (64 - keep);
            long mhi = keep <= 64 ? 0 : -1L >>> (128 - keep);
            hi &= mhi;
            lo &= mlo;
        }
        set(c, w, hi, lo);
    }

    /**
     * vstri[bh][lr][.] VRT,VRB: copies elements of VRB from the left (or right) up to the first
     * zero element, zeroing the rest; Rc=1 sets CR6 EQ when a zero element was found.
     */
    static void vstri(Cpu c, int w, int bits, boolean left) {
        vec(c);
        int b = vrb(w);
        long hi = c.vsr[b], lo = c.vsr[b + 1];
        int n = 128 / bits;
        long rhi = 0, rlo = 0;
        boolean found = false;
        for (int j = 0; j < n; j++) {
            int i = left ? j : n - 1 - j;
            int per = 64 / bits;
            long d = i < per ? hi : lo;
            int sh = 64 - bits * ((i % per) + 1);
            long e = (d >>> sh) & ((1L << bits) - 1);
            if (e == 0) {
                found = true;
                break;
            }
            if (i < per) rhi |= e << sh;
            else rlo |= e << sh;
        }
        set(c, w, rhi, rlo);
        if ((w & 0x400) != 0) c.setCrField(6, found ? 2 : 0);
    }
}
