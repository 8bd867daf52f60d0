package org.jpseries.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a QMP byte stream into top-level JSON texts, as QEMU's json-streamer does before it
 * parses: objects and arrays end when their brackets balance (strings, with both quote styles
 * QEMU accepts, and escapes are skipped); a bare scalar ends at whitespace or a bracket. Nothing
 * needs a newline. A text longer than {@link #MAX_TEXT} bytes or nested deeper than
 * {@link #MAX_NESTING} is not kept: it is read to its end and reported as {@link Text#tooLarge},
 * so the connection stays usable and memory stays bounded.
 */
final class JsonFraming {
    /** QEMU limits a token to 64 MiB; a monitor command never needs more than a little. */
    static final int MAX_TEXT = 1 << 20;
    /** QEMU's json-streamer MAX_NESTING. */
    static final int MAX_NESTING = 1024;

    /** One framed text; {@code bytes} is null when it exceeded a limit. */
    record Text(byte[] bytes, String tooLarge) {}

    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    JsonFraming(InputStream in) {
        this.in = in;
    }

    /** The next text, or null at end of stream (a text cut short by the end is dropped, as QEMU does). */
    Text next() throws IOException {
        buf.reset();
        int depth = 0, quote = 0;
        boolean escape = false, scalar = false;
        String overflow = null;
        while (true) {
            int b = read();
            if (b < 0) return scalar && overflow == null && buf.size() > 0 ? new Text(buf.toByteArray(), null) : null;
            if (depth == 0 && !scalar && quote == 0) {
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n') continue;
                if (b == '{' || b == '[') {
                    depth = 1;
                } else if (b == '"' || b == '\'') {
                    quote = b;
                    scalar = true;
                } else {
                    scalar = true;
                }
                overflow = keep(b, overflow);
                if (b == '}' || b == ']') return new Text(buf.toByteArray(), null); // stray closer: the parser reports it
                continue;
            }
            if (scalar && quote == 0) {
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '{' || b == '[' || b == '}' || b == ']') {
                    // the scalar ended; a bracket belongs to the next text, so give it back by starting over with it
                    Text t = overflow != null ? new Text(null, overflow) : new Text(buf.toByteArray(), null);
                    if (b == '{' || b == '[' || b == '}' || b == ']') pushback = b;
                    return t;
                }
                overflow = keep(b, overflow);
                continue;
            }
            overflow = keep(b, overflow);
            if (quote != 0) {
                if (escape) escape = false;
                else if (b == '\\') escape = true;
                else if (b == quote) {
                    quote = 0;
                    if (scalar) return overflow != null ? new Text(null, overflow) : new Text(buf.toByteArray(), null);
                }
                continue;
            }
            if (b == '"' || b == '\'') quote = b;
            else if (b == '{' || b == '[') {
                if (++depth > MAX_NESTING && overflow == null) overflow = "JSON nesting depth limit exceeded";
            } else if (b == '}' || b == ']') {
                if (--depth == 0) return overflow != null ? new Text(null, overflow) : new Text(buf.toByteArray(), null);
            }
        }
    }

    /** A bracket that ended a bare scalar: it starts the next text. */
    private int pushback = -1;

    private int read() throws IOException {
        if (pushback >= 0) {
            int b = pushback;
            pushback = -1;
            return b;
        }
        return in.read();
    }

    private String keep(int b, String overflow) {
        if (overflow != null) return overflow;
        if (buf.size() >= MAX_TEXT) {
            buf.reset();
            return "JSON token size limit exceeded (" + MAX_TEXT + " bytes)";
        }
        buf.write(b);
        return null;
    }
}
