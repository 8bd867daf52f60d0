package org.jpseries.state.stream;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jpseries.state.FieldType;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * Decodes one checksummed section payload (the inverse of {@link PayloadWriter}). Every length is
 * checked against what remains of the payload before anything is allocated, so a crafted length
 * costs nothing; every problem is a {@link StateException} naming the section path and field.
 */
final class PayloadReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    private PayloadReader(byte[] buf, int len) {
        this.buf = buf;
        this.end = len;
    }

    /** The section in {@code payload[0, len)}; {@code where} names the record when the name is not yet known ("#3"). */
    static Section decode(byte[] payload, int len, String where) throws StateException {
        PayloadReader r = new PayloadReader(payload, len);
        Section s = r.section(null, where, 0);
        int extra = r.end - r.pos;
        if (extra != 0) throw new StateException("section " + s.label() + ": " + extra + (extra == 1 ? " byte" : " bytes") + " after its last subsection");
        return s;
    }

    /** The label of the section in a payload as far as it can be read (for a message about a damaged record), or null. */
    static String peekLabel(byte[] payload, int len) {
        try {
            PayloadReader r = new PayloadReader(payload, len);
            String name = r.name(null, "#");
            int instance = r.u32(name, "instance");
            return new Section(name, instance, 0).label();
        } catch (StateException e) {
            return null;
        }
    }

    private Section section(String parent, String where, int depth) throws StateException {
        String name = name(where, "section name");
        String path = parent == null ? name : parent + "." + name;
        int instance = u32(path, "instance");
        if (parent == null && instance != 0) path = new Section(name, instance, 0).label();
        int version = u32(path, "version");
        Section s = new Section(name, instance, version);
        long fields = u32(path, "field count") & 0xffffffffL;
        for (long i = 0; i < fields; i++) {
            int tag = u8(path, "field type");
            FieldType t = FieldType.ofTag(tag);
            String field = name(path, "name of field #" + i);
            if (t == null) throw new StateException("section " + path + ": field " + field + " has bad type tag 0x" + Integer.toHexString(tag));
            if (s.has(field)) throw new StateException("section " + path + ": field " + field + " appears twice");
            s.putDecoded(field, value(t, path, field));
        }
        long subs = u32(path, "subsection count") & 0xffffffffL;
        if (subs > 0 && depth == StreamFormat.MAX_DEPTH) {
            throw new StateException("section " + path + ": subsections nest deeper than " + StreamFormat.MAX_DEPTH);
        }
        for (long i = 0; i < subs; i++) {
            Section sub = section(path, path + " subsection #" + i, depth + 1);
            if (s.subsection(sub.name()) != null) throw new StateException("section " + path + ": subsection " + sub.name() + " appears twice");
            s.sub(sub);
        }
        return s;
    }

    private Object value(FieldType t, String path, String field) throws StateException {
        return switch (t) {
            case BOOL -> {
                int b = u8(path, field);
                if (b > 1) throw new StateException("section " + path + ": field " + field + " is a boolean stored as " + b);
                yield b == 1;
            }
            case INT -> u32(path, field);
            case LONG -> u64(path, field);
            case STRING -> {
                int n = length(path, field, 1);
                try {
                    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(buf, pos, n));
                    pos += n;
                    yield chars.toString();
                } catch (CharacterCodingException e) {
                    throw new StateException("section " + path + ": field " + field + " is not valid UTF-8");
                }
            }
            case BYTES -> {
                int n = length(path, field, 1);
                byte[] a = new byte[n];
                System.arraycopy(buf, pos, a, 0, n);
                pos += n;
                yield a;
            }
            case INTS -> {
                int n = length(path, field, 4);
                int[] a = new int[n];
                ByteBuffer.wrap(buf, pos, n * 4).asIntBuffer().get(a);
                pos += n * 4;
                yield a;
            }
            case LONGS -> {
                int n = length(path, field, 8);
                long[] a = new long[n];
                ByteBuffer.wrap(buf, pos, n * 8).asLongBuffer().get(a);
                pos += n * 8;
                yield a;
            }
        };
    }

    /** An element count whose elements (of {@code size} bytes) must fit in what remains. */
    private int length(String path, String field, int size) throws StateException {
        long n = u32(path, field + " length") & 0xffffffffL;
        if (n * size > end - pos) {
            throw new StateException("section " + path + ": field " + field + " claims " + n + (size == 1 ? " bytes" : " elements of " + size + " bytes")
                    + " but only " + (end - pos) + " bytes remain in the section");
        }
        return (int) n;
    }

    private String name(String path, String what) throws StateException {
        int n = u8(path, what + " length");
        need(n, path, what);
        for (int i = 0; i < n; i++) {
            int c = buf[pos + i] & 0xff;
            if (c < 0x21 || c > 0x7e) {
                throw new StateException("section " + path + ": " + what + " has byte 0x" + Integer.toHexString(c) + " (names are visible ASCII)");
            }
        }
        if (n == 0) throw new StateException("section " + path + ": " + what + " is empty");
        String s = new String(buf, pos, n, StandardCharsets.US_ASCII);
        pos += n;
        return s;
    }

    private void need(int n, String path, String what) throws StateException {
        if (n > end - pos) throw new StateException("section " + path + ": ends inside " + what);
    }

    private int u8(String path, String what) throws StateException {
        need(1, path, what);
        return buf[pos++] & 0xff;
    }

    private int u32(String path, String what) throws StateException {
        need(4, path, what);
        int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | buf[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    private long u64(String path, String what) throws StateException {
        long hi = u32(path, what) & 0xffffffffL;
        return hi << 32 | (u32(path, what) & 0xffffffffL);
    }
}
