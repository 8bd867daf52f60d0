package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.bf;
import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.fp.BinaryFormat.DOUBLE;
import static org.jpseries.cpu.fp.BinaryFormat.QUAD;
import static org.jpseries.cpu.insn.VsxFloat.checkVsx;

import java.math.BigInteger;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.fp.Convert;
import org.jpseries.cpu.fp.Fpscr;
import org.jpseries.cpu.fp.Rounded;
import org.jpseries.cpu.fp.Rounder;
import org.jpseries.cpu.fp.SoftFloat;
import org.jpseries.isa.Op;

/**
 * VSX scalar quad-precision (IEEE binary128) floating point, ISA 3.0 (PowerISA 3.1 Book I 7.6):
 * operands are VR[VRA], VR[VRB] (VSR 32+n) and the arithmetic is computed exactly on integer
 * significands by {@link SoftFloat}, then rounded once; the "o" forms (RO=1) round to odd.
 */
final class VsxQuad {
    private VsxQuad() {}

    static void register(InstructionTable t) {
        t.on(Op.XSADDQP, (c, w) -> arith(c, w, 0));
        t.on(Op.XSSUBQP, (c, w) -> arith(c, w, 1));
        t.on(Op.XSMULQP, (c, w) -> arith(c, w, 2));
        t.on(Op.XSDIVQP, (c, w) -> arith(c, w, 3));
        t.on(Op.XSSQRTQP, (c, w) -> arith(c, w, 4));
        t.on(Op.XSMADDQP, (c, w) -> fma(c, w, false, false));
        t.on(Op.XSMSUBQP, (c, w) -> fma(c, w, true, false));
        t.on(Op.XSNMADDQP, (c, w) -> fma(c, w, false, true));
        t.on(Op.XSNMSUBQP, (c, w) -> fma(c, w, true, true));
        t.on(Op.XSCMPUQP, (c, w) -> compare(c, w, false));
        t.on(Op.XSCMPOQP, (c, w) -> compare(c, w, true));
        t.on(Op.XSCMPEQQP, (c, w) -> compareMask(c, w, 0));
        t.on(Op.XSCMPGTQP, (c, w) -> compareMask(c, w, 1));
        t.on(Op.XSCMPGEQP, (c, w) -> compareMask(c, w, 2));
        t.on(Op.XSCMPEXPQP, VsxQuad::xscmpexpqp);
        t.on(Op.XSMAXCQP, (c, w) -> maxMinC(c, w, true));
        t.on(Op.XSMINCQP, (c, w) -> maxMinC(c, w, false));
        t.on(Op.XSABSQP, (c, w) -> move(c, w, 0));
        t.on(Op.XSNABSQP, (c, w) -> move(c, w, 1));
        t.on(Op.XSNEGQP, (c, w) -> move(c, w, 2));
        t.on(Op.XSCPSGNQP, (c, w) -> move(c, w, 3));
        t.on(Op.XSCVDPQP, VsxQuad::xscvdpqp);
        t.on(Op.XSCVQPDP, VsxQuad::xscvqpdp);
        t.on(Op.XSCVQPSDZ, (c, w) -> toInt(c, w, 64, true));
        t.on(Op.XSCVQPUDZ, (c, w) -> toInt(c, w, 64, false));
        t.on(Op.XSCVQPSWZ, (c, w) -> toInt(c, w, 32, true));
        t.on(Op.XSCVQPUWZ, (c, w) -> toInt(c, w, 32, false));
        t.on(Op.XSCVQPSQZ, (c, w) -> toInt(c, w, 128, true));
        t.on(Op.XSCVQPUQZ, (c, w) -> toInt(c, w, 128, false));
        t.on(Op.XSCVSDQP, (c, w) -> fromInt(c, w, 64, true));
        t.on(Op.XSCVUDQP, (c, w) -> fromInt(c, w, 64, false));
        t.on(Op.XSCVSQQP, (c, w) -> fromInt(c, w, 128, true));
        t.on(Op.XSCVUQQP, (c, w) -> fromInt(c, w, 128, false));
        t.on(Op.XSRQPI, VsxQuad::xsrqpi);
        t.on(Op.XSRQPXP, VsxQuad::xsrqpxp);
        t.on(Op.XSXEXPQP, (c, w) -> {
            checkVsx(c);
            set(c, rt(w), (hi(c, rb(w)) >>> 48) & 0x7FFF, 0);
        });
        t.on(Op.XSXSIGQP, (c, w) -> {
            checkVsx(c);
            long h = hi(c, rb(w));
            long e = (h >>> 48) & 0x7FFF;
            set(c, rt(w), (h & 0xFFFFFFFFFFFFL) | (e != 0 && e != 0x7FFF ? 1L << 48 : 0), lo(c, rb(w)));
        });
        t.on(Op.XSIEXPQP, (c, w) -> {
            checkVsx(c);
            long a = hi(c, ra(w));
            set(c, rt(w), (a & 0x8000FFFFFFFFFFFFL) | ((hi(c, rb(w)) & 0x7FFF) << 48), lo(c, ra(w)));
        });
        t.on(Op.XSTSTDCQP, (c, w) -> {
            checkVsx(c);
            long h = hi(c, rb(w));
            VsxFloat.setTestResult(c, w, h < 0, VsxFloat.dataClass(QUAD, h, lo(c, rb(w)), (w >>> 16) & 0x7F));
        });
    }

    static long hi(Cpu c, int vr) {
        return c.vsr[(32 + vr) << 1];
    }

    static long lo(Cpu c, int vr) {
        return c.vsr[((32 + vr) << 1) + 1];
    }

    static void set(Cpu c, int vr, long h, long l) {
        c.vsr[(32 + vr) << 1] = h;
        c.vsr[((32 + vr) << 1) + 1] = l;
    }

    static int rm(Cpu c, int w) {
        return (w & 1) != 0 ? Fpscr.RN_ODD : Fpscr.rn(c.fpscr);
    }

    /** Completes a quad instruction like {@link FloatingPoint#commit}: result to VR[VRT] (both doublewords). */
    static void commit(Cpu c, int vrt, Rounded r) {
        long fl = r.flags;
        long f = c.fpscr & ~(Fpscr.FR | Fpscr.FI);
        if (((fl & Fpscr.VX_ALL) != 0 && (f & Fpscr.VE) != 0) || ((fl & Fpscr.ZX) != 0 && (f & Fpscr.ZE) != 0)) {
            c.fpscr = f;
        } else {
            set(c, vrt, r.hi, r.lo);
            c.fpscr = Fpscr.withFprf(f, r.fprf) | (fl & (Fpscr.FR | Fpscr.FI));
        }
        FloatingPoint.record(c, fl & Fpscr.EXC_ALL, 0);
    }

    /** xs{add,sub,mul,div,sqrt}qp[o] (Book I 7.6). */
    static void arith(Cpu c, int w, int kind) {
        checkVsx(c);
        int a = ra(w), b = rb(w);
        int rm = rm(c, w);
        long f = c.fpscr;
        boolean oe = (f & Fpscr.OE) != 0, ue = (f & Fpscr.UE) != 0;
        Rounded r = c.fpTemp;
        long ah = hi(c, a), al = lo(c, a), bh = hi(c, b), bl = lo(c, b);
        switch (kind) {
            case 0 -> SoftFloat.add(r, QUAD, QUAD, rm, oe, ue, ah, al, bh, bl, false);
            case 1 -> SoftFloat.add(r, QUAD, QUAD, rm, oe, ue, ah, al, bh, bl, true);
            case 2 -> SoftFloat.mul(r, QUAD, QUAD, rm, oe, ue, ah, al, bh, bl);
            case 3 -> SoftFloat.div(r, QUAD, QUAD, rm, oe, ue, ah, al, bh, bl);
            default -> SoftFloat.sqrt(r, QUAD, QUAD, rm, oe, ue, bh, bl);
        }
        commit(c, rt(w), r);
    }

    /** xs[n]m{add,sub}qp[o]: VRT = [-](VRA*VRB +/- VRT). */
    static void fma(Cpu c, int w, boolean sub, boolean neg) {
        checkVsx(c);
        int a = ra(w), b = rb(w), t = rt(w);
        long f = c.fpscr;
        Rounded r = SoftFloat.fma(c.fpTemp, QUAD, QUAD, rm(c, w), (f & Fpscr.OE) != 0, (f & Fpscr.UE) != 0,
                hi(c, a), lo(c, a), hi(c, b), lo(c, b), hi(c, t), lo(c, t), sub, neg);
        commit(c, t, r);
    }

    /** Compares two quad values: 8 less, 4 greater, 2 equal, 1 unordered. */
    static int cmp(long ah, long al, long bh, long bl) {
        if (QUAD.isNaN(ah, al) || QUAD.isNaN(bh, bl)) return 1;
        boolean az = QUAD.isZero(ah, al), bz = QUAD.isZero(bh, bl);
        if (az && bz) return 2;
        // Map sign-magnitude to a totally ordered two's complement 128-bit comparison.
        int m = Long.compareUnsigned(ah & Long.MAX_VALUE, bh & Long.MAX_VALUE);
        if (m == 0) m = Long.compareUnsigned(al, bl);
        boolean an = ah < 0 && !az, bn = bh < 0 && !bz;
        int r;
        if (an != bn) r = an ? -1 : 1;
        else r = an ? -m : m;
        return r < 0 ? 8 : r > 0 ? 4 : 2;
    }

    /** xscmpuqp / xscmpoqp BF,VRA,VRB. */
    static void compare(Cpu c, int w, boolean ordered) {
        checkVsx(c);
        long ah = hi(c, ra(w)), al = lo(c, ra(w)), bh = hi(c, rb(w)), bl = lo(c, rb(w));
        int cc = cmp(ah, al, bh, bl);
        long exc = 0;
        boolean snan = QUAD.isSNaN(ah, al) || QUAD.isSNaN(bh, bl);
        if (snan) exc |= Fpscr.VXSNAN;
        if (ordered && (snan ? (c.fpscr & Fpscr.VE) == 0 : cc == 1)) exc |= Fpscr.VXVC;
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | ((long) cc << Fpscr.FPRF_SHIFT);
        c.setCrField(bf(w), cc);
        FloatingPoint.record(c, exc, 0);
    }

    /** xscmp{eq,gt,ge}qp (ISA 3.1): all-ones or all-zeros quadword mask. */
    static void compareMask(Cpu c, int w, int kind) {
        checkVsx(c);
        long ah = hi(c, ra(w)), al = lo(c, ra(w)), bh = hi(c, rb(w)), bl = lo(c, rb(w));
        boolean snan = QUAD.isSNaN(ah, al) || QUAD.isSNaN(bh, bl);
        boolean nan = QUAD.isNaN(ah, al) || QUAD.isNaN(bh, bl);
        long exc = snan ? Fpscr.VXSNAN : 0;
        if (kind != 0 && nan && (!snan || (c.fpscr & Fpscr.VE) == 0)) exc |= Fpscr.VXVC;
        int cc = cmp(ah, al, bh, bl);
        boolean p = kind == 0 ? cc == 2 : kind == 1 ? cc == 4 : (cc == 4 || cc == 2);
        if (exc == 0 || (c.fpscr & Fpscr.VE) == 0) set(c, rt(w), p ? -1L : 0, p ? -1L : 0);
        FloatingPoint.record(c, exc, 0);
    }

    static void xscmpexpqp(Cpu c, int w) {
        checkVsx(c);
        long ah = hi(c, ra(w)), al = lo(c, ra(w)), bh = hi(c, rb(w)), bl = lo(c, rb(w));
        int cc;
        if (QUAD.isNaN(ah, al) || QUAD.isNaN(bh, bl)) {
            cc = 1;
        } else {
            long ea = (ah >>> 48) & 0x7FFF, eb = (bh >>> 48) & 0x7FFF;
            cc = ea < eb ? 8 : ea > eb ? 4 : 2;
        }
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | ((long) cc << Fpscr.FPRF_SHIFT);
        c.setCrField(bf(w), cc);
    }

    /** xsmaxcqp / xsmincqp (ISA 3.1): (a > b) ? a : b, and a NaN operand gives VRB. */
    static void maxMinC(Cpu c, int w, boolean max) {
        checkVsx(c);
        long ah = hi(c, ra(w)), al = lo(c, ra(w)), bh = hi(c, rb(w)), bl = lo(c, rb(w));
        boolean snan = QUAD.isSNaN(ah, al) || QUAD.isSNaN(bh, bl);
        long exc = snan ? Fpscr.VXSNAN : 0;
        int cc = cmp(ah, al, bh, bl);
        boolean takeA = cc != 1 && (max ? cc == 4 : cc == 8);
        if (exc == 0 || (c.fpscr & Fpscr.VE) == 0) set(c, rt(w), takeA ? ah : bh, takeA ? al : bl);
        FloatingPoint.record(c, exc, 0);
    }

    static void move(Cpu c, int w, int kind) {
        checkVsx(c);
        long h = hi(c, rb(w)), l = lo(c, rb(w));
        h = switch (kind) {
            case 0 -> h & Long.MAX_VALUE;
            case 1 -> h | Long.MIN_VALUE;
            case 2 -> h ^ Long.MIN_VALUE;
            default -> (hi(c, ra(w)) & Long.MIN_VALUE) | (h & Long.MAX_VALUE);
        };
        set(c, rt(w), h, l);
    }

    /** xscvdpqp: double (doubleword 0 of VRB) to quad, exact; SNaN quieted with VXSNAN. */
    static void xscvdpqp(Cpu c, int w) {
        checkVsx(c);
        long d = hi(c, rb(w));
        long fl = 0;
        if (DOUBLE.isSNaN(d, 0)) {
            fl = Fpscr.VXSNAN;
            d |= DOUBLE.quietBit();
        }
        long[] q = SoftFloat.widen(DOUBLE, QUAD, d, 0);
        commit(c, rt(w), c.fpTemp.set(q[0], q[1], fl, Fpscr.classOf(QUAD, q[0], q[1])));
    }

    /** xscvqpdp[o]: quad to double in doubleword 0, doubleword 1 zeroed. */
    static void xscvqpdp(Cpu c, int w) {
        checkVsx(c);
        long f = c.fpscr;
        Rounded r = SoftFloat.narrow(c.fpTemp, QUAD, DOUBLE, rm(c, w), (f & Fpscr.OE) != 0, (f & Fpscr.UE) != 0,
                hi(c, rb(w)), lo(c, rb(w)));
        r.lo = 0;
        commit(c, rt(w), r);
    }

    /** xscvqp{s,u}{d,w,q}z: truncate to a signed/unsigned integer, saturating with VXCVI. */
    static void toInt(Cpu c, int w, int bits, boolean signed) {
        checkVsx(c);
        long h = hi(c, rb(w)), l = lo(c, rb(w));
        Rounded r = c.fpTemp;
        BigInteger v;
        long fl;
        if (QUAD.isNaN(h, l)) {
            fl = Fpscr.VXCVI | (QUAD.isSNaN(h, l) ? Fpscr.VXSNAN : 0);
            v = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        } else if (QUAD.isInf(h, l)) {
            fl = Fpscr.VXCVI;
            v = Convert.clamp(h < 0 ? BigInteger.ONE.shiftLeft(200).negate() : BigInteger.ONE.shiftLeft(200), bits, signed);
        } else {
            v = SoftFloat.toIntegerValue(r, QUAD, Fpscr.RN_ZERO, h, l);
            fl = r.flags;
            BigInteger sat = Convert.clamp(v, bits, signed);
            if (sat != null) {
                v = sat;
                fl = Fpscr.VXCVI;
            }
        }
        long lo64 = v.longValue();
        long rh, rl;
        if (bits == 128) {
            rh = v.shiftRight(64).longValue();
            rl = lo64;
        } else {
            rh = bits == 32 ? (signed ? (long) (int) lo64 : lo64 & 0xFFFFFFFFL) : lo64;
            rl = 0;
        }
        long f = c.fpscr & ~(Fpscr.FR | Fpscr.FI);
        if ((fl & Fpscr.VX_ALL) == 0 || (f & Fpscr.VE) == 0) {
            set(c, rt(w), rh, rl);
            f |= fl & (Fpscr.FR | Fpscr.FI);
        }
        c.fpscr = f;
        FloatingPoint.record(c, fl & Fpscr.EXC_ALL, 0);
    }

    /** xscv{s,u}{d,q}qp: integer (doubleword 0, or the quadword) to quad, rounded for 128-bit sources. */
    static void fromInt(Cpu c, int w, int bits, boolean signed) {
        checkVsx(c);
        long h = hi(c, rb(w)), l = lo(c, rb(w));
        BigInteger v;
        if (bits == 64) {
            v = signed ? BigInteger.valueOf(h) : Rounder.unsigned(h);
        } else {
            v = Rounder.unsigned(h).shiftLeft(64).or(Rounder.unsigned(l));
            if (signed && h < 0) v = v.subtract(BigInteger.ONE.shiftLeft(128));
        }
        Rounded r = SoftFloat.fromInteger(c.fpTemp, QUAD, QUAD, Fpscr.rn(c.fpscr), v);
        commit(c, rt(w), r);
    }

    /**
     * The rounding mode of xsrqpi/xsrqpxp from R and RMC: R=1 selects RN, RZ, RP, RM; R=0 with
     * RMC=00 rounds to nearest, ties away; R=0 with RMC=11 uses FPSCR[RN] (Book I 7.6).
     */
    static int rqpMode(Cpu c, int w) {
        boolean r = (w & (1 << 16)) != 0;
        int rmc = (w >>> 9) & 3;
        if (r) return rmc;
        return rmc == 0 ? Fpscr.RN_AWAY : Fpscr.rn(c.fpscr);
    }

    /** xsrqpi[x]: round to a quad integral value; only the x form reports inexact. */
    static void xsrqpi(Cpu c, int w) {
        checkVsx(c);
        Rounded r = SoftFloat.roundToIntegral(c.fpTemp, QUAD, rqpMode(c, w), hi(c, rb(w)), lo(c, rb(w)));
        if ((w & 1) == 0) r.flags &= ~(Fpscr.XX | Fpscr.FI);
        r.flags &= ~Fpscr.FR;
        commit(c, rt(w), r);
    }

    /** xsrqpxp: round to double-extended (64-bit significand) precision, kept in quad format. */
    static void xsrqpxp(Cpu c, int w) {
        checkVsx(c);
        Rounded r = SoftFloat.roundPrecision(c.fpTemp, QUAD, 64, rqpMode(c, w), hi(c, rb(w)), lo(c, rb(w)));
        commit(c, rt(w), r);
    }
}
