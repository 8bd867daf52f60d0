package org.jpseries.isa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The disassembler's command line ({@code bin/jpseries-disasm}):
 * <ul>
 *   <li>{@code [--section NAME] ELF...}: compare NAME (default .text) of each file with
 *       powerpc64le-linux-gnu-objdump -d; prints the agreement rate and, per objdump mnemonic,
 *       how many instructions differ with examples. Exit 0 when everything agrees, 3 if not.</li>
 *   <li>{@code --words}: read hex words from stdin, one instruction per line ("prefix suffix" for
 *       a prefixed one), and print "word|text" with each instruction at address 0.</li>
 *   <li>{@code --sample N [SEED]}: print N random encodings of every instruction (operand fields
 *       random, half of them small so that zero and equal-register cases occur; reserved bits
 *       clear), the input make-disasm-vectors.sh gives objdump.</li>
 * </ul>
 */
final class DisassemblerCli {
    private DisassemblerCli() {}

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                err.println("usage: jpseries-disasm [--section NAME] ELF... | --words < hexwords | --sample N [SEED]");
                return 2;
            }
            if (args[0].equals("--words")) return words(in, out);
            if (args[0].equals("--sample")) {
                if (args.length < 2) throw new IllegalArgumentException("--sample needs a count");
                sample(Integer.parseInt(args[1]), args.length > 2 ? Long.parseLong(args[2]) : 1, out);
                return 0;
            }
            String section = ".text";
            boolean allAgree = true;
            int files = 0;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--section")) {
                    if (++i == args.length) throw new IllegalArgumentException("--section needs a name");
                    section = args[i];
                    continue;
                }
                Path file = Path.of(args[i]);
                if (!Files.isReadable(file)) throw new IllegalArgumentException("cannot read " + file);
                ObjdumpComparison c = ObjdumpComparison.run(file, section);
                c.report(out, file + " " + section);
                allAgree &= c.matched == c.compared;
                files++;
            }
            if (files == 0) throw new IllegalArgumentException("no ELF file given");
            return allAgree ? 0 : 3;
        } catch (IOException | IllegalArgumentException e) {
            err.println("jpseries-disasm: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("jpseries-disasm: interrupted");
            return 1;
        }
    }

    private static int words(InputStream in, PrintStream out) throws IOException {
        Disassembler d = new Disassembler();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            String[] f = line.strip().split("\\s+");
            if (f[0].isEmpty() || f[0].startsWith("#")) continue;
            int w = Integer.parseUnsignedInt(f[0], 16);
            boolean pair = f.length > 1;
            int w2 = pair ? Integer.parseUnsignedInt(f[1], 16) : 0;
            String t;
            try {
                t = pair ? d.disassemblePrefixed(w, w2, 0) : d.disassemble(w, 0);
            } catch (RuntimeException e) {
                t = "<error " + e.getMessage() + ">";
            }
            out.println(String.format(pair ? "%08x %08x" : "%08x", w, w2) + "|" + (t == null ? ".long 0x" + Integer.toHexString(w) : t));
        }
        return 0;
    }

    private static void sample(int n, long seed, PrintStream out) {
        Random rnd = new Random(seed);
        for (Op op : Op.values()) {
            Encoding e = op.encoding;
            for (int i = 0; i < n; i++) {
                int[] w = {e.value(0), e.prefixed() ? e.value(1) : 0};
                for (List<Encoding.Part> parts : e.fields().values()) {
                    for (Encoding.Part part : parts) {
                        int max = (1 << part.width()) - 1;
                        int v = (i % 2 == 1) ? rnd.nextInt(Math.min(max, 3) + 1) : rnd.nextInt() & max;
                        w[part.word()] |= v << (32 - part.start() - part.width());
                    }
                }
                out.println(e.prefixed() ? String.format("%08x %08x", w[0], w[1]) : String.format("%08x", w[0]));
            }
        }
    }
}
