package org.jpseries.state.stream;

import java.io.PrintStream;
import org.jpseries.state.FieldType;
import org.jpseries.state.Section;

/**
 * Prints a section for {@code jpseries-stream dump}: its fields one a line (scalars in hex,
 * arrays abbreviated to their length, first elements and non-zero count unless verbose) and its
 * subsections indented below it.
 */
final class SectionPrinter {
    /** Elements shown of an array when not verbose. */
    static final int SHOWN = 4;
    /** Bytes shown of a byte array when not verbose. */
    static final int SHOWN_BYTES = 16;

    private final PrintStream out;
    private final boolean verbose;

    SectionPrinter(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    void fieldsAndSubsections(Section s, String indent) {
        int width = 0;
        for (String f : s.fieldNames()) width = Math.max(width, f.length());
        for (String f : s.fieldNames()) {
            Object v = s.rawValue(f);
            out.println(indent + pad(f, width) + "  " + pad(FieldType.of(v).name().toLowerCase(java.util.Locale.ROOT), 7) + value(v, indent + " ".repeat(width + 9)));
        }
        for (Section sub : s.subsections()) {
            out.println(indent + "+ " + sub.label() + " v" + sub.version() + subsCount(sub));
            fieldsAndSubsections(sub, indent + "    ");
        }
    }

    static String subsCount(Section s) {
        int n = s.subsections().size();
        return n == 0 ? "" : ", " + n + (n == 1 ? " subsection" : " subsections");
    }

    private String value(Object v, String contIndent) {
        return switch (v) {
            case Boolean b -> b.toString();
            case Integer i -> "0x" + Integer.toHexString(i);
            case Long l -> "0x" + Long.toHexString(l);
            case String str -> quote(str);
            case byte[] a -> bytes(a, contIndent);
            case int[] a -> elements(a.length, i -> "0x" + Integer.toHexString(a[i]), i -> a[i] != 0, contIndent);
            case long[] a -> elements(a.length, i -> "0x" + Long.toHexString(a[i]), i -> a[i] != 0, contIndent);
            default -> String.valueOf(v);
        };
    }

    private String elements(int n, java.util.function.IntFunction<String> el, java.util.function.IntPredicate nonZero, String contIndent) {
        StringBuilder sb = new StringBuilder("[" + n + "]");
        int shown = verbose ? n : Math.min(n, SHOWN);
        for (int i = 0; i < shown; i++) {
            if (verbose && i > 0 && i % 4 == 0) sb.append('\n').append(contIndent).append(" ".repeat(("[" + n + "]").length()));
            sb.append(' ').append(el.apply(i));
        }
        if (!verbose && n > shown) {
            int nz = 0;
            for (int i = 0; i < n; i++) if (nonZero.test(i)) nz++;
            sb.append(" ... (").append(nz).append(" non-zero)");
        }
        return sb.toString();
    }

    private String bytes(byte[] a, String contIndent) {
        StringBuilder sb = new StringBuilder("[" + a.length + "]");
        int shown = verbose ? a.length : Math.min(a.length, SHOWN_BYTES);
        for (int i = 0; i < shown; i++) {
            if (i % 32 == 0) {
                if (i > 0) sb.append('\n').append(contIndent).append(String.format("%" + ("[" + a.length + "]").length() + "x", i));
                sb.append(' ');
            }
            sb.append(String.format("%02x", a[i] & 0xff));
        }
        if (!verbose && a.length > shown) {
            int nz = 0;
            for (byte b : a) if (b != 0) nz++;
            sb.append(" ... (").append(nz).append(" non-zero)");
        }
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') sb.append('\\').appendCodePoint(c);
            else if (c >= 0x20 && c < 0x7f) sb.appendCodePoint(c);
            else if (c == '\n') sb.append("\\n");
            else if (c < 0x10000) sb.append(String.format("\\u%04x", c));
            else sb.append(String.format("\\U%08x", c));
        });
        return sb.append('"').toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
