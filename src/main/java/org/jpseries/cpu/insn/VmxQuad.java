package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.vec;
import static org.jpseries.cpu.insn.VecSupport.vra;
import static org.jpseries.cpu.insn.VecSupport.vrb;
import static org.jpseries.cpu.insn.VecSupport.vrt;
import static org.jpseries.cpu.insn.VecSupport.vsx;
import static org.jpseries.cpu.insn.VecSupport.xt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.VectorRegs;
import org.jpseries.isa.Op;

/**
 * Quadword and extended divide, modulo, rotate-under-mask and multiply-by-10 instructions
 * (Book I 6.9.1-6.9.4, ISA 3.0/3.1), and the VSX permute-control generators xxgenpcv[bhwd]m
 * (Book I 7.6.3).
 */
final class VmxQuad {
    private VmxQuad() {}

    static void register(InstructionTable t) {
        t.on(Op.VDIVUQ, (c, w) -> div128(c, w, false, false, false));
        t.on(Op.VDIVSQ, (c, w) -> div128(c, w, true, false, false));
        t.on(Op.VDIVEUQ, (c, w) -> div128(c, w, false, true, false));
        t.on(Op.VDIVESQ, (c, w) -> div128(c, w, true, true, false));
        t.on(Op.VMODUQ, (c, w) -> div128(c, w, false, false, true));
        t.on(Op.VMODSQ, (c, w) -> div128(c, w, true, false, true));
        t.on(Op.VDIVEUD, (c, w) -> divExtendedDouble(c, w, false));
        t.on(Op.VDIVESD, (c, w) -> divExtendedDouble(c, w, true));
        t.on(Op.VRLQNM, (c, w) -> vrlq(c, w, false));
        t.on(Op.VRLQMI, (c, w) -> vrlq(c, w, true));
        t.on(Op.VMUL10UQ, (c, w) -> mul10(c, w, false, false));
        t.on(Op.VMUL10CUQ, (c, w) -> mul10(c, w, true, false));
        t.on(Op.VMUL10EUQ, (c, w) -> mul10(c, w, false, true));
        t.on(Op.VMUL10ECUQ, (c, w) -> mul10(c, w, true, true));
        t.on(Op.XXGENPCVBM, (c, w) -> xxgenpcv(c, w, 1));
        t.on(Op.XXGENPCVHM, (c, w) -> xxgenpcv(c, w, 2));
        t.on(Op.XXGENPCVWM, (c, w) -> xxgenpcv(c, w, 4));
        t.on(Op.XXGENPCVDM, (c, w) -> xxgenpcv(c, w, 8));
    }

    /**
     * Unsigned division of the 256-bit n3:n2:n1:n0 by the 128-bit dh:dl by shift and subtract;
     * writes the low 128 bits of the quotient (or the remainder) to v[t], v[t+1]. A zero
     * divisor gives 0 (the ISA leaves the result undefined).
     */
    private static void divide(long[] v, int t, long n3, long n2, long n1, long n0, long dh, long dl, boolean rem) {
        if ((dh | dl) == 0) {
            v[t] = 0;
            v[t + 1] = 0;
            return;
        }
        long rh = 0, rl = 0, qh = 0, ql = 0;
        for (int i = 255; i >= 0; i--) {
            long bit = ((i >= 192 ? n3 : i >= 128 ? n2 : i >= 64 ? n1 : n0) >>> (i & 63)) & 1;
            boolean carry = rh < 0; // bit shifted out of the 128-bit remainder
            rh = (rh << 1) | (rl >>> 63);
            rl = (rl << 1) | bit;
            qh = (qh << 1) | (ql >>> 63);
            ql <<= 1;
            if (carry || Long.compareUnsigned(rh, dh) > 0 || (rh == dh && Long.compareUnsigned(rl, dl) >= 0)) {
                long nl = rl - dl;
                rh = rh - dh - (Long.compareUnsigned(rl, dl) < 0 ? 1 : 0);
                rl = nl;
                ql |= 1;
            }
        }
        v[t] = rem ? rh : qh;
        v[t + 1] = rem ? rl : ql;
    }

    /** vdiv[eu|es|u|s]q, vmod[us]q (ISA 3.1). Extended forms divide VRA || 0^128. */
    static void div128(Cpu c, int w, boolean signed, boolean extended, boolean rem) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), t = vrt(w);
        long ah = v[a], al = v[a + 1], bh = v[b], bl = v[b + 1];
        boolean negA = signed && ah < 0, negB = signed && bh < 0;
        if (negA) { al = -al; ah = ~ah + (al == 0 ? 1 : 0); }
        if (negB) { bl = -bl; bh = ~bh + (bl == 0 ? 1 : 0); }
        if (extended) divide(v, t, ah, al, 0, 0, bh, bl, rem);
        else divide(v, t, 0, 0, ah, al, bh, bl, rem);
        boolean negR = rem ? negA : negA != negB;
        if (negR) {
            long l = -v[t + 1];
            v[t] = ~v[t] + (l == 0 ? 1 : 0);
            v[t + 1] = l;
        }
    }

    /** vdive[us]d: each doubleword of VRA || 0^64 divided by that of VRB. */
    static void divExtendedDouble(Cpu c, int w, boolean signed) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), t = vrt(w);
        long r0 = 0, r1 = 0;
        for (int d = 0; d < 2; d++) {
            long x = v[a + d], y = v[b + d];
            boolean nx = signed && x < 0, ny = signed && y < 0;
            long q;
            if (y == 0) {
                q = 0;
            } else {
                long ux = nx ? -x : x, uy = ny ? -y : y;
                q = divide128by64(ux, uy);
                if (nx != ny) q = -q;
            }
            if (d == 0) r0 = q;
            else r1 = q;
        }
        v[t] = r0;
        v[t + 1] = r1;
    }

    /** Low 64 bits of (x || 0^64) / y, unsigned. */
    private static long divide128by64(long x, long y) {
        long rh = 0, rl = 0, q = 0;
        for (int i = 127; i >= 0; i--) {
            long bit = i >= 64 ? (x >>> (i - 64)) & 1 : 0;
            boolean carry = rh < 0;
            rh = (rh << 1) | (rl >>> 63);
            rl = (rl << 1) | bit;
            q <<= 1;
            if (carry || rh != 0 || Long.compareUnsigned(rl, y) >= 0) {
                long nl = rl - y;
                rh -= Long.compareUnsigned(rl, y) < 0 ? 1 : 0;
                rl = nl;
                q |= 1;
            }
        }
        return q;
    }

    /** vrlqnm/vrlqmi: rotate the quadword by VRB bits 57:63 under MASK(bits 41:47, bits 49:55). */
    static void vrlq(Cpu c, int w, boolean insert) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), t = vrt(w);
        long ctl = v[b];
        int sh = (int) ctl & 127, me = (int) (ctl >>> 8) & 127, mb = (int) (ctl >>> 16) & 127;
        long hi = v[a], lo = v[a + 1];
        long rh, rl;
        if (sh == 0) {
            rh = hi;
            rl = lo;
        } else if (sh < 64) {
            rh = (hi << sh) | (lo >>> (64 - sh));
            rl = (lo << sh) | (hi >>> (64 - sh));
        } else if (sh == 64) {
            rh = lo;
            rl = hi;
        } else {
            int s = sh - 64;
            rh = (lo << s) | (hi >>> (64 - s));
            rl = (hi << s) | (lo >>> (64 - s));
        }
        // MASK(mb, me) over 128 bits, bit 0 the most significant
        long m1h = mb >= 64 ? 0 : -1L >>> mb, m1l = mb >= 64 ? -1L >>> (mb - 64) : -1L; // mb..127
        long m2h = me >= 63 ? -1L : -1L << (63 - me), m2l = me >= 127 ? -1L : me < 64 ? 0 : -1L << (127 - me); // 0..me
        long mh, ml;
        if (mb <= me) {
            mh = m1h & m2h;
            ml = m1l & m2l;
        } else {
            mh = m1h | m2h;
            ml = m1l | m2l;
        }
        long resH = rh & mh, resL = rl & ml;
        if (insert) {
            resH |= v[t] & ~mh;
            resL |= v[t + 1] & ~ml;
        }
        v[t] = resH;
        v[t + 1] = resL;
    }

    /** vmul10[e][c]uq: VRA * 10 (+ VRB bits 124:127 for the extended forms), or the carry out. */
    static void mul10(Cpu c, int w, boolean carryForm, boolean extended) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w);
        long hi = v[a], lo = v[a + 1];
        long add = extended ? v[vrb(w) + 1] & 15 : 0;
        long pl = lo * 10, plh = Math.unsignedMultiplyHigh(lo, 10);
        long ph = hi * 10, carry = Math.unsignedMultiplyHigh(hi, 10);
        long rh = ph + plh;
        if (Long.compareUnsigned(rh, ph) < 0) carry++;
        long rl = pl + add;
        if (Long.compareUnsigned(rl, pl) < 0) {
            rh++;
            if (rh == 0) carry++;
        }
        int t = vrt(w);
        if (carryForm) {
            v[t] = 0;
            v[t + 1] = carry;
        } else {
            v[t] = rh;
            v[t + 1] = rl;
        }
    }

    /**
     * xxgenpcv[bhwd]m XT,VRB,IMM: the permute control vector that expands (IMM even) or
     * compresses (IMM odd) the elements whose most-significant bit is set, for big-endian
     * (IMM 0, 1) or little-endian (IMM 2, 3) element order.
     */
    static void xxgenpcv(Cpu c, int w, int size) {
        vsx(c);
        int imm = (w >>> 16) & 31;
        if (imm > 3) throw c.programInterrupt(org.jpseries.cpu.arch.Interrupt.PROGRAM_ILLEGAL);
        long[] v = c.vsr;
        int b = vrb(w);
        long bh = v[b], bl = v[b + 1];
        long th, tl;
        switch (imm) {
            case 0 -> { th = 0x1011121314151617L; tl = 0x18191A1B1C1D1E1FL; }
            case 2 -> { th = 0x1F1E1D1C1B1A1918L; tl = 0x1716151413121110L; }
            default -> { th = 0; tl = 0; }
        }
        int j = 0;
        for (int i = 0; i < 16; i += size) {
            int src = imm >= 2 ? 16 - i - size : i;
            if ((VectorRegs.byteOf(bh, bl, src) & 0x80) == 0) continue;
            for (int k = 0; k < size; k++) {
                int pos, val;
                switch (imm) {
                    case 0 -> { pos = i + k; val = j + k; }
                    case 1 -> { pos = j + k; val = i + k; }
                    case 2 -> { pos = src + size - 1 - k; val = j + k; }
                    default -> { pos = 16 - j - size + size - 1 - k; val = i + k; }
                }
                int sh = 56 - 8 * (pos & 7);
                if (pos < 8) th = (th & ~(0xFFL << sh)) | ((long) val << sh);
                else tl = (tl & ~(0xFFL << sh)) | ((long) val << sh);
            }
            j += size;
        }
        int t = xt(w);
        v[t] = th;
        v[t + 1] = tl;
    }
}
