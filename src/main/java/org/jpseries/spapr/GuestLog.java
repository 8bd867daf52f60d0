package org.jpseries.spapr;

import java.io.PrintStream;

/**
 * The {@code -d} log items the platform emits (QEMU's qemu_log_mask): {@code guest_errors} for
 * bad hypercall/RTAS/client-interface arguments and unimplemented calls. Output goes to the
 * {@code -D} file or stderr.
 */
public final class GuestLog {
    private final boolean guestErrors;
    private final PrintStream out;

    public GuestLog(boolean guestErrors, PrintStream out) {
        this.guestErrors = guestErrors;
        this.out = out;
    }

    public static GuestLog silent() {
        return new GuestLog(false, System.err);
    }

    public boolean guestErrors() {
        return guestErrors;
    }

    public void guestError(String fmt, Object... args) {
        if (guestErrors) {
            synchronized (out) {
                out.println(String.format(fmt, args));
                out.flush();
            }
        }
    }
}
