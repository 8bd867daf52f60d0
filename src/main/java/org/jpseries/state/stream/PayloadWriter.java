package org.jpseries.state.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jpseries.state.FieldType;
import org.jpseries.state.Section;

/** Encodes one section (and its subsections) as a record payload, big-endian; see {@code package-info}. */
final class PayloadWriter {
    private byte[] buf = new byte[256];
    private int len;

    /** The payload of {@code s}; the returned array may be longer than {@link #length()}. */
    static PayloadWriter encode(Section s) {
        PayloadWriter w = new PayloadWriter();
        w.section(s, s.label(), 0);
        return w;
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    private void section(Section s, String path, int depth) {
        if (depth > StreamFormat.MAX_DEPTH) {
            throw new IllegalArgumentException("section " + path + ": subsections nest deeper than " + StreamFormat.MAX_DEPTH);
        }
        name(path, "section name", s.name());
        u32(s.instance());
        u32(s.version());
        var names = s.fieldNames();
        u32(names.size());
        for (String f : names) {
            Object v = s.rawValue(f);
            FieldType t = FieldType.of(v);
            u8(t.tag);
            name(path, "field name", f);
            value(v);
        }
        var subs = s.subsections();
        u32(subs.size());
        for (Section sub : subs) section(sub, path + "." + sub.name(), depth + 1);
    }

    private void value(Object v) {
        switch (v) {
            case Boolean b -> u8(b ? 1 : 0);
            case Integer i -> u32(i);
            case Long l -> u64(l);
            case String str -> {
                byte[] b = str.getBytes(StandardCharsets.UTF_8);
                u32(b.length);
                bytes(b);
            }
            case byte[] a -> {
                u32(a.length);
                bytes(a);
            }
            case int[] a -> {
                u32(a.length);
                ensure((long) a.length * 4);
                ByteBuffer.wrap(buf, len, a.length * 4).asIntBuffer().put(a);
                len += a.length * 4;
            }
            case long[] a -> {
                u32(a.length);
                ensure((long) a.length * 8);
                ByteBuffer.wrap(buf, len, a.length * 8).asLongBuffer().put(a);
                len += a.length * 8;
            }
            default -> throw new IllegalArgumentException("not a state value: " + v.getClass().getName());
        }
    }

    private void name(String path, String what, String name) {
        String problem = StreamFormat.nameProblem(name);
        if (problem != null) throw new IllegalArgumentException("section " + path + ": " + what + " \"" + name + "\" is " + problem);
        u8(name.length());
        bytes(name.getBytes(StandardCharsets.US_ASCII));
    }

    private void ensure(long more) {
        long need = len + more;
        if (need > StreamFormat.MAX_SECTION_BYTES) {
            throw new IllegalArgumentException("a section payload may hold at most " + StreamFormat.MAX_SECTION_BYTES + " bytes");
        }
        if (need > buf.length) buf = Arrays.copyOf(buf, (int) Math.min(StreamFormat.MAX_SECTION_BYTES, Math.max(need, 2L * buf.length)));
    }

    private void u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
    }

    private void u32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void u64(long v) {
        u32((int) (v >>> 32));
        u32((int) v);
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }
}
