package org.jpseries.monitor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * QEMU's size and number syntax for human monitor arguments (util/cutils.c): qemu_strtosz
 * ("100M", "1.5G", "0x10", a decimal integer with an optional fraction and suffix B, K, M, G, T,
 * P or E in powers of 1024) and qemu_strtou64 with base 0 (as the string input visitor reads
 * an integer).
 */
final class QemuSize {
    private QemuSize() {}

    /** The text is not a size. */
    static final class Invalid extends Exception {
        /** It is one, but beyond 2^64 - 1 (QEMU's -ERANGE). */
        final boolean range;

        Invalid(boolean range) {
            super(null, null, false, false);
            this.range = range;
        }
    }

    private static final BigInteger UINT64_END = BigInteger.ONE.shiftLeft(64);

    /**
     * QEMU's do_strtosz: the whole of {@code s}, in units of {@code defaultSuffix} ('B' or 'M')
     * when it has no suffix; a fraction needs a unit above bytes and rounds to the nearest byte,
     * half up, as QEMU's 64.64 fixed point does. Returns the size as an unsigned 64-bit value.
     */
    static long parse(String s, char defaultSuffix) throws Invalid {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        if (i < s.length() && s.charAt(i) == '+') i++; // strtoull takes a plus sign (a minus is refused)
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == start) throw new Invalid(false); // no digits, a sign, or nothing: QEMU's -EINVAL
        BigInteger val = new BigInteger(s.substring(start, i));
        if (val.compareTo(UINT64_END) >= 0) throw new Invalid(true);
        BigDecimal fraction = BigDecimal.ZERO;
        if (val.signum() == 0 && i < s.length() && (s.charAt(i) == 'x' || s.charAt(i) == 'X')) {
            // hexadecimal: no fraction, no suffix
            int h = ++i;
            while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) i++;
            if (i == h) throw new Invalid(false);
            val = new BigInteger(s.substring(h, i), 16);
            if (val.compareTo(UINT64_END) >= 0) throw new Invalid(true);
            if (i < s.length() && (s.charAt(i) == '.' || multiplier(s.charAt(i)) > 0)) throw new Invalid(false);
        } else if (i < s.length() && s.charAt(i) == '.') {
            int f = i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) throw new Invalid(false); // an exponent: invalid
            if (i > f + 1) fraction = new BigDecimal(s.substring(f, i)); // "1." and "1.k" have none
        }
        long mul = 1;
        if (i < s.length() && multiplier(s.charAt(i)) > 0) mul = multiplier(s.charAt(i++));
        else mul = multiplier(defaultSuffix);
        if (i != s.length()) throw new Invalid(false);
        if (mul == 1) {
            if (fraction.signum() != 0) throw new Invalid(false);
            return val.longValue();
        }
        // QEMU: valf = (uint64_t)(fraction * 2^64) from a double; the result rounds 0.5 up
        BigInteger valf = new BigDecimal(fraction.doubleValue()).multiply(new BigDecimal(UINT64_END)).toBigInteger();
        BigInteger m = BigInteger.valueOf(mul);
        BigInteger fixed = val.multiply(m).shiftLeft(64).add(valf.multiply(m)).add(BigInteger.ONE.shiftLeft(63));
        BigInteger r = fixed.shiftRight(64);
        if (r.compareTo(UINT64_END) >= 0) throw new Invalid(true);
        return r.longValue();
    }

    /** QEMU's suffix_mul with unit 1024; -1 for a character that is no suffix. */
    private static long multiplier(char c) {
        return switch (Character.toUpperCase(c)) {
            case 'B' -> 1;
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            case 'P' -> 1L << 50;
            case 'E' -> 1L << 60;
            default -> -1;
        };
    }

    /**
     * qemu_strtou64(s, NULL, 0, ...): the whole text as a decimal, 0x hexadecimal or 0 octal
     * number, a leading minus negating it modulo 2^64 (strtoull). Returns null if it is not one.
     */
    static Long uint64(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) t = t.substring(1);
        int radix = 10;
        if (t.startsWith("0x")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty()) return null;
        BigInteger v;
        try {
            v = new BigInteger(t, radix);
        } catch (NumberFormatException e) {
            return null;
        }
        if (v.compareTo(UINT64_END) >= 0) return null; // ERANGE
        return negative ? -v.longValue() : v.longValue();
    }
}
