package org.jpseries.state.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
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

    /**
     * The fuzz corpus (src/test/resources/fuzz/state-stream), by file name: valid streams
     * ("valid-"), bare section payloads that {@link FuzzHarness} seals into a stream so mutations
     * reach the decoder behind the checksums ("payload-"), and streams that must be refused ("bad-").
     */
    static Map<String, byte[]> corpus() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] machine = stream(machine());
        m.put("valid-machine.state", machine);
        m.put("valid-no-sections.state", stream(List.of()));
        m.put("valid-every-type.state", stream(List.of(everyType(5))));
        m.put("valid-max-depth.state", stream(List.of(nested(StreamFormat.MAX_DEPTH))));
        m.put("valid-empty-section.state", stream(List.of(new Section("x", 0, 0))));
        m.put("payload-every-type.bin", payloadOf(everyType(3)));
        m.put("payload-max-depth.bin", payloadOf(nested(StreamFormat.MAX_DEPTH)));
        m.put("payload-ram.bin", payloadOf(ramChunk(4096, 512)));
        m.put("bad-truncated.state", Arrays.copyOf(machine, machine.length / 2));
        byte[] newer = stream(List.of(everyType(0)));
        StreamWriter.putU32(newer, StreamFormat.MAGIC.length, StreamFormat.FORMAT_VERSION + 1);
        m.put("bad-newer-version.state", newer);
        byte[] flipped = machine.clone();
        flipped[flipped.length / 3] ^= 0x10;
        m.put("bad-flipped.state", flipped);
        byte[] trailing = Arrays.copyOf(machine, machine.length + 3);
        m.put("bad-trailing.state", trailing);
        m.put("bad-elf.state", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x15, 0});
        byte[] dup = payloadOf(new Section("dev", 0, 1).i32("irq", 5).i32("irr", 6));
        dup[dup.length - 4 - 4 - 1] = 'q';
        m.put("bad-duplicate-field.state", sealed(dup));
        byte[] huge = payloadOf(new Section("dev", 0, 1).longs("regs", new long[] {1, 2}));
        StreamWriter.putU32(huge, huge.length - 4 - 16 - 4, 0x40000000);
        m.put("bad-huge-array.state", sealed(huge));
        return m;
    }

    /** A stream with one section record carrying {@code payload}, all checksums valid. */
    static byte[] sealed(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(StreamFormat.MAGIC);
        byte[] b4 = new byte[4];
        StreamWriter.putU32(b4, 0, StreamFormat.FORMAT_VERSION);
        out.writeBytes(b4);
        out.write(StreamFormat.TAG_SECTION);
        StreamWriter.putU32(b4, 0, payload.length);
        out.writeBytes(b4);
        out.writeBytes(payload);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        StreamWriter.putU32(b4, 0, (int) crc.getValue());
        out.writeBytes(b4);
        out.write(StreamFormat.TAG_END);
        StreamWriter.putU32(b4, 0, 1);
        out.writeBytes(b4);
        out.writeBytes(new byte[4]);
        byte[] s = out.toByteArray();
        resealEnd(s);
        return s;
    }

    static void resealEnd(byte[] s) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(s, 0, s.length - 4);
        StreamWriter.putU32(s, s.length - 4, (int) crc.getValue());
    }

    /** The payload of a one-section stream. */
    static byte[] payloadOf(Section s) {
        byte[] one = StreamSamples.stream(List.of(s));
        return Arrays.copyOfRange(one, 12 + 5, one.length - 9 - 4);
    }

}
