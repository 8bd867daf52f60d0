package org.jpseries.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a QMP byte stream into top-level JSON texts, as QEMU's json-lexer and json-streamer do
 * before the parser runs (qobject/json-lexer.c, json-streamer.c json_message_process_token):
 * objects and arrays end when their braces and brackets balance (or one goes negative); strings,
 * with both quote styles QEMU accepts, and escapes are skipped; a bare scalar ends at whitespace
 * or a bracket. Nothing needs a newline.
 * <p>
 * The limits are QEMU's and so are their answers, given at once, after which framing starts
 * over with the bytes that follow (as json_message_process_token resets its counts): nesting
 * deeper than {@link #MAX_NESTING} is "JSON nesting depth limit exceeded", a text larger than
 * {@link #MAX_TEXT} "JSON token size limit exceeded" (the rest of that text is then skipped to
 * its end without being kept, where QEMU reads it again as new texts and answers each piece of
 * one oversized request with an error of its own). Bytes no JSON text may hold (ASCII
 * control characters other than whitespace, or in a string any control character; 0xFE, 0xFF)
 * are QEMU's lexical error "JSON parse error, stray '...'": the text so far is dropped and
 * input is skipped up to the next structural character, control character, 0xFE or 0xFF (the
 * lexer's IN_RECOVERY), which is how a client forces the parser back into a known state
 * (QEMU docs/interop/qmp-spec, "Forcing the JSON parser into known-good state").
 */
final class JsonFraming {
    /**
     * The bytes of one text that are kept (runs of whitespace between tokens count as one).
     * QEMU allows 64 MiB (MAX_TOKEN_SIZE); a monitor command never needs more than a little. At
     * most MAX_TEXT tokens fit in it, so QEMU's other limit, 2 Mi tokens (MAX_TOKEN_COUNT),
     * cannot be reached.
     */
    static final int MAX_TEXT = 1 << 20;
    /** QEMU's json-streamer MAX_NESTING: open braces and brackets together. */
    static final int MAX_NESTING = 1024;

    static final String NESTING_EXCEEDED = "JSON nesting depth limit exceeded";
    static final String SIZE_EXCEEDED = "JSON token size limit exceeded";

    /** One framed text; {@code bytes} is null when it could not be framed, and {@code error} says why. */
    record Text(byte[] bytes, String error) {}

    private final InputStream in;
    private final byte[] chunk = new byte[8192];
    private int pos, limit;
    /** The current text. */
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private int braces, brackets;
    /** The quote of the string being read, or 0. */
    private int quote;
    private boolean escape;
    /** Where in {@link #buf} the string being read starts (its quote). */
    private int stringStart;
    /** A bare scalar at top level is being read. */
    private boolean scalar;
    /** The last byte kept was a space standing for whitespace between tokens. */
    private boolean space;
    /** After a lexical error: skipping to a point where a text may start. */
    private boolean recovering;
    /** The current text passed {@link #MAX_TEXT}: it is followed to its end but not kept. */
    private boolean discarding;

    JsonFraming(InputStream in) {
        this.in = in;
    }

    /** The next text, or null at end of stream (a text cut short by the end is dropped, as QEMU does). */
    Text next() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                Text last = scalar && quote == 0 ? text() : null;
                startOver();
                return last;
            }
            int b = chunk[pos] & 0xff;
            if (recovering) {
                if (b >= 0x20 && b <= 0xfd && !structural(b) || b == '\t') {
                    pos++;
                    continue;
                }
                recovering = false; // this byte is looked at afresh
            }
            if (lexicalError(b)) {
                if (scalar && quote == 0) {
                    // a bare scalar ends before the bad byte, which is then looked at on its own
                    Text t = text();
                    startOver();
                    if (t != null) return t;
                    continue;
                }
                pos++;
                ByteArrayOutputStream token = new ByteArrayOutputStream();
                if (quote != 0 && !discarding) token.write(buf.toByteArray(), stringStart, buf.size() - stringStart);
                token.write(b);
                startOver();
                recovering = true;
                return new Text(null, "JSON parse error, stray '" + token.toString(StandardCharsets.UTF_8) + "'");
            }
            if (scalar && quote == 0 && (whitespace(b) || structural(b) || b == '"' || b == '\'')) {
                // the scalar ended; a structural character or quote starts the next text
                if (whitespace(b)) pos++;
                Text t = text();
                startOver();
                if (t != null) return t;
                continue;
            }
            pos++;
            Text t = accept(b);
            if (t != null) return t;
        }
    }

    /** Takes one byte that is not a lexical error; returns a text it completes or an error it causes. */
    private Text accept(int b) {
        if (quote != 0) {
            if (escape) escape = false;
            else if (b == '\\') escape = true;
            else if (b == quote) quote = 0;
            String over = keep(b);
            if (over != null) return new Text(null, over);
            if (quote == 0 && scalar) return complete();
            return null;
        }
        boolean top = braces == 0 && brackets == 0 && !scalar;
        if (whitespace(b)) {
            if (top || space) return null;
            space = true;
            if (!discarding) buf.write(' ');
            return null;
        }
        space = false;
        String over = keep(b);
        if (over != null) return new Text(null, over);
        switch (b) {
            case '"', '\'' -> {
                quote = b;
                stringStart = buf.size() - 1;
                if (top) scalar = true;
            }
            case '{' -> braces++;
            case '}' -> braces--;
            case '[' -> brackets++;
            case ']' -> brackets--;
            case ':', ',' -> {
                if (top) return complete(); // a text of one token, which the parser refuses
            }
            default -> {
                if (top) scalar = true;
            }
        }
        if (scalar) return null;
        // json_message_process_token: a text ends when its counts balance or one goes negative
        if (braces < 0 || brackets < 0 || braces == 0 && brackets == 0) return complete();
        if (braces + brackets > MAX_NESTING) return failed(NESTING_EXCEEDED);
        return null;
    }

    /** Keeps a byte of the text; the first byte beyond {@link #MAX_TEXT} turns the text into one that is only followed. */
    private String keep(int b) {
        if (discarding) return null;
        if (buf.size() >= MAX_TEXT) {
            discarding = true;
            buf.reset();
            return SIZE_EXCEEDED;
        }
        buf.write(b);
        return null;
    }

    /** The text read, or null for one that was already answered as too large. */
    private Text text() {
        return discarding ? null : new Text(buf.toByteArray(), null);
    }

    /** The text ended: it is returned, or, already answered as too large, only forgotten. */
    private Text complete() {
        Text t = text();
        startOver();
        return t;
    }

    private Text failed(String why) {
        startOver();
        return new Text(null, why);
    }

    private void startOver() {
        buf.reset();
        braces = brackets = 0;
        quote = 0;
        escape = scalar = space = discarding = false;
    }

    /** QEMU's lexer accepts no ASCII control character but whitespace between tokens, none in a string, and never 0xFE or 0xFF. */
    private boolean lexicalError(int b) {
        if (b >= 0xfe) return true;
        if (b >= 0x20) return false;
        return quote != 0 || !whitespace(b);
    }

    private static boolean whitespace(int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean structural(int b) {
        return b == '[' || b == ']' || b == '{' || b == '}' || b == ':' || b == ',';
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        if (n <= 0) return false;
        pos = 0;
        limit = n;
        return true;
    }
}
