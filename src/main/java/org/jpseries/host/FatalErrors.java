package org.jpseries.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends the process on an error no thread can recover from: an {@link OutOfMemoryError} or any
 * other exception that escapes a thread (vCPU, control, monitor, timer, console). Installed as
 * the default uncaught-exception handler, and called directly by threads that catch everything.
 * It prints one line on stderr ("jpseries: fatal: out of Java heap on thread vcpu0 ..."), runs the
 * {@link ExitActions} (terminal mode back, monitor socket files removed) and halts the JVM with
 * exit status 1, so no thread is left waiting for one that died.
 *
 * <p>It may run with no Java heap left (the issue-16 hang: the vCPU's own error report ran out of
 * memory too, and the main thread waited for it forever). So the line is assembled in native
 * memory reserved at install time, from strings that already exist, and written with write(2);
 * the reserve array is dropped first, which gives the JVM room for what it still allocates (the
 * thread name, a stack trace of a non-memory error). Shutdown hooks are not run (they could wait
 * on the dead thread): {@link Runtime#halt}.
 */
public final class FatalErrors {
    /** The exit status of a fatal error, as QEMU's exit(1) after an error report. */
    public static final int EXIT_STATUS = 1;
    static final int LINE_BYTES = 1024;
    static final int STDERR = 2;

    private static final AtomicBoolean DYING = new AtomicBoolean();
    private static final MemorySegment LINE = Arena.global().allocate(LINE_BYTES);
    /** Heap that is freed first, so the JVM can still allocate a little while dying. */
    @SuppressWarnings("unused")
    private static volatile byte[] reserve;
    private static volatile String prog = "jpseries";

    private FatalErrors() {}

    /** Makes {@link #die} the handler of every thread's uncaught exceptions; {@code prog} starts the message. */
    public static void install(String program) {
        prog = program;
        reserve = new byte[1 << 20];
        Libc.writeQuietly(STDERR, LINE, 0); // links write(2) now, not when the heap is gone
        Thread.setDefaultUncaughtExceptionHandler(FatalErrors::die);
    }

    /**
     * Reports {@code e} on {@code thread} and ends the process (status {@link #EXIT_STATUS}). A
     * second thread failing meanwhile returns at once (its thread then ends); the first one exits.
     */
    public static void die(Thread thread, Throwable e) {
        if (!DYING.compareAndSet(false, true)) return;
        reserve = null;
        try {
            report(thread, e);
        } catch (Throwable again) {
            // the line could not be finished: the exit still happens
        }
        ExitActions.runAll();
        Runtime.getRuntime().halt(EXIT_STATUS);
    }

    private static void report(Thread thread, Throwable e) {
        long n = put(0, prog);
        n = put(n, ": fatal: ");
        boolean heap = false;
        if (e instanceof OutOfMemoryError) {
            String what = e.getMessage();
            heap = what == null || what.equals("Java heap space") || what.startsWith("GC overhead");
            if (heap) {
                n = put(n, "out of Java heap (");
                n = putNumber(n, Runtime.getRuntime().maxMemory() >> 20);
                n = put(n, " MiB)");
            } else {
                n = put(n, "out of memory (");
                n = put(n, what);
                n = put(n, ")");
            }
        } else {
            n = put(n, "internal error");
        }
        n = put(n, " on thread ");
        n = put(n, thread.getName());
        if (heap) {
            n = put(n, "; JPSERIES_JAVA_OPTS=-Xmx... gives the JVM more");
        } else if (!(e instanceof OutOfMemoryError)) {
            n = put(n, ": ");
            n = put(n, String.valueOf(e));
        }
        n = put(n, "\n");
        Libc.writeQuietly(STDERR, LINE, n);
        if (!(e instanceof OutOfMemoryError)) {
            // an emulator bug: where it happened, for the report (the heap is not the problem here)
            StackTraceElement[] trace = e.getStackTrace();
            for (int i = 0; i < trace.length && i < 20; i++) {
                long m = put(0, "    at ");
                m = put(m, trace[i].toString());
                m = put(m, "\n");
                Libc.writeQuietly(STDERR, LINE, m);
            }
        }
    }

    /** Appends {@code s} as UTF-8 at {@code at}; whatever does not fit in the line is cut off (the newline stays possible). */
    private static long put(long at, String s) {
        long n = at;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int len = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (n + len > LINE_BYTES - 1 && c != '\n') return n;
            if (c < 0x80) {
                LINE.set(ValueLayout.JAVA_BYTE, n++, (byte) c);
            } else if (c < 0x800) {
                LINE.set(ValueLayout.JAVA_BYTE, n++, (byte) (0xc0 | c >> 6));
                LINE.set(ValueLayout.JAVA_BYTE, n++, (byte) (0x80 | c & 0x3f));
            } else {
                LINE.set(ValueLayout.JAVA_BYTE, n++, (byte) (0xe0 | c >> 12));
                LINE.set(ValueLayout.JAVA_BYTE, n++, (byte) (0x80 | c >> 6 & 0x3f));
                LINE.set(ValueLayout.JAVA_BYTE, n++, (byte) (0x80 | c & 0x3f));
            }
        }
        return n;
    }

    private static long putNumber(long at, long v) {
        long div = 1;
        while (v / div >= 10) div *= 10;
        long n = at;
        for (; div > 0; div /= 10) {
            if (n >= LINE_BYTES - 1) return n;
            LINE.set(ValueLayout.JAVA_BYTE, n++, (byte) ('0' + v / div % 10));
        }
        return n;
    }
}
