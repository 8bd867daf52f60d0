package org.jpseries.isa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps instruction words to {@link Op}s using the masks derived from the CSV table. Candidates are
 * bucketed by primary opcode and tried most specific first (so {@code mfcr} wins over
 * {@code mfocrf} bits it shares, and {@code nop}-like special forms over their general forms),
 * as Go's ppc64asm does. The interpreter decodes once per instruction address and caches the
 * result, so this is not on the hot path.
 */
public final class Decoder {
    private static final Op[][] BY_PRIMARY = new Op[64][];
    private static final Op[][] PREFIXED_BY_SUFFIX_PRIMARY = new Op[64][];

    static {
        List<List<Op>> plain = new ArrayList<>();
        List<List<Op>> prefixed = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            plain.add(new ArrayList<>());
            prefixed.add(new ArrayList<>());
        }
        for (Op op : Op.values()) {
            Encoding e = op.encoding;
            int word = e.prefixed() ? 1 : 0;
            // Most rows fix all six primary-opcode bits; a few prefixed suffixes (plxv, pstxv)
            // use five, with the sixth an operand bit, and pnop takes any suffix.
            int m = e.mask(word) & 0xFC000000;
            if (!e.prefixed() && Integer.bitCount(m) < 6) throw new ExceptionInInitializerError("no primary opcode for " + op);
            for (int primary = 0; primary < 64; primary++) {
                if (((primary << 26) & m) == (e.value(word) & m)) (e.prefixed() ? prefixed : plain).get(primary).add(op);
            }
        }
        Comparator<Op> order = Comparator.comparingInt((Op o) -> -o.encoding.specificity())
                .thenComparingInt(Op::ordinal);
        for (int i = 0; i < 64; i++) {
            plain.get(i).sort(order);
            prefixed.get(i).sort(order);
            BY_PRIMARY[i] = plain.get(i).toArray(Op[]::new);
            PREFIXED_BY_SUFFIX_PRIMARY[i] = prefixed.get(i).toArray(Op[]::new);
        }
    }

    private Decoder() {}

    /** Primary opcode 1 introduces a 64-bit prefixed instruction (PowerISA 3.1 Book I 1.6.3). */
    public static boolean isPrefix(int word) {
        return (word >>> 26) == 1;
    }

    /** Decodes a 32-bit instruction word, or returns null if no table row matches. */
    public static Op decode(int word) {
        for (Op op : BY_PRIMARY[word >>> 26]) {
            if ((word & op.encoding.mask(0)) == op.encoding.value(0)) return op;
        }
        return null;
    }

    /** Decodes a prefixed instruction (prefix word, suffix word), or returns null. */
    public static Op decodePrefixed(int prefix, int suffix) {
        for (Op op : PREFIXED_BY_SUFFIX_PRIMARY[suffix >>> 26]) {
            if (op.encoding.matches(prefix, suffix)) return op;
        }
        return null;
    }
}
