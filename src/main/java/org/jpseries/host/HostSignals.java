package org.jpseries.host;

import java.util.function.IntConsumer;

/**
 * The host signals that end an emulator as QEMU's termsig_handler does (os-posix.c
 * os_setup_signal_handling: SIGINT, SIGHUP, SIGTERM), delivered to a handler instead of the
 * JVM's default (which would exit with 128+signal without telling the guest or the monitor).
 * Uses {@code sun.misc.Signal} (module jdk.unsupported, on the class path by default): the JVM
 * runs the handler on a thread of its own, outside any signal context.
 */
public final class HostSignals {
    /** The signals' names and numbers (Linux: SIGHUP 1, SIGINT 2, SIGTERM 15). */
    public static final String[] NAMES = {"HUP", "INT", "TERM"};

    private HostSignals() {}

    /**
     * Sends each of SIGHUP, SIGINT and SIGTERM to {@code handler} as its number. A signal the JVM
     * keeps for itself (under -Xrs, say) keeps its default action.
     */
    public static void install(IntConsumer handler) {
        for (String name : NAMES) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> handler.accept(s.getNumber()));
            } catch (IllegalArgumentException e) {
                // reserved by the JVM: its default action (exit) stays, and ExitActions' hook still runs
            }
        }
    }
}
