package org.jpseries.isa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares {@link Disassembler} with {@code powerpc64le-linux-gnu-objdump -d} over a section of an
 * ELF file. objdump's listing is streamed (vmlinux's .text is 3.6 million lines); for every line it
 * decodes, the word taken from the listing's bytes is disassembled here and the two texts compared
 * exactly, after dropping objdump's {@code <symbol+offset>} annotations. Lines objdump prints as
 * {@code .long} are excluded, as agreed for the comparison.
 */
public final class ObjdumpComparison {
    public static final String OBJDUMP = "powerpc64le-linux-gnu-objdump";

    /** Per objdump mnemonic: instructions seen, how many we printed differently, a few examples. */
    public static final class Stat {
        public long count;
        public long mismatches;
        public final List<String> examples = new ArrayList<>();
    }

    public long compared;
    public long matched;
    public long excludedLong;
    public final Map<String, Stat> byMnemonic = new TreeMap<>();

    public double agreement() {
        return compared == 0 ? 0 : (double) matched / compared;
    }

    /** Runs objdump on {@code section} of {@code elf} and compares every instruction line. */
    public static ObjdumpComparison run(Path elf, String section) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(OBJDUMP, "-d", "-j", section, elf.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(OBJDUMP + " is not installed (apt-get install binutils-powerpc64le-linux-gnu): " + e.getMessage(), e);
        }
        ObjdumpComparison c = new ObjdumpComparison();
        c.symbols = hasSymbols(elf);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII), 1 << 16)) {
            c.consume(r);
        }
        int rc = p.waitFor();
        if (rc != 0) throw new IOException(OBJDUMP + " -d -j " + section + " " + elf + " exited with " + rc);
        return c;
    }

    private final Disassembler plain = new Disassembler(a -> Long.toHexString(a));
    private final Disassembler prefixed0x = new Disassembler();
    /**
     * objdump prints addresses as bare hex (then " <symbol>") when the file has symbols, and as
     * 0x-hex when it has none; null = unknown, decide per line by the presence of a symbol.
     */
    Boolean symbols;

    /**
     * Whether objdump sees any symbol in the file, static or dynamic: a stripped shared library
     * still has its dynamic symbols, and objdump then prints bare hex addresses too.
     */
    static boolean hasSymbols(Path elf) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(OBJDUMP, "-t", "-T", elf.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        boolean found = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            boolean inTable = false;
            String line;
            while (!found && (line = r.readLine()) != null) {
                String t = line.strip();
                if (t.endsWith("SYMBOL TABLE:")) inTable = true;
                else if (t.isEmpty() || t.equals("no symbols")) inTable = false;
                else if (inTable) found = true;
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
        return found;
    }

    /** Consumes an objdump -d listing. */
    public void consume(BufferedReader r) throws IOException {
        boolean bigEndian = false;
        String line;
        while ((line = r.readLine()) != null) {
            if (line.contains("file format elf64-powerpc") && !line.contains("powerpcle")) bigEndian = true;
            int colon = line.indexOf(":\t");
            if (colon < 0 || line.isEmpty() || line.charAt(0) != ' ' && !Character.isLetterOrDigit(line.charAt(0))) continue;
            int tab = line.indexOf('\t', colon + 2);
            if (tab < 0) tab = line.length(); // a prefixed instruction's suffix line has no text
            long address;
            try {
                address = Long.parseUnsignedLong(line.substring(0, colon).strip(), 16);
            } catch (NumberFormatException e) {
                continue;
            }
            String hex = line.substring(colon + 2, tab).replace(" ", "");
            String text = tab < line.length() ? line.substring(tab + 1).strip() : "";
            if (hex.length() != 8 && hex.length() != 16 || !isHex(hex)) continue;
            int w0 = word(hex, 0, bigEndian);
            if (text.startsWith(".long") || text.startsWith(".word") || text.startsWith(".short") || text.startsWith(".byte")) {
                if (pendingText != null) compare(pendingText, pendingHex, pendingAddress, pendingWord, 0, false);
                pendingText = null;
                excludedLong++;
                continue;
            }
            if (pendingText != null) {
                // objdump lists a prefixed instruction's suffix on a line of its own with no text
                String t = pendingText;
                pendingText = null;
                if (text.isEmpty() && hex.length() == 8) {
                    compare(t, pendingHex + hex, pendingAddress, pendingWord, w0, true);
                    continue;
                }
                compare(t, pendingHex, pendingAddress, pendingWord, 0, false);
            }
            if (text.isEmpty()) continue;
            if (hex.length() == 8 && Decoder.isPrefix(w0)) {
                pendingText = text;
                pendingHex = hex;
                pendingAddress = address;
                pendingWord = w0;
                continue;
            }
            if (hex.length() == 16) compare(text, hex, address, w0, word(hex, 8, bigEndian), true);
            else compare(text, hex, address, w0, 0, false);
        }
        if (pendingText != null) compare(pendingText, pendingHex, pendingAddress, pendingWord, 0, false);
    }

    private String pendingText;
    private String pendingHex;
    private long pendingAddress;
    private int pendingWord;

    private void compare(String text, String hex, long address, int w0, int w1, boolean prefixed) {
        boolean symbolic = symbols != null ? symbols : text.indexOf(" <") >= 0 || text.endsWith(">");
        String expected = stripSymbols(text);
        Disassembler d = symbolic ? plain : prefixed0x;
        String ours;
        try {
            ours = prefixed ? d.disassemblePrefixed(w0, w1, address) : d.disassemble(w0, address);
        } catch (RuntimeException e) {
            ours = "<exception " + e + ">";
        }
        record(expected, ours, hex);
    }

    private void record(String expected, String ours, String hex) {
        compared++;
        int sp = expected.indexOf(' ');
        String mnemonic = sp < 0 ? expected : expected.substring(0, sp);
        Stat s = byMnemonic.computeIfAbsent(mnemonic, k -> new Stat());
        s.count++;
        if (expected.equals(ours)) {
            matched++;
        } else {
            s.mismatches++;
            if (s.examples.size() < 3) s.examples.add(hex + ": objdump '" + expected + "' ours '" + ours + "'");
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.digit(s.charAt(i), 16) < 0) return false;
        return true;
    }

    private static int word(String hex, int at, boolean bigEndian) {
        int w = 0;
        for (int i = 0; i < 4; i++) {
            int b = Integer.parseInt(hex, at + 2 * i, at + 2 * i + 2, 16);
            w = bigEndian ? (w << 8) | b : w | (b << (8 * i));
        }
        return w;
    }

    /** Drops {@code <symbol+0x10>} annotations and the spaces before them. */
    static String stripSymbols(String text) {
        int lt = text.indexOf(" <");
        if (lt < 0) return text;
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (lt >= 0) {
            sb.append(text, i, lt);
            int gt = text.indexOf('>', lt);
            if (gt < 0) return sb.toString();
            i = gt + 1;
            lt = text.indexOf(" <", i);
        }
        sb.append(text, i, text.length());
        return sb.toString().strip();
    }

    /** Prints the agreement and the mnemonics with mismatches, worst first. */
    public void report(PrintStream out, String label) {
        out.printf("%s: %d/%d instructions agree with objdump (%.4f%%), %d .long words excluded%n",
                label, matched, compared, 100.0 * agreement(), excludedLong);
        List<Map.Entry<String, Stat>> bad = new ArrayList<>();
        for (Map.Entry<String, Stat> e : byMnemonic.entrySet()) if (e.getValue().mismatches > 0) bad.add(e);
        bad.sort((a, b) -> Long.compare(b.getValue().mismatches, a.getValue().mismatches));
        for (Map.Entry<String, Stat> e : bad) {
            Stat s = e.getValue();
            out.printf("  %-12s %8d of %8d differ%n", e.getKey(), s.mismatches, s.count);
            for (String ex : s.examples) out.println("      " + ex);
        }
    }
}
