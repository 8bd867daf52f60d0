package org.jpseries.user;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * ITIMER_REAL of the process (alarm, setitimer, getitimer): a host timer that raises SIGALRM
 * asynchronously, one-shot or periodic. Its thread is a daemon and stops with the process.
 */
final class AlarmTimer {
    private final LinuxUser proc;
    private ScheduledExecutorService exec;
    private ScheduledFuture<?> pending;
    private long deadlineNanos, intervalNanos;

    AlarmTimer(LinuxUser proc) {
        this.proc = proc;
    }

    /** Nanoseconds until the timer fires (0: disarmed). */
    synchronized long remaining() {
        if (pending == null || pending.isDone() && intervalNanos == 0) return 0;
        return Math.max(1, deadlineNanos - System.nanoTime());
    }

    synchronized long interval() {
        return intervalNanos;
    }

    /** Arms (value > 0) or disarms (value 0) the timer; returns what remained of the old setting. */
    synchronized long set(long valueNanos, long intervalNanos) {
        long old = remaining();
        if (pending != null) pending.cancel(false);
        pending = null;
        this.intervalNanos = intervalNanos;
        if (valueNanos > 0) {
            if (exec == null) {
                exec = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "guest-itimer");
                    t.setDaemon(true);
                    return t;
                });
            }
            deadlineNanos = System.nanoTime() + valueNanos;
            pending = intervalNanos > 0
                    ? exec.scheduleAtFixedRate(this::fire, valueNanos, intervalNanos, TimeUnit.NANOSECONDS)
                    : exec.schedule(this::fire, valueNanos, TimeUnit.NANOSECONDS);
        }
        return old;
    }

    private void fire() {
        synchronized (this) {
            if (intervalNanos > 0) deadlineNanos = System.nanoTime() + intervalNanos;
        }
        proc.raiseAsync(Signals.SIGALRM);
    }

    synchronized void stop() {
        if (exec != null) exec.shutdownNow();
        exec = null;
        pending = null;
    }
}
