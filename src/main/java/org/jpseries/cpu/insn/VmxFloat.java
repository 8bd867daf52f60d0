package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rc;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * VMX (Altivec) single-precision floating point (PowerISA 3.1 Book I 6.13 "Vector Floating-Point
 * Instructions"). These round to nearest, never touch the FPSCR, and propagate the first NaN
 * operand quieted (order VRA, VRB, VRC). With VSCR[NJ]=1 (non-Java mode, the default) denormal
 * operands are taken as zero of the same sign and denormal results are flushed to zero.
 */
final class VmxFloat {
    private VmxFloat() {}

    static final int NJ = 0x00010000, SAT = 1;

    static void register(InstructionTable t) {
        t.on(Op.VADDFP, (c, w) -> binary(c, w, 0));
        t.on(Op.VSUBFP, (c, w) -> binary(c, w, 1));
        t.on(Op.VMAXFP, (c, w) -> binary(c, w, 2));
        t.on(Op.VMINFP, (c, w) -> binary(c, w, 3));
        t.on(Op.VMADDFP, (c, w) -> fma(c, w, false));
        t.on(Op.VNMSUBFP, (c, w) -> fma(c, w, true));
        t.on(Op.VREFP, (c, w) -> unary(c, w, 0));
        t.on(Op.VRSQRTEFP, (c, w) -> unary(c, w, 1));
        t.on(Op.VEXPTEFP, (c, w) -> unary(c, w, 2));
        t.on(Op.VLOGEFP, (c, w) -> unary(c, w, 3));
        t.on(Op.VRFIN, (c, w) -> unary(c, w, 4));
        t.on(Op.VRFIZ, (c, w) -> unary(c, w, 5));
        t.on(Op.VRFIP, (c, w) -> unary(c, w, 6));
        t.on(Op.VRFIM, (c, w) -> unary(c, w, 7));
        t.on(Op.VCFSX, (c, w) -> convertFrom(c, w, true));
        t.on(Op.VCFUX, (c, w) -> convertFrom(c, w, false));
        t.on(Op.VCTSXS, (c, w) -> convertTo(c, w, true));
        t.on(Op.VCTUXS, (c, w) -> convertTo(c, w, false));
        t.on(Op.VCMPEQFP, (c, w) -> compare(c, w, 0));
        t.on(Op.VCMPGEFP, (c, w) -> compare(c, w, 1));
        t.on(Op.VCMPGTFP, (c, w) -> compare(c, w, 2));
        t.on(Op.VCMPBFP, (c, w) -> compare(c, w, 3));
    }

    static void checkVec(Cpu c) {
        if ((c.msr & Cpu.MSR_VEC) == 0) throw new GuestInterrupt(Interrupt.VMX_UNAVAILABLE, 0, c.cia);
    }

    /** Word element i (0..3, big-endian element order) of VR[v]. */
    static int elem(Cpu c, int v, int i) {
        long d = c.vsr[((32 + v) << 1) + (i >> 1)];
        return (int) ((i & 1) == 0 ? d >>> 32 : d);
    }

    static void setVr(Cpu c, int v, int e0, int e1, int e2, int e3) {
        c.vsr[(32 + v) << 1] = ((long) e0 << 32) | (e1 & 0xFFFFFFFFL);
        c.vsr[((32 + v) << 1) + 1] = ((long) e2 << 32) | (e3 & 0xFFFFFFFFL);
    }

    static boolean isNaN(int x) {
        return (x & 0x7FFFFFFF) > 0x7F800000;
    }

    static boolean isDenormal(int x) {
        return (x & 0x7F800000) == 0 && (x & 0x007FFFFF) != 0;
    }

    /** Input in non-Java mode: a denormal reads as a zero of the same sign. */
    static float in(int x, boolean nj) {
        return Float.intBitsToFloat(nj && isDenormal(x) ? x & 0x80000000 : x);
    }

    /** Result in non-Java mode: a denormal becomes a zero of the same sign; an invalid result is the default QNaN. */
    static int out(float f, boolean nj) {
        if (f != f) return 0x7FC00000;
        int x = Float.floatToRawIntBits(f);
        return nj && isDenormal(x) ? x & 0x80000000 : x;
    }

    static int quiet(int x) {
        return x | 0x00400000;
    }

    static int binOp(int a, int b, int kind, boolean nj) {
        if (isNaN(a)) return quiet(a);
        if (isNaN(b)) return quiet(b);
        float x = in(a, nj), y = in(b, nj);
        switch (kind) {
            case 0: return out(x + y, nj);
            case 1: return out(x - y, nj);
            case 2: return out(x == 0 && y == 0 ? (Float.floatToRawIntBits(x) < 0 ? y : x) : Math.max(x, y), nj);
            default: return out(x == 0 && y == 0 ? (Float.floatToRawIntBits(x) < 0 ? x : y) : Math.min(x, y), nj);
        }
    }

    /** vaddfp vsubfp vmaxfp vminfp. */
    static void binary(Cpu c, int w, int kind) {
        checkVec(c);
        boolean nj = (c.vscr & NJ) != 0;
        int a = ra(w), b = rb(w);
        int[] r = c.fpTemp.words;
        for (int i = 0; i < 4; i++) r[i] = binOp(elem(c, a, i), elem(c, b, i), kind, nj);
        setVr(c, rt(w), r[0], r[1], r[2], r[3]);
    }

    /** vmaddfp VRT = VRA*VRC + VRB; vnmsubfp VRT = -(VRA*VRC - VRB); fused, one rounding. */
    static void fma(Cpu c, int w, boolean nmsub) {
        checkVec(c);
        boolean nj = (c.vscr & NJ) != 0;
        int a = ra(w), b = rb(w), cc = rc(w);
        int[] r = c.fpTemp.words;
        for (int i = 0; i < 4; i++) {
            int x = elem(c, a, i), y = elem(c, b, i), z = elem(c, cc, i);
            if (isNaN(x)) r[i] = quiet(x);
            else if (isNaN(y)) r[i] = quiet(y);
            else if (isNaN(z)) r[i] = quiet(z);
            else {
                float p = in(x, nj), q = in(z, nj), s = in(y, nj);
                float v = nmsub ? -Math.fma(p, q, -s) : Math.fma(p, q, s);
                r[i] = out(v, nj);
                if (isNaN(r[i])) r[i] = 0x7FC00000;
            }
        }
        setVr(c, rt(w), r[0], r[1], r[2], r[3]);
    }

    static int unOp(int b, int kind, boolean nj) {
        if (isNaN(b)) return quiet(b);
        float x = in(b, nj);
        float v;
        switch (kind) {
            case 0 -> v = 1.0f / x;
            case 1 -> v = x < 0 ? Float.NaN : (float) (1.0 / Math.sqrt(x));
            case 2 -> v = (float) Math.pow(2.0, x);
            case 3 -> v = x < 0 ? Float.NaN : (float) (Math.log(x) / Math.log(2.0));
            case 4 -> v = (float) Math.rint(x);
            case 5 -> v = x < 0 ? (float) Math.ceil(x) : (float) Math.floor(x);
            case 6 -> v = (float) Math.ceil(x);
            default -> v = (float) Math.floor(x);
        }
        if (Float.isNaN(v)) return 0x7FC00000;
        return out(v, nj);
    }

    /** vrefp vrsqrtefp vexptefp vlogefp (estimates computed closely) and vrfi[n|z|p|m]. */
    static void unary(Cpu c, int w, int kind) {
        checkVec(c);
        boolean nj = (c.vscr & NJ) != 0;
        int b = rb(w);
        int[] r = c.fpTemp.words;
        for (int i = 0; i < 4; i++) r[i] = unOp(elem(c, b, i), kind, nj);
        setVr(c, rt(w), r[0], r[1], r[2], r[3]);
    }

    /** vcfsx / vcfux VRT,VRB,UIM: integer words to float, divided by 2^UIM (round to nearest). */
    static void convertFrom(Cpu c, int w, boolean signed) {
        checkVec(c);
        int b = rb(w), uim = ra(w);
        int[] r = c.fpTemp.words;
        for (int i = 0; i < 4; i++) {
            int v = elem(c, b, i);
            double d = signed ? (double) v : (double) (v & 0xFFFFFFFFL);
            r[i] = Float.floatToRawIntBits((float) Math.scalb(d, -uim)); // d*2^-uim is exact in double
        }
        setVr(c, rt(w), r[0], r[1], r[2], r[3]);
    }

    /** vctsxs / vctuxs VRT,VRB,UIM: float*2^UIM to a saturated integer word, toward zero; SAT on saturation. */
    static void convertTo(Cpu c, int w, boolean signed) {
        checkVec(c);
        boolean nj = (c.vscr & NJ) != 0;
        int b = rb(w), uim = ra(w);
        int[] r = c.fpTemp.words;
        boolean sat = false;
        for (int i = 0; i < 4; i++) {
            int x = elem(c, b, i);
            if (isNaN(x)) {
                r[i] = 0;
                sat = true;
                continue;
            }
            double d = Math.scalb((double) in(x, nj), uim);
            double t = d < 0 ? Math.ceil(d) : Math.floor(d);
            double lo = signed ? -0x1p31 : 0, hi = signed ? 0x1p31 - 1 : 0x1p32 - 1;
            if (t < lo) {
                r[i] = signed ? Integer.MIN_VALUE : 0;
                sat = true;
            } else if (t > hi) {
                r[i] = signed ? Integer.MAX_VALUE : -1;
                sat = true;
            } else {
                r[i] = (int) (long) t;
            }
        }
        setVr(c, rt(w), r[0], r[1], r[2], r[3]);
        if (sat) c.vscr |= SAT;
    }

    /** vcmpeqfp vcmpgefp vcmpgtfp vcmpbfp [.]: masks; Rc=1 sets CR6 (all true / none true, or all in bounds). */
    static void compare(Cpu c, int w, int kind) {
        checkVec(c);
        boolean nj = (c.vscr & NJ) != 0;
        int a = ra(w), b = rb(w);
        int[] r = c.fpTemp.words;
        boolean all = true, none = true;
        for (int i = 0; i < 4; i++) {
            int xa = elem(c, a, i), xb = elem(c, b, i);
            float x = in(xa, nj), y = in(xb, nj);
            int m;
            if (kind == 3) {
                boolean nan = isNaN(xa) || isNaN(xb);
                boolean le = !nan && x <= y, ge = !nan && x >= -y;
                m = (le ? 0 : 0x80000000) | (ge ? 0 : 0x40000000);
                all &= m == 0;
            } else {
                boolean p = kind == 0 ? x == y : kind == 1 ? x >= y : x > y;
                m = p ? -1 : 0;
                all &= p;
                none &= !p;
            }
            r[i] = m;
        }
        setVr(c, rt(w), r[0], r[1], r[2], r[3]);
        if ((w & (1 << 10)) != 0) {
            c.setCrField(6, kind == 3 ? (all ? 2 : 0) : (all ? 8 : 0) | (none ? 2 : 0));
        }
    }
}
