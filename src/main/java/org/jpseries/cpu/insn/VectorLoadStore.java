package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.eaD;
import static org.jpseries.cpu.insn.VecSupport.eaPrefixed;
import static org.jpseries.cpu.insn.VecSupport.eaRa;
import static org.jpseries.cpu.insn.VecSupport.eaX;
import static org.jpseries.cpu.insn.VecSupport.vec;
import static org.jpseries.cpu.insn.VecSupport.vrt;
import static org.jpseries.cpu.insn.VecSupport.vsx;
import static org.jpseries.cpu.insn.VecSupport.vsxOrVec;
import static org.jpseries.cpu.insn.VecSupport.xt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Fields;
import org.jpseries.cpu.VectorRegs;
import org.jpseries.isa.Op;
import org.jpseries.mmu.Mmu;

/**
 * Vector and VSX loads and stores (Book I 6.7 and 7.6.1). The Mmu accesses in the current byte
 * order; whole-quadword forms (lvx, lxv, lxvx...) reverse all 16 bytes in little-endian mode,
 * element forms (lxvd2x, lxvw4x, lxvh8x) only reverse within each element, and lxvb16x never.
 */
final class VectorLoadStore {
    private VectorLoadStore() {}

    static void register(InstructionTable t) {
        // VMX (Book I 6.7)
        t.on(Op.LVX, VectorLoadStore::lvx);
        t.on(Op.LVXL, VectorLoadStore::lvx);
        t.on(Op.STVX, VectorLoadStore::stvx);
        t.on(Op.STVXL, VectorLoadStore::stvx);
        t.on(Op.LVEBX, VectorLoadStore::lvebx);
        t.on(Op.LVEHX, VectorLoadStore::lvehx);
        t.on(Op.LVEWX, VectorLoadStore::lvewx);
        t.on(Op.STVEBX, VectorLoadStore::stvebx);
        t.on(Op.STVEHX, VectorLoadStore::stvehx);
        t.on(Op.STVEWX, VectorLoadStore::stvewx);
        t.on(Op.LVSL, VectorLoadStore::lvsl);
        t.on(Op.LVSR, VectorLoadStore::lvsr);
        // VSX 2.06/2.07 (Book I 7.6.1)
        t.on(Op.LXVD2X, VectorLoadStore::lxvd2x);
        t.on(Op.STXVD2X, VectorLoadStore::stxvd2x);
        t.on(Op.LXVW4X, VectorLoadStore::lxvw4x);
        t.on(Op.STXVW4X, VectorLoadStore::stxvw4x);
        t.on(Op.LXVDSX, VectorLoadStore::lxvdsx);
        t.on(Op.LXSDX, VectorLoadStore::lxsdx);
        t.on(Op.STXSDX, VectorLoadStore::stxsdx);
        t.on(Op.LXSIWAX, VectorLoadStore::lxsiwax);
        t.on(Op.LXSIWZX, VectorLoadStore::lxsiwzx);
        t.on(Op.STXSIWX, VectorLoadStore::stxsiwx);
        t.on(Op.LXSSPX, VectorLoadStore::lxsspx);
        t.on(Op.STXSSPX, VectorLoadStore::stxsspx);
        // ISA 3.0
        t.on(Op.LXV, VectorLoadStore::lxv);
        t.on(Op.STXV, VectorLoadStore::stxv);
        t.on(Op.LXVX, VectorLoadStore::lxvx);
        t.on(Op.STXVX, VectorLoadStore::stxvx);
        t.on(Op.LXVL, VectorLoadStore::lxvl);
        t.on(Op.LXVLL, VectorLoadStore::lxvll);
        t.on(Op.STXVL, VectorLoadStore::stxvl);
        t.on(Op.STXVLL, VectorLoadStore::stxvll);
        t.on(Op.LXVB16X, VectorLoadStore::lxvb16x);
        t.on(Op.STXVB16X, VectorLoadStore::stxvb16x);
        t.on(Op.LXVH8X, VectorLoadStore::lxvh8x);
        t.on(Op.STXVH8X, VectorLoadStore::stxvh8x);
        t.on(Op.LXVWSX, VectorLoadStore::lxvwsx);
        t.on(Op.LXSD, VectorLoadStore::lxsd);
        t.on(Op.STXSD, VectorLoadStore::stxsd);
        t.on(Op.LXSSP, VectorLoadStore::lxssp);
        t.on(Op.STXSSP, VectorLoadStore::stxssp);
        t.on(Op.LXSIBZX, VectorLoadStore::lxsibzx);
        t.on(Op.LXSIHZX, VectorLoadStore::lxsihzx);
        t.on(Op.STXSIBX, VectorLoadStore::stxsibx);
        t.on(Op.STXSIHX, VectorLoadStore::stxsihx);
        // ISA 3.1
        t.on(Op.LXVP, VectorLoadStore::lxvp);
        t.on(Op.STXVP, VectorLoadStore::stxvp);
        t.on(Op.LXVPX, VectorLoadStore::lxvpx);
        t.on(Op.STXVPX, VectorLoadStore::stxvpx);
        t.on(Op.LXVRBX, VectorLoadStore::lxvrbx);
        t.on(Op.LXVRHX, VectorLoadStore::lxvrhx);
        t.on(Op.LXVRWX, VectorLoadStore::lxvrwx);
        t.on(Op.LXVRDX, VectorLoadStore::lxvrdx);
        t.on(Op.STXVRBX, VectorLoadStore::stxvrbx);
        t.on(Op.STXVRHX, VectorLoadStore::stxvrhx);
        t.on(Op.STXVRWX, VectorLoadStore::stxvrwx);
        t.on(Op.STXVRDX, VectorLoadStore::stxvrdx);
        t.onPrefixed(Op.PLXV, VectorLoadStore::plxv);
        t.onPrefixed(Op.PSTXV, VectorLoadStore::pstxv);
        t.onPrefixed(Op.PLXVP, VectorLoadStore::plxvp);
        t.onPrefixed(Op.PSTXVP, VectorLoadStore::pstxvp);
        t.onPrefixed(Op.PLXSD, VectorLoadStore::plxsd);
        t.onPrefixed(Op.PSTXSD, VectorLoadStore::pstxsd);
        t.onPrefixed(Op.PLXSSP, VectorLoadStore::plxssp);
        t.onPrefixed(Op.PSTXSSP, VectorLoadStore::pstxssp);
    }

    // ---- quadword helpers ----

    /** Loads 16 bytes as one quadword in the current byte order (byte-reversed when little-endian). */
    static void loadQuad(Cpu c, long ea, int ix) {
        Mmu m = c.mmu;
        long hi, lo;
        if (m.bigEndian()) {
            hi = m.load64(ea);
            lo = m.load64(ea + 8);
        } else {
            lo = m.load64(ea);
            hi = m.load64(ea + 8);
        }
        c.vsr[ix] = hi;
        c.vsr[ix + 1] = lo;
    }

    static void storeQuad(Cpu c, long ea, int ix) {
        Mmu m = c.mmu;
        long hi = c.vsr[ix], lo = c.vsr[ix + 1];
        if (m.bigEndian()) {
            m.store64(ea, hi);
            m.store64(ea + 8, lo);
        } else {
            m.store64(ea, lo);
            m.store64(ea + 8, hi);
        }
    }

    /** Loads two doubleword elements, each in the current byte order. */
    private static void loadDoublewords(Cpu c, long ea, int ix) {
        long hi = c.mmu.load64(ea);
        long lo = c.mmu.load64(ea + 8);
        c.vsr[ix] = hi;
        c.vsr[ix + 1] = lo;
    }

    /** An 8-byte big-endian read whatever MSR[LE] says. */
    private static long loadBE64(Mmu m, long ea) {
        long v = m.load64(ea);
        return m.bigEndian() ? v : Long.reverseBytes(v);
    }

    private static void storeBE64(Mmu m, long ea, long v) {
        m.store64(ea, m.bigEndian() ? v : Long.reverseBytes(v));
    }

    // ---- VMX ----

    /** lvx/lvxl VRT,RA,RB (Book I 6.7.2): EA rounded down to a quadword. */
    static void lvx(Cpu c, int w) {
        vec(c);
        loadQuad(c, eaX(c, w) & ~15L, vrt(w));
    }

    /** stvx/stvxl VRS,RA,RB (Book I 6.7.3). */
    static void stvx(Cpu c, int w) {
        vec(c);
        storeQuad(c, eaX(c, w) & ~15L, vrt(w));
    }

    /** lvebx (Book I 6.7.2): the byte goes to element EA[60:63] (15 minus that in little-endian). */
    static void lvebx(Cpu c, int w) {
        vec(c);
        long ea = eaX(c, w);
        int b = c.mmu.load8(ea);
        int eb = (int) ea & 15;
        VectorRegs.setByte(c.vsr, vrt(w), c.littleEndian() ? 15 - eb : eb, b);
    }

    static void lvehx(Cpu c, int w) {
        vec(c);
        long ea = eaX(c, w) & ~1L;
        int h = c.mmu.load16(ea);
        int eh = ((int) ea & 15) >>> 1;
        VectorRegs.setHalf(c.vsr, vrt(w), c.littleEndian() ? 7 - eh : eh, h);
    }

    static void lvewx(Cpu c, int w) {
        vec(c);
        long ea = eaX(c, w) & ~3L;
        int v = c.mmu.load32(ea);
        int ew = ((int) ea & 15) >>> 2;
        VectorRegs.setWord(c.vsr, vrt(w), c.littleEndian() ? 3 - ew : ew, v);
    }

    static void stvebx(Cpu c, int w) {
        vec(c);
        long ea = eaX(c, w);
        int eb = (int) ea & 15;
        c.mmu.store8(ea, VectorRegs.getByte(c.vsr, vrt(w), c.littleEndian() ? 15 - eb : eb));
    }

    static void stvehx(Cpu c, int w) {
        vec(c);
        long ea = eaX(c, w) & ~1L;
        int eh = ((int) ea & 15) >>> 1;
        c.mmu.store16(ea, VectorRegs.getHalf(c.vsr, vrt(w), c.littleEndian() ? 7 - eh : eh));
    }

    static void stvewx(Cpu c, int w) {
        vec(c);
        long ea = eaX(c, w) & ~3L;
        int ew = ((int) ea & 15) >>> 2;
        c.mmu.store32(ea, VectorRegs.getWord(c.vsr, vrt(w), c.littleEndian() ? 3 - ew : ew));
    }

    /** lvsl (Book I 6.7.4): bytes sh, sh+1, ..., sh+15 with sh = EA[60:63]; byte order independent. */
    static void lvsl(Cpu c, int w) {
        vec(c);
        permuteControl(c, w, (int) eaX(c, w) & 15);
    }

    /** lvsr: bytes 16-sh ... 31-sh. */
    static void lvsr(Cpu c, int w) {
        vec(c);
        permuteControl(c, w, 16 - ((int) eaX(c, w) & 15));
    }

    private static void permuteControl(Cpu c, int w, int first) {
        long base = 0x0001020304050607L + 0x0101010101010101L * first;
        int t = vrt(w);
        c.vsr[t] = base;
        c.vsr[t + 1] = base + 0x0808080808080808L;
    }

    // ---- VSX 2.06 / 2.07 ----

    /** lxvd2x XT,RA,RB (Book I 7.6.1): two doublewords, each in the current byte order. */
    static void lxvd2x(Cpu c, int w) {
        vsx(c);
        loadDoublewords(c, eaX(c, w), xt(w));
    }

    static void stxvd2x(Cpu c, int w) {
        vsx(c);
        long ea = eaX(c, w);
        int s = xt(w);
        c.mmu.store64(ea, c.vsr[s]);
        c.mmu.store64(ea + 8, c.vsr[s + 1]);
    }

    /** lxvw4x: four words, each in the current byte order. */
    static void lxvw4x(Cpu c, int w) {
        vsx(c);
        long ea = eaX(c, w);
        Mmu m = c.mmu;
        long w0 = m.load32(ea) & 0xFFFFFFFFL, w1 = m.load32(ea + 4) & 0xFFFFFFFFL;
        long w2 = m.load32(ea + 8) & 0xFFFFFFFFL, w3 = m.load32(ea + 12) & 0xFFFFFFFFL;
        int t = xt(w);
        c.vsr[t] = (w0 << 32) | w1;
        c.vsr[t + 1] = (w2 << 32) | w3;
    }

    static void stxvw4x(Cpu c, int w) {
        vsx(c);
        long ea = eaX(c, w);
        int s = xt(w);
        long hi = c.vsr[s], lo = c.vsr[s + 1];
        Mmu m = c.mmu;
        m.store32(ea, (int) (hi >>> 32));
        m.store32(ea + 4, (int) hi);
        m.store32(ea + 8, (int) (lo >>> 32));
        m.store32(ea + 12, (int) lo);
    }

    /** lxvdsx: one doubleword splatted. */
    static void lxvdsx(Cpu c, int w) {
        vsx(c);
        long v = c.mmu.load64(eaX(c, w));
        int t = xt(w);
        c.vsr[t] = v;
        c.vsr[t + 1] = v;
    }

    /** lxsdx: doubleword 0; doubleword 1 is undefined and left unchanged (as qemu does). */
    static void lxsdx(Cpu c, int w) {
        vsx(c);
        c.vsr[xt(w)] = c.mmu.load64(eaX(c, w));
    }

    static void stxsdx(Cpu c, int w) {
        vsx(c);
        c.mmu.store64(eaX(c, w), c.vsr[xt(w)]);
    }

    static void lxsiwax(Cpu c, int w) {
        vsx(c);
        c.vsr[xt(w)] = c.mmu.load32(eaX(c, w));
    }

    static void lxsiwzx(Cpu c, int w) {
        vsx(c);
        c.vsr[xt(w)] = c.mmu.load32(eaX(c, w)) & 0xFFFFFFFFL;
    }

    /** stxsiwx: word 1 (bits 32:63) of doubleword 0. */
    static void stxsiwx(Cpu c, int w) {
        vsx(c);
        c.mmu.store32(eaX(c, w), (int) c.vsr[xt(w)]);
    }

    /** lxsspx: a single-precision value converted to double format (Book I 4.6.2). */
    static void lxsspx(Cpu c, int w) {
        vsx(c);
        c.vsr[xt(w)] = SinglePrecision.toDouble(c.mmu.load32(eaX(c, w)));
    }

    static void stxsspx(Cpu c, int w) {
        vsx(c);
        c.mmu.store32(eaX(c, w), SinglePrecision.fromDouble(c.vsr[xt(w)]));
    }

    private static void setScalar(Cpu c, int ix, long v) {
        c.vsr[ix] = v;
        c.vsr[ix + 1] = 0;
    }

    // ---- ISA 3.0 ----

    /** DQ-form XT of lxv/stxv: TX (or SX) is bit 28. */
    private static int xtDq(int w) {
        return 2 * (((w >>> 3) & 1) << 5 | ((w >>> 21) & 31));
    }

    /** lxv XT,DQ(RA) (Book I 7.6.1): a quadword, byte-reversed in little-endian mode. */
    static void lxv(Cpu c, int w) {
        int t = xtDq(w);
        vsxOrVec(c, t >>> 1);
        loadQuad(c, eaD(c, w, Fields.dq(w)), t);
    }

    static void stxv(Cpu c, int w) {
        int s = xtDq(w);
        vsxOrVec(c, s >>> 1);
        storeQuad(c, eaD(c, w, Fields.dq(w)), s);
    }

    static void lxvx(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        loadQuad(c, eaX(c, w), t);
    }

    static void stxvx(Cpu c, int w) {
        int s = xt(w);
        vsxOrVec(c, s >>> 1);
        storeQuad(c, eaX(c, w), s);
    }

    /** Byte count of the with-length forms: RB bits 0:7, at most 16. */
    private static int length(Cpu c, int w) {
        int nb = (int) (c.gpr[(w >>> 11) & 31] >>> 56);
        return Math.min(nb, 16);
    }

    /**
     * lxvl XT,RA,RB: the first nb bytes at EA fill bytes 0..nb-1 (big-endian) or 15..16-nb
     * (little-endian) of XT; the rest are zero.
     */
    static void lxvl(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        loadLength(c, eaRa(c, w), t, length(c, w), c.littleEndian());
    }

    /** lxvll: left-justified in either byte order. */
    static void lxvll(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        loadLength(c, eaRa(c, w), t, length(c, w), false);
    }

    private static void loadLength(Cpu c, long ea, int t, int nb, boolean reversed) {
        long hi = 0, lo = 0;
        for (int i = 0; i < nb; i++) {
            long b = c.mmu.load8(ea + i);
            int e = reversed ? 15 - i : i;
            if (e < 8) hi |= b << (56 - 8 * e);
            else lo |= b << (56 - 8 * (e - 8));
        }
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    static void stxvl(Cpu c, int w) {
        int s = xt(w);
        vsxOrVec(c, s >>> 1);
        storeLength(c, eaRa(c, w), s, length(c, w), c.littleEndian());
    }

    static void stxvll(Cpu c, int w) {
        int s = xt(w);
        vsxOrVec(c, s >>> 1);
        storeLength(c, eaRa(c, w), s, length(c, w), false);
    }

    private static void storeLength(Cpu c, long ea, int s, int nb, boolean reversed) {
        long hi = c.vsr[s], lo = c.vsr[s + 1];
        for (int i = 0; i < nb; i++) {
            c.mmu.store8(ea + i, VectorRegs.byteOf(hi, lo, reversed ? 15 - i : i));
        }
    }

    /** lxvb16x: byte i from EA+i in either byte order. */
    static void lxvb16x(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        long ea = eaX(c, w);
        long hi = loadBE64(c.mmu, ea), lo = loadBE64(c.mmu, ea + 8);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    static void stxvb16x(Cpu c, int w) {
        int s = xt(w);
        vsxOrVec(c, s >>> 1);
        long ea = eaX(c, w);
        storeBE64(c.mmu, ea, c.vsr[s]);
        storeBE64(c.mmu, ea + 8, c.vsr[s + 1]);
    }

    /** lxvh8x: halfword i from EA+2i, each in the current byte order. */
    static void lxvh8x(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        long ea = eaX(c, w);
        long hi = loadBE64(c.mmu, ea), lo = loadBE64(c.mmu, ea + 8);
        if (!c.mmu.bigEndian()) {
            hi = swapHalves(hi);
            lo = swapHalves(lo);
        }
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    static void stxvh8x(Cpu c, int w) {
        int s = xt(w);
        vsxOrVec(c, s >>> 1);
        long ea = eaX(c, w);
        long hi = c.vsr[s], lo = c.vsr[s + 1];
        if (!c.mmu.bigEndian()) {
            hi = swapHalves(hi);
            lo = swapHalves(lo);
        }
        storeBE64(c.mmu, ea, hi);
        storeBE64(c.mmu, ea + 8, lo);
    }

    /** Swaps the two bytes of each halfword. */
    private static long swapHalves(long v) {
        return ((v >>> 8) & 0x00FF00FF00FF00FFL) | ((v & 0x00FF00FF00FF00FFL) << 8);
    }

    /** lxvwsx: one word splatted to all four. */
    static void lxvwsx(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        long v = c.mmu.load32(eaX(c, w)) & 0xFFFFFFFFL;
        v |= v << 32;
        c.vsr[t] = v;
        c.vsr[t + 1] = v;
    }

    /** lxsd VRT,DS(RA): doubleword 0 of VR[VRT]; doubleword 1 is set to 0. */
    static void lxsd(Cpu c, int w) {
        vec(c);
        setScalar(c, vrt(w), c.mmu.load64(eaD(c, w, Fields.ds(w))));
    }

    static void stxsd(Cpu c, int w) {
        vec(c);
        c.mmu.store64(eaD(c, w, Fields.ds(w)), c.vsr[vrt(w)]);
    }

    static void lxssp(Cpu c, int w) {
        vec(c);
        setScalar(c, vrt(w), SinglePrecision.toDouble(c.mmu.load32(eaD(c, w, Fields.ds(w)))));
    }

    static void stxssp(Cpu c, int w) {
        vec(c);
        c.mmu.store32(eaD(c, w, Fields.ds(w)), SinglePrecision.fromDouble(c.vsr[vrt(w)]));
    }

    static void lxsibzx(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        c.vsr[t] = c.mmu.load8(eaX(c, w)); // doubleword 1 undefined: unchanged
    }

    static void lxsihzx(Cpu c, int w) {
        int t = xt(w);
        vsxOrVec(c, t >>> 1);
        c.vsr[t] = c.mmu.load16(eaX(c, w)); // doubleword 1 undefined: unchanged
    }

    /** stxsibx: byte 7 of doubleword 0. */
    static void stxsibx(Cpu c, int w) {
        int s = xt(w);
        vsxOrVec(c, s >>> 1);
        c.mmu.store8(eaX(c, w), (int) c.vsr[s]);
    }

    static void stxsihx(Cpu c, int w) {
        int s = xt(w);
        vsxOrVec(c, s >>> 1);
        c.mmu.store16(eaX(c, w), (int) c.vsr[s]);
    }

    // ---- ISA 3.1 ----

    /** XTp of the paired forms: TX (bit 10) selects the upper half, Tp (bits 6:9) the even register. */
    private static int xtp(int w) {
        return 2 * ((((w >>> 21) & 1) << 5) | (((w >>> 22) & 15) << 1));
    }

    /**
     * Loads a 32-byte pair (Book I 7.6.1, lxvp): big-endian XTp gets the first 16 bytes;
     * little-endian XTp+1 gets the first 16 bytes, each quadword byte-reversed.
     */
    private static void loadPair(Cpu c, long ea, int t) {
        Mmu m = c.mmu;
        if (m.bigEndian()) {
            long a = m.load64(ea), b = m.load64(ea + 8), d = m.load64(ea + 16), e = m.load64(ea + 24);
            c.vsr[t] = a;
            c.vsr[t + 1] = b;
            c.vsr[t + 2] = d;
            c.vsr[t + 3] = e;
        } else {
            long a = m.load64(ea), b = m.load64(ea + 8), d = m.load64(ea + 16), e = m.load64(ea + 24);
            c.vsr[t + 2] = b;
            c.vsr[t + 3] = a;
            c.vsr[t] = e;
            c.vsr[t + 1] = d;
        }
    }

    private static void storePair(Cpu c, long ea, int s) {
        Mmu m = c.mmu;
        long[] v = c.vsr;
        if (m.bigEndian()) {
            m.store64(ea, v[s]);
            m.store64(ea + 8, v[s + 1]);
            m.store64(ea + 16, v[s + 2]);
            m.store64(ea + 24, v[s + 3]);
        } else {
            m.store64(ea, v[s + 3]);
            m.store64(ea + 8, v[s + 2]);
            m.store64(ea + 16, v[s + 1]);
            m.store64(ea + 24, v[s]);
        }
    }

    static void lxvp(Cpu c, int w) {
        vsx(c);
        loadPair(c, eaD(c, w, Fields.dq(w)), xtp(w));
    }

    static void stxvp(Cpu c, int w) {
        vsx(c);
        storePair(c, eaD(c, w, Fields.dq(w)), xtp(w));
    }

    static void lxvpx(Cpu c, int w) {
        vsx(c);
        loadPair(c, eaX(c, w), xtp(w));
    }

    static void stxvpx(Cpu c, int w) {
        vsx(c);
        storePair(c, eaX(c, w), xtp(w));
    }

    /** lxvr[bhwd]x: the element goes to the rightmost element, the rest are zeroed. */
    static void lxvrbx(Cpu c, int w) {
        vsx(c);
        setRight(c, xt(w), c.mmu.load8(eaX(c, w)));
    }

    static void lxvrhx(Cpu c, int w) {
        vsx(c);
        setRight(c, xt(w), c.mmu.load16(eaX(c, w)));
    }

    static void lxvrwx(Cpu c, int w) {
        vsx(c);
        setRight(c, xt(w), c.mmu.load32(eaX(c, w)) & 0xFFFFFFFFL);
    }

    static void lxvrdx(Cpu c, int w) {
        vsx(c);
        setRight(c, xt(w), c.mmu.load64(eaX(c, w)));
    }

    private static void setRight(Cpu c, int t, long v) {
        c.vsr[t] = 0;
        c.vsr[t + 1] = v;
    }

    static void stxvrbx(Cpu c, int w) {
        vsx(c);
        c.mmu.store8(eaX(c, w), (int) c.vsr[xt(w) + 1]);
    }

    static void stxvrhx(Cpu c, int w) {
        vsx(c);
        c.mmu.store16(eaX(c, w), (int) c.vsr[xt(w) + 1]);
    }

    static void stxvrwx(Cpu c, int w) {
        vsx(c);
        c.mmu.store32(eaX(c, w), (int) c.vsr[xt(w) + 1]);
    }

    static void stxvrdx(Cpu c, int w) {
        vsx(c);
        c.mmu.store64(eaX(c, w), c.vsr[xt(w) + 1]);
    }

    /** XT of plxv/pstxv: TX is suffix bit 5. */
    private static int xt8ls(int suffix) {
        return 2 * ((((suffix >>> 26) & 1) << 5) | ((suffix >>> 21) & 31));
    }

    static void plxv(Cpu c, int prefix, int suffix) {
        int t = xt8ls(suffix);
        vsxOrVec(c, t >>> 1);
        loadQuad(c, eaPrefixed(c, prefix, suffix), t);
    }

    static void pstxv(Cpu c, int prefix, int suffix) {
        int s = xt8ls(suffix);
        vsxOrVec(c, s >>> 1);
        storeQuad(c, eaPrefixed(c, prefix, suffix), s);
    }

    static void plxvp(Cpu c, int prefix, int suffix) {
        vsx(c);
        loadPair(c, eaPrefixed(c, prefix, suffix), xtp(suffix));
    }

    static void pstxvp(Cpu c, int prefix, int suffix) {
        vsx(c);
        storePair(c, eaPrefixed(c, prefix, suffix), xtp(suffix));
    }

    static void plxsd(Cpu c, int prefix, int suffix) {
        vec(c);
        setScalar(c, vrt(suffix), c.mmu.load64(eaPrefixed(c, prefix, suffix)));
    }

    static void pstxsd(Cpu c, int prefix, int suffix) {
        vec(c);
        c.mmu.store64(eaPrefixed(c, prefix, suffix), c.vsr[vrt(suffix)]);
    }

    static void plxssp(Cpu c, int prefix, int suffix) {
        vec(c);
        setScalar(c, vrt(suffix), SinglePrecision.toDouble(c.mmu.load32(eaPrefixed(c, prefix, suffix))));
    }

    static void pstxssp(Cpu c, int prefix, int suffix) {
        vec(c);
        c.mmu.store32(eaPrefixed(c, prefix, suffix), SinglePrecision.fromDouble(c.vsr[vrt(suffix)]));
    }
}
