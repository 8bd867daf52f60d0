package org.jpseries.state.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpseries.state.Section;

/** Sample sections and streams for the codec tests, the tool tests and the fuzz corpus. */
final class StreamSamples {
    private StreamSamples() {}

    /** A section with every field type (edge values included) and two levels of subsections. */
    static Section everyType(int instance) {
        Section s = new Section("cpu", instance, 3)
                .bool("halted", true)
                .bool("ile", false)
                .i32("pvr", 0x004e1202)
                .i32("neg", -1)
                .i64("pc", 0xc000_0000_0000_1234L)
                .i64("min", Long.MIN_VALUE)
                .str("model", "POWER9 \u00e9\u4e2d\ud83d\ude00")
                .str("empty", "")
                .bytes("vscr", new byte[] {1, 0, (byte) 0xff, 0x7f})
                .bytes("none", new byte[0])
                .ints("cr", new int[] {0, 1, -1, Integer.MIN_VALUE})
                .longs("gpr", gprs());
        Section compat = new Section("compat", 0, 1).i32("pvr", 0x0f000005);
        compat.sub(new Section("deep", 7, 2).longs("empty", new long[0]).bool("on", true));
        s.sub(compat);
        s.sub(new Section("tm", 0, 1).i64("texasr", 0));
        return s;
    }

    static long[] gprs() {
        long[] g = new long[32];
        for (int i = 0; i < g.length; i++) g[i] = i * 0x0101_0101_0101L;
        return g;
    }

    /** Subsections nested {@code depth} levels below a top-level section. */
    static Section nested(int depth) {
        Section top = new Section("nest", 0, 1).i32("level", 0);
        Section at = top;
        for (int d = 1; d <= depth; d++) {
            Section sub = new Section("level" + d, 0, 1).i32("level", d);
            at.sub(sub);
            at = sub;
        }
        return top;
    }

    /** A RAM-like chunk section: the same name and instance repeat with a different offset. */
    static Section ramChunk(long offset, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i += 61) data[i] = (byte) (offset + i);
        return new Section("ram", 0, 1).i64("offset", offset).bytes("data", data);
    }

    /** A small machine-like stream: vCPUs, RAM chunks (same name and instance), a device. */
    static List<Section> machine() {
        return List.of(
                new Section("machine", 0, 1).str("type", "pseries").i32("smp", 2),
                everyType(0),
                everyType(1),
                ramChunk(0, 256),
                ramChunk(256, 256),
                new Section("spapr-vty", 0x71000000, 1).bytes("input", "ls\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    static byte[] stream(List<Section> sections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamWriter w = new StreamWriter(out);
        try {
            for (Section s : sections) w.write(s);
            w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The valid streams of the fuzz corpus, by file name. */
    static Map<String, byte[]> validCorpus() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("valid-machine", stream(machine()));
        m.put("valid-no-sections", stream(List.of()));
        m.put("valid-every-type", stream(List.of(everyType(5))));
        m.put("valid-max-depth", stream(List.of(nested(StreamFormat.MAX_DEPTH))));
        m.put("valid-empty-section", stream(List.of(new Section("x", 0, 0))));
        return m;
    }
}
