package org.jpseries.cpu.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Checks the double/single arithmetic (fast paths and the exact BigInteger path) against the
 * definition of correct rounding: the delivered value r is compared with the exact result using
 * BigDecimal (for / and sqrt through r*b vs a and r*r vs x), in every rounding mode, together
 * with FI (inexact) and FR (magnitude increased).
 */
class DoubleOpsTest {
    static final Random RND = new Random(12345);

    static double randomDouble(int kind) {
        switch (kind) {
            case 0: return Double.longBitsToDouble(RND.nextLong()) ;
            case 1: return (RND.nextDouble() * 2 - 1) * Math.scalb(1.0, RND.nextInt(40) - 20);
            case 2: return Math.scalb(RND.nextDouble() + 1, RND.nextInt(2100) - 1075);
            case 3: return (RND.nextBoolean() ? -1 : 1) * Math.scalb((double) (RND.nextInt(1 << 20) | 1), RND.nextInt(60) - 30);
            default: return Math.scalb(RND.nextDouble(), -1000 - RND.nextInt(74)) * (RND.nextBoolean() ? -1 : 1);
        }
    }

    /** Next value of the format toward +inf (finite x). */
    static double up(double x, boolean single) {
        return single ? (double) Math.nextUp((float) x) : Math.nextUp(x);
    }

    static double down(double x, boolean single) {
        return single ? (double) Math.nextDown((float) x) : Math.nextDown(x);
    }

    static boolean even(double x, boolean single) {
        if (single) return (Float.floatToRawIntBits((float) x) & 1) == 0;
        return (Double.doubleToRawLongBits(x) & 1) == 0;
    }

    /**
     * Verifies r is the rounding of the exact value described by cmp (cmp(v) = sign(v - exact)),
     * and the FI/FR flags.
     */
    static void verify(String what, Rounded out, int rm, boolean single, Function<BigDecimal, Integer> cmp) {
        double r = Double.longBitsToDouble(out.hi);
        if (Double.isNaN(r) || Double.isInfinite(r)) return;
        if (single) assertEquals(r, (double) (float) r, what + " not single");
        BigDecimal br = new BigDecimal(r);
        int c = cmp.apply(br);
        double lo = down(r, single), hi = up(r, single);
        if (Double.isInfinite(lo) || Double.isInfinite(hi)) return;
        BigDecimal blo = new BigDecimal(lo), bhi = new BigDecimal(hi);
        switch (rm) {
            case Fpscr.RN_NEAR -> {
                BigDecimal mlo = br.add(blo).divide(BigDecimal.valueOf(2));
                BigDecimal mhi = br.add(bhi).divide(BigDecimal.valueOf(2));
                int a = cmp.apply(mlo), b = cmp.apply(mhi);
                assertTrue(a <= 0 && b >= 0, what + " RN out of range");
                if (a == 0 || b == 0) assertTrue(even(r, single), what + " tie not even");
            }
            case Fpscr.RN_ZERO -> {
                if (r > 0 || (r == 0 && c <= 0)) assertTrue(c <= 0 && cmp.apply(bhi) > 0, what + " RZ+");
                else assertTrue(c >= 0 && cmp.apply(blo) < 0, what + " RZ-");
            }
            case Fpscr.RN_PINF -> assertTrue(c >= 0 && cmp.apply(blo) < 0, what + " RP");
            default -> assertTrue(c <= 0 && cmp.apply(bhi) > 0, what + " RM");
        }
        boolean inexact = c != 0;
        assertEquals(inexact, (out.flags & Fpscr.FI) != 0, what + " FI");
        if (inexact && r != 0) assertEquals(c > 0 == r > 0, (out.flags & Fpscr.FR) != 0, what + " FR");
    }

    static BigDecimal bd(double x) {
        return new BigDecimal(x);
    }

    @Test
    void arithmeticIsCorrectlyRoundedInEveryMode() {
        Rounded out = new Rounded();
        for (int i = 0; i < 6000; i++) {
            int kind = i % 5;
            double a = randomDouble(kind), b0 = randomDouble(RND.nextInt(5)), cc = randomDouble(kind);
            if (kind == 1 && RND.nextBoolean()) b0 = -a * (1 + Math.scalb(RND.nextInt(8) - 4, -52));
            final double b = b0;
            if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(cc) || Double.isInfinite(a) || Double.isInfinite(b)
                    || Double.isInfinite(cc)) continue;
            long la = Double.doubleToRawLongBits(a), lb = Double.doubleToRawLongBits(b), lc = Double.doubleToRawLongBits(cc);
            for (int rm = 0; rm < 4; rm++) {
                for (int s = 0; s < 2; s++) {
                    boolean single = s == 1;
                    BinaryFormat tf = single ? BinaryFormat.SINGLE : BinaryFormat.DOUBLE;
                    String w = " a=" + a + " b=" + b + " c=" + cc + " rm=" + rm + " single=" + single;
                    BigDecimal sum = bd(a).add(bd(b));
                    DoubleOps.add(out, tf, rm, false, false, la, lb, false);
                    verify("add" + w, out, rm, single, v -> v.compareTo(sum));
                    BigDecimal prod = bd(a).multiply(bd(b));
                    DoubleOps.mul(out, tf, rm, false, false, la, lb);
                    verify("mul" + w, out, rm, single, v -> v.compareTo(prod));
                    BigDecimal fma = bd(a).multiply(bd(cc)).add(bd(b));
                    DoubleOps.fma(out, tf, rm, false, false, la, lc, lb, false, false);
                    verify("fma" + w, out, rm, single, v -> v.compareTo(fma));
                    BigDecimal fms = bd(a).multiply(bd(cc)).subtract(bd(b));
                    DoubleOps.fma(out, tf, rm, false, false, la, lc, lb, true, true);
                    // fnmsub rounds a*c-b and then negates (Book I 4.6.5.2): un-negate and check the rounding.
                    if (!Double.isNaN(Double.longBitsToDouble(out.hi))) out.hi ^= Long.MIN_VALUE;
                    verify("fnmsub" + w, out, rm, single, v -> v.compareTo(fms));
                    if (b != 0) {
                        DoubleOps.div(out, tf, rm, false, false, la, lb);
                        int sb = b < 0 ? -1 : 1;
                        verify("div" + w, out, rm, single, v -> v.multiply(bd(b)).compareTo(bd(a)) * sb);
                    }
                    if (a > 0) {
                        DoubleOps.sqrt(out, tf, rm, false, false, la);
                        verify("sqrt" + w, out, rm, single, v -> v.signum() < 0 ? -1 : v.multiply(v).compareTo(bd(a)));
                    }
                }
            }
        }
    }

    @Test
    void fastPathAgreesWithExactPath() {
        Rounded f = new Rounded(), e = new Rounded();
        for (int i = 0; i < 20000; i++) {
            double a = randomDouble(i % 5), b = randomDouble(RND.nextInt(5)), c = randomDouble(RND.nextInt(5));
            if (i % 7 == 0) c = Math.scalb(1.0, -960 - RND.nextInt(30)) * (1 + RND.nextDouble()); // near the fast-path limits
            if (i % 11 == 0) b = -a * c * (1 + Math.scalb(RND.nextInt(16) - 8, -53)); // heavy cancellation
            long la = Double.doubleToRawLongBits(a), lb = Double.doubleToRawLongBits(b), lc = Double.doubleToRawLongBits(c);
            for (int rm = 0; rm < 4; rm++) {
                for (BinaryFormat tf : new BinaryFormat[] {BinaryFormat.DOUBLE, BinaryFormat.SINGLE}) {
                    DoubleOps.fma(f, tf, rm, false, false, la, lc, lb, false, false);
                    SoftFloat.fma(e, BinaryFormat.DOUBLE, tf, rm, false, false, la, 0, lc, 0, lb, 0, false, false);
                    assertEquals(e.hi, f.hi, "fma " + a + " " + c + " " + b + " " + rm + " " + tf);
                    assertEquals(e.flags, f.flags, "fma flags " + a + " " + c + " " + b + " " + rm + " " + tf);
                    assertEquals(e.fprf, f.fprf, "fma fprf");
                    DoubleOps.div(f, tf, rm, false, false, la, lb);
                    SoftFloat.div(e, BinaryFormat.DOUBLE, tf, rm, false, false, la, 0, lb, 0);
                    assertEquals(e.hi, f.hi, "div " + a + " " + b + " " + rm + " " + tf);
                    assertEquals(e.flags, f.flags, "div flags");
                    DoubleOps.mul(f, tf, rm, false, false, la, lc);
                    SoftFloat.mul(e, BinaryFormat.DOUBLE, tf, rm, false, false, la, 0, lc, 0);
                    assertEquals(e.hi, f.hi, "mul " + a + " " + c + " " + rm + " " + tf);
                    assertEquals(e.flags, f.flags, "mul flags");
                    DoubleOps.add(f, tf, rm, false, false, la, lb, false);
                    SoftFloat.add(e, BinaryFormat.DOUBLE, tf, rm, false, false, la, 0, lb, 0, false);
                    assertEquals(e.hi, f.hi, "add " + a + " " + b + " " + rm + " " + tf);
                    assertEquals(e.flags, f.flags, "add flags");
                    if (a > 0) {
                        DoubleOps.sqrt(f, tf, rm, false, false, la);
                        SoftFloat.sqrt(e, BinaryFormat.DOUBLE, tf, rm, false, false, la, 0);
                        assertEquals(e.hi, f.hi, "sqrt " + a + " " + rm + " " + tf);
                        assertEquals(e.flags, f.flags, "sqrt flags");
                    }
                }
            }
        }
    }

    @Test
    void fastPathsAgreeOnZerosAndSpecialOperands() {
        double[] vals = {0.0, -0.0, 1.0, -1.5, 0x1p-1074, -0x1p-1022, Double.MAX_VALUE, 1e300, -1e-300,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 3.0, 0x1p-149, 1 + 0x1p-52};
        Rounded f = new Rounded(), e = new Rounded();
        for (double x : vals) {
            for (double y : vals) {
                for (double z : vals) {
                    long a = Double.doubleToRawLongBits(x), b = Double.doubleToRawLongBits(y), c = Double.doubleToRawLongBits(z);
                    for (int rm = 0; rm < 4; rm++) {
                        for (BinaryFormat tf : new BinaryFormat[] {BinaryFormat.DOUBLE, BinaryFormat.SINGLE}) {
                            String w = x + " " + y + " " + z + " rm=" + rm + " " + tf;
                            DoubleOps.add(f, tf, rm, false, false, a, b, z < 0);
                            SoftFloat.add(e, BinaryFormat.DOUBLE, tf, rm, false, false, a, 0, b, 0, z < 0);
                            assertEquals(e.hi, f.hi, "add " + w);
                            assertEquals(e.flags, f.flags, "add flags " + w);
                            assertEquals(e.fprf, f.fprf, "add fprf " + w);
                            DoubleOps.mul(f, tf, rm, false, false, a, b);
                            SoftFloat.mul(e, BinaryFormat.DOUBLE, tf, rm, false, false, a, 0, b, 0);
                            assertEquals(e.hi, f.hi, "mul " + w);
                            assertEquals(e.flags, f.flags, "mul flags " + w);
                            assertEquals(e.fprf, f.fprf, "mul fprf " + w);
                            for (int k = 0; k < 4; k++) {
                                DoubleOps.fma(f, tf, rm, false, false, a, c, b, (k & 1) != 0, k > 1);
                                SoftFloat.fma(e, BinaryFormat.DOUBLE, tf, rm, false, false, a, 0, c, 0, b, 0, (k & 1) != 0, k > 1);
                                assertEquals(e.hi, f.hi, "fma" + k + " " + w);
                                assertEquals(e.flags, f.flags, "fma flags " + k + " " + w);
                                assertEquals(e.fprf, f.fprf, "fma fprf " + k + " " + w);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void underflowOverflowAndSpecials() {
        Rounded o = new Rounded();
        long min = 1L; // smallest denormal
        // 2^-1074 * 0.5 rounds to 0 (tie to even) in RN: inexact and underflow.
        DoubleOps.mul(o, BinaryFormat.DOUBLE, Fpscr.RN_NEAR, false, false, min, Double.doubleToRawLongBits(0.5));
        assertEquals(0L, o.hi);
        assertEquals(Fpscr.UX | Fpscr.XX | Fpscr.FI, o.flags);
        assertEquals(Fpscr.C_PZERO, o.fprf);
        // Same in round toward +inf gives the smallest denormal, FR set.
        DoubleOps.mul(o, BinaryFormat.DOUBLE, Fpscr.RN_PINF, false, false, min, Double.doubleToRawLongBits(0.5));
        assertEquals(1L, o.hi);
        assertEquals(Fpscr.UX | Fpscr.XX | Fpscr.FI | Fpscr.FR, o.flags);
        assertEquals(Fpscr.C_PDENORM, o.fprf);
        // Exact denormal result: no underflow when UE=0, underflow (scaled result) when UE=1.
        long d = Double.doubleToRawLongBits(0x1p-1030);
        DoubleOps.mul(o, BinaryFormat.DOUBLE, Fpscr.RN_NEAR, false, false, d, Double.doubleToRawLongBits(1.0));
        assertEquals(d, o.hi);
        assertEquals(0L, o.flags);
        DoubleOps.mul(o, BinaryFormat.DOUBLE, Fpscr.RN_NEAR, false, true, d, Double.doubleToRawLongBits(1.0));
        assertEquals(0x1p506, Double.longBitsToDouble(o.hi));
        assertEquals(Fpscr.UX, o.flags);
        // Overflow: RN gives inf, RZ the largest finite, OE=1 the scaled result.
        long big = Double.doubleToRawLongBits(0x1p1000);
        DoubleOps.mul(o, BinaryFormat.DOUBLE, Fpscr.RN_NEAR, false, false, big, big);
        assertEquals(Double.POSITIVE_INFINITY, Double.longBitsToDouble(o.hi));
        assertEquals(Fpscr.OX | Fpscr.XX | Fpscr.FI, o.flags);
        DoubleOps.mul(o, BinaryFormat.DOUBLE, Fpscr.RN_ZERO, false, false, big, big);
        assertEquals(Double.MAX_VALUE, Double.longBitsToDouble(o.hi));
        DoubleOps.mul(o, BinaryFormat.DOUBLE, Fpscr.RN_NEAR, true, false, big, big);
        assertEquals(0x1p464, Double.longBitsToDouble(o.hi));
        assertEquals(Fpscr.OX, o.flags);
        // Single overflow and the single-precision denormal class.
        DoubleOps.mul(o, BinaryFormat.SINGLE, Fpscr.RN_NEAR, false, false, Double.doubleToRawLongBits(0x1p100),
                Double.doubleToRawLongBits(0x1p100));
        assertEquals(Double.POSITIVE_INFINITY, Double.longBitsToDouble(o.hi));
        DoubleOps.mul(o, BinaryFormat.SINGLE, Fpscr.RN_NEAR, false, false, Double.doubleToRawLongBits(0x1p-140),
                Double.doubleToRawLongBits(-1.0));
        assertEquals(-0x1p-140, Double.longBitsToDouble(o.hi));
        assertEquals(Fpscr.C_NDENORM, o.fprf);
        assertEquals(0L, o.flags);
        // Invalid operations and NaN propagation (FRA first, quieted).
        long inf = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), ninf = inf | Long.MIN_VALUE;
        DoubleOps.add(o, BinaryFormat.DOUBLE, 0, false, false, inf, ninf, false);
        assertEquals(0x7FF8000000000000L, o.hi);
        assertEquals(Fpscr.VXISI, o.flags);
        long snan = 0x7FF0000000000123L, qnan = 0xFFF8000000000456L;
        DoubleOps.add(o, BinaryFormat.DOUBLE, 0, false, false, qnan, snan, false);
        assertEquals(qnan, o.hi);
        assertEquals(Fpscr.VXSNAN, o.flags);
        DoubleOps.mul(o, BinaryFormat.DOUBLE, 0, false, false, snan, qnan);
        assertEquals(0x7FF8000000000123L, o.hi);
        DoubleOps.div(o, BinaryFormat.DOUBLE, 0, false, false, Double.doubleToRawLongBits(1.0), 0);
        assertEquals(inf, o.hi);
        assertEquals(Fpscr.ZX, o.flags);
        DoubleOps.div(o, BinaryFormat.DOUBLE, 0, false, false, 0, Long.MIN_VALUE);
        assertEquals(Fpscr.VXZDZ, o.flags);
        DoubleOps.sqrt(o, BinaryFormat.DOUBLE, 0, false, false, Double.doubleToRawLongBits(-2.0));
        assertEquals(Fpscr.VXSQRT, o.flags);
        DoubleOps.sqrt(o, BinaryFormat.DOUBLE, 0, false, false, Long.MIN_VALUE);
        assertEquals(Long.MIN_VALUE, o.hi);
        DoubleOps.fma(o, BinaryFormat.DOUBLE, 0, false, false, inf, 0, snan, false, false);
        assertEquals(Fpscr.VXSNAN | Fpscr.VXIMZ, o.flags);
        // x - x is +0, or -0 when rounding toward -infinity.
        long one = Double.doubleToRawLongBits(1.5);
        DoubleOps.add(o, BinaryFormat.DOUBLE, Fpscr.RN_NEAR, false, false, one, one, true);
        assertEquals(0L, o.hi);
        DoubleOps.add(o, BinaryFormat.DOUBLE, Fpscr.RN_MINF, false, false, one, one, true);
        assertEquals(Long.MIN_VALUE, o.hi);
        // fnmadd NaN results keep their sign; single NaNs are truncated to single precision.
        DoubleOps.fma(o, BinaryFormat.SINGLE, 0, false, false, 0x7FF8000000000001L, one, one, false, true);
        assertEquals(0x7FF8000000000000L, o.hi);
    }
}
