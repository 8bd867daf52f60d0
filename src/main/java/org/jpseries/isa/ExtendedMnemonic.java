package org.jpseries.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code isa/extended.csv}: an extended (simplified) mnemonic, PowerISA Book I
 * Appendix C, that objdump prints instead of a base mnemonic when the conditions hold.
 *
 * <p>Columns: description; template, "mnemonic operands" where the mnemonic may contain
 * {@code {cc:E}} (lt/gt/eq/so for E&3), {@code {ncc:E}} (ge/le/ne/ns), {@code {hint:E}} ("-" for 2,
 * "+" for 3, else nothing: the branch "at" hint, Book I 2.4), {@code {yhint:E}} (as hint, but "+"
 * also for 1: objdump reads the pre-2.00 "y" bit of bclr/bcctr that way), {@code {?E:text}} (text when E is not
 * zero) and {@code {.}} ("." when the base mnemonic ends in "."), and operands are as in
 * {@link TemplateOperand}; conditions, space-separated {@link Condition}s; base mnemonics, the
 * '|'-separated variant names (from pp64.csv's mnemonic column) the row replaces. Rows are tried in
 * file order; the first whose conditions hold wins.
 */
final class ExtendedMnemonic {
    private static final String[] CC = {"lt", "gt", "eq", "so"};
    private static final String[] NCC = {"ge", "le", "ne", "ns"};

    private sealed interface Piece permits Text, Func {}

    private record Text(String text) implements Piece {}

    private record Func(String fn, Expr expr, String text) implements Piece {}

    final String description;
    private final List<Piece> mnemonic = new ArrayList<>();
    final List<TemplateOperand> operands;
    /** objdump's trailing comment operand ("\t# address" of a PC-relative access), or null. */
    final TemplateOperand comment;
    final List<Condition> conditions = new ArrayList<>();
    final String[] bases;

    ExtendedMnemonic(String[] row) {
        this.description = row[0];
        String t = row[1].strip();
        int hash = t.indexOf(" # ");
        this.comment = hash < 0 ? null : TemplateOperand.parseList(t.substring(hash + 3)).getFirst();
        if (hash >= 0) t = t.substring(0, hash).strip();
        int sp = t.indexOf(' ');
        String m = sp < 0 ? t : t.substring(0, sp);
        this.operands = TemplateOperand.parseList(sp < 0 ? "" : t.substring(sp + 1));
        int i = 0;
        while (i < m.length()) {
            int open = m.indexOf('{', i);
            if (open < 0) {
                mnemonic.add(new Text(m.substring(i)));
                break;
            }
            if (open > i) mnemonic.add(new Text(m.substring(i, open)));
            int close = m.indexOf('}', open);
            if (close < 0) throw new IllegalArgumentException("unclosed { in " + t);
            String body = m.substring(open + 1, close);
            if (body.equals(".")) {
                mnemonic.add(new Func(".", null, null));
            } else if (body.startsWith("?")) {
                int colon = body.lastIndexOf(':');
                mnemonic.add(new Func("?", Expr.parse(body.substring(1, colon)), body.substring(colon + 1)));
            } else {
                int colon = body.indexOf(':');
                String fn = body.substring(0, colon);
                if (!fn.equals("cc") && !fn.equals("ncc") && !fn.equals("hint") && !fn.equals("yhint")) throw new IllegalArgumentException("unknown {" + fn + "} in " + t);
                mnemonic.add(new Func(fn, Expr.parse(body.substring(colon + 1)), null));
            }
            i = close + 1;
        }
        for (String c : row[2].strip().split("\\s+")) if (!c.isEmpty()) conditions.add(Condition.parse(c));
        this.bases = row[3].strip().split("\\|");
    }

    String mnemonic(Disassembler.Insn insn) {
        StringBuilder sb = new StringBuilder();
        for (Piece p : mnemonic) {
            switch (p) {
                case Text tx -> sb.append(tx.text());
                case Func f -> {
                    switch (f.fn()) {
                        case "." -> {
                            if (insn.variant.name().endsWith(".")) sb.append('.');
                        }
                        case "?" -> {
                            if (f.expr().eval(insn) != 0) sb.append(f.text());
                        }
                        case "cc" -> sb.append(CC[(int) (f.expr().eval(insn) & 3)]);
                        case "ncc" -> sb.append(NCC[(int) (f.expr().eval(insn) & 3)]);
                        case "hint" -> {
                            long h = f.expr().eval(insn);
                            if (h == 2) sb.append('-');
                            else if (h == 3) sb.append('+');
                        }
                        case "yhint" -> {
                            long h = f.expr().eval(insn);
                            if (h == 2) sb.append('-');
                            else if (h == 1 || h == 3) sb.append('+');
                        }
                        default -> throw new IllegalStateException(f.fn());
                    }
                }
            }
        }
        return sb.toString();
    }
}
