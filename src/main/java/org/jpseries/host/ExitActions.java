package org.jpseries.host;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What must be undone however the process ends: the host terminal's mode and the monitor socket
 * files (QEMU: term_exit registered with atexit in char-stdio.c, and the unlink of a listening
 * socket's path when its chardev is finalised). An action is added when its resource is made and
 * removed when the resource is given back normally; {@link #runAll} runs the ones left, each at
 * most once. It allocates nothing and every action must not either, so that the fatal-error path
 * ({@link FatalErrors}) can run it on a thread that has no Java heap left. A JVM shutdown hook
 * runs it too, for any exit that does not pass through the owner's normal close.
 */
public final class ExitActions {
    /** One undo step; it must not allocate (it may run with the heap exhausted) and must not block. */
    @FunctionalInterface
    public interface Action {
        void undo();
    }

    /** More than the process ever holds at once: a terminal and a few monitor sockets. */
    static final int SLOTS = 64;
    private static final AtomicReferenceArray<Action> ACTIONS = new AtomicReferenceArray<>(SLOTS);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitActions::runAll, "exit-actions"));
    }

    private ExitActions() {}

    /**
     * Registers {@code a} to run at exit unless {@link #remove}d first; returns false when all
     * slots are taken (then only the owner's normal close undoes it: a long test JVM that leaks
     * listeners must not make the next one fail).
     */
    public static boolean add(Action a) {
        for (int i = 0; i < SLOTS; i++) {
            if (ACTIONS.compareAndSet(i, null, a)) return true;
        }
        return false;
    }

    /** Forgets {@code a} (its resource was given back normally); returns whether it was still registered. */
    public static boolean remove(Action a) {
        for (int i = 0; i < SLOTS; i++) {
            if (ACTIONS.compareAndSet(i, a, null)) return true;
        }
        return false;
    }

    /** Runs and forgets every registered action; one that fails does not stop the others. */
    public static void runAll() {
        for (int i = 0; i < SLOTS; i++) {
            Action a = ACTIONS.getAndSet(i, null);
            if (a == null) continue;
            try {
                a.undo();
            } catch (Throwable t) {
                // on the way out: the next action still runs
            }
        }
    }
}
