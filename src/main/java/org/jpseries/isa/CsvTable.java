package org.jpseries.isa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the project's data tables in pp64.csv's format: '#' comment lines, then rows of four
 * double-quoted, comma-separated fields. The tables under {@code isa/} are packaged on the class
 * path as {@code /isa/NAME}.
 */
public final class CsvTable {
    private CsvTable() {}

    /** Rows of the class-path resource {@code /isa/name}, each as its four fields. */
    public static List<String[]> read(String name) {
        InputStream in = CsvTable.class.getResourceAsStream("/isa/" + name);
        if (in == null) throw new IllegalStateException("isa/" + name + " is not on the class path");
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                try {
                    String[] row = parseRow(line);
                    if (row != null) rows.add(row);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("isa/" + name + ":" + n + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Parses one line; null for comments and blank lines. */
    public static String[] parseRow(String line) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) return null;
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) != '"') throw new IllegalArgumentException("expected quote: " + line);
            int end = line.indexOf('"', i + 1);
            if (end < 0) throw new IllegalArgumentException("unterminated quote: " + line);
            out.add(line.substring(i + 1, end));
            i = end + 1;
            if (i < line.length()) {
                if (line.charAt(i) != ',') throw new IllegalArgumentException("expected comma: " + line);
                i++;
            }
        }
        if (out.size() != 4) throw new IllegalArgumentException("expected 4 fields: " + line);
        return out.toArray(String[]::new);
    }
}
