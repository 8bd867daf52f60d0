package org.jpseries.state.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.jpseries.state.Section;

/**
 * Writes sections to a jpseries state stream one at a time (see {@code package-info} for the
 * layout): the header before the first record, a checksummed record per section, and the end
 * record from {@link #finish()}. Only one section is held in memory at a time.
 *
 * <p>A section the format cannot carry (a name that is not 1..255 visible ASCII characters,
 * subsections nested deeper than 8, a payload over {@link StreamFormat#MAX_SECTION_BYTES}) is a
 * bug in its device and throws IllegalArgumentException before anything of it is written.
 */
public final class StreamWriter {
    private final OutputStream out;
    private final CRC32C streamCrc = new CRC32C();
    private long written;
    private int sections;
    private boolean started;
    private boolean finished;

    public StreamWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out);
    }

    /** Appends one section record. */
    public void write(Section s) throws IOException {
        if (finished) throw new IllegalStateException("state stream already finished");
        PayloadWriter p = PayloadWriter.encode(s);
        header();
        byte[] head = new byte[5];
        head[0] = (byte) StreamFormat.TAG_SECTION;
        putU32(head, 1, p.length());
        CRC32C crc = new CRC32C();
        crc.update(p.buffer(), 0, p.length());
        byte[] tail = new byte[4];
        putU32(tail, 0, (int) crc.getValue());
        emit(head, 0, head.length);
        emit(p.buffer(), 0, p.length());
        emit(tail, 0, tail.length);
        sections++;
    }

    /** Writes the end record (section count and the whole-stream checksum) and flushes. */
    public void finish() throws IOException {
        if (finished) return;
        header();
        byte[] end = new byte[5];
        end[0] = (byte) StreamFormat.TAG_END;
        putU32(end, 1, sections);
        emit(end, 0, end.length);
        byte[] crc = new byte[4];
        putU32(crc, 0, (int) streamCrc.getValue());
        emit(crc, 0, crc.length);
        out.flush();
        finished = true;
    }

    /** Bytes written so far (header and records). */
    public long bytesWritten() {
        return written;
    }

    /** Sections written so far. */
    public int sectionCount() {
        return sections;
    }

    private void header() throws IOException {
        if (started) return;
        started = true;
        byte[] h = new byte[StreamFormat.HEADER_BYTES];
        System.arraycopy(StreamFormat.MAGIC, 0, h, 0, StreamFormat.MAGIC.length);
        putU32(h, StreamFormat.MAGIC.length, StreamFormat.FORMAT_VERSION);
        emit(h, 0, h.length);
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        streamCrc.update(b, off, len);
        written += len;
    }

    static void putU32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
