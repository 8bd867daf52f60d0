package org.jpseries.monitor;

import java.util.concurrent.CountDownLatch;
import org.jpseries.migration.MigrationStatus;

/**
 * QEMU's {@code -machine none} (hw/core/null-machine.c): no CPUs, no RAM, no devices, only the
 * monitors, which answer the questions a management layer asks before it starts a real machine
 * (libvirt probes an emulator this way). It is in run state prelaunch with -S, running
 * otherwise, and ends on QMP quit or a host signal.
 */
public final class NoneMachine {
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean running;
    /** The migration capabilities' defaults: query-migrate-capabilities answers without a machine as QEMU's does. */
    final MigrationStatus migration = new MigrationStatus();

    public NoneMachine(boolean startStopped) {
        this.running = !startStopped;
    }

    /** QEMU's run state name (qapi/run-state.json). */
    String status() {
        return running ? "running" : "prelaunch";
    }

    boolean running() {
        return running;
    }

    void setRunning(boolean r) {
        running = r;
    }

    /** Ends {@link #run}: QMP quit, a host signal. */
    public void quit() {
        ended.countDown();
    }

    /** Waits until the machine is told to quit; returns the exit status (0). */
    public int run() throws InterruptedException {
        ended.await();
        return 0;
    }
}
