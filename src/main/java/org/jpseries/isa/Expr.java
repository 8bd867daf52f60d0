package org.jpseries.isa;

import java.util.function.ToLongFunction;

/**
 * A tiny integer expression language for the disassembler's data tables ({@code isa/fields.csv},
 * {@code isa/extended.csv}): decimal or 0x literals, names (operands or encoding fields), unary
 * minus, {@code * / % + - << >> & ^ |} with C precedence, and parentheses. Expressions are parsed once
 * and evaluated per instruction against a name lookup.
 */
public abstract class Expr {
    /** Evaluates with {@code env} resolving names; env throws {@link Unknown} for a name it lacks. */
    public abstract long eval(ToLongFunction<String> env);

    /** Thrown by a name lookup for a name the current instruction does not have. */
    public static final class Unknown extends RuntimeException {
        public Unknown(String name) {
            super(name, null, false, false);
        }
    }

    public static Expr parse(String text) {
        Parser p = new Parser(text);
        Expr e = p.binary(0);
        p.skipSpace();
        if (p.pos != text.length()) throw new IllegalArgumentException("trailing text in expression '" + text + "'");
        return e;
    }

    private static final String[][] LEVELS = {{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"}};

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && s.charAt(pos) == ' ') pos++;
        }

        Expr binary(int level) {
            if (level == LEVELS.length) return unary();
            Expr left = binary(level + 1);
            for (;;) {
                skipSpace();
                String found = null;
                for (String op : LEVELS[level]) if (s.startsWith(op, pos)) found = op;
                if (found == null) return left;
                pos += found.length();
                Expr right = binary(level + 1);
                left = new Binary(found.charAt(0), left, right);
            }
        }

        Expr unary() {
            skipSpace();
            if (pos >= s.length()) throw new IllegalArgumentException("expression ends early: '" + s + "'");
            char c = s.charAt(pos);
            if (c == '-') {
                pos++;
                Expr inner = unary();
                return new Binary('-', new Literal(0), inner);
            }
            if (c == '(') {
                pos++;
                Expr inner = binary(0);
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != ')') throw new IllegalArgumentException("missing ) in '" + s + "'");
                pos++;
                return inner;
            }
            int start = pos;
            if (Character.isDigit(c)) {
                while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) pos++;
                String lit = s.substring(start, pos);
                return new Literal(lit.startsWith("0x") ? Long.parseLong(lit.substring(2), 16) : Long.parseLong(lit));
            }
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
            if (start == pos) throw new IllegalArgumentException("unexpected '" + c + "' in '" + s + "'");
            return new Name(s.substring(start, pos));
        }
    }

    private static final class Literal extends Expr {
        final long v;

        Literal(long v) {
            this.v = v;
        }

        @Override
        public long eval(ToLongFunction<String> env) {
            return v;
        }
    }

    private static final class Name extends Expr {
        final String name;

        Name(String name) {
            this.name = name;
        }

        @Override
        public long eval(ToLongFunction<String> env) {
            return env.applyAsLong(name);
        }
    }

    private static final class Binary extends Expr {
        final char op;
        final Expr a;
        final Expr b;

        Binary(char op, Expr a, Expr b) {
            this.op = op;
            this.a = a;
            this.b = b;
        }

        @Override
        public long eval(ToLongFunction<String> env) {
            long x = a.eval(env);
            long y = b.eval(env);
            return switch (op) {
                case '&' -> x & y;
                case '|' -> x | y;
                case '^' -> x ^ y;
                case '<' -> x << y;
                case '>' -> x >> y;
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                case '/' -> y == 0 ? 0 : x / y;
                case '%' -> y == 0 ? 0 : x % y;
                default -> throw new IllegalStateException();
            };
        }
    }
}
