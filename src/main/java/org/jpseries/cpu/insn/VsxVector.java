package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.bf;
import static org.jpseries.cpu.Fields.xa;
import static org.jpseries.cpu.Fields.xb;
import static org.jpseries.cpu.Fields.xt;
import static org.jpseries.cpu.fp.BinaryFormat.DOUBLE;
import static org.jpseries.cpu.fp.BinaryFormat.SINGLE;
import static org.jpseries.cpu.insn.VsxFloat.checkVsx;
import static org.jpseries.cpu.insn.VsxFloat.dw;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.fp.BinaryFormat;
import org.jpseries.cpu.fp.Convert;
import org.jpseries.cpu.fp.DoubleOps;
import org.jpseries.cpu.fp.Formats;
import org.jpseries.cpu.fp.Fpscr;
import org.jpseries.cpu.fp.Rounded;
import org.jpseries.cpu.fp.SoftFloat;
import org.jpseries.isa.Op;

/**
 * VSX vector floating point on 2 doubles or 4 singles (PowerISA 3.1 Book I 7.6). Single elements
 * are widened exactly to double format, computed with single-precision rounding and narrowed
 * back. Exception bits of all elements are recorded; FPRF, FR and FI are not modified; with a
 * trap-enabled exception in any element the target VSR is left unchanged (Book I 7.4).
 */
final class VsxVector {
    private VsxVector() {}

    static void register(InstructionTable t) {
        int[] kinds = {VsxFloat.ADD, VsxFloat.SUB, VsxFloat.MUL, VsxFloat.DIV, VsxFloat.SQRT, VsxFloat.RE,
            VsxFloat.RSQRTE};
        Op[] dp = {Op.XVADDDP, Op.XVSUBDP, Op.XVMULDP, Op.XVDIVDP, Op.XVSQRTDP, Op.XVREDP, Op.XVRSQRTEDP};
        Op[] sp = {Op.XVADDSP, Op.XVSUBSP, Op.XVMULSP, Op.XVDIVSP, Op.XVSQRTSP, Op.XVRESP, Op.XVRSQRTESP};
        for (int i = 0; i < kinds.length; i++) {
            int k = kinds[i];
            t.on(dp[i], (c, w) -> arith(c, w, DOUBLE, k));
            t.on(sp[i], (c, w) -> arith(c, w, SINGLE, k));
        }
        Op[] fmaDp = {Op.XVMADDADP, Op.XVMADDMDP, Op.XVMSUBADP, Op.XVMSUBMDP, Op.XVNMADDADP, Op.XVNMADDMDP,
            Op.XVNMSUBADP, Op.XVNMSUBMDP};
        Op[] fmaSp = {Op.XVMADDASP, Op.XVMADDMSP, Op.XVMSUBASP, Op.XVMSUBMSP, Op.XVNMADDASP, Op.XVNMADDMSP,
            Op.XVNMSUBASP, Op.XVNMSUBMSP};
        for (int i = 0; i < 8; i++) {
            boolean aForm = (i & 1) == 0, sub = (i & 2) != 0, neg = (i & 4) != 0;
            t.on(fmaDp[i], (c, w) -> fma(c, w, DOUBLE, aForm, sub, neg));
            t.on(fmaSp[i], (c, w) -> fma(c, w, SINGLE, aForm, sub, neg));
        }
        t.on(Op.XVMAXDP, (c, w) -> minMax(c, w, DOUBLE, 0));
        t.on(Op.XVMINDP, (c, w) -> minMax(c, w, DOUBLE, 1));
        t.on(Op.XVMAXSP, (c, w) -> minMax(c, w, SINGLE, 0));
        t.on(Op.XVMINSP, (c, w) -> minMax(c, w, SINGLE, 1));
        t.on(Op.XVCMPEQDP, (c, w) -> compare(c, w, DOUBLE, 0));
        t.on(Op.XVCMPGTDP, (c, w) -> compare(c, w, DOUBLE, 1));
        t.on(Op.XVCMPGEDP, (c, w) -> compare(c, w, DOUBLE, 2));
        t.on(Op.XVCMPEQSP, (c, w) -> compare(c, w, SINGLE, 0));
        t.on(Op.XVCMPGTSP, (c, w) -> compare(c, w, SINGLE, 1));
        t.on(Op.XVCMPGESP, (c, w) -> compare(c, w, SINGLE, 2));
        t.on(Op.XVABSDP, (c, w) -> move(c, w, DOUBLE, 0));
        t.on(Op.XVNABSDP, (c, w) -> move(c, w, DOUBLE, 1));
        t.on(Op.XVNEGDP, (c, w) -> move(c, w, DOUBLE, 2));
        t.on(Op.XVCPSGNDP, (c, w) -> move(c, w, DOUBLE, 3));
        t.on(Op.XVABSSP, (c, w) -> move(c, w, SINGLE, 0));
        t.on(Op.XVNABSSP, (c, w) -> move(c, w, SINGLE, 1));
        t.on(Op.XVNEGSP, (c, w) -> move(c, w, SINGLE, 2));
        t.on(Op.XVCPSGNSP, (c, w) -> move(c, w, SINGLE, 3));
        t.on(Op.XVRDPI, (c, w) -> round(c, w, DOUBLE, Fpscr.RN_AWAY, false));
        t.on(Op.XVRDPIC, (c, w) -> round(c, w, DOUBLE, -1, true));
        t.on(Op.XVRDPIM, (c, w) -> round(c, w, DOUBLE, Fpscr.RN_MINF, false));
        t.on(Op.XVRDPIP, (c, w) -> round(c, w, DOUBLE, Fpscr.RN_PINF, false));
        t.on(Op.XVRDPIZ, (c, w) -> round(c, w, DOUBLE, Fpscr.RN_ZERO, false));
        t.on(Op.XVRSPI, (c, w) -> round(c, w, SINGLE, Fpscr.RN_AWAY, false));
        t.on(Op.XVRSPIC, (c, w) -> round(c, w, SINGLE, -1, true));
        t.on(Op.XVRSPIM, (c, w) -> round(c, w, SINGLE, Fpscr.RN_MINF, false));
        t.on(Op.XVRSPIP, (c, w) -> round(c, w, SINGLE, Fpscr.RN_PINF, false));
        t.on(Op.XVRSPIZ, (c, w) -> round(c, w, SINGLE, Fpscr.RN_ZERO, false));
        t.on(Op.XVCVDPSP, VsxVector::xvcvdpsp);
        t.on(Op.XVCVSPDP, VsxVector::xvcvspdp);
        t.on(Op.XVCVDPSXDS, (c, w) -> toInt(c, w, DOUBLE, false, true));
        t.on(Op.XVCVDPUXDS, (c, w) -> toInt(c, w, DOUBLE, false, false));
        t.on(Op.XVCVDPSXWS, (c, w) -> toInt(c, w, DOUBLE, true, true));
        t.on(Op.XVCVDPUXWS, (c, w) -> toInt(c, w, DOUBLE, true, false));
        t.on(Op.XVCVSPSXDS, (c, w) -> toInt(c, w, SINGLE, false, true));
        t.on(Op.XVCVSPUXDS, (c, w) -> toInt(c, w, SINGLE, false, false));
        t.on(Op.XVCVSPSXWS, (c, w) -> toInt(c, w, SINGLE, true, true));
        t.on(Op.XVCVSPUXWS, (c, w) -> toInt(c, w, SINGLE, true, false));
        t.on(Op.XVCVSXDDP, (c, w) -> fromInt(c, w, DOUBLE, false, true));
        t.on(Op.XVCVUXDDP, (c, w) -> fromInt(c, w, DOUBLE, false, false));
        t.on(Op.XVCVSXDSP, (c, w) -> fromInt(c, w, SINGLE, false, true));
        t.on(Op.XVCVUXDSP, (c, w) -> fromInt(c, w, SINGLE, false, false));
        t.on(Op.XVCVSXWDP, (c, w) -> fromInt(c, w, DOUBLE, true, true));
        t.on(Op.XVCVUXWDP, (c, w) -> fromInt(c, w, DOUBLE, true, false));
        t.on(Op.XVCVSXWSP, (c, w) -> fromInt(c, w, SINGLE, true, true));
        t.on(Op.XVCVUXWSP, (c, w) -> fromInt(c, w, SINGLE, true, false));
        t.on(Op.XVTDIVDP, (c, w) -> testDiv(c, w, DOUBLE));
        t.on(Op.XVTDIVSP, (c, w) -> testDiv(c, w, SINGLE));
        t.on(Op.XVTSQRTDP, (c, w) -> testSqrt(c, w, DOUBLE));
        t.on(Op.XVTSQRTSP, (c, w) -> testSqrt(c, w, SINGLE));
        t.on(Op.XVTSTDCDP, (c, w) -> testDataClass(c, w, DOUBLE));
        t.on(Op.XVTSTDCSP, (c, w) -> testDataClass(c, w, SINGLE));
        t.on(Op.XVXEXPDP, (c, w) -> bits(c, w, 0));
        t.on(Op.XVXSIGDP, (c, w) -> bits(c, w, 1));
        t.on(Op.XVXEXPSP, (c, w) -> bits(c, w, 2));
        t.on(Op.XVXSIGSP, (c, w) -> bits(c, w, 3));
        t.on(Op.XVIEXPDP, (c, w) -> bits(c, w, 4));
        t.on(Op.XVIEXPSP, (c, w) -> bits(c, w, 5));
        t.on(Op.XVCVHPSP, (c, w) -> half(c, w, true));
        t.on(Op.XVCVSPHP, (c, w) -> half(c, w, false));
        t.on(Op.XVCVBF16SPN, VsxVector::xvcvbf16spn);
        t.on(Op.XVCVSPBF16, VsxVector::xvcvspbf16);
    }

    /** Element i (0..3) of a VSR as a single-precision word. */
    static int word(Cpu c, int x, int i) {
        long d = c.vsr[(x << 1) + (i >> 1)];
        return (int) ((i & 1) == 0 ? d >>> 32 : d);
    }

    /** Element i of format f (double: i in 0..1; single: 0..3) as a double-format value. */
    static long elem(Cpu c, int x, BinaryFormat f, int i) {
        return f == DOUBLE ? c.vsr[(x << 1) + i] : Formats.singleToDouble(word(c, x, i));
    }

    static int count(BinaryFormat f) {
        return f == DOUBLE ? 2 : 4;
    }

    /** Builds the 128-bit result from element results (double-format values, narrowed for single). */
    static void put(long[] res, BinaryFormat f, long[] out) {
        if (f == DOUBLE) {
            out[0] = res[0];
            out[1] = res[1];
        } else {
            out[0] = ((long) Formats.doubleToSingle(res[0]) << 32) | (Formats.doubleToSingle(res[1]) & 0xFFFFFFFFL);
            out[1] = ((long) Formats.doubleToSingle(res[2]) << 32) | (Formats.doubleToSingle(res[3]) & 0xFFFFFFFFL);
        }
    }

    /** A trap-enabled invalid, zero-divide, overflow or underflow exception suppresses the target. */
    static boolean suppressed(long exc, long fpscr) {
        return ((exc & Fpscr.VX_ALL) != 0 && (fpscr & Fpscr.VE) != 0) || ((exc & Fpscr.ZX) != 0 && (fpscr & Fpscr.ZE) != 0)
                || ((exc & Fpscr.OX) != 0 && (fpscr & Fpscr.OE) != 0) || ((exc & Fpscr.UX) != 0 && (fpscr & Fpscr.UE) != 0);
    }

    static void finish(Cpu c, int xt, long exc, long d0, long d1) {
        if (!suppressed(exc, c.fpscr)) VsxFloat.setVsr(c, xt, d0, d1);
        FloatingPoint.record(c, exc & Fpscr.EXC_ALL, 0);
    }

    static void arith(Cpu c, int w, BinaryFormat f, int kind) {
        checkVsx(c);
        int n = count(f), a = xa(w), b = xb(w);
        long[] res = c.fpTemp.elems;
        long exc = 0;
        Rounded r = c.fpTemp;
        long fs = c.fpscr;
        for (int i = 0; i < n; i++) {
            VsxFloat.op(r, f, kind, fs, elem(c, a, f, i), elem(c, b, f, i));
            res[i] = r.hi;
            exc |= r.flags;
        }
        long[] o = c.fpTemp.pair;
        put(res, f, o);
        finish(c, xt(w), exc, o[0], o[1]);
    }

    static void fma(Cpu c, int w, BinaryFormat f, boolean aForm, boolean sub, boolean neg) {
        checkVsx(c);
        int n = count(f), a = xa(w), b = xb(w), t = xt(w);
        long[] res = c.fpTemp.elems;
        long exc = 0;
        Rounded r = c.fpTemp;
        long fs = c.fpscr;
        for (int i = 0; i < n; i++) {
            long av = elem(c, a, f, i), bv = elem(c, b, f, i), tv = elem(c, t, f, i);
            DoubleOps.fma(r, f, Fpscr.rn(fs), (fs & Fpscr.OE) != 0, (fs & Fpscr.UE) != 0, av, aForm ? bv : tv,
                    aForm ? tv : bv, sub, neg);
            res[i] = r.hi;
            exc |= r.flags;
        }
        long[] o = c.fpTemp.pair;
        put(res, f, o);
        finish(c, t, exc, o[0], o[1]);
    }

    static void minMax(Cpu c, int w, BinaryFormat f, int kind) {
        checkVsx(c);
        int n = count(f), a = xa(w), b = xb(w);
        long[] res = c.fpTemp.elems;
        long exc = 0;
        Rounded r = c.fpTemp;
        for (int i = 0; i < n; i++) {
            res[i] = VsxFloat.minMax(r, kind, elem(c, a, f, i), elem(c, b, f, i));
            exc |= r.flags;
        }
        long[] o = c.fpTemp.pair;
        put(res, f, o);
        finish(c, xt(w), exc, o[0], o[1]);
    }

    /** xvcmp{eq,gt,ge}{dp,sp}[.]: element masks; Rc=1 sets CR6 to all-true || 0 || none-true || 0. */
    static void compare(Cpu c, int w, BinaryFormat f, int kind) {
        checkVsx(c);
        int n = count(f), a = xa(w), b = xb(w);
        long[] res = c.fpTemp.elems;
        long exc = 0;
        boolean all = true, none = true;
        for (int i = 0; i < n; i++) {
            long av = elem(c, a, f, i), bv = elem(c, b, f, i);
            exc |= VsxFloat.compareExc(av, bv, kind, DOUBLE, c.fpscr);
            boolean p = VsxFloat.predicate(Double.longBitsToDouble(av), Double.longBitsToDouble(bv), kind);
            res[i] = p ? -1L : 0;
            all &= p;
            none &= !p;
        }
        long d0, d1;
        if (f == DOUBLE) {
            d0 = res[0];
            d1 = res[1];
        } else {
            d0 = (res[0] << 32) | (res[1] & 0xFFFFFFFFL);
            d1 = (res[2] << 32) | (res[3] & 0xFFFFFFFFL);
        }
        boolean sup = suppressed(exc, c.fpscr);
        if (!sup) {
            VsxFloat.setVsr(c, xt(w), d0, d1);
            if ((w & (1 << 10)) != 0) c.setCrField(6, (all ? 8 : 0) | (none ? 2 : 0));
        }
        FloatingPoint.record(c, exc, 0);
    }

    static void move(Cpu c, int w, BinaryFormat f, int kind) {
        checkVsx(c);
        long sign = f == DOUBLE ? Long.MIN_VALUE : 0x8000000080000000L;
        int b = xb(w), a = xa(w);
        long[] o = c.fpTemp.pair;
        for (int i = 0; i < 2; i++) {
            long v = dw(c, b, i);
            o[i] = switch (kind) {
                case 0 -> v & ~sign;
                case 1 -> v | sign;
                case 2 -> v ^ sign;
                default -> (dw(c, a, i) & sign) | (v & ~sign);
            };
        }
        VsxFloat.setVsr(c, xt(w), o[0], o[1]);
    }

    static void round(Cpu c, int w, BinaryFormat f, int rm, boolean inexact) {
        checkVsx(c);
        int n = count(f), b = xb(w);
        long[] res = c.fpTemp.elems;
        long exc = 0;
        Rounded r = c.fpTemp;
        int mode = rm < 0 ? Fpscr.rn(c.fpscr) : rm;
        for (int i = 0; i < n; i++) {
            Convert.roundIntegralDouble(r, elem(c, b, f, i), mode);
            res[i] = r.hi;
            exc |= r.flags & (inexact ? Fpscr.EXC_ALL : Fpscr.VX_ALL);
        }
        long[] o = c.fpTemp.pair;
        put(res, f, o);
        finish(c, xt(w), exc, o[0], o[1]);
    }

    /** xvcvdpsp: each double rounded to single, placed in words 2i and 2i+1. */
    static void xvcvdpsp(Cpu c, int w) {
        checkVsx(c);
        int b = xb(w);
        long exc = 0;
        long[] o = c.fpTemp.pair;
        Rounded r = c.fpTemp;
        long fs = c.fpscr;
        for (int i = 0; i < 2; i++) {
            SoftFloatBridge.toSingle(r, Fpscr.rn(fs), (fs & Fpscr.OE) != 0, (fs & Fpscr.UE) != 0, dw(c, b, i));
            o[i] = (r.hi << 32) | r.hi;
            exc |= r.flags;
        }
        finish(c, xt(w), exc, o[0], o[1]);
    }

    /** xvcvspdp: words 0 and 2 widened to double; SNaNs quieted with VXSNAN. */
    static void xvcvspdp(Cpu c, int w) {
        checkVsx(c);
        int b = xb(w);
        long exc = 0;
        long[] o = c.fpTemp.pair;
        for (int i = 0; i < 2; i++) {
            int s = word(c, b, 2 * i);
            long d = Formats.singleToDouble(s);
            if (SINGLE.isSNaN(s & 0xFFFFFFFFL, 0)) {
                exc |= Fpscr.VXSNAN;
                d |= 0x0008000000000000L;
            }
            o[i] = d;
        }
        finish(c, xt(w), exc, o[0], o[1]);
    }

    /**
     * Truncating conversions to integers: dp sources give doublewords, or words duplicated into
     * both halves of each doubleword; sp sources are words 0 and 2 (to doublewords) or all four words.
     */
    static void toInt(Cpu c, int w, BinaryFormat f, boolean word, boolean signed) {
        checkVsx(c);
        int b = xb(w);
        long exc = 0;
        Rounded r = c.fpTemp;
        long[] o = c.fpTemp.pair;
        if (f == DOUBLE) {
            for (int i = 0; i < 2; i++) {
                long v = Convert.toInteger(r, dw(c, b, i), Fpscr.RN_ZERO, word, signed);
                exc |= r.flags;
                o[i] = word ? (v << 32) | (v & 0xFFFFFFFFL) : v;
            }
        } else if (!word) {
            for (int i = 0; i < 2; i++) {
                o[i] = Convert.toInteger(r, elem(c, b, SINGLE, 2 * i), Fpscr.RN_ZERO, false, signed);
                exc |= r.flags;
            }
        } else {
            long[] v = c.fpTemp.elems;
            for (int i = 0; i < 4; i++) {
                v[i] = Convert.toInteger(r, elem(c, b, SINGLE, i), Fpscr.RN_ZERO, true, signed) & 0xFFFFFFFFL;
                exc |= r.flags;
            }
            o[0] = (v[0] << 32) | v[1];
            o[1] = (v[2] << 32) | v[3];
        }
        finish(c, xt(w), exc & Fpscr.EXC_ALL, o[0], o[1]);
    }

    /**
     * Integer to floating conversions: doubleword sources (to dp, or to sp in words 2i, 2i+1),
     * word sources 0 and 2 (to dp) or all four words (to sp).
     */
    static void fromInt(Cpu c, int w, BinaryFormat f, boolean wordSrc, boolean signed) {
        checkVsx(c);
        int b = xb(w);
        long exc = 0;
        Rounded r = c.fpTemp;
        int rm = Fpscr.rn(c.fpscr);
        long[] o = c.fpTemp.pair;
        if (!wordSrc) {
            for (int i = 0; i < 2; i++) {
                Convert.fromLong(r, f, rm, dw(c, b, i), signed);
                exc |= r.flags;
                if (f == DOUBLE) {
                    o[i] = r.hi;
                } else {
                    long s = Formats.doubleToSingle(r.hi) & 0xFFFFFFFFL;
                    o[i] = (s << 32) | s;
                }
            }
        } else if (f == DOUBLE) {
            for (int i = 0; i < 2; i++) {
                int v = word(c, b, 2 * i);
                o[i] = Double.doubleToRawLongBits(signed ? (double) v : (double) (v & 0xFFFFFFFFL));
            }
        } else {
            long[] s = c.fpTemp.elems;
            for (int i = 0; i < 4; i++) {
                int v = word(c, b, i);
                Convert.fromLong(r, SINGLE, rm, signed ? v : v & 0xFFFFFFFFL, signed);
                exc |= r.flags;
                s[i] = Formats.doubleToSingle(r.hi) & 0xFFFFFFFFL;
            }
            o[0] = (s[0] << 32) | s[1];
            o[1] = (s[2] << 32) | s[3];
        }
        finish(c, xt(w), exc & Fpscr.EXC_ALL, o[0], o[1]);
    }

    static int unbiased(BinaryFormat f, long d) {
        // exponent of the element in its own format (double-format value for dp, widened single for sp)
        if (f == DOUBLE) return FloatingPoint.unbiased(d);
        int s = Formats.doubleToSingle(d);
        return ((s >>> 23) & 0xFF) - 127;
    }

    /** xvtdiv{dp,sp} BF: the ftdiv test on each element pair, flags OR-ed. */
    static void testDiv(Cpu c, int w, BinaryFormat f) {
        checkVsx(c);
        int n = count(f), a = xa(w), b = xb(w);
        boolean fe = false, fg = false;
        int emin = f == DOUBLE ? -1022 : -126, emaxm = f == DOUBLE ? 1021 : 125, dmax = f == DOUBLE ? 1023 : 127,
                dmin = f == DOUBLE ? -1021 : -125, small = f == DOUBLE ? -970 : -103;
        for (int i = 0; i < n; i++) {
            long av = elem(c, a, f, i), bv = elem(c, b, f, i);
            if (DOUBLE.isInf(av, 0) || DOUBLE.isInf(bv, 0) || DOUBLE.isZero(bv, 0)) {
                fe = fg = true;
                continue;
            }
            int ea = unbiased(f, av), eb = unbiased(f, bv);
            if (DOUBLE.isNaN(av, 0) || DOUBLE.isNaN(bv, 0)) fe = true;
            else if (eb <= emin || eb >= emaxm) fe = true;
            else if (!DOUBLE.isZero(av, 0) && (ea - eb >= dmax || ea - eb <= dmin || ea <= small)) fe = true;
            if (eb == emin - 1) fg = true;
        }
        c.setCrField(bf(w), 8 | (fg ? 4 : 0) | (fe ? 2 : 0));
    }

    static void testSqrt(Cpu c, int w, BinaryFormat f) {
        checkVsx(c);
        int n = count(f), b = xb(w);
        boolean fe = false, fg = false;
        int small = f == DOUBLE ? -970 : -103, denorm = f == DOUBLE ? -1023 : -127;
        for (int i = 0; i < n; i++) {
            long bv = elem(c, b, f, i);
            if (DOUBLE.isInf(bv, 0) || DOUBLE.isZero(bv, 0)) {
                fe = fg = true;
                continue;
            }
            int eb = unbiased(f, bv);
            if (DOUBLE.isNaN(bv, 0) || bv < 0 || eb <= small) fe = true;
            if (eb == denorm) fg = true;
        }
        c.setCrField(bf(w), 8 | (fg ? 4 : 0) | (fe ? 2 : 0));
    }

    /** xvtstdc{dp,sp}: DCMX = dc || dm || dx; each element becomes all ones on a class match. */
    static void testDataClass(Cpu c, int w, BinaryFormat f) {
        checkVsx(c);
        int dcmx = (((w >>> 6) & 1) << 6) | (((w >>> 2) & 1) << 5) | ((w >>> 16) & 0x1F);
        int b = xb(w);
        long[] o = c.fpTemp.pair;
        if (f == DOUBLE) {
            for (int i = 0; i < 2; i++) o[i] = VsxFloat.dataClass(DOUBLE, dw(c, b, i), 0, dcmx) ? -1L : 0;
        } else {
            long[] m = c.fpTemp.elems;
            for (int i = 0; i < 4; i++) m[i] = VsxFloat.dataClass(SINGLE, word(c, b, i) & 0xFFFFFFFFL, 0, dcmx) ? 0xFFFFFFFFL : 0;
            o[0] = (m[0] << 32) | m[1];
            o[1] = (m[2] << 32) | m[3];
        }
        VsxFloat.setVsr(c, xt(w), o[0], o[1]);
    }

    /** xvxexp/xvxsig/xviexp {dp,sp}: exponent and significand extraction and insertion. */
    static void bits(Cpu c, int w, int kind) {
        checkVsx(c);
        int a = xa(w), b = xb(w);
        long[] o = c.fpTemp.pair;
        for (int i = 0; i < 2; i++) {
            long v = dw(c, b, i);
            o[i] = switch (kind) {
                case 0 -> (v >>> 52) & 0x7FF;
                case 1 -> {
                    long e = (v >>> 52) & 0x7FF;
                    yield (v & 0xFFFFFFFFFFFFFL) | (e != 0 && e != 0x7FF ? 1L << 52 : 0);
                }
                case 2 -> (v >>> 23) & 0x000000FF000000FFL;
                case 3 -> sigSp(v >>> 32) << 32 | sigSp(v & 0xFFFFFFFFL);
                case 4 -> (dw(c, a, i) & 0x800FFFFFFFFFFFFFL) | ((v & 0x7FF) << 52);
                default -> (dw(c, a, i) & 0x807FFFFF807FFFFFL) | ((v & 0x000000FF000000FFL) << 23);
            };
        }
        VsxFloat.setVsr(c, xt(w), o[0], o[1]);
    }

    static long sigSp(long s) {
        long e = (s >>> 23) & 0xFF;
        return (s & 0x7FFFFF) | (e != 0 && e != 0xFF ? 1L << 23 : 0);
    }

    /** xvcvhpsp (half in bits 16:31 of each word to single) and xvcvsphp (single to half, rounded). */
    static void half(Cpu c, int w, boolean toSingle) {
        checkVsx(c);
        int b = xb(w);
        long exc = 0;
        long[] m = c.fpTemp.elems;
        Rounded r = c.fpTemp;
        long fs = c.fpscr;
        for (int i = 0; i < 4; i++) {
            int v = word(c, b, i);
            if (toSingle) {
                long h = v & 0xFFFF;
                if (BinaryFormat.HALF.isSNaN(h, 0)) {
                    exc |= Fpscr.VXSNAN;
                    h |= BinaryFormat.HALF.quietBit();
                }
                m[i] = SoftFloat.widen(BinaryFormat.HALF, SINGLE, h, 0)[0] & 0xFFFFFFFFL;
            } else {
                SoftFloat.narrow(r, SINGLE, BinaryFormat.HALF, Fpscr.rn(fs), (fs & Fpscr.OE) != 0, (fs & Fpscr.UE) != 0,
                        v & 0xFFFFFFFFL, 0);
                exc |= r.flags;
                m[i] = r.hi & 0xFFFF;
            }
        }
        finish(c, xt(w), exc & Fpscr.EXC_ALL, (m[0] << 32) | m[1], (m[2] << 32) | m[3]);
    }

    /** xvcvbf16spn: bfloat16 in bits 16:31 of each word to single, without exceptions (Book I 7.6). */
    static void xvcvbf16spn(Cpu c, int w) {
        checkVsx(c);
        int b = xb(w);
        long mask = 0x0000FFFF0000FFFFL;
        VsxFloat.setVsr(c, xt(w), (dw(c, b, 0) & mask) << 16, (dw(c, b, 1) & mask) << 16);
    }

    /** xvcvspbf16: single to bfloat16, round to nearest even, in bits 16:31 of each word. */
    static void xvcvspbf16(Cpu c, int w) {
        checkVsx(c);
        int b = xb(w);
        long exc = 0;
        long[] m = c.fpTemp.elems;
        Rounded r = c.fpTemp;
        for (int i = 0; i < 4; i++) {
            long d = Formats.singleToDouble(word(c, b, i));
            SoftFloat.narrow(r, DOUBLE, BinaryFormat.BFLOAT16, Fpscr.RN_NEAR, false, false, d, 0);
            exc |= r.flags;
            m[i] = r.hi & 0xFFFF;
        }
        finish(c, xt(w), exc & Fpscr.EXC_ALL, (m[0] << 32) | m[1], (m[2] << 32) | m[3]);
    }
}
