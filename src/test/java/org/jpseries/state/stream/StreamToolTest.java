package org.jpseries.state.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jpseries.state.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamToolTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = StreamTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void dumpListsSectionsAndAbbreviatesArrays() throws IOException {
        Path f = file("m.state", StreamSamples.stream(StreamSamples.machine()));
        Run r = run("dump", f.toString());
        assertEquals(0, r.status, r.err);
        assertEquals("", r.err);
        String o = r.out;
        assertTrue(o.contains("#2 cpu[1] v3, "), o);
        assertTrue(o.contains(", 2 subsections"), o);
        assertTrue(o.contains("    pc      long   0xc000000000001234\n"), o);
        assertTrue(o.contains("    gpr     longs  [32] 0x0 0x10101010101 0x20202020202 0x30303030303 ... (31 non-zero)\n"), o);
        assertTrue(o.contains("    model   string \"POWER9 \\u00e9\\u4e2d\\U0001f600\"\n"), o);
        assertTrue(o.contains("    vscr    bytes  [4] 0100ff7f\n"), o);
        assertTrue(o.contains("    + compat v1, 1 subsection"), o);
        assertTrue(o.contains("        + deep[7] v2"), o);
        assertTrue(o.contains("#3 ram v1"), o);
        assertTrue(o.contains("#5 spapr-vty[1895825408] v1"), o);
        assertTrue(o.contains("    data    bytes  [256] 00000000000000000000000000000000 ... (4 non-zero)\n"), o);
        assertTrue(o.endsWith("end: 6 sections, " + Files.size(f) + " bytes, checksums good\n"), o);
        // verbose: every element
        Run v = run("dump", "-v", f.toString());
        assertEquals(0, v.status);
        assertTrue(v.out.contains(" 0x1f1f1f1f1f1f\n"), v.out);
        assertTrue(!r.out.contains("0x1f1f1f1f1f1f"), "abbreviated without -v");
    }

    @Test
    void dumpOfABadStreamSaysWhyInOneLine() throws IOException {
        byte[] s = StreamSamples.stream(StreamSamples.machine());
        Run r = run("dump", file("cut.state", Arrays.copyOf(s, s.length - 3)).toString());
        assertEquals(2, r.status);
        assertTrue(r.out.contains("#5 spapr-vty"), "sections before the damage are listed");
        assertEquals("jpseries-stream: state stream truncated in the end record at offset " + (s.length - 3) + "\n", r.err);
        Run elf = run("dump", file("elf", new byte[] {0x7f, 'E', 'L', 'F'}).toString());
        assertEquals(2, elf.status);
        assertEquals("jpseries-stream: not a jpseries state stream (bad magic)\n", elf.err);
        Run none = run("dump", dir.resolve("absent").toString());
        assertEquals(2, none.status);
        assertEquals("jpseries-stream: " + dir.resolve("absent") + ": no such file\n", none.err);
    }

    @Test
    void usage() {
        assertEquals(2, run().status);
        assertEquals(2, run("dump").status);
        assertEquals(2, run("diff", "a").status);
        assertEquals(StreamTool.USAGE + "\n", run("frob", "x").err);
    }

    @Test
    void diffOfEqualStreams() throws IOException {
        Path a = file("a", StreamSamples.stream(StreamSamples.machine()));
        Path b = file("b", StreamSamples.stream(StreamSamples.machine()));
        Run r = run("diff", a.toString(), b.toString());
        assertEquals(0, r.status, r.out);
        assertEquals("6 sections paired, 0 differ, 0 only in A, 0 only in B\n", r.out);
    }

    @Test
    void diffShowsFieldsAndSectionsOnlyInOne() throws IOException {
        List<Section> in = StreamSamples.machine();
        List<Section> changed = new ArrayList<>(in);
        changed.set(2, StreamSamples.everyType(1).i32("extra", 1));
        changed.set(4, StreamSamples.ramChunk(256, 200)); // the second ram chunk pairs with the second
        changed.remove(5);
        changed.add(new Section("new-dev", 0, 1));
        Path a = file("a", StreamSamples.stream(in));
        Path b = file("b", StreamSamples.stream(changed));
        Run r = run("diff", a.toString(), b.toString());
        assertEquals(1, r.status, r.err);
        assertEquals("""
                cpu[1]:
                    cpu[1].extra: absent != 0x1
                ram #1:
                    ram.data: [256] with [200] = 0x0 != [200]
                only in A: spapr-vty[1895825408]
                only in B: new-dev
                5 sections paired, 2 differ, 1 only in A, 1 only in B
                """, r.out);
    }

    @Test
    void diffPairsSectionsInAnotherOrder() throws IOException {
        List<Section> in = StreamSamples.machine();
        List<Section> reversed = new ArrayList<>(in);
        java.util.Collections.reverse(reversed);
        // ram chunks pair by occurrence: reversing them makes chunk 0 meet chunk 1
        Run r = run("diff", file("a", StreamSamples.stream(in)).toString(), file("b", StreamSamples.stream(reversed)).toString());
        assertEquals(1, r.status);
        assertTrue(r.out.startsWith("ram:\n    ram.offset: 0x0 != 0x100\n"), r.out);
        assertTrue(r.out.endsWith("6 sections paired, 2 differ, 0 only in A, 0 only in B\n"), r.out);
    }

    @Test
    void diffOfABadStreamNamesTheFile() throws IOException {
        byte[] s = StreamSamples.stream(StreamSamples.machine());
        s[40] ^= 4;
        Path a = file("a", StreamSamples.stream(StreamSamples.machine()));
        Path b = file("b", s);
        Run r = run("diff", a.toString(), b.toString());
        assertEquals(2, r.status);
        assertTrue(r.err.startsWith("jpseries-stream: " + b + ": checksum mismatch in state stream section #0"), r.err);
        assertEquals(1, r.err.lines().count());
    }
}
