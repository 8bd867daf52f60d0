package org.jpseries.state.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

class StreamCodecTest {
    static List<Section> readAll(byte[] stream) throws StateException {
        StreamReader r = new StreamReader(new ByteArrayInputStream(stream));
        List<Section> out = new ArrayList<>();
        for (Section s; (s = r.next()) != null; ) out.add(s);
        assertNull(r.next(), "next() stays null after the end");
        return out;
    }

    static String refusal(byte[] stream) {
        StateException e = assertThrows(StateException.class, () -> readAll(stream));
        assertTrue(!e.getMessage().isBlank() && !e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void roundTripsEveryFieldTypeAndSubsections() throws Exception {
        List<Section> in = StreamSamples.machine();
        byte[] bytes = StreamSamples.stream(in);
        List<Section> out = readAll(bytes);
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            assertEquals(List.of(), in.get(i).diff(out.get(i)), "section " + i);
            assertEquals(in.get(i).instance(), out.get(i).instance());
            assertEquals(in.get(i).fieldNames(), out.get(i).fieldNames(), "field order kept");
        }
        Section cpu = out.get(2);
        assertEquals("cpu[1]", cpu.label());
        assertEquals(Long.MIN_VALUE, cpu.i64("min"));
        assertEquals("POWER9 \u00e9\u4e2d\ud83d\ude00", cpu.str("model"));
        assertEquals(2, cpu.subsection("compat").subsection("deep").version());
        assertEquals(7, cpu.subsection("compat").subsection("deep").instance());
        // canonical: what decodes re-encodes to the same bytes
        assertArrayEquals(bytes, StreamSamples.stream(out));
    }

    @Test
    void writerCountsBytesAndSections() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamWriter w = new StreamWriter(out);
        w.write(StreamSamples.everyType(0));
        w.write(StreamSamples.ramChunk(0, 4096));
        assertEquals(out.size(), w.bytesWritten());
        w.finish();
        assertEquals(out.size(), w.bytesWritten());
        assertEquals(2, w.sectionCount());
        assertThrows(IllegalStateException.class, () -> w.write(StreamSamples.everyType(1)));
        StreamReader r = new StreamReader(new ByteArrayInputStream(out.toByteArray()));
        r.next();
        Section ram = r.next();
        assertEquals(0, ram.i64("offset"));
        assertTrue(r.lastPayloadLength() > 4096);
        assertNull(r.next());
        assertEquals(out.size(), r.bytesRead());
    }

    @Test
    void largeChunkRoundTrips() throws Exception {
        Section big = StreamSamples.ramChunk(1 << 20, 1 << 20);
        assertEquals(List.of(), big.diff(readAll(StreamSamples.stream(List.of(big))).get(0)));
    }

    @Test
    void writerRefusesWhatTheFormatCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> StreamSamples.stream(List.of(new Section("has space", 0, 1))));
        assertThrows(IllegalArgumentException.class, () -> StreamSamples.stream(List.of(new Section("", 0, 1))));
        assertThrows(IllegalArgumentException.class, () -> StreamSamples.stream(List.of(new Section("x".repeat(256), 0, 1))));
        assertThrows(IllegalArgumentException.class, () -> StreamSamples.stream(List.of(new Section("s", 0, 1).i32("f\u00e9", 1))));
        assertThrows(IllegalArgumentException.class, () -> StreamSamples.stream(List.of(StreamSamples.nested(StreamFormat.MAX_DEPTH + 1))));
        assertThrows(IllegalArgumentException.class,
                () -> StreamSamples.stream(List.of(new Section("ram", 0, 1).bytes("data", new byte[StreamFormat.MAX_SECTION_BYTES]))));
    }

    @Test
    void emptyFile() {
        assertEquals("not a jpseries state stream (it is empty)", refusal(new byte[0]));
    }

    @Test
    void anotherProgramsFile() {
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals("not a jpseries state stream (bad magic)", refusal(elf));
        assertEquals("not a jpseries state stream (bad magic)", refusal("hello, world\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("not a jpseries state stream (bad magic)", refusal("Q".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void newerFormatVersion() {
        byte[] s = StreamSamples.stream(List.of());
        StreamWriter.putU32(s, 8, StreamFormat.FORMAT_VERSION + 1);
        assertEquals("state stream format version 2 is newer than this jpseries reads (1)", refusal(s));
        StreamWriter.putU32(s, 8, -1);
        assertEquals("state stream format version 4294967295 is newer than this jpseries reads (1)", refusal(s));
        StreamWriter.putU32(s, 8, 0);
        assertEquals("state stream format version 0 is not valid", refusal(s));
    }

    @Test
    void trailingData() {
        byte[] s = StreamSamples.stream(StreamSamples.machine());
        byte[] longer = Arrays.copyOf(s, s.length + 1);
        assertTrue(refusal(longer).startsWith("state stream has trailing data after the end record"));
        byte[] twice = Arrays.copyOf(s, 2 * s.length);
        System.arraycopy(s, 0, twice, s.length, s.length);
        assertTrue(refusal(twice).contains("trailing data"));
    }

    @Test
    void truncatedAtEveryOffset() {
        byte[] s = StreamSamples.stream(StreamSamples.machine());
        for (int n = 1; n < s.length; n++) {
            String m = refusal(Arrays.copyOf(s, n));
            assertTrue(m.contains("truncated"), "cut at " + n + ": " + m);
        }
    }

    @Test
    void flippedByteAtEveryOffsetIsRefused() {
        byte[] s = StreamSamples.stream(StreamSamples.machine());
        for (int i = 0; i < s.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] bad = s.clone();
                bad[i] ^= (byte) mask;
                try {
                    readAll(bad);
                    fail("flip 0x" + Integer.toHexString(mask) + " at offset " + i + " was loaded");
                } catch (StateException e) {
                    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
                }
            }
        }
    }

    @Test
    void checksumMismatchNamesTheSection() {
        List<Section> in = StreamSamples.machine();
        byte[] s = StreamSamples.stream(in);
        // the 'pc' value of cpu[1]: find the section's record and flip a byte in its payload
        int second = indexOf(s, StreamSamples.stream(List.of(in.get(2))), 12);
        s[second + 40] ^= 1;
        assertEquals("checksum mismatch in state stream section #2 (apparently cpu[1]) at offset " + second, refusal(s));
    }

    /** Where the first record of {@code one} (a one-section stream) sits in {@code s}. */
    private static int indexOf(byte[] s, byte[] one, int from) {
        int recLen = one.length - 12 - 9;
        byte[] rec = Arrays.copyOfRange(one, 12, 12 + recLen);
        for (int i = from; i + rec.length <= s.length; i++) {
            if (Arrays.equals(s, i, i + rec.length, rec, 0, rec.length)) return i;
        }
        throw new AssertionError("record not found");
    }

    @Test
    void aRefusalSticks() throws Exception {
        byte[] s = StreamSamples.stream(StreamSamples.machine());
        s[s.length / 2] ^= 1;
        StreamReader r = new StreamReader(new ByteArrayInputStream(s));
        StateException first = null;
        try {
            while (r.next() != null) {}
        } catch (StateException e) {
            first = e;
        }
        assertTrue(first != null);
        StateException again = assertThrows(StateException.class, r::next);
        assertEquals(first.getMessage(), again.getMessage());
    }

    @Test
    void badRecordTag() {
        byte[] s = StreamSamples.stream(List.of());
        s[12] = 'X';
        assertEquals("state stream section #0: bad record tag 0x58 at offset 12", refusal(s));
    }

    @Test
    void endRecordCountMustMatch() {
        // a valid end record with the wrong count, with its stream checksum recomputed
        byte[] s = StreamSamples.stream(List.of(StreamSamples.everyType(0)));
        StreamWriter.putU32(s, s.length - 8, 2);
        StreamSamples.resealEnd(s);
        assertEquals("state stream end record counts 2 sections but 1 were read", refusal(s));
    }

    @Test
    void hugeLengthsAreRefusedWithoutAllocating() {
        byte[] s = StreamSamples.stream(List.of(StreamSamples.everyType(0)));
        StreamWriter.putU32(s, 13, 0x7fffffff);
        assertTrue(refusal(s).contains("is more than the 67108864 bytes a section may hold"));
        // a length within the cap on a short stream: truncated, not a 64 MiB buffer
        StreamWriter.putU32(s, 13, StreamFormat.MAX_SECTION_BYTES);
        assertTrue(refusal(s).contains("truncated"));
    }

    // ---- payload problems, each sealed with valid checksums so the decoder itself must refuse -----

    @Test
    void sealedHelperMatchesTheWriter() throws Exception {
        Section s = StreamSamples.everyType(2);
        assertArrayEquals(StreamSamples.stream(List.of(s)), StreamSamples.sealed(StreamSamples.payloadOf(s)));
    }

    @Test
    void badFieldTag() {
        byte[] p = StreamSamples.payloadOf(new Section("dev", 0, 1).i32("irq", 5));
        p[1 + 3 + 4 + 4 + 4] = 9; // the first field's type tag
        assertEquals("section dev: field irq has bad type tag 0x9", refusal(StreamSamples.sealed(p)));
    }

    @Test
    void duplicateField() {
        byte[] p = StreamSamples.payloadOf(new Section("dev", 0, 1).i32("irq", 5).i32("irr", 6));
        p[p.length - 4 - 4 - 1] = 'q'; // rename "irr" to "irq"
        assertEquals("section dev: field irq appears twice", refusal(StreamSamples.sealed(p)));
    }

    @Test
    void duplicateSubsection() {
        Section s = new Section("dev", 2, 1).sub(new Section("aa", 0, 1)).sub(new Section("ab", 0, 1));
        byte[] p = StreamSamples.payloadOf(s);
        int at = indexOfAscii(p, "ab");
        p[at + 1] = 'a';
        assertEquals("section dev[2]: subsection aa appears twice", refusal(StreamSamples.sealed(p)));
    }

    @Test
    void badBooleanAndUtf8() {
        byte[] p = StreamSamples.payloadOf(new Section("dev", 0, 1).bool("on", true));
        p[p.length - 4 - 1] = 2;
        assertEquals("section dev: field on is a boolean stored as 2", refusal(StreamSamples.sealed(p)));
        byte[] q = StreamSamples.payloadOf(new Section("dev", 0, 1).str("s", "ab"));
        q[q.length - 4 - 1] = (byte) 0xc0;
        assertEquals("section dev: field s is not valid UTF-8", refusal(StreamSamples.sealed(q)));
    }

    @Test
    void arrayLengthBeyondThePayload() {
        byte[] p = StreamSamples.payloadOf(new Section("dev", 0, 1).longs("regs", new long[] {1, 2}));
        StreamWriter.putU32(p, p.length - 4 - 16 - 4, 0x40000000);
        assertEquals("section dev: field regs claims 1073741824 elements of 8 bytes but only 20 bytes remain in the section", refusal(StreamSamples.sealed(p)));
    }

    @Test
    void nestingDeeperThanTheLimit() {
        // a payload nested one level too deep, built by hand since the writer refuses it
        byte[] ok = StreamSamples.payloadOf(StreamSamples.nested(StreamFormat.MAX_DEPTH));
        byte[] leaf = StreamSamples.payloadOf(new Section("x", 0, 1));
        // the innermost subsection count (last 4 bytes) becomes 1, followed by the leaf
        byte[] p = Arrays.copyOf(ok, ok.length + leaf.length);
        StreamWriter.putU32(p, ok.length - 4, 1);
        System.arraycopy(leaf, 0, p, ok.length, leaf.length);
        String m = refusal(StreamSamples.sealed(p));
        assertTrue(m.endsWith("subsections nest deeper than 8"), m);
        assertTrue(m.startsWith("section nest.level1.level2"), m);
    }

    @Test
    void bytesAfterTheLastSubsection() {
        byte[] p = StreamSamples.payloadOf(new Section("dev", 0, 1));
        assertEquals("section dev: 1 byte after its last subsection", refusal(StreamSamples.sealed(Arrays.copyOf(p, p.length + 1))));
    }

    @Test
    void badNames() {
        byte[] p = StreamSamples.payloadOf(new Section("dev", 0, 1));
        p[1] = ' ';
        assertEquals("section #0: section name has byte 0x20 (names are visible ASCII)", refusal(StreamSamples.sealed(p)));
        p[0] = 0;
        assertEquals("section #0: section name is empty", refusal(StreamSamples.sealed(p)));
    }

    @Test
    void ioErrorIsAStateException() {
        byte[] s = StreamSamples.stream(StreamSamples.machine());
        InputStream failing = new InputStream() {
            int at;

            @Override
            public int read() throws IOException {
                if (at == 100) throw new IOException("disk on fire");
                return s[at++] & 0xff;
            }
        };
        StateException e = assertThrows(StateException.class, () -> {
            StreamReader r = new StreamReader(failing);
            while (r.next() != null) {}
        });
        assertTrue(e.getMessage().startsWith("state stream I/O error at offset") && e.getMessage().endsWith("disk on fire"), e.getMessage());
    }

    private static int indexOfAscii(byte[] p, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + b.length <= p.length; i++) {
            if (Arrays.equals(p, i, i + b.length, b, 0, b.length)) return i;
        }
        throw new AssertionError(s + " not found");
    }
}
