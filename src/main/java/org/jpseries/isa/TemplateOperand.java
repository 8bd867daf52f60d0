package org.jpseries.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operand in a mnemonic variant or an extended-mnemonic template: an operand name printed as
 * {@code isa/fields.csv} says ({@code RA}, {@code D(RA)} puts RA in parentheses), or
 * {@code kind(expression)} printed as that kind ({@code dec(64-SH)}, {@code crf(BI/4)});
 * {@code kind?(expression)} is omitted when zero, as objdump omits an optional operand. Any other
 * text is an expression printed in decimal.
 */
final class TemplateOperand {
    private static final Pattern KIND_EXPR = Pattern.compile("([a-z][a-z0-9]*)(\\??)\\((.*)\\)");
    private static final Pattern PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    final String name;
    final Expr expr;
    final OperandRule.Kind kind;
    final boolean optionalWhenZero;
    final boolean paren;

    private TemplateOperand(String name, Expr expr, OperandRule.Kind kind, boolean optionalWhenZero, boolean paren) {
        this.name = name;
        this.expr = expr;
        this.kind = kind;
        this.optionalWhenZero = optionalWhenZero;
        this.paren = paren;
    }

    static List<TemplateOperand> parseList(String text) {
        List<TemplateOperand> out = new ArrayList<>();
        text = text.strip();
        if (text.isEmpty()) return out;
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                parseOne(text.substring(start, i).strip(), out);
                start = i + 1;
            }
        }
        return out;
    }

    private static void parseOne(String tok, List<TemplateOperand> out) {
        Matcher m = KIND_EXPR.matcher(tok);
        if (m.matches() && isKind(m.group(1))) {
            out.add(new TemplateOperand(null, Expr.parse(m.group(3)),
                    OperandRule.Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT)), !m.group(2).isEmpty(), false));
            return;
        }
        m = PAIR.matcher(tok);
        if (m.matches()) {
            out.add(new TemplateOperand(m.group(1), null, null, false, false));
            out.add(new TemplateOperand(m.group(2), null, null, false, true));
            return;
        }
        if (NAME.matcher(tok).matches()) {
            out.add(new TemplateOperand(tok, null, null, false, false));
            return;
        }
        out.add(new TemplateOperand(null, Expr.parse(tok), OperandRule.Kind.DEC, false, false));
    }

    private static boolean isKind(String s) {
        for (OperandRule.Kind k : OperandRule.Kind.values()) if (k.name().equalsIgnoreCase(s)) return true;
        return false;
    }

    long value(Disassembler.Insn insn) {
        return expr != null ? expr.eval(insn) : insn.applyAsLong(name);
    }

    OperandRule.Kind kind(Disassembler.Insn insn) {
        if (kind != null) return kind;
        OperandRule r = insn.rule(name);
        return r != null ? r.kind : OperandRule.Kind.DEC;
    }

    long optionalDefault(Disassembler.Insn insn) {
        if (expr != null) return 0;
        OperandRule r = insn.rule(name);
        return r != null ? r.optionalDefault : 0;
    }

    boolean optional(Disassembler.Insn insn) {
        if (expr != null) return optionalWhenZero;
        OperandRule r = insn.rule(name);
        return r != null && r.optional;
    }
}
