package org.jpseries.isa;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A test such as {@code RA=0}, {@code RS=RB} or {@code ME=63-SH} from a mnemonic variant in
 * pp64.csv or a row of {@code isa/extended.csv}. Relations: {@code = != < > <= >=}. A condition
 * naming something the instruction lacks is false.
 */
record Condition(Expr left, String relation, Expr right) {
    static Condition parse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            char prev = i > 0 ? text.charAt(i - 1) : 0;
            String rel = null;
            if (c == '!' && next == '=') rel = "!=";
            else if ((c == '<' || c == '>') && next == '=') rel = c + "=";
            else if (c == '=') rel = "=";
            else if ((c == '<' || c == '>') && next != c && prev != c) rel = String.valueOf(c);
            if (rel != null) {
                return new Condition(Expr.parse(text.substring(0, i)), rel, Expr.parse(text.substring(i + rel.length())));
            }
        }
        throw new IllegalArgumentException("no relation in condition '" + text + "'");
    }

    boolean test(ToLongFunction<String> env) {
        long a;
        long b;
        try {
            a = left.eval(env);
            b = right.eval(env);
        } catch (Expr.Unknown e) {
            return false;
        }
        return switch (relation) {
            case "=" -> a == b;
            case "!=" -> a != b;
            case "<" -> a < b;
            case ">" -> a > b;
            case "<=" -> a <= b;
            case ">=" -> a >= b;
            default -> false;
        };
    }

    static boolean all(List<Condition> conds, ToLongFunction<String> env) {
        for (Condition c : conds) if (!c.test(env)) return false;
        return true;
    }
}
