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
     * Fails with the console's tail when it does not appear within {@code seconds} or when
     * {@code stillRunning} says the machine has ended.
     */
    synchronized int waitFor(int from, String needle, long seconds, java.util.function.BooleanSupplier stillRunning)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            int at = text.indexOf(needle, from);
            if (at >= 0) return at + needle.length();
            long left = deadline - System.nanoTime();
            if (left <= 0 || !stillRunning.getAsBoolean()) {
                String tail = text.substring(Math.max(0, text.length() - 3000));
                throw new AssertionError("'" + needle + "' did not appear on the console within " + seconds + " s"
                        + (stillRunning.getAsBoolean() ? "" : " (the machine stopped)") + "; console tail:\n" + tail);
            }
            wait(Math.max(1, Math.min(left / 1_000_000L, 500)));
        }
    }
}
