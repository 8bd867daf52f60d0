package org.jpseries.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One differential test program under {@code tests/diff/}: a C or assembly source whose leading
 * comment lines carry directives.
 *
 * <pre>
 * // cpus: power8 power9 power10     CPU models to build and run for (default: power9)
 * // cflags: -O2 -mcpu=$CPU          compiler flags; $CPU is replaced (default: -O2 -mcpu=$CPU)
 * // args: a b c                     program arguments
 * // stdin: text                     standard input (escapes \n \t)
 * // isa-exception: SECTION: WHY     qemu-ppc64le departs from the PowerISA here; jpseries must
 *                                     print NAME.expected (per-CPU NAME.CPU.expected) instead of
 *                                     qemu's output, and qemu must still differ from it
 * </pre>
 * Assembly files ({@code .S}) are linked with {@code -nostdlib} unless they say {@code // cflags:}.
 */
public record DiffProgram(Path source, String facility, List<String> cpus, String cflags, List<String> args,
                   String stdin, String isaException) {

    public static DiffProgram parse(Path root, Path source) throws IOException {
        List<String> cpus = List.of("power9");
        boolean asm = source.toString().endsWith(".S");
        String cflags = asm ? "-nostdlib -mcpu=$CPU" : "-O2 -mcpu=$CPU";
        List<String> args = List.of();
        String stdin = "";
        String exception = null;
        for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (!(l.startsWith("//") || l.startsWith("#") || l.startsWith("/*") || l.startsWith("*"))) break;
            l = l.replaceFirst("^(//|#|/\\*|\\*)\\s*", "");
            int colon = l.indexOf(':');
            if (colon < 0) continue;
            String key = l.substring(0, colon).strip();
            String value = l.substring(colon + 1).strip();
            switch (key) {
                case "cpus" -> cpus = List.of(value.split("\\s+"));
                case "cflags" -> cflags = value;
                case "args" -> args = value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
                case "stdin" -> stdin = value.replace("\\n", "\n").replace("\\t", "\t");
                case "isa-exception" -> exception = value;
                default -> { }
            }
        }
        Path rel = root.relativize(source);
        String facility = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
        return new DiffProgram(source, facility, cpus, cflags, new ArrayList<>(args), stdin, exception);
    }

    public String name() {
        String f = source.getFileName().toString();
        return f.substring(0, f.lastIndexOf('.'));
    }

    public List<String> cflagsFor(String cpu) {
        return Arrays.asList(cflags.replace("$CPU", cpu).split("\\s+"));
    }
}
