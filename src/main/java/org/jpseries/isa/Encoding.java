package org.jpseries.isa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instruction's encoding as pp64.csv writes it: {@code value@startbit|} fields for one word,
 * or {@code ,prefix-fields,suffix-fields} for a 64-bit prefixed instruction. Bit numbers are the
 * ISA's (bit 0 is the most significant bit of the 32-bit word).
 *
 * <p>A field whose name is a number is a constant opcode bit range; "/", "//", "///" are reserved
 * bits (ignored when decoding, as the ISA's "should be zero" rule allows, Book I 1.3.3); any other name is an
 * operand field. A name may appear more than once in a word (split fields such as {@code sh}),
 * and the parts concatenate in order of appearance.
 */
public final class Encoding {
    /** One contiguous bit range of a named operand field. */
    public record Part(int word, int start, int width) {
        /** Extracts this part's bits from a word. */
        public int extract(int w) {
            return (w >>> (32 - start - width)) & ((1 << width) - 1);
        }
    }

    private final int[] mask;
    private final int[] value;
    private final Map<String, List<Part>> fields;

    private Encoding(int[] mask, int[] value, Map<String, List<Part>> fields) {
        this.mask = mask;
        this.value = value;
        this.fields = fields;
    }

    public static Encoding parse(String enc) {
        String[] words = enc.startsWith(",") ? enc.substring(1).split(",") : new String[] {enc};
        int[] mask = new int[words.length];
        int[] value = new int[words.length];
        Map<String, List<Part>> fields = new LinkedHashMap<>();
        for (int wi = 0; wi < words.length; wi++) {
            String[] items = words[wi].split("\\|");
            List<String> names = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            for (String item : items) {
                if (item.isEmpty()) continue;
                int at = item.lastIndexOf('@');
                if (at < 0) throw new IllegalArgumentException("bad field '" + item + "' in " + enc);
                names.add(item.substring(0, at));
                starts.add(Integer.parseInt(item.substring(at + 1)));
            }
            for (int i = 0; i < names.size(); i++) {
                int start = starts.get(i);
                int end = i + 1 < names.size() ? starts.get(i + 1) : 32;
                int width = end - start;
                if (width <= 0 || end > 32) throw new IllegalArgumentException("bad field layout in " + enc);
                String name = names.get(i);
                int shift = 32 - end;
                int bits = (width == 32 ? -1 : ((1 << width) - 1)) << shift;
                if (Character.isDigit(name.charAt(0))) {
                    long v = Long.parseLong(name);
                    if (v >= (1L << width)) throw new IllegalArgumentException("constant " + v + " too wide in " + enc);
                    mask[wi] |= bits;
                    value[wi] |= (int) (v << shift);
                } else if (!name.startsWith("/")) {
                    fields.computeIfAbsent(name, k -> new ArrayList<>()).add(new Part(wi, start, width));
                }
            }
        }
        return new Encoding(mask, value, fields);
    }

    public boolean prefixed() {
        return mask.length == 2;
    }

    /** Mask of the constant bits of word {@code i} (0 = the only word, or the prefix). */
    public int mask(int i) {
        return mask[i];
    }

    public int value(int i) {
        return value[i];
    }

    /** Number of constant bits, used to try more specific encodings first. */
    public int specificity() {
        int n = 0;
        for (int m : mask) n += Integer.bitCount(m);
        return n;
    }

    public boolean matches(int w0, int w1) {
        if ((w0 & mask[0]) != value[0]) return false;
        return mask.length == 1 || (w1 & mask[1]) == value[1];
    }

    public Map<String, List<Part>> fields() {
        return fields;
    }

    /** Unsigned value of a named field (parts concatenated), or -1 if the encoding has no such field. */
    public long field(String name, int w0, int w1) {
        List<Part> parts = fields.get(name);
        if (parts == null) return -1;
        long v = 0;
        for (Part p : parts) v = (v << p.width()) | p.extract(p.word() == 0 ? w0 : w1);
        return v;
    }

    /** Total width in bits of a named field, or 0. */
    public int fieldWidth(String name) {
        List<Part> parts = fields.get(name);
        if (parts == null) return 0;
        int n = 0;
        for (Part p : parts) n += p.width();
        return n;
    }
}
