package org.jpseries.virtio;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The host thread a virtio device processes its queues on (QEMU's iothread with the ioeventfd a
 * queue notify signals): a vCPU's notify only queues work here and returns; requests, backend I/O
 * and the completing interrupt run on this thread. One per device, named after it; a task that
 * fails unexpectedly is reported by the device and never ends the thread or the emulator.
 */
public final class IoThread implements AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    /** @param name the thread's name, asked when it starts (the device's place on its bus is known by then) */
    public IoThread(java.util.function.Supplier<String> name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name.get());
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    public void execute(Runnable r) {
        if (!executor.isShutdown()) executor.execute(r);
    }

    public void schedule(Runnable r, long millis) {
        if (!executor.isShutdown()) executor.schedule(r, millis, TimeUnit.MILLISECONDS);
    }

    /** Whether the caller is this thread. */
    public boolean current() {
        return Thread.currentThread() == thread;
    }

    /** Waits until every task queued before this call has run (used by drain; never on this thread). */
    public void barrier() {
        if (executor.isShutdown()) return;
        try {
            executor.submit(() -> {}).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            // shut down meanwhile: nothing more runs
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
