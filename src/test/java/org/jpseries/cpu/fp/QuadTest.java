package org.jpseries.cpu.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * binary128 arithmetic against exact BigDecimal references: every result must be the correct
 * rounding in its mode (checked against its two neighbours), with FI and FR right.
 */
class QuadTest {
    static final BinaryFormat Q = BinaryFormat.QUAD;
    static final Random RND = new Random(4242);

    static BigDecimal value(long hi, long lo) {
        BigInteger sig = Q.significand(hi, lo);
        int e = Q.unitExp(hi);
        BigDecimal v = new BigDecimal(sig);
        v = e >= 0 ? v.multiply(new BigDecimal(BigInteger.TWO.pow(e))) : v.divide(new BigDecimal(BigInteger.TWO.pow(-e)));
        return hi < 0 ? v.negate() : v;
    }

    /** The adjacent value of larger (dir=+1) or smaller (dir=-1) magnitude, by 128-bit integer step. */
    static long[] step(long hi, long lo, int dir) {
        BigInteger mag = Rounder.unsigned(hi & Long.MAX_VALUE).shiftLeft(64).or(Rounder.unsigned(lo));
        mag = mag.add(BigInteger.valueOf(dir));
        long h = mag.shiftRight(64).longValue() | (hi & Long.MIN_VALUE);
        return new long[] {h, mag.longValue()};
    }

    static long[] random() {
        int r = RND.nextInt(100);
        int kind = r < 60 ? 0 : r < 99 ? 1 : 2; // exact BigDecimal values of huge or tiny exponents are slow
        long hi = RND.nextLong(), lo = RND.nextLong();
        int exp = switch (kind) {
            case 0 -> 16383 + RND.nextInt(40) - 20;
            case 1 -> 16383 + RND.nextInt(1200) - 600;
            default -> RND.nextInt(3) == 0 ? 0 : RND.nextInt(120) + 1;
        };
        hi = (hi & 0x8000FFFFFFFFFFFFL) | ((long) exp << 48);
        return new long[] {hi, lo};
    }

    static void verify(String what, Rounded r, int rm, Function<BigDecimal, Integer> cmp) {
        if (Q.isNaN(r.hi, r.lo) || Q.isInf(r.hi, r.lo)) return;
        BigDecimal v = value(r.hi, r.lo);
        int c = cmp.apply(v);
        boolean neg = r.hi < 0 && !(Q.isZero(r.hi, r.lo));
        long[] big = step(r.hi, r.lo, 1);
        if (Q.isInf(big[0], big[1])) return;
        BigDecimal vb = value(big[0], big[1]);
        BigDecimal vs = Q.isZero(r.hi, r.lo) ? v.negate().subtract(vb.subtract(v)) : value(step(r.hi, r.lo, -1)[0], step(r.hi, r.lo, -1)[1]);
        BigDecimal up = neg ? vs : vb, down = neg ? vb : vs; // numerically above / below v
        if (Q.isZero(r.hi, r.lo)) {
            up = vb.abs();
            down = vb.abs().negate();
        }
        switch (rm) {
            case Fpscr.RN_NEAR -> {
                int a = cmp.apply(v.add(down).divide(BigDecimal.valueOf(2)));
                int b = cmp.apply(v.add(up).divide(BigDecimal.valueOf(2)));
                assertTrue(a <= 0 && b >= 0, what + " RN");
                if (a == 0 || b == 0) assertEquals(0L, r.lo & 1, what + " tie");
            }
            case Fpscr.RN_ZERO -> {
                if (v.signum() > 0 || (v.signum() == 0 && c <= 0)) assertTrue(c <= 0 && cmp.apply(up) > 0, what + " RZ+");
                else assertTrue(c >= 0 && cmp.apply(down) < 0, what + " RZ-");
            }
            case Fpscr.RN_PINF -> assertTrue(c >= 0 && cmp.apply(down) < 0, what + " RP");
            case Fpscr.RN_MINF -> assertTrue(c <= 0 && cmp.apply(up) > 0, what + " RM");
            default -> {
                // round to odd: exact, or the odd one of the two neighbours
                if (c != 0) assertEquals(1L, r.lo & 1, what + " RO odd");
                assertTrue(c == 0 || cmp.apply(c > 0 ? down : up) * c < 0, what + " RO bracket");
            }
        }
        assertEquals(c != 0, (r.flags & Fpscr.FI) != 0, what + " FI");
        if (c != 0 && v.signum() != 0) assertEquals(c > 0 == v.signum() > 0, (r.flags & Fpscr.FR) != 0, what + " FR");
    }

    @Test
    void quadArithmeticIsCorrectlyRounded() {
        Rounded r = new Rounded();
        for (int i = 0; i < 300; i++) {
            long[] a = random(), b = random(), c = random();
            if (i % 3 == 0) b = new long[] {a[0] ^ Long.MIN_VALUE, a[1] ^ RND.nextInt(16)}; // cancellation
            BigDecimal va = value(a[0], a[1]), vb = value(b[0], b[1]), vc = value(c[0], c[1]);
            for (int rm = 0; rm < 5; rm++) {
                String w = " i=" + i + " rm=" + rm;
                SoftFloat.add(r, Q, Q, rm, false, false, a[0], a[1], b[0], b[1], false);
                BigDecimal sum = va.add(vb);
                verify("add" + w, r, rm, v -> v.compareTo(sum));
                SoftFloat.mul(r, Q, Q, rm, false, false, a[0], a[1], b[0], b[1]);
                BigDecimal prod = va.multiply(vb);
                verify("mul" + w, r, rm, v -> v.compareTo(prod));
                if (vb.signum() != 0) {
                    SoftFloat.div(r, Q, Q, rm, false, false, a[0], a[1], b[0], b[1]);
                    int sb = vb.signum();
                    verify("div" + w, r, rm, v -> v.multiply(vb).compareTo(va) * sb);
                }
                if (va.signum() > 0) {
                    SoftFloat.sqrt(r, Q, Q, rm, false, false, a[0], a[1]);
                    verify("sqrt" + w, r, rm, v -> v.signum() < 0 ? -1 : v.multiply(v).compareTo(va));
                }
                SoftFloat.fma(r, Q, Q, rm, false, false, a[0], a[1], c[0], c[1], b[0], b[1], false, false);
                BigDecimal f = va.multiply(vc).add(vb);
                verify("fma" + w, r, rm, v -> v.compareTo(f));
            }
        }
    }

    @Test
    void quadToDoubleNarrowing() {
        Rounded r = new Rounded();
        for (int i = 0; i < 3000; i++) {
            long[] a = random();
            a[0] = (a[0] & 0x8000FFFFFFFFFFFFL) | ((long) (16383 + RND.nextInt(2200) - 1100) << 48);
            BigDecimal va = value(a[0], a[1]);
            for (int rm = 0; rm < 4; rm++) {
                SoftFloat.narrow(r, Q, BinaryFormat.DOUBLE, rm, false, false, a[0], a[1]);
                double d = Double.longBitsToDouble(r.hi);
                if (Double.isInfinite(d)) continue;
                int c = new BigDecimal(d).compareTo(va);
                double other = c > 0 ? Math.nextDown(d) : Math.nextUp(d);
                if (c != 0 && !Double.isInfinite(other)) {
                    int c2 = new BigDecimal(other).compareTo(va);
                    assertTrue(c * c2 < 0, "bracket " + i + " rm=" + rm);
                    if (rm == Fpscr.RN_PINF) assertTrue(c > 0);
                    if (rm == Fpscr.RN_MINF) assertTrue(c < 0);
                    if (rm == Fpscr.RN_ZERO) assertTrue(Math.abs(d) < Math.abs(other));
                }
                assertEquals(c != 0, (r.flags & Fpscr.FI) != 0, "FI " + i);
            }
        }
    }

    @Test
    void quadSpecials() {
        Rounded r = new Rounded();
        long inf = 0x7FFF000000000000L;
        SoftFloat.add(r, Q, Q, 0, false, false, inf, 0, inf | Long.MIN_VALUE, 0, false);
        assertEquals(0x7FFF800000000000L, r.hi);
        assertEquals(Fpscr.VXISI, r.flags);
        long snan = 0x7FFF000000000000L | 5;
        SoftFloat.mul(r, Q, Q, 0, false, false, 0x3FFF000000000000L, 0, snan, 7);
        assertEquals(0x7FFF800000000005L, r.hi);
        assertEquals(7L, r.lo);
        assertEquals(Fpscr.VXSNAN, r.flags);
        // Largest finite squared overflows: +inf in RN, max in RZ.
        long maxHi = 0x7FFEFFFFFFFFFFFFL, maxLo = -1L;
        SoftFloat.mul(r, Q, Q, Fpscr.RN_NEAR, false, false, maxHi, maxLo, maxHi, maxLo);
        assertEquals(inf, r.hi);
        assertEquals(Fpscr.OX | Fpscr.XX | Fpscr.FI, r.flags);
        SoftFloat.mul(r, Q, Q, Fpscr.RN_ZERO, false, false, maxHi, maxLo, maxHi, maxLo);
        assertEquals(maxHi, r.hi);
        assertEquals(maxLo, r.lo);
        // Smallest denormal halved: underflow to zero.
        SoftFloat.mul(r, Q, Q, Fpscr.RN_NEAR, false, false, 0, 1, 0x3FFE000000000000L, 0);
        assertEquals(0L, r.hi | r.lo);
        assertEquals(Fpscr.UX | Fpscr.XX | Fpscr.FI, r.flags);
    }
}
