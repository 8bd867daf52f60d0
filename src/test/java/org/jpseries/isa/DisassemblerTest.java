package org.jpseries.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The disassembler against objdump's text for the words in {@code disasm-vectors.txt} (random
 * encodings of every instruction plus sweeps of the fields behind extended mnemonics, generated
 * by {@code make-disasm-vectors.sh} with powerpc64le-linux-gnu-as/objdump 2.40), and a few
 * hand-checked cases for what the vectors cannot show (addresses other than 0, symbols).
 */
class DisassemblerTest {
    private final Disassembler dis = new Disassembler();

    @Test
    void agreesWithObjdumpOnEveryVector() throws IOException {
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (InputStream in = DisassemblerTest.class.getResourceAsStream("disasm-vectors.txt")) {
            assertNotNull(in, "disasm-vectors.txt is missing from the test resources");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int bar = line.indexOf('|');
                String[] words = line.substring(0, bar).strip().split(" ");
                String expected = line.substring(bar + 1);
                int w0 = Integer.parseUnsignedInt(words[0], 16);
                String ours;
                try {
                    ours = words.length == 2
                            ? dis.disassemblePrefixed(w0, Integer.parseUnsignedInt(words[1], 16), 0)
                            : dis.disassemble(w0, 0);
                } catch (RuntimeException e) {
                    ours = e.toString();
                }
                n++;
                if (!expected.equals(ours)) failures.add(line.substring(0, bar) + ": objdump '" + expected + "', ours '" + ours + "'");
            }
        }
        assertTrue(n > 10000, "only " + n + " vectors");
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + n + " vectors differ from objdump, e.g.\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(30, failures.size()))));
        }
    }

    @Test
    void extendedMnemonicsAsObjdumpPrintsThem() {
        assertEquals("mr      r3,r31", dis.disassemble(0x7fe3fb78, 0));
        assertEquals("li      r3,-16", dis.disassemble(0x3860fff0, 0));
        assertEquals("lis     r3,-16", dis.disassemble(0x3c60fff0, 0));
        assertEquals("blr", dis.disassemble(0x4e800020, 0));
        assertEquals("nop", dis.disassemble(0x60000000, 0));
        assertEquals("sldi    r9,r9,3", dis.disassemble(0x79291f24, 0));
        assertEquals("clrldi  r9,r9,32", dis.disassemble(0x79290020, 0));
        assertEquals("lwsync", dis.disassemble(0x7c2004ac, 0));
        assertEquals("hwsync", dis.disassemble(0x7c0004ac, 0));
        assertEquals("xxswapd vs0,vs0", dis.disassemble(0xf0000250, 0));
        assertEquals("mflr    r0", dis.disassemble(0x7c0802a6, 0));
        assertEquals("mtctr   r12", dis.disassemble(0x7d8903a6, 0));
        assertEquals("ld      r9,-32712(r2)", dis.disassemble(0xe9228038, 0));
        assertEquals("stdu    r1,-48(r1)", dis.disassemble(0xf821ffd1, 0));
        assertEquals("lxvd2x  vs34,0,r9", dis.disassemble(0x7c404e99, 0));
    }

    @Test
    void branchTargetsAreAbsoluteAddresses() {
        // beq 0x100009ac at 0x10000968 (busybox), bne- cr7 backwards, bl with a symbol formatter.
        assertEquals("beq     0x100009ac", dis.disassemble(0x41820044, 0x10000968L));
        assertEquals("bne-    cr7,0x10000978", dis.disassemble(0x40deffe8, 0x10000990L));
        assertEquals("bdnz    0x1000", dis.disassemble(0x4200fff0, 0x1010));
        Disassembler plain = new Disassembler(a -> Long.toHexString(a));
        assertEquals("bl      c00000000000cfdc", plain.disassemble(0x4bffff7d, 0xc00000000000d060L));
        // Absolute (AA=1) targets are 32-bit, as objdump prints them.
        assertEquals("ba      0xfeae6a30", dis.disassemble(0x4aae6a32, 0x1234));
    }

    @Test
    void undecodableWordsGiveNull() {
        assertNull(dis.disassemble(0x00000000, 0)); // objdump: .long 0x0
        assertNull(dis.disassemble(0x0000ffff, 0)); // objdump: .long 0xffff
        assertNull(dis.disassemble(0x06000000, 0)); // a lone prefix
    }

    @Test
    void everyOpFormatsWithEveryOperandDescribed() {
        // Catches operands named in pp64.csv/supplement.csv that isa/fields.csv cannot build.
        List<String> broken = new ArrayList<>();
        for (Op op : Op.values()) {
            Encoding e = op.encoding;
            try {
                String s = e.prefixed() ? dis.disassemblePrefixed(e.value(0), e.value(1), 0) : dis.disassemble(e.value(0), 0);
                if (s == null) broken.add(op + ": does not decode its own encoding");
            } catch (RuntimeException ex) {
                broken.add(op + ": " + ex.getMessage());
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    @Test
    void comparisonReadsObjdumpListings() throws IOException {
        String listing = """

                vmlinux:     file format elf64-powerpcle

                Disassembly of section .text:

                c000000000008000 <system_reset_common>:
                c000000000008000:\ta8 0a 4d 89 \tlbz     r10,2728(r13)
                c00000000000800c:\ta0 3d 82 40 \tbne     c00000000000bdac <kvm_interrupt>
                c000000000008010:\t00 00 00 00 \t.long 0x0
                c000000000008014:\t20 00 80 4e \tbctr
                """;
        ObjdumpComparison c = new ObjdumpComparison();
        c.consume(new BufferedReader(new StringReader(listing)));
        assertEquals(3, c.compared);
        assertEquals(2, c.matched, "bctr is wrong on purpose: the word is blr");
        assertEquals(1, c.excludedLong);
        assertEquals(1, c.byMnemonic.get("bctr").mismatches);
    }

    @Test
    void commandLineDisassemblesWordsAndReportsErrorsInOneLine() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(
                "# comment\n7c0802a6\n06100000 38600005\n00000000\n".getBytes(StandardCharsets.UTF_8));
        int rc = DisassemblerCli.run(new String[] {"--words"}, in, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertEquals(0, rc);
        assertEquals("7c0802a6|mflr    r0\n06100000 38600005|pla     r3,5\t# 5\n00000000|.long 0x0\n",
                out.toString(StandardCharsets.UTF_8));
        rc = DisassemblerCli.run(new String[] {"/nonexistent/file"}, in, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertEquals(1, rc);
        assertEquals("jpseries-disasm: cannot read /nonexistent/file\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void comparisonJoinsPrefixedInstructionLines() throws IOException {
        // objdump 2.40 prints a prefixed instruction's suffix on a line of its own; PC-relative
        // forms get the designated address as a comment.
        String listing = """
                    10000670:\t00 00 10 06 \tpla     r12,42112\t# 1000aaf0 <_IO_printf>
                    10000674:\t80 a4 80 39\s
                    10000678:\t00 00 00 60 \tnop
                """;
        ObjdumpComparison c = new ObjdumpComparison();
        c.symbols = true;
        c.consume(new BufferedReader(new StringReader(listing)));
        assertEquals(2, c.compared);
        assertEquals(2, c.matched, c.byMnemonic.get("pla").examples.toString());
    }
}
