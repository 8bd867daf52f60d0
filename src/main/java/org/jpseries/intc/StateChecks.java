package org.jpseries.intc;

import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The checks the interrupt controllers' loaders share, so that every refusal reads the same: one
 * line naming the section, the field and, for a table, the entry (as an interrupt or END number).
 */
public final class StateChecks {
    private StateChecks() {}

    /** A configuration value of the stream must be this machine's (another -smp, another machine type). */
    public static void requireSame(Section s, String field, int here, String hint) throws StateException {
        int v = s.i32(field);
        if (v != here) throw new StateException("section " + s.label() + ": field " + field + " = " + v + ", this machine has " + here + hint);
    }

    /** "section X: field f: {what} 0x{i}", the start of a message about one entry of a table. */
    public static String entry(Section s, String field, String what, int i) {
        return "section " + s.label() + ": field " + field + ": " + what + " 0x" + Integer.toHexString(i);
    }

    /** The table {@code field}: exactly {@code length} bytes, each within 0..max (entry {@code i} named {@code what base+i}). */
    public static byte[] bytesWithin(Section s, String field, int length, int max, String what, int base) throws StateException {
        byte[] v = s.bytes(field);
        requireLength(s, field, v.length, length);
        for (int i = 0; i < v.length; i++) {
            if ((v[i] & 0xff) > max) throw outside(s, field, what, base + i, v[i] & 0xff, 0, max);
        }
        return v;
    }

    /** The table {@code field}: exactly {@code length} ints, each within lo..hi (entry {@code i} named {@code what base+i}). */
    public static int[] intsWithin(Section s, String field, int length, int lo, int hi, String what, int base) throws StateException {
        int[] v = s.ints(field);
        requireLength(s, field, v.length, length);
        for (int i = 0; i < v.length; i++) {
            if (v[i] < lo || v[i] > hi) throw outside(s, field, what, base + i, v[i], lo, hi);
        }
        return v;
    }

    private static void requireLength(Section s, String field, int got, int length) throws StateException {
        if (got != length) throw new StateException("section " + s.label() + ": field " + field + " has " + got + " values, expected " + length);
    }

    private static StateException outside(Section s, String field, String what, int i, int v, int lo, int hi) {
        return new StateException(entry(s, field, what, i) + " is 0x" + Integer.toHexString(v) + ", outside 0x" + Integer.toHexString(lo) + "..0x"
                + Integer.toHexString(hi));
    }
}
