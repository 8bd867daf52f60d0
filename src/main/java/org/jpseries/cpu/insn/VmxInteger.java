package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.vec;
import static org.jpseries.cpu.insn.VecSupport.vra;
import static org.jpseries.cpu.insn.VecSupport.vrb;
import static org.jpseries.cpu.insn.VecSupport.vrt;

import org.jpseries.cpu.Cpu;
import org.jpseries.isa.Op;

/**
 * Vector integer arithmetic, compare, min/max, rotate and shift instructions (Book I 6.9).
 * Elements are processed in place in the two doublewords of each register; saturating
 * instructions set VSCR[SAT] (Book I 6.5.1).
 */
final class VmxInteger {
    private VmxInteger() {}

    /** One element operation; operands arrive sign- or zero-extended as the helper was asked. */
    @FunctionalInterface
    interface Lane {
        long op(long a, long b);
    }

    static final int VSCR_SAT = 1, VSCR_NJ = 1 << 16;

    static void setSat(Cpu c) {
        c.vscr |= VSCR_SAT;
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Element-wise VRT = f(VRA, VRB) modulo the element size. */
    static void map(Cpu c, int w, int bits, boolean signed, Lane f) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = map1(v[a], v[b], bits, signed, f), lo = map1(v[a + 1], v[b + 1], bits, signed, f);
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    private static long map1(long x, long y, int bits, boolean signed, Lane f) {
        long m = mask(bits);
        long r = 0;
        for (int sh = 64 - bits; sh >= 0; sh -= bits) {
            long ea, eb;
            if (signed) {
                ea = (x << (64 - bits - sh)) >> (64 - bits);
                eb = (y << (64 - bits - sh)) >> (64 - bits);
            } else {
                ea = (x >>> sh) & m;
                eb = (y >>> sh) & m;
            }
            r |= (f.op(ea, eb) & m) << sh;
        }
        return r;
    }

    /** Element-wise with saturation of the exact result f(a, b) (elements up to 32 bits). */
    static void mapSat(Cpu c, int w, int bits, boolean signed, Lane f) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long m = mask(bits);
        long min = signed ? -(1L << (bits - 1)) : 0, max = signed ? (1L << (bits - 1)) - 1 : m;
        boolean sat = false;
        long hi = 0, lo = 0;
        for (int d = 0; d < 2; d++) {
            long x = v[a + d], y = v[b + d], r = 0;
            for (int sh = 64 - bits; sh >= 0; sh -= bits) {
                long ea, eb;
                if (signed) {
                    ea = (x << (64 - bits - sh)) >> (64 - bits);
                    eb = (y << (64 - bits - sh)) >> (64 - bits);
                } else {
                    ea = (x >>> sh) & m;
                    eb = (y >>> sh) & m;
                }
                long e = f.op(ea, eb);
                if (e > max) { e = max; sat = true; }
                else if (e < min) { e = min; sat = true; }
                r |= (e & m) << sh;
            }
            if (d == 0) hi = r;
            else lo = r;
        }
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
        if (sat) setSat(c);
    }

    /** Element-wise compare: true elements become all ones; Rc=1 (bit 21) sets CR6 (Book I 6.9.3). */
    static void compare(Cpu c, int w, int bits, boolean signed, Lane f) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long m = mask(bits);
        long hi = 0, lo = 0;
        for (int d = 0; d < 2; d++) {
            long x = v[a + d], y = v[b + d], r = 0;
            for (int sh = 64 - bits; sh >= 0; sh -= bits) {
                long ea, eb;
                if (signed) {
                    ea = (x << (64 - bits - sh)) >> (64 - bits);
                    eb = (y << (64 - bits - sh)) >> (64 - bits);
                } else {
                    ea = (x >>> sh) & m;
                    eb = (y >>> sh) & m;
                }
                if (f.op(ea, eb) != 0) r |= m << sh;
            }
            if (d == 0) hi = r;
            else lo = r;
        }
        finishCompare(c, w, hi, lo);
    }

    static void finishCompare(Cpu c, int w, long hi, long lo) {
        int t = vrt(w);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
        if ((w & 0x400) != 0) c.setCrField(6, ((hi & lo) == -1L ? 8 : 0) | ((hi | lo) == 0 ? 2 : 0));
    }

    // ---- fast paths for the byte operations of string and memory routines ----

    private static final long H = 0x8080808080808080L, L7 = 0x7F7F7F7F7F7F7F7FL;

    /** 0xFF in each byte of x that is zero, 0x00 elsewhere. */
    static long zeroBytes(long x) {
        long t = ((x & L7) + L7) | x;
        return ((~t & H) >>> 7) * 0xFF;
    }

    static void vcmpequb(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        finishCompare(c, w, zeroBytes(v[a] ^ v[b]), zeroBytes(v[a + 1] ^ v[b + 1]));
    }

    static void vcmpneb(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        finishCompare(c, w, ~zeroBytes(v[a] ^ v[b]), ~zeroBytes(v[a + 1] ^ v[b + 1]));
    }

    /** vcmpnezb: not equal, or either byte zero. */
    static void vcmpnezb(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long x0 = v[a], x1 = v[a + 1], y0 = v[b], y1 = v[b + 1];
        long hi = ~zeroBytes(x0 ^ y0) | zeroBytes(x0) | zeroBytes(y0);
        long lo = ~zeroBytes(x1 ^ y1) | zeroBytes(x1) | zeroBytes(y1);
        finishCompare(c, w, hi, lo);
    }

    private static long addBytes(long x, long y) {
        return ((x & L7) + (y & L7)) ^ ((x ^ y) & H);
    }

    private static long subBytes(long x, long y) {
        return ((x | H) - (y & L7)) ^ ((x ^ ~y) & H);
    }

    static void vaddubm(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = addBytes(v[a], v[b]), lo = addBytes(v[a + 1], v[b + 1]);
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void vsububm(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = subBytes(v[a], v[b]), lo = subBytes(v[a + 1], v[b + 1]);
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    private static long addWords(long x, long y) {
        return ((x + y) & 0xFFFFFFFFL) | (((x >>> 32) + (y >>> 32)) << 32);
    }

    private static long subWords(long x, long y) {
        return ((x - y) & 0xFFFFFFFFL) | (((x >>> 32) - (y >>> 32)) << 32);
    }

    static void vadduwm(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = addWords(v[a], v[b]), lo = addWords(v[a + 1], v[b + 1]);
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void vsubuwm(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = subWords(v[a], v[b]), lo = subWords(v[a + 1], v[b + 1]);
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void vaddudm(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = v[a] + v[b], lo = v[a + 1] + v[b + 1];
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void vsubudm(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = v[a] - v[b], lo = v[a + 1] - v[b + 1];
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    /** 0xFF in each byte where x < y (unsigned), 0x00 elsewhere. */
    static long lessBytes(long x, long y) {
        long d = (x | H) - (y & L7); // high bit of each byte: low 7 bits of x >= those of y
        long lt = ((~x & y) | (~(x ^ y) & ~d)) & H;
        return (lt >>> 7) * 0xFF;
    }

    /** vminub: unsigned byte minimum (strcmp/strlen-style loops in glibc use it). */
    static void vminub(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long x0 = v[a], x1 = v[a + 1], y0 = v[b], y1 = v[b + 1];
        long m0 = lessBytes(x0, y0), m1 = lessBytes(x1, y1);
        int t = vrt(w);
        v[t] = (x0 & m0) | (y0 & ~m0);
        v[t + 1] = (x1 & m1) | (y1 & ~m1);
    }

    static void vmaxub(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long x0 = v[a], x1 = v[a + 1], y0 = v[b], y1 = v[b + 1];
        long m0 = lessBytes(x0, y0), m1 = lessBytes(x1, y1);
        int t = vrt(w);
        v[t] = (y0 & m0) | (x0 & ~m0);
        v[t + 1] = (y1 & m1) | (x1 & ~m1);
    }

    /** vcmpgtub[.]: y < x per byte. */
    static void vcmpgtub(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        finishCompare(c, w, lessBytes(v[b], v[a]), lessBytes(v[b + 1], v[a + 1]));
    }

    // ---- element operations ----

    private static final Lane ADD = (a, b) -> a + b;
    private static final Lane SUB = (a, b) -> a - b;
    private static final Lane MAX = Math::max;
    private static final Lane MIN = Math::min;
    private static final Lane MAXU64 = (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b;
    private static final Lane MINU64 = (a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b;
    private static final Lane AVG = (a, b) -> (a + b + 1) >> 1;
    private static final Lane EQ = (a, b) -> a == b ? 1 : 0;
    private static final Lane NE = (a, b) -> a != b ? 1 : 0;
    private static final Lane NEZ = (a, b) -> a != b || a == 0 || b == 0 ? 1 : 0;
    private static final Lane GT = (a, b) -> a > b ? 1 : 0;
    private static final Lane GTU64 = (a, b) -> Long.compareUnsigned(a, b) > 0 ? 1 : 0;
    private static final Lane ABSD = (a, b) -> Math.abs(a - b);
    private static final Lane MUL = (a, b) -> a * b;
    private static final Lane MULHS32 = (a, b) -> (a * b) >> 32;
    private static final Lane MULHU32 = (a, b) -> (a * b) >>> 32;
    private static final Lane MULHS64 = Math::multiplyHigh;
    private static final Lane MULHU64 = Math::unsignedMultiplyHigh;
    private static final Lane CARRY32 = (a, b) -> (a + b) >>> 32;
    private static final Lane NOBORROW32 = (a, b) -> a >= b ? 1 : 0;
    // Division by zero is undefined (Book I 6.9.1); like qemu, a zero divisor acts as 1.
    private static final Lane DIVS = (a, b) -> b == 0 ? a : a / b;
    private static final Lane DIVU64 = (a, b) -> b == 0 ? a : Long.divideUnsigned(a, b);
    private static final Lane MODS = (a, b) -> b == 0 ? 0 : a % b;
    private static final Lane MODU64 = (a, b) -> b == 0 ? 0 : Long.remainderUnsigned(a, b);
    private static final Lane DIVES32 = (a, b) -> b == 0 ? 0 : (a << 32) / b;
    private static final Lane DIVEU32 = (a, b) -> b == 0 ? 0 : Long.divideUnsigned(a << 32, b);

    static void register(InstructionTable t) {
        t.on(Op.VADDUBM, VmxInteger::vaddubm);
        t.on(Op.VADDUHM, (c, w) -> map(c, w, 16, false, ADD));
        t.on(Op.VADDUWM, VmxInteger::vadduwm);
        t.on(Op.VADDUDM, VmxInteger::vaddudm);
        t.on(Op.VSUBUBM, VmxInteger::vsububm);
        t.on(Op.VSUBUHM, (c, w) -> map(c, w, 16, false, SUB));
        t.on(Op.VSUBUWM, VmxInteger::vsubuwm);
        t.on(Op.VSUBUDM, VmxInteger::vsubudm);
        t.on(Op.VADDCUW, (c, w) -> map(c, w, 32, false, CARRY32));
        t.on(Op.VSUBCUW, (c, w) -> map(c, w, 32, false, NOBORROW32));
        t.on(Op.VADDSBS, (c, w) -> mapSat(c, w, 8, true, ADD));
        t.on(Op.VADDSHS, (c, w) -> mapSat(c, w, 16, true, ADD));
        t.on(Op.VADDSWS, (c, w) -> mapSat(c, w, 32, true, ADD));
        t.on(Op.VADDUBS, (c, w) -> mapSat(c, w, 8, false, ADD));
        t.on(Op.VADDUHS, (c, w) -> mapSat(c, w, 16, false, ADD));
        t.on(Op.VADDUWS, (c, w) -> mapSat(c, w, 32, false, ADD));
        t.on(Op.VSUBSBS, (c, w) -> mapSat(c, w, 8, true, SUB));
        t.on(Op.VSUBSHS, (c, w) -> mapSat(c, w, 16, true, SUB));
        t.on(Op.VSUBSWS, (c, w) -> mapSat(c, w, 32, true, SUB));
        t.on(Op.VSUBUBS, (c, w) -> mapSat(c, w, 8, false, SUB));
        t.on(Op.VSUBUHS, (c, w) -> mapSat(c, w, 16, false, SUB));
        t.on(Op.VSUBUWS, (c, w) -> mapSat(c, w, 32, false, SUB));
        t.on(Op.VAVGSB, (c, w) -> map(c, w, 8, true, AVG));
        t.on(Op.VAVGSH, (c, w) -> map(c, w, 16, true, AVG));
        t.on(Op.VAVGSW, (c, w) -> map(c, w, 32, true, AVG));
        t.on(Op.VAVGUB, (c, w) -> map(c, w, 8, false, AVG));
        t.on(Op.VAVGUH, (c, w) -> map(c, w, 16, false, AVG));
        t.on(Op.VAVGUW, (c, w) -> map(c, w, 32, false, AVG));
        t.on(Op.VMAXSB, (c, w) -> map(c, w, 8, true, MAX));
        t.on(Op.VMAXSH, (c, w) -> map(c, w, 16, true, MAX));
        t.on(Op.VMAXSW, (c, w) -> map(c, w, 32, true, MAX));
        t.on(Op.VMAXSD, (c, w) -> map(c, w, 64, true, MAX));
        t.on(Op.VMAXUB, VmxInteger::vmaxub);
        t.on(Op.VMAXUH, (c, w) -> map(c, w, 16, false, MAX));
        t.on(Op.VMAXUW, (c, w) -> map(c, w, 32, false, MAX));
        t.on(Op.VMAXUD, (c, w) -> map(c, w, 64, false, MAXU64));
        t.on(Op.VMINSB, (c, w) -> map(c, w, 8, true, MIN));
        t.on(Op.VMINSH, (c, w) -> map(c, w, 16, true, MIN));
        t.on(Op.VMINSW, (c, w) -> map(c, w, 32, true, MIN));
        t.on(Op.VMINSD, (c, w) -> map(c, w, 64, true, MIN));
        t.on(Op.VMINUB, VmxInteger::vminub);
        t.on(Op.VMINUH, (c, w) -> map(c, w, 16, false, MIN));
        t.on(Op.VMINUW, (c, w) -> map(c, w, 32, false, MIN));
        t.on(Op.VMINUD, (c, w) -> map(c, w, 64, false, MINU64));
        t.on(Op.VABSDUB, (c, w) -> map(c, w, 8, false, ABSD));
        t.on(Op.VABSDUH, (c, w) -> map(c, w, 16, false, ABSD));
        t.on(Op.VABSDUW, (c, w) -> map(c, w, 32, false, ABSD));
        t.on(Op.VCMPEQUB, VmxInteger::vcmpequb);
        t.on(Op.VCMPEQUH, (c, w) -> compare(c, w, 16, false, EQ));
        t.on(Op.VCMPEQUW, (c, w) -> compare(c, w, 32, false, EQ));
        t.on(Op.VCMPEQUD, (c, w) -> compare(c, w, 64, false, EQ));
        t.on(Op.VCMPGTSB, (c, w) -> compare(c, w, 8, true, GT));
        t.on(Op.VCMPGTSH, (c, w) -> compare(c, w, 16, true, GT));
        t.on(Op.VCMPGTSW, (c, w) -> compare(c, w, 32, true, GT));
        t.on(Op.VCMPGTSD, (c, w) -> compare(c, w, 64, true, GT));
        t.on(Op.VCMPGTUB, VmxInteger::vcmpgtub);
        t.on(Op.VCMPGTUH, (c, w) -> compare(c, w, 16, false, GT));
        t.on(Op.VCMPGTUW, (c, w) -> compare(c, w, 32, false, GT));
        t.on(Op.VCMPGTUD, (c, w) -> compare(c, w, 64, false, GTU64));
        t.on(Op.VCMPNEB, VmxInteger::vcmpneb);
        t.on(Op.VCMPNEH, (c, w) -> compare(c, w, 16, false, NE));
        t.on(Op.VCMPNEW, (c, w) -> compare(c, w, 32, false, NE));
        t.on(Op.VCMPNEZB, VmxInteger::vcmpnezb);
        t.on(Op.VCMPNEZH, (c, w) -> compare(c, w, 16, false, NEZ));
        t.on(Op.VCMPNEZW, (c, w) -> compare(c, w, 32, false, NEZ));
        t.on(Op.VRLB, (c, w) -> map(c, w, 8, false, (a, b) -> (a << (b & 7)) | (a >>> (8 - (b & 7)))));
        t.on(Op.VRLH, (c, w) -> map(c, w, 16, false, (a, b) -> (a << (b & 15)) | (a >>> (16 - (b & 15)))));
        t.on(Op.VRLW, (c, w) -> map(c, w, 32, false, (a, b) -> (a << (b & 31)) | (a >>> (32 - (b & 31)))));
        t.on(Op.VRLD, (c, w) -> map(c, w, 64, false, (a, b) -> Long.rotateLeft(a, (int) b)));
        t.on(Op.VSLB, (c, w) -> map(c, w, 8, false, (a, b) -> a << (b & 7)));
        t.on(Op.VSLH, (c, w) -> map(c, w, 16, false, (a, b) -> a << (b & 15)));
        t.on(Op.VSLW, (c, w) -> map(c, w, 32, false, (a, b) -> a << (b & 31)));
        t.on(Op.VSLD, (c, w) -> map(c, w, 64, false, (a, b) -> a << (b & 63)));
        t.on(Op.VSRB, (c, w) -> map(c, w, 8, false, (a, b) -> a >>> (b & 7)));
        t.on(Op.VSRH, (c, w) -> map(c, w, 16, false, (a, b) -> a >>> (b & 15)));
        t.on(Op.VSRW, (c, w) -> map(c, w, 32, false, (a, b) -> a >>> (b & 31)));
        t.on(Op.VSRD, (c, w) -> map(c, w, 64, false, (a, b) -> a >>> (b & 63)));
        t.on(Op.VSRAB, (c, w) -> map(c, w, 8, true, (a, b) -> a >> (b & 7)));
        t.on(Op.VSRAH, (c, w) -> map(c, w, 16, true, (a, b) -> a >> (b & 15)));
        t.on(Op.VSRAW, (c, w) -> map(c, w, 32, true, (a, b) -> a >> (b & 31)));
        t.on(Op.VSRAD, (c, w) -> map(c, w, 64, true, (a, b) -> a >> (b & 63)));
        t.on(Op.VMULUWM, (c, w) -> map(c, w, 32, false, MUL));
        t.on(Op.VMULLD, (c, w) -> map(c, w, 64, false, MUL));
        t.on(Op.VMULHSW, (c, w) -> map(c, w, 32, true, MULHS32));
        t.on(Op.VMULHUW, (c, w) -> map(c, w, 32, false, MULHU32));
        t.on(Op.VMULHSD, (c, w) -> map(c, w, 64, true, MULHS64));
        t.on(Op.VMULHUD, (c, w) -> map(c, w, 64, false, MULHU64));
        t.on(Op.VDIVSW, (c, w) -> map(c, w, 32, true, DIVS));
        t.on(Op.VDIVUW, (c, w) -> map(c, w, 32, false, DIVS));
        t.on(Op.VDIVSD, (c, w) -> map(c, w, 64, true, DIVS));
        t.on(Op.VDIVUD, (c, w) -> map(c, w, 64, false, DIVU64));
        t.on(Op.VDIVESW, (c, w) -> map(c, w, 32, true, DIVES32));
        t.on(Op.VDIVEUW, (c, w) -> map(c, w, 32, false, DIVEU32));
        t.on(Op.VMODSW, (c, w) -> map(c, w, 32, true, MODS));
        t.on(Op.VMODUW, (c, w) -> map(c, w, 32, false, MODS));
        t.on(Op.VMODSD, (c, w) -> map(c, w, 64, true, MODS));
        t.on(Op.VMODUD, (c, w) -> map(c, w, 64, false, MODU64));
        t.on(Op.VNEGW, (c, w) -> map(c, w, 32, false, (a, b) -> -b));
        t.on(Op.VNEGD, (c, w) -> map(c, w, 64, false, (a, b) -> -b));
        t.on(Op.VEXTSB2W, (c, w) -> map(c, w, 32, false, (a, b) -> (byte) b));
        t.on(Op.VEXTSH2W, (c, w) -> map(c, w, 32, false, (a, b) -> (short) b));
        t.on(Op.VEXTSB2D, (c, w) -> map(c, w, 64, false, (a, b) -> (byte) b));
        t.on(Op.VEXTSH2D, (c, w) -> map(c, w, 64, false, (a, b) -> (short) b));
        t.on(Op.VEXTSW2D, (c, w) -> map(c, w, 64, false, (a, b) -> (int) b));
        t.on(Op.VRLWNM, (c, w) -> map(c, w, 32, false, (a, b) -> rlwnm(a, b, 0, false)));
        t.on(Op.VRLDNM, (c, w) -> map(c, w, 64, false, (a, b) -> rldnm(a, b, 0, false)));
        t.on(Op.VRLWMI, VmxInteger::vrlwmi);
        t.on(Op.VRLDMI, VmxInteger::vrldmi);
        VmxWide.register(t);
    }

    /** MASK(mb, me) of an n-bit element (Book I 3.3.14), bit 0 the most significant. */
    static long rotMask(int mb, int me, int n) {
        long all = mask(n);
        long m1 = all >>> mb; // ones from mb to n-1
        long m2 = (all << (n - 1 - me)) & all; // ones from 0 to me
        return mb <= me ? m1 & m2 : m1 | m2;
    }

    private static long rlwnm(long a, long b, long old, boolean insert) {
        int sh = (int) b & 31, me = (int) (b >>> 8) & 31, mb = (int) (b >>> 16) & 31;
        long r = ((a << sh) | (a >>> (32 - sh))) & 0xFFFFFFFFL;
        long m = rotMask(mb, me, 32);
        return insert ? (r & m) | (old & ~m) : r & m;
    }

    private static long rldnm(long a, long b, long old, boolean insert) {
        int sh = (int) b & 63, me = (int) (b >>> 8) & 63, mb = (int) (b >>> 16) & 63;
        long r = Long.rotateLeft(a, sh);
        long m = rotMask(mb, me, 64);
        return insert ? (r & m) | (old & ~m) : r & m;
    }

    /** vrlwmi VRT,VRA,VRB: rotate each word of VRA and insert under mask into VRT. */
    static void vrlwmi(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), t = vrt(w);
        long hi = 0, lo = 0;
        for (int i = 0; i < 4; i++) {
            int d = i >>> 1, sh = 32 - 32 * (i & 1);
            long r = rlwnm((v[a + d] >>> sh) & 0xFFFFFFFFL, (v[b + d] >>> sh) & 0xFFFFFFFFL,
                    (v[t + d] >>> sh) & 0xFFFFFFFFL, true);
            if (d == 0) hi |= r << sh;
            else lo |= r << sh;
        }
        v[t] = hi;
        v[t + 1] = lo;
    }

    static void vrldmi(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w), t = vrt(w);
        long hi = rldnm(v[a], v[b], v[t], true), lo = rldnm(v[a + 1], v[b + 1], v[t + 1], true);
        v[t] = hi;
        v[t + 1] = lo;
    }

    /** Signed or unsigned element {@code i} of width bits of hi:lo. */
    static long elem(long hi, long lo, int bits, int i, boolean signed) {
        int per = 64 / bits;
        long d = i < per ? hi : lo;
        int sh = 64 - bits * ((i % per) + 1);
        if (signed) return (d << (64 - bits - sh)) >> (64 - bits);
        return bits == 64 ? d : (d >>> sh) & ((1L << bits) - 1);
    }
}
