package org.jpseries.state.stream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.jpseries.device.SectionSource;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * Reads a jpseries state stream one section at a time (see {@code package-info} for the layout).
 * {@link #next()} returns each section after its checksum matched and null once the end record's
 * section count and whole-stream checksum matched and nothing follows it; every other outcome is
 * a {@link StateException} with one line naming the record and the reason, which later calls
 * repeat. No other exception escapes: I/O errors and decoding problems are wrapped.
 *
 * <p>After the end record the reader reads once more to make sure the stream ends there, so on a
 * socket the sender must close its side after {@link StreamWriter#finish()}.
 */
public final class StreamReader implements SectionSource {
    private final InputStream in;
    private final CRC32C streamCrc = new CRC32C();
    private final int formatVersion;
    private long offset;
    private int sections;
    private boolean ended;
    /** The refusal, repeated by every later call: a stream is not read past its first problem. */
    private StateException failed;
    private long lastOffset = -1;
    private int lastPayloadLength = -1;
    /** Whether the end record must also be the end of the input (a file); false on a connection that carries an answer back. */
    private final boolean endsInput;

    /** Reads and checks the header of a stream that is all of {@code in} (trailing bytes are refused). */
    public StreamReader(InputStream in) throws StateException {
        this(in, true);
    }

    /**
     * Reads and checks the header. {@code endsInput} false: the input is a connection that stays
     * open after the end record (the source waits there for the destination's answer), so the
     * reader does not look past the end record.
     */
    public StreamReader(InputStream in, boolean endsInput) throws StateException {
        this.endsInput = endsInput;
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        byte[] h = read(StreamFormat.HEADER_BYTES, null);
        if (h.length == 0) throw new StateException("not a jpseries state stream (it is empty)");
        int m = Math.min(h.length, StreamFormat.MAGIC.length);
        if (!Arrays.equals(h, 0, m, StreamFormat.MAGIC, 0, m)) throw new StateException("not a jpseries state stream (bad magic)");
        if (h.length < StreamFormat.HEADER_BYTES) throw new StateException("state stream truncated in its header");
        formatVersion = u32(h, StreamFormat.MAGIC.length);
        if (Integer.compareUnsigned(formatVersion, StreamFormat.FORMAT_VERSION) > 0) {
            throw new StateException("state stream format version " + Integer.toUnsignedString(formatVersion) + " is newer than this jpseries reads ("
                    + StreamFormat.FORMAT_VERSION + ")");
        }
        if (formatVersion == 0) throw new StateException("state stream format version 0 is not valid");
    }

    /** The next section, or null after a verified end record. */
    @Override
    public Section next() throws StateException {
        if (failed != null) throw failed;
        if (ended) return null;
        try {
            return record();
        } catch (StateException e) {
            failed = e;
            throw e;
        } catch (RuntimeException e) {
            // A decoding slip is still a bad stream for the user, never a stack trace.
            failed = new StateException("state stream " + where() + ": cannot decode (" + e + ")", e);
            throw failed;
        }
    }

    /** The format version in the header. */
    public int formatVersion() {
        return formatVersion;
    }

    /** Sections returned so far. */
    public int sectionCount() {
        return sections;
    }

    /** Stream offset of the record of the last section returned. */
    public long lastOffset() {
        return lastOffset;
    }

    /** Payload bytes of the last section returned. */
    public int lastPayloadLength() {
        return lastPayloadLength;
    }

    /** Bytes consumed so far. */
    public long bytesRead() {
        return offset;
    }

    private Section record() throws StateException {
        long recordOffset = offset;
        byte[] tag = read(1, null);
        if (tag.length == 0) throw new StateException("state stream truncated: no end record after " + sections + " sections");
        switch (tag[0]) {
            case StreamFormat.TAG_SECTION -> {
                return section(recordOffset);
            }
            case StreamFormat.TAG_END -> {
                end();
                return null;
            }
            default -> throw new StateException("state stream " + where() + ": bad record tag 0x" + Integer.toHexString(tag[0] & 0xff) + " at offset " + recordOffset);
        }
    }

    private Section section(long recordOffset) throws StateException {
        byte[] lenBytes = read(4, where() + " (its length)");
        int len = u32(lenBytes, 0);
        if (len < 0 || len > StreamFormat.MAX_SECTION_BYTES) {
            throw new StateException("state stream " + where() + ": length " + Integer.toUnsignedString(len) + " is more than the " + StreamFormat.MAX_SECTION_BYTES + " bytes a section may hold");
        }
        byte[] payload = read(len, where() + " (its payload of " + len + " bytes)");
        byte[] stored = read(4, where() + " (its checksum)");
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, len);
        if ((int) crc.getValue() != u32(stored, 0)) {
            String label = PayloadReader.peekLabel(payload, len);
            throw new StateException("checksum mismatch in state stream " + where() + (label == null ? "" : " (apparently " + label + ")") + " at offset " + recordOffset);
        }
        Section s = PayloadReader.decode(payload, len, "#" + sections);
        sections++;
        lastOffset = recordOffset;
        lastPayloadLength = len;
        return s;
    }

    private void end() throws StateException {
        byte[] count = read(4, "the end record");
        long crcBefore = streamCrc.getValue();
        byte[] stored = read(4, "the end record");
        if ((int) crcBefore != u32(stored, 0)) throw new StateException("state stream checksum mismatch in the end record (the stream was altered)");
        int n = u32(count, 0);
        if (n != sections) {
            throw new StateException("state stream end record counts " + Integer.toUnsignedString(n) + " sections but " + sections + " were read");
        }
        if (!endsInput) {
            ended = true;
            return;
        }
        int more;
        try {
            more = in.read();
        } catch (IOException e) {
            throw new StateException("state stream I/O error after the end record: " + e.getMessage(), e);
        }
        if (more >= 0) throw new StateException("state stream has trailing data after the end record at offset " + offset);
        ended = true;
    }

    /** The record being read, for messages: "section #3". */
    private String where() {
        return "section #" + sections;
    }

    /**
     * Reads {@code n} bytes; fewer only when {@code what} (the part being read, for the message) is
     * null: the header and a record tag, whose callers say what a short read means. {@code readNBytes} grows its buffer as data arrives, so a
     * large length on a short stream allocates only what is there.
     */
    private byte[] read(int n, String what) throws StateException {
        byte[] b;
        try {
            b = in.readNBytes(n);
        } catch (IOException e) {
            throw new StateException("state stream I/O error at offset " + offset + ": " + e.getMessage(), e);
        }
        streamCrc.update(b);
        offset += b.length;
        if (b.length < n && what != null) {
            throw new StateException("state stream truncated in " + what + " at offset " + offset);
        }
        return b;
    }

    private static int u32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }
}
