package org.jpseries.spapr;

import java.util.concurrent.CompletableFuture;

/** Tests' way to run a machine: {@link SpaprMachine#run} on a daemon thread named "machine". */
public final class MachineThread {
    private MachineThread() {}

    /** Starts {@code m}'s run; the future completes with its exit code (or what it threw). */
    public static CompletableFuture<Integer> start(SpaprMachine m) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                exit.complete(m.run());
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        }, "machine");
        t.setDaemon(true);
        t.start();
        return exit;
    }
}
