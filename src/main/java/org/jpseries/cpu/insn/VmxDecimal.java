package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.vec;
import static org.jpseries.cpu.insn.VecSupport.vra;
import static org.jpseries.cpu.insn.VecSupport.vrb;
import static org.jpseries.cpu.insn.VecSupport.vrt;

import org.jpseries.cpu.Cpu;
import org.jpseries.isa.Op;

/**
 * Vector binary-coded decimal instructions (Book I 6.16): signed packed decimal is 31 digit
 * nibbles and a sign nibble (bits 124:127; A, C, E, F plus, B, D minus). Every instruction
 * sets CR6 (LT, GT, EQ by sign and magnitude; SO for invalid input or overflow). Where the
 * ISA leaves results undefined (invalid operands) this follows qemu, the project's oracle.
 * Digit n (0 = sign) is nibble n counted from the right of the register.
 */
final class VmxDecimal {
    private VmxDecimal() {}

    static void register(InstructionTable t) {
        t.on(Op.BCDADD_DOT, (c, w) -> bcdadd(c, w, false));
        t.on(Op.BCDSUB_DOT, (c, w) -> bcdadd(c, w, true));
        t.on(Op.BCDCPSGN_DOT, VmxDecimal::bcdcpsgn);
        t.on(Op.BCDSETSGN_DOT, VmxDecimal::bcdsetsgn);
        t.on(Op.BCDCFSQ_DOT, VmxDecimal::bcdcfsq);
        t.on(Op.BCDCTSQ_DOT, VmxDecimal::bcdctsq);
        t.on(Op.BCDCFZ_DOT, VmxDecimal::bcdcfz);
        t.on(Op.BCDCTZ_DOT, VmxDecimal::bcdctz);
        t.on(Op.BCDCFN_DOT, VmxDecimal::bcdcfn);
        t.on(Op.BCDCTN_DOT, VmxDecimal::bcdctn);
        t.on(Op.BCDS_DOT, (c, w) -> bcds(c, w, false));
        t.on(Op.BCDSR_DOT, (c, w) -> bcds(c, w, true));
        t.on(Op.BCDTRUNC_DOT, VmxDecimal::bcdtrunc);
        t.on(Op.BCDUS_DOT, VmxDecimal::bcdus);
        t.on(Op.BCDUTRUNC_DOT, VmxDecimal::bcdutrunc);
    }

    private static final int LT = 8, GT = 4, EQ = 2, SO = 1;

    private static int ps(int w) {
        return (w >>> 9) & 1;
    }

    static int digit(long hi, long lo, int n) {
        return (int) ((n < 16 ? lo >>> (4 * n) : hi >>> (4 * (n - 16))) & 15);
    }

    /** +1, -1, or 0 for an invalid sign code. */
    static int sign(long lo) {
        return switch ((int) lo & 15) {
            case 0xA, 0xC, 0xE, 0xF -> 1;
            case 0xB, 0xD -> -1;
            default -> 0;
        };
    }

    static int preferredSign(int sgn, int ps) {
        return sgn >= 0 ? (ps == 0 ? 0xC : 0xF) : 0xD;
    }

    static boolean digitsValid(long hi, long lo, int from) {
        for (int n = from; n < 32; n++) if (digit(hi, lo, n) > 9) return false;
        return true;
    }

    /** EQ if digits 1..31 are zero, else GT or LT by the sign code. */
    static int compareZero(long hi, long lo) {
        if (hi == 0 && (lo >>> 4) == 0) return EQ;
        return sign(lo) == 1 ? GT : LT;
    }

    private static void finish(Cpu c, int w, long hi, long lo, int cr) {
        int t = vrt(w);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
        c.setCrField(6, cr);
    }

    private static long withDigit(long x, int nibble, int d) {
        return (x & ~(15L << (4 * nibble))) | ((long) (d & 15) << (4 * nibble));
    }

    /** bcdadd./bcdsub. VRT,VRA,VRB,PS: signed decimal sum (difference) modulo 10^31. */
    static void bcdadd(Cpu c, int w, boolean subtract) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long ah = v[a], al = v[a + 1], bh = v[b], bl = v[b + 1];
        int ps = ps(w);
        int sa = sign(al), sb = sign(bl);
        if (subtract) sb = -sb;
        boolean invalid = sa == 0 || sb == 0;
        boolean overflow = false, zero = false;
        long rh = 0, rl = 0;
        int cr = 0;
        if (!invalid) {
            if (sa == sb) {
                rl = preferredSign(sa, ps);
                int carry = 0;
                zero = true;
                for (int n = 1; n <= 31; n++) {
                    int da = digit(ah, al, n), db = digit(bh, bl, n);
                    if (da > 9 || db > 9) invalid = true;
                    int d = da + db + carry;
                    zero &= d == 0;
                    carry = d > 9 ? 1 : 0;
                    if (d > 9) d -= 10;
                    if (n < 16) rl = withDigit(rl, n, d);
                    else rh = withDigit(rh, n - 16, d);
                }
                overflow = carry != 0;
                cr = sa > 0 ? GT : LT;
            } else {
                int mag = compareMagnitude(ah, al, bh, bl);
                if (mag == 0) {
                    rl = preferredSign(0, ps);
                    cr = EQ;
                } else {
                    long xh = mag > 0 ? ah : bh, xl = mag > 0 ? al : bl;
                    long yh = mag > 0 ? bh : ah, yl = mag > 0 ? bl : al;
                    int s = mag > 0 ? sa : sb;
                    rl = preferredSign(s, ps);
                    int borrow = 0;
                    for (int n = 1; n <= 31; n++) {
                        int dx = digit(xh, xl, n), dy = digit(yh, yl, n);
                        if (dx > 9 || dy > 9) invalid = true;
                        int d = (dx - dy + borrow) & 0xFF;
                        if ((d & 0x80) != 0) {
                            borrow = -1;
                            d = (d + 10) & 0xFF;
                        } else {
                            borrow = 0;
                        }
                        if (n < 16) rl = withDigit(rl, n, d);
                        else rh = withDigit(rh, n - 16, d);
                    }
                    overflow = borrow != 0;
                    cr = s > 0 ? GT : LT;
                }
            }
        }
        if (invalid) {
            rh = -1;
            rl = -1;
            cr = SO;
        } else if (overflow) {
            cr |= SO;
        } else if (zero) {
            cr |= EQ;
        }
        finish(c, w, rh, rl, cr);
    }

    /** Compares digits 31..1; an invalid digit ends the comparison as "equal" (as qemu). */
    private static int compareMagnitude(long ah, long al, long bh, long bl) {
        for (int n = 31; n > 0; n--) {
            int da = digit(ah, al, n), db = digit(bh, bl, n);
            if (da > 9 || db > 9) return 0;
            if (da != db) return da > db ? 1 : -1;
        }
        return 0;
    }

    /** bcdcpsgn. VRT,VRA,VRB: VRA with the sign code of VRB. */
    static void bcdcpsgn(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long ah = v[a], al = v[a + 1], bh = v[b], bl = v[b + 1];
        if (sign(al) == 0 || sign(bl) == 0) {
            c.setCrField(6, SO);
            return;
        }
        long rl = withDigit(al, 0, (int) bl & 15);
        boolean valid = digitsValid(ah, al, 1) && digitsValid(bh, bl, 1);
        finish(c, w, ah, rl, valid ? compareZero(ah, rl) : SO);
    }

    /** bcdsetsgn. VRT,VRB,PS: VRB with the preferred sign code. */
    static void bcdsetsgn(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long bh = c.vsr[b], bl = c.vsr[b + 1];
        long rl = withDigit(bl, 0, preferredSign(sign(bl), ps(w)));
        boolean valid = sign(bl) != 0 && digitsValid(bh, bl, 1);
        finish(c, w, bh, rl, valid ? compareZero(bh, rl) : SO);
    }

    /** bcdcfsq. VRT,VRB,PS: signed quadword to decimal; VRT unchanged if it needs over 31 digits. */
    static void bcdcfsq(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long hi = c.vsr[b], lo = c.vsr[b + 1];
        int cr;
        int sgn;
        if (hi < 0) {
            lo = -lo;
            hi = ~hi + (lo == 0 ? 1 : 0);
            sgn = 0xD;
            cr = LT;
        } else {
            sgn = preferredSign(1, ps(w));
            cr = (hi | lo) == 0 ? EQ : GT;
        }
        // 10^31 - 1 = 0x0000007e37be2022_c0914b267fffffff
        long maxHi = 0x7e37be2022L, maxLo = 0xc0914b267fffffffL;
        if (Long.compareUnsigned(hi, maxHi) > 0 || (hi == maxHi && Long.compareUnsigned(lo, maxLo) > 0)) {
            c.setCrField(6, cr | SO);
            return;
        }
        long rh = 0, rl = sgn;
        for (int n = 1; n <= 31; n++) {
            // divide hi:lo by 10
            long qh = Long.divideUnsigned(hi, 10), r = Long.remainderUnsigned(hi, 10);
            long q = 0;
            long rem = r;
            for (int bit = 63; bit >= 0; bit--) {
                rem = (rem << 1) | ((lo >>> bit) & 1);
                q <<= 1;
                if (rem >= 10) {
                    rem -= 10;
                    q |= 1;
                }
            }
            hi = qh;
            lo = q;
            if (n < 16) rl = withDigit(rl, n, (int) rem);
            else rh = withDigit(rh, n - 16, (int) rem);
        }
        finish(c, w, rh, rl, cr);
    }

    /** bcdctsq. VRT,VRB: decimal to signed quadword. */
    static void bcdctsq(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long bh = c.vsr[b], bl = c.vsr[b + 1];
        int sgn = sign(bl);
        boolean invalid = sgn == 0;
        int d31 = digit(bh, bl, 31);
        if (d31 > 9) invalid = true;
        long hi = 0, lo = d31;
        for (int n = 30; n > 0; n--) {
            long carry = Math.unsignedMultiplyHigh(lo, 10);
            lo *= 10;
            hi = hi * 10 + carry;
            int d = digit(bh, bl, n);
            if (d > 9) invalid = true;
            long nl = lo + d;
            if (Long.compareUnsigned(nl, lo) < 0) hi++;
            lo = nl;
            if (invalid) break;
        }
        if (sgn == -1) {
            lo = -lo;
            hi = ~hi + (lo == 0 ? 1 : 0);
        }
        finish(c, w, hi, lo, invalid ? SO : compareZero(bh, bl));
    }

    private static int byteAt(long hi, long lo, int i) {
        return (int) ((i < 8 ? hi >>> (56 - 8 * i) : lo >>> (56 - 8 * (i - 8))) & 0xFF);
    }

    /** bcdcfz. VRT,VRB,PS: 16 zoned digits (zone 3, or F with PS=1) to decimal. */
    static void bcdcfz(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long bh = c.vsr[b], bl = c.vsr[b + 1];
        int ps = ps(w);
        int lead = ps == 1 ? 0xF : 0x3;
        int sgnb = (int) (bl >>> 4) & 15;
        boolean invalid = sgnb < 0xA && ps == 1;
        long rh = 0, rl = 0;
        for (int i = 0; i < 16; i++) {
            int by = byteAt(bh, bl, 15 - i);
            int zone = i == 0 ? lead : by >>> 4;
            int d = by & 15;
            if (zone != lead || d > 9) {
                invalid = true;
                break;
            }
            int n = i + 1;
            if (n < 16) rl = withDigit(rl, n, d);
            else rh = withDigit(rh, n - 16, d);
        }
        boolean negative = ps == 1 ? sgnb == 0xB || sgnb == 0xD : (sgnb & 4) != 0;
        rl = withDigit(rl, 0, negative ? 0xD : 0xC);
        finish(c, w, rh, rl, invalid ? SO : compareZero(rh, rl));
    }

    /** bcdctz. VRT,VRB,PS: decimal to 16 zoned digits, the sign in the zone of the last. */
    static void bcdctz(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long bh = c.vsr[b], bl = c.vsr[b + 1];
        int ps = ps(w);
        int sgnb = sign(bl);
        int lead = ps == 1 ? 0xF0 : 0x30;
        boolean invalid = sgnb == 0;
        boolean ox = (bh >>> 4) != 0;
        long rh = 0, rl = 0;
        for (int i = 0; i < 16; i++) {
            int d = digit(bh, bl, i + 1);
            if (d > 9) invalid = true;
            if (invalid) break; // an invalid sign also stops the conversion (as qemu)
            int pos = 15 - i;
            long val = lead + d;
            if (pos < 8) rh |= val << (56 - 8 * pos);
            else rl |= val << (56 - 8 * (pos - 8));
        }
        int zone = ps == 1 ? (sgnb == 1 ? 0xC : 0xD) : (sgnb == 1 ? 0x3 : 0x7);
        rl = withDigit(rl, 1, zone);
        int cr = compareZero(bh, bl) | (ox ? SO : 0);
        finish(c, w, rh, rl, invalid ? SO : cr);
    }

    /** bcdcfn. VRT,VRB,PS: 7 national (UTF-16) digits and a national sign to decimal. */
    static void bcdcfn(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long bh = c.vsr[b], bl = c.vsr[b + 1];
        int sgn = (int) bl & 0xFFFF;
        boolean invalid = sgn != 0x2B && sgn != 0x2D;
        long rl = 0;
        for (int n = 1; n < 8; n++) {
            int h = (int) ((n < 4 ? bl >>> (16 * n) : bh >>> (16 * (n - 4))) & 0xFFFF);
            if (h < 0x30 || h > 0x39) {
                invalid = true;
                break;
            }
            rl = withDigit(rl, n, h & 15);
        }
        rl = withDigit(rl, 0, sgn == 0x2B ? preferredSign(1, ps(w)) : 0xD);
        finish(c, w, 0, rl, invalid ? SO : compareZero(0, rl));
    }

    /** bcdctn. VRT,VRB: the low 7 digits to national characters; SO when digits are lost. */
    static void bcdctn(Cpu c, int w) {
        vec(c);
        int b = vrb(w);
        long bh = c.vsr[b], bl = c.vsr[b + 1];
        int sgnb = sign(bl);
        boolean invalid = sgnb == 0;
        boolean ox = bh != 0 || (bl >>> 32) != 0;
        long rh = 0, rl = 0;
        for (int n = 1; n < 8; n++) {
            int d = digit(bh, bl, n);
            long h = 0x30 + d;
            if (n < 4) rl |= h << (16 * n);
            else rh |= h << (16 * (n - 4));
            if (d > 9) invalid = true;
            if (invalid) break; // an invalid sign also stops after the first digit (as qemu)
        }
        rl |= sgnb == -1 ? 0x2D : 0x2B;
        int cr = compareZero(bh, bl) | (ox ? SO : 0);
        finish(c, w, rh, rl, invalid ? SO : cr);
    }

    // ---- 128-bit shifts of a digit string held as (high, low) doublewords, 0 < sh < 128 ----

    /** True if a left shift by {@code sh} bits drops non-zero bits off the top. */
    private static boolean shiftedOutLeft(long hi, long lo, int sh) {
        if (sh < 64) return (hi >>> (64 - sh)) != 0;
        return hi != 0 || sh > 64 && (lo >>> (128 - sh)) != 0;
    }

    private static long shlHigh(long hi, long lo, int sh) {
        return sh < 64 ? (hi << sh) | (lo >>> (64 - sh)) : sh == 64 ? lo : lo << (sh - 64);
    }

    private static long shlLow(long lo, int sh) {
        return sh < 64 ? lo << sh : 0;
    }

    private static long shrLow(long hi, long lo, int sh) {
        return sh < 64 ? (lo >>> sh) | (hi << (64 - sh)) : sh == 64 ? hi : hi >>> (sh - 64);
    }

    private static long shrHigh(long hi, int sh) {
        return sh < 64 ? hi >>> sh : 0;
    }

    // ---- by whole digits: i > 0 shifts left, i < 0 right, |i| <= 31 (bcds., bcdsr., bcdus.) ----

    private static long digitShiftHigh(long hi, long lo, int i) {
        return i > 0 ? shlHigh(hi, lo, 4 * i) : i < 0 ? shrHigh(hi, -4 * i) : hi;
    }

    private static long digitShiftLow(long hi, long lo, int i) {
        return i > 0 ? shlLow(lo, 4 * i) : i < 0 ? shrLow(hi, lo, -4 * i) : lo;
    }

    /** True if a left digit shift (i > 0) drops non-zero digits off the top. */
    private static boolean digitShiftOverflows(long hi, long lo, int i) {
        return i > 0 && shiftedOutLeft(hi, lo, 4 * i);
    }

    // ---- the low n digits, 0 <= n <= 32, of (high, low) (bcdtrunc., bcdutrunc.) ----

    private static long keepHigh(long hi, int n) {
        return n > 16 ? hi & (-1L >>> (128 - 4 * n)) : 0;
    }

    private static long keepLow(long lo, int n) {
        return n >= 16 ? lo : n <= 0 ? 0 : lo & (-1L >>> (64 - 4 * n));
    }

    /**
     * bcds./bcdsr. VRT,VRA,VRB,PS: shift the digits of VRB left (positive) or right by the signed
     * byte 7 of VRA, clamped to 31; bcdsr rounds a right shift on the last digit shifted out.
     */
    static void bcds(Cpu c, int w, boolean round) {
        vec(c);
        long[] v = c.vsr;
        int b = vrb(w);
        long bh = v[b], bl = v[b + 1];
        int sgnb = sign(bl);
        if (sgnb == 0 || !digitsValid(bh, bl, 1)) {
            c.setCrField(6, SO);
            return;
        }
        int i = (byte) v[vra(w)];
        i = Math.max(-31, Math.min(31, i));
        long digits = bl & ~15L;
        long rh = digitShiftHigh(bh, digits, i), rl = digitShiftLow(bh, digits, i);
        boolean ox = digitShiftOverflows(bh, digits, i);
        if (round && i <= 0 && (rl & 15) >= 5) {
            // add 1 to digit 1, carrying through the digits (a carry out of digit 31 is lost)
            for (int n = 1; n <= 31; n++) {
                int d = digit(rh, rl, n) + 1;
                if (d > 9) d -= 10;
                if (n < 16) rl = withDigit(rl, n, d);
                else rh = withDigit(rh, n - 16, d);
                if (d != 0) break;
            }
        }
        rl = withDigit(rl, 0, preferredSign(sgnb, ps(w)));
        finish(c, w, rh, rl, compareZero(rh, rl) | (ox ? SO : 0));
    }

    /** bcdtrunc. VRT,VRA,VRB,PS: keep the low (halfword 3 of VRA) digits of VRB. */
    static void bcdtrunc(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int b = vrb(w);
        long bh = v[b], bl = v[b + 1];
        int sgnb = sign(bl);
        if (sgnb == 0 || !digitsValid(bh, bl, 1)) {
            c.setCrField(6, SO);
            return;
        }
        int i = (short) v[vra(w)] + 1;
        // i = 0 (no digits, not even the sign): qemu's low mask is then a shift by 64, which an
        // x86 host takes as 0, so the whole low doubleword stays; keeping 16 digits does the same.
        if (i == 0) i = 16;
        long rh = bh, rl = bl;
        if (i > 0 && i < 32) {
            rh = keepHigh(bh, i);
            rl = keepLow(bl, i);
        }
        boolean ox = rh != bh || rl != bl;
        rl = withDigit(rl, 0, preferredSign(sgnb, ps(w)));
        finish(c, w, rh, rl, compareZero(rh, rl) | (ox ? SO : 0));
    }

    /**
     * bcdus. VRT,VRA,VRB: shift the 32 unsigned digits of VRB by the signed byte 7 of VRA. CR6
     * as qemu reports it: EQ when digits 1..31 are zero, else LT (digit 0 is no sign code).
     */
    static void bcdus(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int b = vrb(w);
        long bh = v[b], bl = v[b + 1];
        if (!digitsValid(bh, bl, 0)) {
            c.setCrField(6, SO);
            return;
        }
        int i = (byte) v[vra(w)];
        long rh = 0, rl = 0;
        boolean ox = i >= 32; // a shift out of all 32 digits overflows even when they are zero
        if (i > -32 && i < 32) {
            rh = digitShiftHigh(bh, bl, i);
            rl = digitShiftLow(bh, bl, i);
            ox = digitShiftOverflows(bh, bl, i);
        }
        finish(c, w, rh, rl, compareZero(rh, rl) | (ox ? SO : 0));
    }

    /** bcdutrunc. VRT,VRA,VRB: keep the low (halfword 3 of VRA) unsigned digits of VRB. */
    static void bcdutrunc(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int b = vrb(w);
        long bh = v[b], bl = v[b + 1];
        if (!digitsValid(bh, bl, 0)) {
            c.setCrField(6, SO);
            return;
        }
        int i = (short) v[vra(w)];
        long rh = bh, rl = bl;
        if (i >= 0 && i <= 32) {
            rh = keepHigh(bh, i);
            rl = keepLow(bl, i);
        }
        boolean ox = rh != bh || rl != bl;
        finish(c, w, rh, rl, ((rh | rl) == 0 ? EQ : GT) | (ox ? SO : 0));
    }
}
