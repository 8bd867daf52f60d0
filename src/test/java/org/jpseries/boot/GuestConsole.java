package org.jpseries.boot;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The guest console as a test sees it: everything the machine writes to its spapr-vty, kept in
 * memory, with a wait for a string to appear after a given position (a console mark).
 */
final class GuestConsole extends OutputStream {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(int b) {
        text.append((char) (b & 0xff));
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        text.append(new String(b, off, len, StandardCharsets.ISO_8859_1));
        notifyAll();
    }

    /** The current end of the output, to wait for text after it. */
    synchronized int mark() {
        return text.length();
    }

    synchronized String since(int mark) {
        return text.substring(mark);
    }

    synchronized String all() {
        return text.toString();
    }

    /**
     * Waits until {@code needle} appears after {@code from}; returns the position just after it.
     * Line ends inside the match are skipped (see {@link #find}). Fails with the console's tail
     * when it does not appear within {@code seconds} or when {@code stillRunning} says the
     * machine has ended.
     */
    synchronized int waitFor(int from, String needle, long seconds, java.util.function.BooleanSupplier stillRunning)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int start = from;
        while (true) {
            long r = find(start, needle);
            if (r >= 0) return (int) r;
            start = (int) -(r + 1);
            long left = deadline - System.nanoTime();
            if (left <= 0 || !stillRunning.getAsBoolean()) {
                String tail = text.substring(Math.max(0, text.length() - 3000));
                throw new AssertionError("'" + needle + "' did not appear on the console within " + seconds + " s"
                        + (stillRunning.getAsBoolean() ? "" : " (the machine stopped)") + "; console tail:\n" + tail);
            }
            wait(Math.max(1, Math.min(left / 1_000_000L, 500)));
        }
    }

    /** How many waits matched only by skipping line ends inside the needle. */
    synchronized int splitMatches() {
        return splitMatches;
    }

    private int splitMatches;

    /**
     * Finds {@code needle} at or after {@code from}, skipping '\r' and '\n' in the text where
     * the needle has none: the tty echoes input typed while the guest prints (a newline a host
     * thread types during a boot becomes "\r\n" in the middle of the init's marker line), and
     * such an echo must not hide the line. Returns the position just after the match, or
     * {@code -(p + 1)} where p is the first position a later search must start from (a match may
     * still begin there once more text arrives).
     */
    private long find(int from, String needle) {
        int at = text.indexOf(needle, from);
        if (at >= 0) return at + needle.length();
        int n = text.length();
        char first = needle.charAt(0);
        candidates:
        for (int i = from; i < n; i++) {
            if (text.charAt(i) != first) continue;
            int j = i, k = 0;
            while (k < needle.length()) {
                if (j >= n) return -(i + 1L); // a prefix matched up to the end: retry from i
                char ch = text.charAt(j);
                if (ch == needle.charAt(k)) {
                    j++;
                    k++;
                } else if (ch == '\r' || ch == '\n') {
                    j++;
                } else {
                    continue candidates;
                }
            }
            splitMatches++;
            return j;
        }
        return -(n + 1L);
    }
}
