package org.jpseries.user;

/**
 * Passes the host's terminal and termination signals on to the guest, as qemu-ppc64le does
 * (Ctrl-C reaches the guest's SIGINT handler, or ends it with status 130): SIGINT, SIGTERM,
 * SIGHUP and SIGWINCH. Only for command-line runs, where the JVM is the guest's process.
 */
final class HostSignals {
    private HostSignals() {}

    private static final String[] NAMES = {"INT", "TERM", "HUP", "WINCH"};
    private static final int[] NUMBERS = {Signals.SIGINT, Signals.SIGTERM, Signals.SIGHUP, Signals.SIGWINCH};

    static void forward(LinuxUser proc) {
        for (int i = 0; i < NAMES.length; i++) {
            int sig = NUMBERS[i];
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(NAMES[i]), s -> proc.raiseAsync(sig));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the JVM keeps this one for itself
            }
        }
    }
}
