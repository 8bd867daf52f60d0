package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.fpOrVec;
import static org.jpseries.cpu.insn.VecSupport.vsx;
import static org.jpseries.cpu.insn.VecSupport.vsxOrVec;
import static org.jpseries.cpu.insn.VecSupport.xa;
import static org.jpseries.cpu.insn.VecSupport.xb;
import static org.jpseries.cpu.insn.VecSupport.xc;
import static org.jpseries.cpu.insn.VecSupport.xt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.VectorRegs;
import org.jpseries.isa.Op;

/**
 * VSX moves between GPRs and VSRs, logical, select, permute, merge, splat, byte-reverse and
 * extract/insert instructions (Book I 7.6.1-7.6.3, non floating-point).
 */
final class VsxPermute {
    private VsxPermute() {}

    static void register(InstructionTable t) {
        t.on(Op.MFVSRD, VsxPermute::mfvsrd);
        t.on(Op.MFVSRWZ, VsxPermute::mfvsrwz);
        t.on(Op.MFVSRLD, VsxPermute::mfvsrld);
        t.on(Op.MTVSRD, VsxPermute::mtvsrd);
        t.on(Op.MTVSRWA, VsxPermute::mtvsrwa);
        t.on(Op.MTVSRWZ, VsxPermute::mtvsrwz);
        t.on(Op.MTVSRDD, VsxPermute::mtvsrdd);
        t.on(Op.MTVSRWS, VsxPermute::mtvsrws);
        t.on(Op.XXLAND, VsxPermute::xxland);
        t.on(Op.XXLANDC, VsxPermute::xxlandc);
        t.on(Op.XXLOR, VsxPermute::xxlor);
        t.on(Op.XXLXOR, VsxPermute::xxlxor);
        t.on(Op.XXLNOR, VsxPermute::xxlnor);
        t.on(Op.XXLORC, VsxPermute::xxlorc);
        t.on(Op.XXLNAND, VsxPermute::xxlnand);
        t.on(Op.XXLEQV, VsxPermute::xxleqv);
        t.on(Op.XXSEL, VsxPermute::xxsel);
        t.on(Op.XXPERMDI, VsxPermute::xxpermdi);
        t.on(Op.XXMRGHW, VsxPermute::xxmrghw);
        t.on(Op.XXMRGLW, VsxPermute::xxmrglw);
        t.on(Op.XXSLDWI, VsxPermute::xxsldwi);
        t.on(Op.XXSPLTW, VsxPermute::xxspltw);
        t.on(Op.XXSPLTIB, VsxPermute::xxspltib);
        t.on(Op.XXPERM, VsxPermute::xxperm);
        t.on(Op.XXPERMR, VsxPermute::xxpermr);
        t.on(Op.XXBRH, VsxPermute::xxbrh);
        t.on(Op.XXBRW, VsxPermute::xxbrw);
        t.on(Op.XXBRD, VsxPermute::xxbrd);
        t.on(Op.XXBRQ, VsxPermute::xxbrq);
        t.on(Op.XXEXTRACTUW, VsxPermute::xxextractuw);
        t.on(Op.XXINSERTW, VsxPermute::xxinsertw);
        t.on(Op.LXVKQ, VsxPermute::lxvkq);
        t.on(Op.XVTLSBB, VsxPermute::xvtlsbb);
        t.onPrefixed(Op.XXSPLTIW, VsxPermute::xxspltiw);
        t.onPrefixed(Op.XXSPLTIDP, VsxPermute::xxspltidp);
        t.onPrefixed(Op.XXSPLTI32DX, VsxPermute::xxsplti32dx);
        t.onPrefixed(Op.XXEVAL, VsxPermute::xxeval);
        t.onPrefixed(Op.XXBLENDVB, VsxPermute::xxblendvb);
        t.onPrefixed(Op.XXBLENDVH, VsxPermute::xxblendvh);
        t.onPrefixed(Op.XXBLENDVW, VsxPermute::xxblendvw);
        t.onPrefixed(Op.XXBLENDVD, VsxPermute::xxblendvd);
        t.onPrefixed(Op.XXPERMX, VsxPermute::xxpermx);
    }

    private static int ra(int w) {
        return (w >>> 16) & 31;
    }

    // ---- moves (Book I 7.6.1.x "VSX Move") ----

    /** mfvsrd RA,XS: doubleword 0. */
    static void mfvsrd(Cpu c, int w) {
        int s = xt(w);
        fpOrVec(c, s >>> 1);
        c.gpr[ra(w)] = c.vsr[s];
    }

    /** mfvsrwz RA,XS: word 1 zero-extended. */
    static void mfvsrwz(Cpu c, int w) {
        int s = xt(w);
        fpOrVec(c, s >>> 1);
        c.gpr[ra(w)] = c.vsr[s] & 0xFFFFFFFFL;
    }

    /** mfvsrld RA,XS: doubleword 1. */
    static void mfvsrld(Cpu c, int w) {
        int s = xt(w);
        vsxOrVec(c, s >>> 1);
        c.gpr[ra(w)] = c.vsr[s + 1];
    }

    /** mtvsrd XT,RA: doubleword 0; doubleword 1 is undefined and left unchanged. */
    static void mtvsrd(Cpu c, int w) {
        int t = xt(w);
        fpOrVec(c, t >>> 1);
        c.vsr[t] = c.gpr[ra(w)];
    }

    static void mtvsrwa(Cpu c, int w) {
        int t = xt(w);
        fpOrVec(c, t >>> 1);
        c.vsr[t] = (int) c.gpr[ra(w)];
    }

    static void mtvsrwz(Cpu c, int w) {
        int t = xt(w);
        fpOrVec(c, t >>> 1);
        c.vsr[t] = c.gpr[ra(w)] & 0xFFFFFFFFL;
    }

    /** mtvsrdd XT,RA,RB: (RA|0) || (RB). */
    static void mtvsrdd(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        int ra = ra(w);
        long hi = ra == 0 ? 0 : c.gpr[ra];
        long lo = c.gpr[(w >>> 11) & 31];
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    /** mtvsrws XT,RA: word RA[32:63] in all four words. */
    static void mtvsrws(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        long v = c.gpr[ra(w)] & 0xFFFFFFFFL;
        v |= v << 32;
        c.vsr[t] = v;
        c.vsr[t + 1] = v;
    }

    // ---- logical (Book I 7.6.2 "VSX Logical") ----

    static void xxland(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), t = xt(w);
        long hi = v[a] & v[b], lo = v[a + 1] & v[b + 1];
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxlandc(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), t = xt(w);
        long hi = v[a] & ~v[b], lo = v[a + 1] & ~v[b + 1];
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxlor(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), t = xt(w);
        long hi = v[a] | v[b], lo = v[a + 1] | v[b + 1];
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxlxor(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), t = xt(w);
        long hi = v[a] ^ v[b], lo = v[a + 1] ^ v[b + 1];
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxlnor(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), t = xt(w);
        long hi = ~(v[a] | v[b]), lo = ~(v[a + 1] | v[b + 1]);
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxlorc(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), t = xt(w);
        long hi = v[a] | ~v[b], lo = v[a + 1] | ~v[b + 1];
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxlnand(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), t = xt(w);
        long hi = ~(v[a] & v[b]), lo = ~(v[a + 1] & v[b + 1]);
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxleqv(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), t = xt(w);
        long hi = ~(v[a] ^ v[b]), lo = ~(v[a + 1] ^ v[b + 1]);
        v[t] = hi;
        v[t + 1] = lo;
    }

    /** xxsel XT,XA,XB,XC: bits of XB where XC is 1, of XA elsewhere. */
    static void xxsel(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w), m = xc(w), t = xt(w);
        long hi = (v[a] & ~v[m]) | (v[b] & v[m]);
        long lo = (v[a + 1] & ~v[m + 1]) | (v[b + 1] & v[m + 1]);
        v[t] = hi;
        v[t + 1] = lo;
    }

    // ---- permute (Book I 7.6.3) ----

    /** xxpermdi XT,XA,XB,DM: doubleword DM[0] of XA, doubleword DM[1] of XB. */
    static void xxpermdi(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int dm = (w >>> 8) & 3;
        long hi = v[xa(w) + (dm >>> 1)];
        long lo = v[xb(w) + (dm & 1)];
        int t = xt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxmrghw(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        long a = v[xa(w)], b = v[xb(w)];
        int t = xt(w);
        v[t] = (a & 0xFFFFFFFF00000000L) | (b >>> 32);
        v[t + 1] = (a << 32) | (b & 0xFFFFFFFFL);
    }

    static void xxmrglw(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        long a = v[xa(w) + 1], b = v[xb(w) + 1];
        int t = xt(w);
        v[t] = (a & 0xFFFFFFFF00000000L) | (b >>> 32);
        v[t + 1] = (a << 32) | (b & 0xFFFFFFFFL);
    }

    /** xxsldwi XT,XA,XB,SHW: words SHW..SHW+3 of XA || XB. */
    static void xxsldwi(Cpu c, int w) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(w), b = xb(w);
        long d0 = v[a], d1 = v[a + 1], d2 = v[b], d3 = v[b + 1];
        long hi, lo;
        switch ((w >>> 8) & 3) {
            case 0 -> { hi = d0; lo = d1; }
            case 1 -> { hi = (d0 << 32) | (d1 >>> 32); lo = (d1 << 32) | (d2 >>> 32); }
            case 2 -> { hi = d1; lo = d2; }
            default -> { hi = (d1 << 32) | (d2 >>> 32); lo = (d2 << 32) | (d3 >>> 32); }
        }
        int t = xt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void xxspltw(Cpu c, int w) {
        vsx(c);
        long e = VectorRegs.getWord(c.vsr, xb(w), (w >>> 16) & 3) & 0xFFFFFFFFL;
        e |= e << 32;
        int t = xt(w);
        c.vsr[t] = e;
        c.vsr[t + 1] = e;
    }

    static void xxspltib(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        long e = ((w >>> 11) & 0xFF) * 0x0101010101010101L;
        c.vsr[t] = e;
        c.vsr[t + 1] = e;
    }

    /** xxperm XT,XA,XB: bytes of XA || XT selected by XB[3:7] of each byte. */
    static void xxperm(Cpu c, int w) {
        vsx(c);
        int t = xt(w);
        VmxPermute.permute(c.vsr, xa(w), t, xb(w), t, false);
    }

    /** xxpermr: the same with indices counted from the right. */
    static void xxpermr(Cpu c, int w) {
        vsx(c);
        int t = xt(w);
        VmxPermute.permute(c.vsr, xa(w), t, xb(w), t, true);
    }

    static void xxbrh(Cpu c, int w) {
        vsx(c);
        int b = xb(w), t = xt(w);
        long hi = swapHalves(c.vsr[b]), lo = swapHalves(c.vsr[b + 1]);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    static void xxbrw(Cpu c, int w) {
        vsx(c);
        int b = xb(w), t = xt(w);
        long hi = swapWords(Long.reverseBytes(c.vsr[b])), lo = swapWords(Long.reverseBytes(c.vsr[b + 1]));
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    static void xxbrd(Cpu c, int w) {
        vsx(c);
        int b = xb(w), t = xt(w);
        long hi = Long.reverseBytes(c.vsr[b]), lo = Long.reverseBytes(c.vsr[b + 1]);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    static void xxbrq(Cpu c, int w) {
        vsx(c);
        int b = xb(w), t = xt(w);
        long hi = Long.reverseBytes(c.vsr[b + 1]), lo = Long.reverseBytes(c.vsr[b]);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    static long swapHalves(long v) {
        return ((v >>> 8) & 0x00FF00FF00FF00FFL) | ((v & 0x00FF00FF00FF00FFL) << 8);
    }

    private static long swapWords(long v) {
        return (v >>> 32) | (v << 32);
    }

    /** xxextractuw XT,XB,UIM: bytes UIM..UIM+3 of XB into word 1 of XT, the rest zero. */
    static void xxextractuw(Cpu c, int w) {
        vsx(c);
        int uim = (w >>> 16) & 15;
        int b = xb(w);
        long hi = c.vsr[b], lo = c.vsr[b + 1];
        long e = 0;
        for (int i = 0; i < 4; i++) {
            int k = uim + i;
            e = (e << 8) | (k < 16 ? VectorRegs.byteOf(hi, lo, k) : 0);
        }
        int t = xt(w);
        c.vsr[t] = e;
        c.vsr[t + 1] = 0;
    }

    /** xxinsertw XT,XB,UIM: word 1 of XB into bytes UIM..UIM+3 of XT. */
    static void xxinsertw(Cpu c, int w) {
        vsx(c);
        int uim = (w >>> 16) & 15;
        int e = (int) c.vsr[xb(w)];
        int t = xt(w);
        for (int i = 0; i < 4; i++) {
            int k = uim + i;
            if (k < 16) VectorRegs.setByte(c.vsr, t, k, e >>> (24 - 8 * i));
        }
    }

    /** lxvkq XT,UIM (Book I 7.6.1, ISA 3.1): a quad-precision constant; its high word by UIM. */
    static void lxvkq(Cpu c, int w) {
        vsx(c);
        int uim = (w >>> 11) & 31;
        int hiWord = switch (uim) {
            case 1 -> 0x3FFF0000;
            case 2 -> 0x40000000;
            case 3 -> 0x40008000;
            case 4 -> 0x40010000;
            case 5 -> 0x40014000;
            case 6 -> 0x40018000;
            case 7 -> 0x4001C000;
            case 8 -> 0x7FFF0000;
            case 9 -> 0x7FFF8000;
            case 16 -> 0x80000000;
            case 17 -> 0xBFFF0000;
            case 18 -> 0xC0000000;
            case 19 -> 0xC0008000;
            case 20 -> 0xC0010000;
            case 21 -> 0xC0014000;
            case 22 -> 0xC0018000;
            case 23 -> 0xC001C000;
            case 24 -> 0xFFFF0000;
            default -> throw c.programInterrupt(org.jpseries.cpu.arch.Interrupt.PROGRAM_ILLEGAL);
        };
        int t = xt(w);
        c.vsr[t] = (long) hiWord << 32;
        c.vsr[t + 1] = 0;
    }

    /** xvtlsbb BF,XB: CR field BF = all LSBs of the bytes set || 0 || all clear || 0. */
    static void xvtlsbb(Cpu c, int w) {
        vsx(c);
        int b = xb(w);
        long m = 0x0101010101010101L;
        long hi = c.vsr[b] & m, lo = c.vsr[b + 1] & m;
        boolean allTrue = hi == m && lo == m;
        boolean allFalse = (hi | lo) == 0;
        c.setCrField((w >>> 23) & 7, (allTrue ? 8 : 0) | (allFalse ? 2 : 0));
    }

    // ---- ISA 3.1 prefixed (Book I 7.6.3) ----

    /** XT of 8RR:D-form: TX is suffix bit 15. */
    private static int xt8rr(int suffix) {
        return 2 * ((((suffix >>> 16) & 1) << 5) | ((suffix >>> 21) & 31));
    }

    private static int imm32(int prefix, int suffix) {
        return (prefix << 16) | (suffix & 0xFFFF);
    }

    static void xxspltiw(Cpu c, int prefix, int suffix) {
        vsx(c);
        long e = imm32(prefix, suffix) & 0xFFFFFFFFL;
        e |= e << 32;
        int t = xt8rr(suffix);
        c.vsr[t] = e;
        c.vsr[t + 1] = e;
    }

    /** xxspltidp: the single-precision immediate converted to double format in both doublewords. */
    static void xxspltidp(Cpu c, int prefix, int suffix) {
        vsx(c);
        long d = SinglePrecision.toDouble(imm32(prefix, suffix));
        int t = xt8rr(suffix);
        c.vsr[t] = d;
        c.vsr[t + 1] = d;
    }

    /** xxsplti32dx XT,IX,IMM32: the immediate into word IX of each doubleword. */
    static void xxsplti32dx(Cpu c, int prefix, int suffix) {
        vsx(c);
        int t = xt8rr(suffix);
        int ix = (suffix >>> 17) & 1;
        int imm = imm32(prefix, suffix);
        VectorRegs.setWord(c.vsr, t, ix, imm);
        VectorRegs.setWord(c.vsr, t, ix + 2, imm);
    }

    /** xxeval XT,XA,XB,XC,IMM: bit i of XT is bit (A||B||C) of IMM (bit 0 the most significant). */
    static void xxeval(Cpu c, int prefix, int suffix) {
        vsx(c);
        int imm = prefix & 0xFF;
        long[] v = c.vsr;
        int a = xa(suffix), b = xb(suffix), x = xc(suffix), t = xt(suffix);
        long hi = eval(imm, v[a], v[b], v[x]), lo = eval(imm, v[a + 1], v[b + 1], v[x + 1]);
        v[t] = hi;
        v[t + 1] = lo;
    }

    private static long eval(int imm, long a, long b, long c) {
        long r = 0;
        for (int m = 0; m < 8; m++) {
            if ((imm & (0x80 >>> m)) == 0) continue;
            long ta = (m & 4) != 0 ? a : ~a;
            long tb = (m & 2) != 0 ? b : ~b;
            long tc = (m & 1) != 0 ? c : ~c;
            r |= ta & tb & tc;
        }
        return r;
    }

    /** xxblendv[bhwd]: each element from XB if the sign bit of the XC element is 1, else from XA. */
    private static void blend(Cpu c, int suffix, long signs, int bits) {
        vsx(c);
        long[] v = c.vsr;
        int a = xa(suffix), b = xb(suffix), x = xc(suffix), t = xt(suffix);
        long hi = blend1(v[a], v[b], v[x], signs, bits), lo = blend1(v[a + 1], v[b + 1], v[x + 1], signs, bits);
        v[t] = hi;
        v[t + 1] = lo;
    }

    private static long blend1(long a, long b, long c, long signs, int bits) {
        long s = (c & signs) >>> (bits - 1); // 1 in the low bit of each selected element
        long m = s * ((bits == 64) ? -1L : ((1L << bits) - 1));
        return (a & ~m) | (b & m);
    }

    static void xxblendvb(Cpu c, int prefix, int suffix) {
        blend(c, suffix, 0x8080808080808080L, 8);
    }

    static void xxblendvh(Cpu c, int prefix, int suffix) {
        blend(c, suffix, 0x8000800080008000L, 16);
    }

    static void xxblendvw(Cpu c, int prefix, int suffix) {
        blend(c, suffix, 0x8000000080000000L, 32);
    }

    static void xxblendvd(Cpu c, int prefix, int suffix) {
        blend(c, suffix, 0x8000000000000000L, 64);
    }

    /** xxpermx XT,XA,XB,XC,UIM: byte idx[3:7] of XA || XB where idx[0:2] = UIM, else 0. */
    static void xxpermx(Cpu c, int prefix, int suffix) {
        vsx(c);
        int uim = prefix & 7;
        long[] v = c.vsr;
        int a = xa(suffix), b = xb(suffix), x = xc(suffix);
        long a0 = v[a], a1 = v[a + 1], b0 = v[b], b1 = v[b + 1], c0 = v[x], c1 = v[x + 1];
        long hi = 0, lo = 0;
        for (int i = 0; i < 16; i++) {
            int idx = VectorRegs.byteOf(c0, c1, i);
            long r = 0;
            if ((idx >>> 5) == uim) {
                int k = idx & 31;
                r = k < 16 ? VectorRegs.byteOf(a0, a1, k) : VectorRegs.byteOf(b0, b1, k - 16);
            }
            if (i < 8) hi |= r << (56 - 8 * i);
            else lo |= r << (56 - 8 * (i - 8));
        }
        int t = xt(suffix);
        v[t] = hi;
        v[t + 1] = lo;
    }
}
