package org.jpseries.papr;

import java.io.PrintStream;

/**
 * The {@code -d} log items the platform emits (QEMU's qemu_log_mask): {@code guest_errors} for
 * bad hypercall/RTAS/client-interface arguments, {@code unimp} for calls the platform does not
 * implement (QEMU's LOG_UNIMP, e.g. "Unimplemented SPAPR hcall"). Output goes to the {@code -D}
 * file or stderr.
 */
public final class GuestLog {
    private final boolean guestErrors;
    private final boolean unimp;
    private final PrintStream out;

    public GuestLog(boolean guestErrors, boolean unimp, PrintStream out) {
        this.guestErrors = guestErrors;
        this.unimp = unimp;
        this.out = out;
    }

    public GuestLog(boolean guestErrors, PrintStream out) {
        this(guestErrors, false, out);
    }

    public static GuestLog silent() {
        return new GuestLog(false, false, System.err);
    }

    public boolean guestErrors() {
        return guestErrors;
    }

    /** A LOG_UNIMP line. */
    public void unimplemented(String fmt, Object... args) {
        if (unimp) print(fmt, args);
    }

    private void print(String fmt, Object... args) {
        synchronized (out) {
            out.println(String.format(fmt, args));
            out.flush();
        }
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
