package org.jpseries.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One row of {@code isa/fields.csv}: how an operand named in pp64.csv's mnemonic column is built
 * from encoding fields and how it is printed. pp64.csv gives only bit positions; this table adds
 * what the PowerISA text says about each operand (Book I 1.6.28 "Instruction Fields"): split and
 * swapped fields (spr, sh, mb, TX||T), sign extension (SI, D, BD, LI), scaling (DS, DQ, BD, LI are
 * word/quadword offsets), branch targets relative to the instruction unless AA=1, and the register
 * file an operand names.
 *
 * <p>Columns: operand name; value, a ':'-separated concatenation (most significant first) of
 * encoding fields, each whole ({@code T}) or a bit range of it ({@code spr[5..9]}, ISA bit numbering
 * within the field), or binary literals ({@code 0b1}); format, a space-separated list of a kind (gpr, gpr0, fpr, vr, vsr, acc, crf, crb,
 * dec, target) and modifiers ({@code signed}, {@code shl=N}, {@code opt} or {@code opt=N}: omitted when it and all
 * later optional operands have their default value, 0 or N; {@code zero=N}: a 0 field means N); applies-to, an optional regular expression that the
 * instruction's first mnemonic must match. The first row whose fields all exist in the
 * instruction's encoding and whose applies-to matches is used.
 */
public final class OperandRule {
    public enum Kind { GPR, GPR0, FPR, VR, VSR, ACC, CRF, CRB, DEC, TARGET, PCREL }

    private record Piece(String field, int from, int to) {}

    public final String operand;
    private final List<Piece> pieces = new ArrayList<>();
    public final Kind kind;
    public final boolean signed;
    public final int shift;
    public final boolean optional;
    /** The value at which an optional operand is omitted (opt=N, default 0). */
    public final long optionalDefault;
    /** zero=N: a field value of 0 means N (string instructions' NB, Book I 3.3.6). */
    private final long zeroMeans;
    private final Pattern appliesTo;

    OperandRule(String[] row) {
        this.operand = row[0].strip();
        for (String item : row[1].split(":")) {
            item = item.strip();
            if (item.startsWith("0b")) {
                pieces.add(new Piece(item, -2, item.length() - 2));
                continue;
            }
            int br = item.indexOf('[');
            if (br < 0) {
                pieces.add(new Piece(item, -1, -1));
            } else {
                String range = item.substring(br + 1, item.length() - 1);
                int dots = range.indexOf("..");
                int from = Integer.parseInt((dots < 0 ? range : range.substring(0, dots)).strip());
                int to = dots < 0 ? from : Integer.parseInt(range.substring(dots + 2).strip());
                pieces.add(new Piece(item.substring(0, br), from, to));
            }
        }
        Kind k = null;
        boolean s = false;
        boolean o = false;
        long def = 0;
        long zero = 0;
        int sh = 0;
        for (String tok : row[2].strip().split("\\s+")) {
            if (tok.equals("signed")) s = true;
            else if (tok.equals("opt")) o = true;
            else if (tok.startsWith("opt=")) {
                o = true;
                def = Long.parseLong(tok.substring(4));
            } else if (tok.startsWith("zero=")) zero = Long.parseLong(tok.substring(5));
            else if (tok.startsWith("shl=")) sh = Integer.parseInt(tok.substring(4));
            else k = Kind.valueOf(tok.toUpperCase(Locale.ROOT));
        }
        if (k == null) throw new IllegalArgumentException("no kind for operand " + operand);
        this.kind = k;
        this.signed = s;
        this.shift = sh;
        this.optional = o;
        this.optionalDefault = def;
        this.zeroMeans = zero;
        this.appliesTo = row[3].isBlank() ? null : Pattern.compile(row[3].strip());
    }

    /** True if this rule can describe the operand for {@code op}. */
    boolean applies(Op op, String firstMnemonic) {
        for (Piece p : pieces) if (p.from != -2 && op.encoding.fieldWidth(p.field) == 0) return false;
        return appliesTo == null || appliesTo.matcher(firstMnemonic).matches();
    }

    /** The operand's value for the instruction words (w1 is the suffix of a prefixed instruction). */
    public long value(Encoding e, int w0, int w1) {
        long v = 0;
        int width = 0;
        for (Piece p : pieces) {
            if (p.from == -2) { // a literal such as 0b1
                v = (v << p.to) | Long.parseLong(p.field.substring(2), 2);
                width += p.to;
                continue;
            }
            long f = e.field(p.field, w0, w1);
            int fw = e.fieldWidth(p.field);
            if (p.from >= 0) {
                int n = p.to - p.from + 1;
                f = (f >>> (fw - 1 - p.to)) & ((1L << n) - 1);
                fw = n;
            }
            v = (v << fw) | f;
            width += fw;
        }
        if (v == 0 && zeroMeans != 0) return zeroMeans;
        if (signed && width < 64) v = (v << (64 - width)) >> (64 - width);
        return v << shift;
    }
}
