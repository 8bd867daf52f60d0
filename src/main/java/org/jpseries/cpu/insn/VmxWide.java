package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.vec;
import static org.jpseries.cpu.insn.VecSupport.vra;
import static org.jpseries.cpu.insn.VecSupport.vrb;
import static org.jpseries.cpu.insn.VecSupport.vrc;
import static org.jpseries.cpu.insn.VecSupport.vrt;
import static org.jpseries.cpu.insn.VmxInteger.elem;

import org.jpseries.cpu.Cpu;
import org.jpseries.isa.Op;

/**
 * Vector multiply (even/odd, sum, high, add), sum-across and quadword integer instructions
 * (Book I 6.9.1, 6.9.2), plus mfvscr/mtvscr (Book I 6.11).
 */
final class VmxWide {
    private VmxWide() {}

    static void register(InstructionTable t) {
        t.on(Op.VMULESB, (c, w) -> mulEvenOdd(c, w, 8, true, 0));
        t.on(Op.VMULOSB, (c, w) -> mulEvenOdd(c, w, 8, true, 1));
        t.on(Op.VMULEUB, (c, w) -> mulEvenOdd(c, w, 8, false, 0));
        t.on(Op.VMULOUB, (c, w) -> mulEvenOdd(c, w, 8, false, 1));
        t.on(Op.VMULESH, (c, w) -> mulEvenOdd(c, w, 16, true, 0));
        t.on(Op.VMULOSH, (c, w) -> mulEvenOdd(c, w, 16, true, 1));
        t.on(Op.VMULEUH, (c, w) -> mulEvenOdd(c, w, 16, false, 0));
        t.on(Op.VMULOUH, (c, w) -> mulEvenOdd(c, w, 16, false, 1));
        t.on(Op.VMULESW, (c, w) -> mulEvenOdd(c, w, 32, true, 0));
        t.on(Op.VMULOSW, (c, w) -> mulEvenOdd(c, w, 32, true, 1));
        t.on(Op.VMULEUW, (c, w) -> mulEvenOdd(c, w, 32, false, 0));
        t.on(Op.VMULOUW, (c, w) -> mulEvenOdd(c, w, 32, false, 1));
        t.on(Op.VMULESD, (c, w) -> mulDouble(c, w, true, 0));
        t.on(Op.VMULOSD, (c, w) -> mulDouble(c, w, true, 1));
        t.on(Op.VMULEUD, (c, w) -> mulDouble(c, w, false, 0));
        t.on(Op.VMULOUD, (c, w) -> mulDouble(c, w, false, 1));
        t.on(Op.VMSUMUBM, (c, w) -> msum(c, w, 8, false, false, false));
        t.on(Op.VMSUMMBM, (c, w) -> msum(c, w, 8, true, false, false));
        t.on(Op.VMSUMUHM, (c, w) -> msum(c, w, 16, false, false, false));
        t.on(Op.VMSUMUHS, (c, w) -> msum(c, w, 16, false, false, true));
        t.on(Op.VMSUMSHM, (c, w) -> msum(c, w, 16, true, true, false));
        t.on(Op.VMSUMSHS, (c, w) -> msum(c, w, 16, true, true, true));
        t.on(Op.VMSUMUDM, (c, w) -> vmsumud(c, w, false));
        t.on(Op.VMSUMCUD, (c, w) -> vmsumud(c, w, true));
        t.on(Op.VMLADDUHM, VmxWide::vmladduhm);
        t.on(Op.VMHADDSHS, (c, w) -> vmhadd(c, w, 0));
        t.on(Op.VMHRADDSHS, (c, w) -> vmhadd(c, w, 0x4000));
        t.on(Op.VSUM4UBS, (c, w) -> vsum4(c, w, 8, false));
        t.on(Op.VSUM4SBS, (c, w) -> vsum4(c, w, 8, true));
        t.on(Op.VSUM4SHS, (c, w) -> vsum4(c, w, 16, true));
        t.on(Op.VSUM2SWS, VmxWide::vsum2sws);
        t.on(Op.VSUMSWS, VmxWide::vsumsws);
        t.on(Op.VADDUQM, (c, w) -> addQuad(c, w, false, false, false));
        t.on(Op.VADDCUQ, (c, w) -> addQuad(c, w, false, false, true));
        t.on(Op.VADDEUQM, (c, w) -> addQuad(c, w, false, true, false));
        t.on(Op.VADDECUQ, (c, w) -> addQuad(c, w, false, true, true));
        t.on(Op.VSUBUQM, (c, w) -> addQuad(c, w, true, false, false));
        t.on(Op.VSUBCUQ, (c, w) -> addQuad(c, w, true, false, true));
        t.on(Op.VSUBEUQM, (c, w) -> addQuad(c, w, true, true, false));
        t.on(Op.VSUBECUQ, (c, w) -> addQuad(c, w, true, true, true));
        t.on(Op.VCMPEQUQ, (c, w) -> compareQuad(c, w, 0));
        t.on(Op.VCMPGTSQ, (c, w) -> compareQuad(c, w, 1));
        t.on(Op.VCMPGTUQ, (c, w) -> compareQuad(c, w, 2));
        t.on(Op.VCMPSQ, (c, w) -> vcmpq(c, w, true));
        t.on(Op.VCMPUQ, (c, w) -> vcmpq(c, w, false));
        t.on(Op.VSLQ, (c, w) -> shiftQuad(c, w, 0));
        t.on(Op.VSRQ, (c, w) -> shiftQuad(c, w, 1));
        t.on(Op.VSRAQ, (c, w) -> shiftQuad(c, w, 2));
        t.on(Op.VRLQ, (c, w) -> shiftQuad(c, w, 3));
        t.on(Op.VEXTSD2Q, VmxWide::vextsd2q);
        t.on(Op.MFVSCR, VmxWide::mfvscr);
        t.on(Op.MTVSCR, VmxWide::mtvscr);
    }

    private static void set(Cpu c, int w, long hi, long lo) {
        int t = vrt(w);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    /** vmul[eo][su][bhw]: products of the even (or odd) elements, double width. */
    static void mulEvenOdd(Cpu c, int w, int bits, boolean signed, int odd) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        int n = 128 / bits / 2; // products
        int wide = 2 * bits;
        long wmask = wide == 64 ? -1L : (1L << wide) - 1;
        int per = 64 / wide;
        long hi = 0, lo = 0;
        for (int i = 0; i < n; i++) {
            long x = elem(v[a], v[a + 1], bits, 2 * i + odd, signed);
            long y = elem(v[b], v[b + 1], bits, 2 * i + odd, signed);
            long p = (x * y) & wmask;
            long place = p << (64 - wide * ((i % per) + 1));
            if (i < per) hi |= place;
            else lo |= place;
        }
        set(c, w, hi, lo);
    }

    /** vmul[eo][su]d: the 128-bit product of doubleword 0 (even) or 1 (odd). */
    static void mulDouble(Cpu c, int w, boolean signed, int odd) {
        vec(c);
        long x = c.vsr[vra(w) + odd], y = c.vsr[vrb(w) + odd];
        long hi = signed ? Math.multiplyHigh(x, y) : Math.unsignedMultiplyHigh(x, y);
        set(c, w, hi, x * y);
    }

    /**
     * vmsum[um][bh][ms]: each word of VRC plus the products of the elements of VRA and VRB in that
     * word. For vmsummbm VRA is signed and VRB unsigned ({@code signedA}); vmsumsh* both signed.
     */
    static void msum(Cpu c, int w, int bits, boolean signedA, boolean signedB, boolean saturate) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), m = vrc(w);
        int per = 32 / bits;
        long hi = 0, lo = 0;
        boolean sat = false;
        for (int i = 0; i < 4; i++) {
            boolean signedSum = signedA && signedB;
            long sum = elem(v[m], v[m + 1], 32, i, signedSum);
            for (int j = 0; j < per; j++) {
                int k = per * i + j;
                sum += elem(v[a], v[a + 1], bits, k, signedA) * elem(v[b], v[b + 1], bits, k, signedB);
            }
            if (saturate) {
                long min = signedSum ? Integer.MIN_VALUE : 0, max = signedSum ? Integer.MAX_VALUE : 0xFFFFFFFFL;
                if (sum > max) { sum = max; sat = true; }
                else if (sum < min) { sum = min; sat = true; }
            }
            long place = (sum & 0xFFFFFFFFL) << (32 - 32 * (i & 1));
            if (i < 2) hi |= place;
            else lo |= place;
        }
        set(c, w, hi, lo);
        if (sat) VmxInteger.setSat(c);
    }

    /** vmsumudm: the two unsigned 128-bit doubleword products plus VRC, modulo 2^128; vmsumcud: the carry. */
    static void vmsumud(Cpu c, int w, boolean carryOut) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), m = vrc(w);
        long hi = v[m], lo = v[m + 1];
        long carry = 0;
        for (int d = 0; d < 2; d++) {
            long x = v[a + d], y = v[b + d];
            long ph = Math.unsignedMultiplyHigh(x, y), pl = x * y;
            long nlo = lo + pl;
            long c1 = Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0;
            long nhi = hi + ph;
            long c2 = Long.compareUnsigned(nhi, hi) < 0 ? 1 : 0;
            long nhi2 = nhi + c1;
            long c3 = Long.compareUnsigned(nhi2, nhi) < 0 ? 1 : 0;
            carry += c2 + c3;
            hi = nhi2;
            lo = nlo;
        }
        if (carryOut) set(c, w, 0, carry);
        else set(c, w, hi, lo);
    }

    static void vmladduhm(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), m = vrc(w);
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) {
            long r = (elem(v[a], v[a + 1], 16, i, false) * elem(v[b], v[b + 1], 16, i, false)
                    + elem(v[m], v[m + 1], 16, i, false)) & 0xFFFF;
            if (i < 4) hi |= r << (48 - 16 * (i & 3));
            else lo |= r << (48 - 16 * (i & 3));
        }
        set(c, w, hi, lo);
    }

    /** vmh[r]addshs: ((a*b [+ 0x4000]) >> 15) + c, saturated to a signed halfword. */
    static void vmhadd(Cpu c, int w, long round) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), m = vrc(w);
        long hi = 0, lo = 0;
        boolean sat = false;
        for (int i = 0; i < 8; i++) {
            long r = ((elem(v[a], v[a + 1], 16, i, true) * elem(v[b], v[b + 1], 16, i, true) + round) >> 15)
                    + elem(v[m], v[m + 1], 16, i, true);
            if (r > Short.MAX_VALUE) { r = Short.MAX_VALUE; sat = true; }
            else if (r < Short.MIN_VALUE) { r = Short.MIN_VALUE; sat = true; }
            r &= 0xFFFF;
            if (i < 4) hi |= r << (48 - 16 * (i & 3));
            else lo |= r << (48 - 16 * (i & 3));
        }
        set(c, w, hi, lo);
        if (sat) VmxInteger.setSat(c);
    }

    /** vsum4[us]bs / vsum4shs: each word = sum of the elements of VRA in it + word of VRB, saturated. */
    static void vsum4(Cpu c, int w, int bits, boolean signed) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        int per = 32 / bits;
        long hi = 0, lo = 0;
        boolean sat = false;
        long min = signed ? Integer.MIN_VALUE : 0, max = signed ? Integer.MAX_VALUE : 0xFFFFFFFFL;
        for (int i = 0; i < 4; i++) {
            long sum = elem(v[b], v[b + 1], 32, i, signed);
            for (int j = 0; j < per; j++) sum += elem(v[a], v[a + 1], bits, per * i + j, signed);
            if (sum > max) { sum = max; sat = true; }
            else if (sum < min) { sum = min; sat = true; }
            long place = (sum & 0xFFFFFFFFL) << (32 - 32 * (i & 1));
            if (i < 2) hi |= place;
            else lo |= place;
        }
        set(c, w, hi, lo);
        if (sat) VmxInteger.setSat(c);
    }

    private static long satWord(Cpu c, long sum) {
        if (sum > Integer.MAX_VALUE) { VmxInteger.setSat(c); return Integer.MAX_VALUE; }
        if (sum < Integer.MIN_VALUE) { VmxInteger.setSat(c); return Integer.MIN_VALUE; }
        return sum;
    }

    static void vsum2sws(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long r0 = 0, r1 = 0;
        for (int d = 0; d < 2; d++) {
            long s = (long) (int) (v[a + d] >> 32) + (int) v[a + d] + (int) v[b + d];
            long r = satWord(c, s) & 0xFFFFFFFFL;
            if (d == 0) r0 = r;
            else r1 = r;
        }
        set(c, w, r0, r1);
    }

    static void vsumsws(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long s = (long) (int) (v[a] >> 32) + (int) v[a] + (int) (v[a + 1] >> 32) + (int) v[a + 1] + (int) v[b + 1];
        set(c, w, 0, satWord(c, s) & 0xFFFFFFFFL);
    }

    /**
     * Quadword add/subtract (Book I 6.9.1): VRA + VRB (or + ~VRB + 1), with the carry-in from
     * VRC bit 127 for the extended forms; the carry forms write the carry-out instead of the sum.
     */
    static void addQuad(Cpu c, int w, boolean subtract, boolean extended, boolean carryForm) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long ah = v[a], al = v[a + 1], bh = v[b], bl = v[b + 1];
        if (subtract) {
            bh = ~bh;
            bl = ~bl;
        }
        long cin = extended ? v[vrc(w) + 1] & 1 : subtract ? 1 : 0;
        long lo = al + bl;
        long c1 = Long.compareUnsigned(lo, al) < 0 ? 1 : 0;
        long lo2 = lo + cin;
        c1 += Long.compareUnsigned(lo2, lo) < 0 ? 1 : 0;
        long hi = ah + bh;
        long c2 = Long.compareUnsigned(hi, ah) < 0 ? 1 : 0;
        long hi2 = hi + c1;
        c2 += Long.compareUnsigned(hi2, hi) < 0 ? 1 : 0;
        if (carryForm) set(c, w, 0, c2);
        else set(c, w, hi2, lo2);
    }

    private static int cmpQuad(long ah, long al, long bh, long bl, boolean signed) {
        int h = signed ? Long.compare(ah, bh) : Long.compareUnsigned(ah, bh);
        return h != 0 ? h : Long.compareUnsigned(al, bl);
    }

    /** vcmpequq/vcmpgtsq/vcmpgtuq[.] (ISA 3.1). */
    static void compareQuad(Cpu c, int w, int kind) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        int k = cmpQuad(v[a], v[a + 1], v[b], v[b + 1], kind == 1);
        boolean r = kind == 0 ? k == 0 : k > 0;
        long m = r ? -1L : 0;
        VmxInteger.finishCompare(c, w, m, m);
    }

    /** vcmpsq/vcmpuq BF,VRA,VRB: LT GT EQ into CR field BF. */
    static void vcmpq(Cpu c, int w, boolean signed) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        int k = cmpQuad(v[a], v[a + 1], v[b], v[b + 1], signed);
        c.setCrField((w >>> 23) & 7, k < 0 ? 8 : k > 0 ? 4 : 2);
    }

    /** vslq/vsrq/vsraq/vrlq: shift or rotate the quadword by VRB bits 57:63. */
    static void shiftQuad(Cpu c, int w, int kind) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w);
        int sh = (int) v[vrb(w)] & 127;
        long hi = v[a], lo = v[a + 1];
        long rh, rl;
        switch (kind) {
            case 0 -> { rh = shlHi(hi, lo, sh); rl = sh >= 64 ? 0 : lo << sh; }
            case 1 -> { rl = shrLo(hi, lo, sh); rh = sh >= 64 ? 0 : hi >>> sh; }
            case 2 -> {
                long fill = hi >> 63;
                if (sh == 0) { rh = hi; rl = lo; }
                else if (sh < 64) { rh = hi >> sh; rl = (lo >>> sh) | (hi << (64 - sh)); }
                else { rh = fill; rl = hi >> (sh - 64); }
            }
            default -> {
                rh = shlHi(hi, lo, sh) | (sh == 0 ? 0 : shrHiOf(hi, lo, 128 - sh));
                rl = (sh >= 64 ? 0 : lo << sh) | (sh == 0 ? 0 : shrLo(hi, lo, 128 - sh));
            }
        }
        set(c, w, rh, rl);
    }

    private static long shlHi(long hi, long lo, int sh) {
        if (sh == 0) return hi;
        if (sh < 64) return (hi << sh) | (lo >>> (64 - sh));
        return lo << (sh - 64);
    }

    private static long shrLo(long hi, long lo, int sh) {
        if (sh == 0) return lo;
        if (sh < 64) return (lo >>> sh) | (hi << (64 - sh));
        return hi >>> (sh - 64);
    }

    private static long shrHiOf(long hi, long lo, int sh) {
        return sh >= 64 ? 0 : hi >>> sh;
    }

    static void vextsd2q(Cpu c, int w) {
        vec(c);
        long x = c.vsr[vrb(w) + 1];
        set(c, w, x >> 63, x);
    }

    /** mfvscr VRT: VSCR in word 3, zeros elsewhere (Book I 6.11). */
    static void mfvscr(Cpu c, int w) {
        vec(c);
        set(c, w, 0, c.vscr & 0xFFFFFFFFL);
    }

    /** mtvscr VRB: word 3 of VRB to VSCR (NJ and SAT are the defined bits; the rest read back as written, as qemu). */
    static void mtvscr(Cpu c, int w) {
        vec(c);
        c.vscr = (int) c.vsr[vrb(w) + 1];
    }
}
