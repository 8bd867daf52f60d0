package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rc;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.fp.BinaryFormat.DOUBLE;
import static org.jpseries.cpu.fp.BinaryFormat.SINGLE;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Fields;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.fp.BinaryFormat;
import org.jpseries.cpu.fp.DoubleOps;
import org.jpseries.cpu.fp.Fpscr;
import org.jpseries.cpu.fp.Rounded;
import org.jpseries.cpu.fp.Convert;
import org.jpseries.cpu.fp.Estimates;
import org.jpseries.isa.Op;

/**
 * Floating-Point Facility (PowerISA 3.1 Book I chapter 4): arithmetic, multiply-add, rounding and
 * conversion, compare, select, sign manipulation and FPSCR instructions. Loads and stores are in
 * {@link FloatingPointStorage}; VSX and VMX floating point in {@link VsxFloat}, {@link VsxQuad}
 * and {@link VmxFloat}, registered from here.
 */
public final class FloatingPoint {
    private FloatingPoint() {}

    public static void register(InstructionTable t) {
        t.on(Op.FADD, (c, w) -> arith(c, w, DOUBLE, 0));
        t.on(Op.FADDS, (c, w) -> arith(c, w, SINGLE, 0));
        t.on(Op.FSUB, (c, w) -> arith(c, w, DOUBLE, 1));
        t.on(Op.FSUBS, (c, w) -> arith(c, w, SINGLE, 1));
        t.on(Op.FMUL, (c, w) -> arith(c, w, DOUBLE, 2));
        t.on(Op.FMULS, (c, w) -> arith(c, w, SINGLE, 2));
        t.on(Op.FDIV, (c, w) -> arith(c, w, DOUBLE, 3));
        t.on(Op.FDIVS, (c, w) -> arith(c, w, SINGLE, 3));
        t.on(Op.FSQRT, (c, w) -> arith(c, w, DOUBLE, 4));
        t.on(Op.FSQRTS, (c, w) -> arith(c, w, SINGLE, 4));
        t.on(Op.FRE, (c, w) -> arith(c, w, DOUBLE, 5));
        t.on(Op.FRES, (c, w) -> arith(c, w, SINGLE, 5));
        t.on(Op.FRSQRTE, (c, w) -> arith(c, w, DOUBLE, 6));
        t.on(Op.FRSQRTES, (c, w) -> arith(c, w, SINGLE, 6));
        t.on(Op.FRSP, (c, w) -> arith(c, w, SINGLE, 7));
        t.on(Op.FMADD, (c, w) -> madd(c, w, DOUBLE, false, false));
        t.on(Op.FMADDS, (c, w) -> madd(c, w, SINGLE, false, false));
        t.on(Op.FMSUB, (c, w) -> madd(c, w, DOUBLE, true, false));
        t.on(Op.FMSUBS, (c, w) -> madd(c, w, SINGLE, true, false));
        t.on(Op.FNMADD, (c, w) -> madd(c, w, DOUBLE, false, true));
        t.on(Op.FNMADDS, (c, w) -> madd(c, w, SINGLE, false, true));
        t.on(Op.FNMSUB, (c, w) -> madd(c, w, DOUBLE, true, true));
        t.on(Op.FNMSUBS, (c, w) -> madd(c, w, SINGLE, true, true));
        t.on(Op.FSEL, FloatingPoint::fsel);
        t.on(Op.FMR, (c, w) -> move(c, w, 0));
        t.on(Op.FNEG, (c, w) -> move(c, w, 1));
        t.on(Op.FABS, (c, w) -> move(c, w, 2));
        t.on(Op.FNABS, (c, w) -> move(c, w, 3));
        t.on(Op.FCPSGN, (c, w) -> move(c, w, 4));
        t.on(Op.FMRGEW, (c, w) -> move(c, w, 5));
        t.on(Op.FMRGOW, (c, w) -> move(c, w, 6));
        t.on(Op.FCMPU, (c, w) -> compare(c, w, false));
        t.on(Op.FCMPO, (c, w) -> compare(c, w, true));
        t.on(Op.FTDIV, FloatingPoint::ftdiv);
        t.on(Op.FTSQRT, FloatingPoint::ftsqrt);
        t.on(Op.FCTIW, (c, w) -> toInt(c, w, -1, true, true));
        t.on(Op.FCTIWZ, (c, w) -> toInt(c, w, Fpscr.RN_ZERO, true, true));
        t.on(Op.FCTIWU, (c, w) -> toInt(c, w, -1, true, false));
        t.on(Op.FCTIWUZ, (c, w) -> toInt(c, w, Fpscr.RN_ZERO, true, false));
        t.on(Op.FCTID, (c, w) -> toInt(c, w, -1, false, true));
        t.on(Op.FCTIDZ, (c, w) -> toInt(c, w, Fpscr.RN_ZERO, false, true));
        t.on(Op.FCTIDU, (c, w) -> toInt(c, w, -1, false, false));
        t.on(Op.FCTIDUZ, (c, w) -> toInt(c, w, Fpscr.RN_ZERO, false, false));
        t.on(Op.FCFID, (c, w) -> fromInt(c, w, DOUBLE, true));
        t.on(Op.FCFIDS, (c, w) -> fromInt(c, w, SINGLE, true));
        t.on(Op.FCFIDU, (c, w) -> fromInt(c, w, DOUBLE, false));
        t.on(Op.FCFIDUS, (c, w) -> fromInt(c, w, SINGLE, false));
        t.on(Op.FRIN, (c, w) -> roundInt(c, w, Fpscr.RN_AWAY));
        t.on(Op.FRIZ, (c, w) -> roundInt(c, w, Fpscr.RN_ZERO));
        t.on(Op.FRIP, (c, w) -> roundInt(c, w, Fpscr.RN_PINF));
        t.on(Op.FRIM, (c, w) -> roundInt(c, w, Fpscr.RN_MINF));
        FpscrOps.register(t);
        FloatingPointStorage.register(t);
        VsxFloat.register(t);
        VsxQuad.register(t);
        VmxFloat.register(t);
    }

    /** Floating-point unavailable interrupt when MSR[FP]=0 (Book III 7.5.11). */
    static void checkFp(Cpu c) {
        if ((c.msr & Cpu.MSR_FP) == 0) throw new GuestInterrupt(Interrupt.FP_UNAVAILABLE, 0, c.cia);
    }

    static long fpr(Cpu c, int i) {
        return c.vsr[i << 1];
    }

    static boolean oe(long f) {
        return (f & Fpscr.OE) != 0;
    }

    static boolean ue(long f) {
        return (f & Fpscr.UE) != 0;
    }

    /**
     * Completes an arithmetic instruction (Book I 4.4): with an enabled invalid-operation or
     * zero-divide exception the target and FPRF are left unchanged and FR, FI cleared; otherwise
     * the result, FPRF, FR and FI are written. Exceptions are recorded, CR1 set for Rc=1, and the
     * enabled-exception interrupt raised last.
     */
    static void commit(Cpu c, int frt, Rounded r, int w) {
        long fl = r.flags;
        long f = c.fpscr & ~(Fpscr.FR | Fpscr.FI);
        if (((fl & Fpscr.VX_ALL) != 0 && (f & Fpscr.VE) != 0) || ((fl & Fpscr.ZX) != 0 && (f & Fpscr.ZE) != 0)) {
            c.fpscr = f;
        } else {
            c.vsr[frt << 1] = r.hi;
            c.fpscr = Fpscr.withFprf(f, r.fprf) | (fl & (Fpscr.FR | Fpscr.FI));
        }
        record(c, fl & Fpscr.EXC_ALL, w);
    }

    /** Records exceptions, sets CR1 when Rc=1, then takes an enabled exception's interrupt. */
    static void record(Cpu c, long exc, int w) {
        long old = c.fpscr;
        if (exc != 0) {
            long f = old | exc;
            if ((exc & ~old & Fpscr.EXC_ALL) != 0) f |= Fpscr.FX;
            c.fpscr = Fpscr.summarize(f);
        }
        if (Fields.rcBit(w)) c.setCrField(1, Fpscr.cr1(c.fpscr));
        if (exc != 0 && Fpscr.anyEnabled(exc, c.fpscr)) FpscrOps.checkInterrupt(c);
    }

    /** fadd fsub fmul fdiv fsqrt fre frsqrte frsp and their single forms (Book I 4.6.5.1, 4.6.6). */
    static void arith(Cpu c, int w, BinaryFormat tf, int kind) {
        checkFp(c);
        long f = c.fpscr;
        int rm = Fpscr.rn(f);
        boolean oe = oe(f), ue = ue(f);
        Rounded r = c.fpTemp;
        long a = fpr(c, ra(w)), b = fpr(c, rb(w));
        switch (kind) {
            case 0 -> DoubleOps.add(r, tf, rm, oe, ue, a, b, false);
            case 1 -> DoubleOps.add(r, tf, rm, oe, ue, a, b, true);
            case 2 -> DoubleOps.mul(r, tf, rm, oe, ue, a, fpr(c, rc(w)));
            case 3 -> DoubleOps.div(r, tf, rm, oe, ue, a, b);
            case 4 -> DoubleOps.sqrt(r, tf, rm, oe, ue, b);
            case 5 -> DoubleOps.div(r, tf, rm, oe, ue, 0x3FF0000000000000L, b);
            case 6 -> Estimates.rsqrte(r, tf, rm, b);
            default -> DoubleOps.roundToSingle(r, rm, oe, ue, b);
        }
        commit(c, rt(w), r, w);
    }

    /** fmadd fmsub fnmadd fnmsub [s]: FRT = [-](FRA*FRC +/- FRB) (Book I 4.6.5.2). */
    static void madd(Cpu c, int w, BinaryFormat tf, boolean sub, boolean neg) {
        checkFp(c);
        long f = c.fpscr;
        Rounded r = DoubleOps.fma(c.fpTemp, tf, Fpscr.rn(f), oe(f), ue(f), fpr(c, ra(w)), fpr(c, rc(w)),
                fpr(c, rb(w)), sub, neg);
        commit(c, rt(w), r, w);
    }

    /** fsel: FRT = FRA >= 0 ? FRC : FRB, NaN selects FRB (Book I 4.6.9). */
    static void fsel(Cpu c, int w) {
        checkFp(c);
        double a = Double.longBitsToDouble(fpr(c, ra(w)));
        c.vsr[rt(w) << 1] = a >= 0.0 ? fpr(c, rc(w)) : fpr(c, rb(w));
        if (Fields.rcBit(w)) c.setCrField(1, Fpscr.cr1(c.fpscr));
    }

    /** fmr fneg fabs fnabs fcpsgn fmrgew fmrgow: bit moves, FPSCR untouched (Book I 4.6.4). */
    static void move(Cpu c, int w, int kind) {
        checkFp(c);
        long b = fpr(c, rb(w));
        long v = switch (kind) {
            case 0 -> b;
            case 1 -> b ^ Long.MIN_VALUE;
            case 2 -> b & Long.MAX_VALUE;
            case 3 -> b | Long.MIN_VALUE;
            case 4 -> (fpr(c, ra(w)) & Long.MIN_VALUE) | (b & Long.MAX_VALUE);
            case 5 -> (fpr(c, ra(w)) & 0xFFFFFFFF00000000L) | (b >>> 32);
            default -> (fpr(c, ra(w)) << 32) | (b & 0xFFFFFFFFL);
        };
        c.vsr[rt(w) << 1] = v;
        if (kind < 5 && Fields.rcBit(w)) c.setCrField(1, Fpscr.cr1(c.fpscr));
    }

    /** The 4-bit compare result FL FG FE FU of two double-format values. */
    static int cmpBits(long a, long b) {
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        if (x != x || y != y) return 1;
        return x < y ? 8 : x > y ? 4 : 2;
    }

    /** fcmpu / fcmpo (Book I 4.6.8). */
    static void compare(Cpu c, int w, boolean ordered) {
        checkFp(c);
        long a = fpr(c, ra(w)), b = fpr(c, rb(w));
        int cc = cmpBits(a, b);
        long exc = 0;
        boolean snan = DOUBLE.isSNaN(a, 0) || DOUBLE.isSNaN(b, 0);
        if (snan) exc |= Fpscr.VXSNAN;
        if (ordered) {
            if (snan) {
                if ((c.fpscr & Fpscr.VE) == 0) exc |= Fpscr.VXVC;
            } else if (cc == 1) {
                exc |= Fpscr.VXVC;
            }
        }
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | ((long) cc << Fpscr.FPRF_SHIFT);
        c.setCrField(Fields.bf(w), cc);
        record(c, exc, 0);
    }

    static int unbiased(long b) {
        return (int) ((b >>> 52) & 0x7FF) - 1023;
    }

    /** ftdiv BF,FRA,FRB: tests whether a software divide needs special handling (Book I 4.6.8). */
    static void ftdiv(Cpu c, int w) {
        checkFp(c);
        long a = fpr(c, ra(w)), b = fpr(c, rb(w));
        boolean fe = false, fg = false;
        if (DOUBLE.isInf(a, 0) || DOUBLE.isInf(b, 0) || DOUBLE.isZero(b, 0)) {
            fe = fg = true;
        } else {
            int ea = unbiased(a), eb = unbiased(b);
            if (DOUBLE.isNaN(a, 0) || DOUBLE.isNaN(b, 0)) fe = true;
            else if (eb <= -1022 || eb >= 1021) fe = true;
            else if (!DOUBLE.isZero(a, 0) && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970)) fe = true;
            if (((b >>> 52) & 0x7FF) == 0) fg = true;
        }
        c.setCrField(Fields.bf(w), 8 | (fg ? 4 : 0) | (fe ? 2 : 0));
    }

    /** ftsqrt BF,FRB (Book I 4.6.8). */
    static void ftsqrt(Cpu c, int w) {
        checkFp(c);
        c.setCrField(Fields.bf(w), testSqrt(fpr(c, rb(w))));
    }

    static int testSqrt(long b) {
        boolean fe = false, fg = false;
        if (DOUBLE.isInf(b, 0) || DOUBLE.isZero(b, 0)) {
            fe = fg = true;
        } else {
            if (DOUBLE.isNaN(b, 0) || b < 0 || unbiased(b) <= -970) fe = true;
            if (((b >>> 52) & 0x7FF) == 0) fg = true;
        }
        return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
    }

    /**
     * fcti[w|d][u][z]: convert to a 32/64-bit signed or unsigned integer (Book I 4.6.7). rmode -1
     * uses FPSCR[RN]. NaN and out-of-range operands give the saturated value with VXCVI; FPRF is
     * left unchanged (the ISA leaves it undefined).
     */
    static void toInt(Cpu c, int w, int rmode, boolean word, boolean signed) {
        checkFp(c);
        long b = fpr(c, rb(w));
        Rounded r = c.fpTemp;
        long v = Convert.toInteger(r, b, rmode < 0 ? Fpscr.rn(c.fpscr) : rmode, word, signed);
        long fl = r.flags;
        long f = c.fpscr & ~(Fpscr.FR | Fpscr.FI);
        if ((fl & Fpscr.VX_ALL) == 0 || (f & Fpscr.VE) == 0) {
            c.vsr[rt(w) << 1] = v;
            f |= fl & (Fpscr.FR | Fpscr.FI);
            // FPRF is undefined for these; an invalid conversion reports the QNaN class as POWER does.
            if ((fl & Fpscr.VXCVI) != 0) f = Fpscr.withFprf(f, Fpscr.C_QNAN);
        }
        c.fpscr = f;
        record(c, fl & Fpscr.EXC_ALL, w);
    }

    /** fcfid[u][s]: convert a signed/unsigned doubleword integer to double or single (Book I 4.6.7). */
    static void fromInt(Cpu c, int w, BinaryFormat tf, boolean signed) {
        checkFp(c);
        Rounded r = Convert.fromLong(c.fpTemp, tf, Fpscr.rn(c.fpscr), fpr(c, rb(w)), signed);
        commit(c, rt(w), r, w);
    }

    /** frin friz frip frim: round to integral value; XX is not set and FR FI are cleared (Book I 4.6.6.2). */
    static void roundInt(Cpu c, int w, int rmode) {
        checkFp(c);
        Rounded r = Convert.roundIntegralDouble(c.fpTemp, fpr(c, rb(w)), rmode);
        r.flags &= ~(Fpscr.XX | Fpscr.FI | Fpscr.FR);
        commit(c, rt(w), r, w);
    }
}
