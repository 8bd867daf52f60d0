package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.bf;
import static org.jpseries.cpu.Fields.xa;
import static org.jpseries.cpu.Fields.xb;
import static org.jpseries.cpu.Fields.xt;
import static org.jpseries.cpu.fp.BinaryFormat.DOUBLE;
import static org.jpseries.cpu.fp.BinaryFormat.SINGLE;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Fields;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.fp.BinaryFormat;
import org.jpseries.cpu.fp.Convert;
import org.jpseries.cpu.fp.DoubleOps;
import org.jpseries.cpu.fp.Estimates;
import org.jpseries.cpu.fp.Formats;
import org.jpseries.cpu.fp.Fpscr;
import org.jpseries.cpu.fp.Rounded;
import org.jpseries.cpu.fp.SoftFloat;
import org.jpseries.isa.Op;

/**
 * VSX scalar and vector binary floating point on double and single precision (PowerISA 3.1 Book I
 * 7.6). Scalar instructions behave like their chapter 4 counterparts (result in doubleword 0,
 * doubleword 1 zeroed; FPRF, FR, FI set). Vector instructions record exception bits only (FPRF,
 * FR, FI unchanged), and when any element has a trap-enabled exception the target is not
 * modified (Book I 7.4).
 */
final class VsxFloat {
    private VsxFloat() {}

    // operation kinds
    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, SQRT = 4, RE = 5, RSQRTE = 6;

    static void register(InstructionTable t) {
        t.on(Op.XSADDDP, (c, w) -> scalar(c, w, DOUBLE, ADD));
        t.on(Op.XSSUBDP, (c, w) -> scalar(c, w, DOUBLE, SUB));
        t.on(Op.XSMULDP, (c, w) -> scalar(c, w, DOUBLE, MUL));
        t.on(Op.XSDIVDP, (c, w) -> scalar(c, w, DOUBLE, DIV));
        t.on(Op.XSSQRTDP, (c, w) -> scalar(c, w, DOUBLE, SQRT));
        t.on(Op.XSREDP, (c, w) -> scalar(c, w, DOUBLE, RE));
        t.on(Op.XSRSQRTEDP, (c, w) -> scalar(c, w, DOUBLE, RSQRTE));
        t.on(Op.XSADDSP, (c, w) -> scalar(c, w, SINGLE, ADD));
        t.on(Op.XSSUBSP, (c, w) -> scalar(c, w, SINGLE, SUB));
        t.on(Op.XSMULSP, (c, w) -> scalar(c, w, SINGLE, MUL));
        t.on(Op.XSDIVSP, (c, w) -> scalar(c, w, SINGLE, DIV));
        t.on(Op.XSSQRTSP, (c, w) -> scalar(c, w, SINGLE, SQRT));
        t.on(Op.XSRESP, (c, w) -> scalar(c, w, SINGLE, RE));
        t.on(Op.XSRSQRTESP, (c, w) -> scalar(c, w, SINGLE, RSQRTE));
        t.on(Op.XSMADDADP, (c, w) -> scalarFma(c, w, DOUBLE, true, false, false));
        t.on(Op.XSMADDMDP, (c, w) -> scalarFma(c, w, DOUBLE, false, false, false));
        t.on(Op.XSMSUBADP, (c, w) -> scalarFma(c, w, DOUBLE, true, true, false));
        t.on(Op.XSMSUBMDP, (c, w) -> scalarFma(c, w, DOUBLE, false, true, false));
        t.on(Op.XSNMADDADP, (c, w) -> scalarFma(c, w, DOUBLE, true, false, true));
        t.on(Op.XSNMADDMDP, (c, w) -> scalarFma(c, w, DOUBLE, false, false, true));
        t.on(Op.XSNMSUBADP, (c, w) -> scalarFma(c, w, DOUBLE, true, true, true));
        t.on(Op.XSNMSUBMDP, (c, w) -> scalarFma(c, w, DOUBLE, false, true, true));
        t.on(Op.XSMADDASP, (c, w) -> scalarFma(c, w, SINGLE, true, false, false));
        t.on(Op.XSMADDMSP, (c, w) -> scalarFma(c, w, SINGLE, false, false, false));
        t.on(Op.XSMSUBASP, (c, w) -> scalarFma(c, w, SINGLE, true, true, false));
        t.on(Op.XSMSUBMSP, (c, w) -> scalarFma(c, w, SINGLE, false, true, false));
        t.on(Op.XSNMADDASP, (c, w) -> scalarFma(c, w, SINGLE, true, false, true));
        t.on(Op.XSNMADDMSP, (c, w) -> scalarFma(c, w, SINGLE, false, false, true));
        t.on(Op.XSNMSUBASP, (c, w) -> scalarFma(c, w, SINGLE, true, true, true));
        t.on(Op.XSNMSUBMSP, (c, w) -> scalarFma(c, w, SINGLE, false, true, true));
        t.on(Op.XSRSP, VsxFloat::xsrsp);
        t.on(Op.XSABSDP, (c, w) -> scalarMove(c, w, 0));
        t.on(Op.XSNABSDP, (c, w) -> scalarMove(c, w, 1));
        t.on(Op.XSNEGDP, (c, w) -> scalarMove(c, w, 2));
        t.on(Op.XSCPSGNDP, (c, w) -> scalarMove(c, w, 3));
        t.on(Op.XSMAXDP, (c, w) -> scalarMinMax(c, w, 0));
        t.on(Op.XSMINDP, (c, w) -> scalarMinMax(c, w, 1));
        t.on(Op.XSMAXCDP, (c, w) -> scalarMinMax(c, w, 2));
        t.on(Op.XSMINCDP, (c, w) -> scalarMinMax(c, w, 3));
        t.on(Op.XSMAXJDP, (c, w) -> scalarMinMax(c, w, 4));
        t.on(Op.XSMINJDP, (c, w) -> scalarMinMax(c, w, 5));
        t.on(Op.XSCMPUDP, (c, w) -> scalarCompare(c, w, false));
        t.on(Op.XSCMPODP, (c, w) -> scalarCompare(c, w, true));
        t.on(Op.XSCMPEQDP, (c, w) -> scalarCompareMask(c, w, 0));
        t.on(Op.XSCMPGTDP, (c, w) -> scalarCompareMask(c, w, 1));
        t.on(Op.XSCMPGEDP, (c, w) -> scalarCompareMask(c, w, 2));
        t.on(Op.XSCMPEXPDP, VsxFloat::xscmpexpdp);
        t.on(Op.XSTDIVDP, (c, w) -> {
            checkVsx(c);
            c.setCrField(bf(w), testDiv(dw(c, xa(w), 0), dw(c, xb(w), 0)));
        });
        t.on(Op.XSTSQRTDP, (c, w) -> {
            checkVsx(c);
            c.setCrField(bf(w), FloatingPoint.testSqrt(dw(c, xb(w), 0)));
        });
        t.on(Op.XSCVDPSP, (c, w) -> xscvdpsp(c, w));
        t.on(Op.XSCVDPSPN, (c, w) -> {
            checkVsx(c);
            long s = Formats.doubleToSingle(dw(c, xb(w), 0)) & 0xFFFFFFFFL;
            setVsr(c, xt(w), (s << 32) | s, 0);
        });
        t.on(Op.XSCVSPDP, VsxFloat::xscvspdp);
        t.on(Op.XSCVSPDPN, (c, w) -> {
            checkVsx(c);
            setVsr(c, xt(w), Formats.singleToDouble((int) (dw(c, xb(w), 0) >>> 32)), 0);
        });
        t.on(Op.XSCVDPSXDS, (c, w) -> scalarToInt(c, w, false, true));
        t.on(Op.XSCVDPSXWS, (c, w) -> scalarToInt(c, w, true, true));
        t.on(Op.XSCVDPUXDS, (c, w) -> scalarToInt(c, w, false, false));
        t.on(Op.XSCVDPUXWS, (c, w) -> scalarToInt(c, w, true, false));
        t.on(Op.XSCVSXDDP, (c, w) -> scalarFromInt(c, w, DOUBLE, true));
        t.on(Op.XSCVUXDDP, (c, w) -> scalarFromInt(c, w, DOUBLE, false));
        t.on(Op.XSCVSXDSP, (c, w) -> scalarFromInt(c, w, SINGLE, true));
        t.on(Op.XSCVUXDSP, (c, w) -> scalarFromInt(c, w, SINGLE, false));
        t.on(Op.XSRDPI, (c, w) -> scalarRound(c, w, Fpscr.RN_AWAY, false));
        t.on(Op.XSRDPIC, (c, w) -> scalarRound(c, w, -1, true));
        t.on(Op.XSRDPIM, (c, w) -> scalarRound(c, w, Fpscr.RN_MINF, false));
        t.on(Op.XSRDPIP, (c, w) -> scalarRound(c, w, Fpscr.RN_PINF, false));
        t.on(Op.XSRDPIZ, (c, w) -> scalarRound(c, w, Fpscr.RN_ZERO, false));
        t.on(Op.XSTSTDCDP, (c, w) -> testDataClass(c, w, DOUBLE));
        t.on(Op.XSTSTDCSP, (c, w) -> testDataClass(c, w, SINGLE));
        t.on(Op.XSXEXPDP, (c, w) -> {
            checkVsx(c);
            c.gpr[Fields.rt(w)] = (dw(c, xb(w), 0) >>> 52) & 0x7FF;
        });
        t.on(Op.XSXSIGDP, (c, w) -> {
            checkVsx(c);
            long b = dw(c, xb(w), 0);
            long e = (b >>> 52) & 0x7FF;
            c.gpr[Fields.rt(w)] = (b & 0xFFFFFFFFFFFFFL) | (e != 0 && e != 0x7FF ? 1L << 52 : 0);
        });
        t.on(Op.XSIEXPDP, (c, w) -> {
            checkVsx(c);
            long a = c.gpr[Fields.ra(w)], b = c.gpr[Fields.rb(w)];
            setVsr(c, xt(w), (a & 0x800FFFFFFFFFFFFFL) | ((b & 0x7FF) << 52), 0);
        });
        t.on(Op.XSCVHPDP, VsxFloat::xscvhpdp);
        t.on(Op.XSCVDPHP, VsxFloat::xscvdphp);
        VsxVector.register(t);
    }

    static void checkVsx(Cpu c) {
        if ((c.msr & Cpu.MSR_VSX) == 0) throw new GuestInterrupt(Interrupt.VSX_UNAVAILABLE, 0, c.cia);
    }

    static long dw(Cpu c, int x, int i) {
        return c.vsr[(x << 1) + i];
    }

    static void setVsr(Cpu c, int x, long d0, long d1) {
        c.vsr[x << 1] = d0;
        c.vsr[(x << 1) + 1] = d1;
    }

    /**
     * Completes a VSX scalar instruction as {@link FloatingPoint#commit} does, the result going to
     * doubleword 0 of VSR[XT] and 0 to doubleword 1.
     */
    static void commitScalar(Cpu c, int xt, Rounded r) {
        long fl = r.flags;
        long f = c.fpscr & ~(Fpscr.FR | Fpscr.FI);
        if (((fl & Fpscr.VX_ALL) != 0 && (f & Fpscr.VE) != 0) || ((fl & Fpscr.ZX) != 0 && (f & Fpscr.ZE) != 0)) {
            c.fpscr = f;
        } else {
            setVsr(c, xt, r.hi, 0);
            c.fpscr = Fpscr.withFprf(f, r.fprf) | (fl & (Fpscr.FR | Fpscr.FI));
        }
        FloatingPoint.record(c, fl & Fpscr.EXC_ALL, 0);
    }

    static Rounded op(Rounded r, BinaryFormat tf, int kind, long f, long a, long b) {
        int rm = Fpscr.rn(f);
        boolean oe = (f & Fpscr.OE) != 0, ue = (f & Fpscr.UE) != 0;
        return switch (kind) {
            case ADD -> DoubleOps.add(r, tf, rm, oe, ue, a, b, false);
            case SUB -> DoubleOps.add(r, tf, rm, oe, ue, a, b, true);
            case MUL -> DoubleOps.mul(r, tf, rm, oe, ue, a, b);
            case DIV -> DoubleOps.div(r, tf, rm, oe, ue, a, b);
            case SQRT -> DoubleOps.sqrt(r, tf, rm, oe, ue, b);
            case RE -> DoubleOps.div(r, tf, rm, oe, ue, 0x3FF0000000000000L, b);
            default -> Estimates.rsqrte(r, tf, rm, b);
        };
    }

    /** xs{add,sub,mul,div,sqrt,re,rsqrte}{dp,sp} (Book I 7.6). */
    static void scalar(Cpu c, int w, BinaryFormat tf, int kind) {
        checkVsx(c);
        Rounded r = op(c.fpTemp, tf, kind, c.fpscr, dw(c, xa(w), 0), dw(c, xb(w), 0));
        commitScalar(c, xt(w), r);
    }

    /**
     * xs[n]m{add,sub}{a,m}{dp,sp}: the A forms compute XA*XB + XT, the M forms XA*XT + XB
     * (Book I 7.6); the N forms negate the rounded result.
     */
    static void scalarFma(Cpu c, int w, BinaryFormat tf, boolean aForm, boolean sub, boolean neg) {
        checkVsx(c);
        int t = xt(w);
        long a = dw(c, xa(w), 0), b = dw(c, xb(w), 0), tv = dw(c, t, 0);
        long f = c.fpscr;
        Rounded r = DoubleOps.fma(c.fpTemp, tf, Fpscr.rn(f), (f & Fpscr.OE) != 0, (f & Fpscr.UE) != 0, a,
                aForm ? b : tv, aForm ? tv : b, sub, neg);
        commitScalar(c, t, r);
    }

    static void xsrsp(Cpu c, int w) {
        checkVsx(c);
        long f = c.fpscr;
        Rounded r = DoubleOps.roundToSingle(c.fpTemp, Fpscr.rn(f), (f & Fpscr.OE) != 0, (f & Fpscr.UE) != 0,
                dw(c, xb(w), 0));
        commitScalar(c, xt(w), r);
    }

    static void scalarMove(Cpu c, int w, int kind) {
        checkVsx(c);
        long b = dw(c, xb(w), 0);
        long v = switch (kind) {
            case 0 -> b & Long.MAX_VALUE;
            case 1 -> b | Long.MIN_VALUE;
            case 2 -> b ^ Long.MIN_VALUE;
            default -> (dw(c, xa(w), 0) & Long.MIN_VALUE) | (b & Long.MAX_VALUE);
        };
        setVsr(c, xt(w), v, 0);
    }

    /**
     * Maximum/minimum of two double-format values (kind 0 max, 1 min: IEEE maxNum/minNum with SNaN
     * quieted; 2/3: the C forms, (a > b) ? a : b, NaN giving b; 4/5: the Java forms, NaN giving the
     * first NaN operand). +0 is greater than -0 for kinds 0, 1, 4, 5. Sets out.flags VXSNAN.
     */
    static long minMax(Rounded out, int kind, long a, long b) {
        boolean an = DOUBLE.isNaN(a, 0), bn = DOUBLE.isNaN(b, 0);
        boolean as = DOUBLE.isSNaN(a, 0), bs = DOUBLE.isSNaN(b, 0);
        out.flags = as || bs ? Fpscr.VXSNAN : 0;
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        boolean max = (kind & 1) == 0;
        switch (kind) {
            case 0, 1 -> {
                // maxNum/minNum: a quiet NaN loses to a number; an SNaN gives the first NaN, quieted.
                if (as || bs) return (an ? a : b) | 0x0008000000000000L;
                if (an) return b;
                if (bn) return a;
            }
            case 2, 3 -> {
                if (an || bn) return b;
                return max ? (x > y ? a : b) : (x < y ? a : b);
            }
            default -> {
                // Java semantics: the first NaN is the result as is; VXSNAN only if it signals.
                if (an) {
                    out.flags = as ? Fpscr.VXSNAN : 0;
                    return a;
                }
                if (bn) {
                    out.flags = bs ? Fpscr.VXSNAN : 0;
                    return b;
                }
            }
        }
        if (x == y && x == 0) {
            boolean aneg = a < 0;
            return max ? (aneg ? b : a) : (aneg ? a : b);
        }
        return max ? (x > y ? a : b) : (x < y ? a : b);
    }

    static void scalarMinMax(Cpu c, int w, int kind) {
        checkVsx(c);
        Rounded r = c.fpTemp;
        long v = minMax(r, kind, dw(c, xa(w), 0), dw(c, xb(w), 0));
        long exc = r.flags;
        if (exc == 0 || (c.fpscr & Fpscr.VE) == 0) setVsr(c, xt(w), v, 0);
        FloatingPoint.record(c, exc, 0);
    }

    /** xscmpudp / xscmpodp BF,XA,XB: as fcmpu/fcmpo (Book I 7.6). */
    static void scalarCompare(Cpu c, int w, boolean ordered) {
        checkVsx(c);
        long a = dw(c, xa(w), 0), b = dw(c, xb(w), 0);
        int cc = FloatingPoint.cmpBits(a, b);
        long exc = 0;
        boolean snan = DOUBLE.isSNaN(a, 0) || DOUBLE.isSNaN(b, 0);
        if (snan) exc |= Fpscr.VXSNAN;
        if (ordered && (snan ? (c.fpscr & Fpscr.VE) == 0 : cc == 1)) exc |= Fpscr.VXVC;
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | ((long) cc << Fpscr.FPRF_SHIFT);
        c.setCrField(bf(w), cc);
        FloatingPoint.record(c, exc, 0);
    }

    /** Exceptions of a predicate compare: VXSNAN for SNaN; the ordered gt/ge also VXVC for NaNs. */
    static long compareExc(long a, long b, int kind, BinaryFormat f, long fpscr) {
        boolean snan = f.isSNaN(a, 0) || f.isSNaN(b, 0);
        boolean nan = f.isNaN(a, 0) || f.isNaN(b, 0);
        long exc = snan ? Fpscr.VXSNAN : 0;
        if (kind != 0 && nan && (!snan || (fpscr & Fpscr.VE) == 0)) exc |= Fpscr.VXVC;
        return exc;
    }

    static boolean predicate(double x, double y, int kind) {
        return kind == 0 ? x == y : kind == 1 ? x > y : x >= y;
    }

    /** xscmp{eq,gt,ge}dp: all-ones or all-zeros mask in doubleword 0 (Book I 7.6). */
    static void scalarCompareMask(Cpu c, int w, int kind) {
        checkVsx(c);
        long a = dw(c, xa(w), 0), b = dw(c, xb(w), 0);
        long exc = compareExc(a, b, kind, DOUBLE, c.fpscr);
        boolean p = predicate(Double.longBitsToDouble(a), Double.longBitsToDouble(b), kind);
        if ((exc & Fpscr.VX_ALL) == 0 || (c.fpscr & Fpscr.VE) == 0) setVsr(c, xt(w), p ? -1L : 0, 0);
        FloatingPoint.record(c, exc, 0);
    }

    /** xscmpexpdp BF,XA,XB: compares the biased exponents; NaN operands give unordered. */
    static void xscmpexpdp(Cpu c, int w) {
        checkVsx(c);
        long a = dw(c, xa(w), 0), b = dw(c, xb(w), 0);
        int cc;
        if (DOUBLE.isNaN(a, 0) || DOUBLE.isNaN(b, 0)) {
            cc = 1;
        } else {
            long ea = (a >>> 52) & 0x7FF, eb = (b >>> 52) & 0x7FF;
            cc = ea < eb ? 8 : ea > eb ? 4 : 2;
        }
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | ((long) cc << Fpscr.FPRF_SHIFT);
        c.setCrField(bf(w), cc);
    }

    static int testDiv(long a, long b) {
        boolean fe = false, fg = false;
        if (DOUBLE.isInf(a, 0) || DOUBLE.isInf(b, 0) || DOUBLE.isZero(b, 0)) {
            fe = fg = true;
        } else {
            int ea = FloatingPoint.unbiased(a), eb = FloatingPoint.unbiased(b);
            if (DOUBLE.isNaN(a, 0) || DOUBLE.isNaN(b, 0)) fe = true;
            else if (eb <= -1022 || eb >= 1021) fe = true;
            else if (!DOUBLE.isZero(a, 0) && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970)) fe = true;
            if (((b >>> 52) & 0x7FF) == 0) fg = true;
        }
        return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
    }

    /** xscvdpsp: round to single precision; the single result goes to words 0 and 1 (Book I 7.6). */
    static void xscvdpsp(Cpu c, int w) {
        checkVsx(c);
        long f = c.fpscr;
        Rounded r = SoftFloatBridge.toSingle(c.fpTemp, Fpscr.rn(f), (f & Fpscr.OE) != 0, (f & Fpscr.UE) != 0,
                dw(c, xb(w), 0));
        long s = r.hi & 0xFFFFFFFFL;
        r.hi = (s << 32) | s;
        commitScalar(c, xt(w), r);
    }

    /** xscvspdp: single-precision word 0 to double; an SNaN is quieted with VXSNAN. */
    static void xscvspdp(Cpu c, int w) {
        checkVsx(c);
        int s = (int) (dw(c, xb(w), 0) >>> 32);
        long d = Formats.singleToDouble(s);
        Rounded r = c.fpTemp;
        long fl = 0;
        if (SINGLE.isSNaN(s & 0xFFFFFFFFL, 0)) {
            fl = Fpscr.VXSNAN;
            d |= 0x0008000000000000L;
        }
        r.set(d, 0, fl, Fpscr.classDouble(d));
        commitScalar(c, xt(w), r);
    }

    /** xscvdp[s|u]x[d|w]s: truncating conversion to integer (Book I 7.6); word results in word 1. */
    static void scalarToInt(Cpu c, int w, boolean word, boolean signed) {
        checkVsx(c);
        Rounded r = c.fpTemp;
        long v = Convert.toInteger(r, dw(c, xb(w), 0), Fpscr.RN_ZERO, word, signed);
        long fl = r.flags;
        long f = c.fpscr & ~(Fpscr.FR | Fpscr.FI);
        if ((fl & Fpscr.VX_ALL) == 0 || (f & Fpscr.VE) == 0) {
            setVsr(c, xt(w), word ? (v << 32) | (v & 0xFFFFFFFFL) : v, 0); // word result in words 0 and 1
            f |= fl & (Fpscr.FR | Fpscr.FI);
        }
        c.fpscr = f;
        FloatingPoint.record(c, fl & Fpscr.EXC_ALL, 0);
    }

    static void scalarFromInt(Cpu c, int w, BinaryFormat tf, boolean signed) {
        checkVsx(c);
        Rounded r = Convert.fromLong(c.fpTemp, tf, Fpscr.rn(c.fpscr), dw(c, xb(w), 0), signed);
        commitScalar(c, xt(w), r);
    }

    /** xsrdpi[c|m|p|z]: round to integral; only xsrdpic reports inexact (Book I 7.6). */
    static void scalarRound(Cpu c, int w, int rm, boolean inexact) {
        checkVsx(c);
        Rounded r = Convert.roundIntegralDouble(c.fpTemp, dw(c, xb(w), 0), rm < 0 ? Fpscr.rn(c.fpscr) : rm);
        if (!inexact) r.flags &= ~(Fpscr.XX | Fpscr.FI);
        r.flags &= ~Fpscr.FR;
        commitScalar(c, xt(w), r);
    }

    /** The data class match of DCMX (NaN, +Inf, -Inf, +0, -0, +denormal, -denormal) for a value of format f. */
    static boolean dataClass(BinaryFormat f, long hi, long lo, int dcmx) {
        boolean neg = f.sign(hi);
        int m;
        if (f.isNaN(hi, lo)) m = 0x40;
        else if (f.isInf(hi, lo)) m = neg ? 0x10 : 0x20;
        else if (f.isZero(hi, lo)) m = neg ? 0x04 : 0x08;
        else if (f.biasedExp(hi) == 0) m = neg ? 0x01 : 0x02;
        else m = 0;
        return (m & dcmx) != 0;
    }

    /**
     * xststdc{dp,sp}: CR[BF] and FPCC = sign || 0 || match || 0 (Book I 7.6). The sp form tests
     * the double-format value as single precision (a value below the single normal range is a
     * denormal) and sets the last bit when the value is not exactly representable in single
     * format (a NaN never compares equal to its conversion).
     */
    static void testDataClass(Cpu c, int w, BinaryFormat f) {
        checkVsx(c);
        long b = dw(c, xb(w), 0);
        int dcmx = (w >>> 16) & 0x7F;
        boolean match;
        boolean notSp = false;
        if (f == SINGLE) {
            double x = Double.longBitsToDouble(b);
            boolean denorm = x != 0 && Math.abs(x) < 0x1p-126 && !Double.isNaN(x);
            match = denorm ? (dcmx & (b < 0 ? 0x01 : 0x02)) != 0 : dataClass(DOUBLE, b, 0, dcmx & ~3);
            notSp = !((double) (float) x == x);
        } else {
            match = dataClass(DOUBLE, b, 0, dcmx);
        }
        int cc = (b < 0 ? 8 : 0) | (match ? 2 : 0) | (notSp ? 1 : 0);
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | ((long) cc << Fpscr.FPRF_SHIFT);
        c.setCrField(bf(w), cc);
    }

    static void setTestResult(Cpu c, int w, boolean neg, boolean match) {
        int cc = (neg ? 8 : 0) | (match ? 2 : 0);
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | ((long) cc << Fpscr.FPRF_SHIFT);
        c.setCrField(bf(w), cc);
    }

    /** xscvhpdp: half precision (bits 48:63 of doubleword 0) to double; SNaN quieted with VXSNAN. */
    static void xscvhpdp(Cpu c, int w) {
        checkVsx(c);
        long h = dw(c, xb(w), 0) & 0xFFFF;
        Rounded r = c.fpTemp;
        long fl = BinaryFormat.HALF.isSNaN(h, 0) ? Fpscr.VXSNAN : 0;
        if (fl != 0) h |= BinaryFormat.HALF.quietBit();
        long d = SoftFloat.widen(BinaryFormat.HALF, DOUBLE, h, 0)[0];
        r.set(d, 0, fl, Fpscr.classDouble(d));
        commitScalar(c, xt(w), r);
    }

    /** xscvdphp: double to half precision in the current rounding mode, into bits 48:63. */
    static void xscvdphp(Cpu c, int w) {
        checkVsx(c);
        long f = c.fpscr;
        Rounded r = SoftFloat.narrow(c.fpTemp, DOUBLE, BinaryFormat.HALF, Fpscr.rn(f), (f & Fpscr.OE) != 0,
                (f & Fpscr.UE) != 0, dw(c, xb(w), 0), 0);
        r.hi &= 0xFFFF;
        commitScalar(c, xt(w), r);
    }
}
