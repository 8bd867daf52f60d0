package org.jpseries.cpu;

import static org.jpseries.state.Role.Kind.DERIVED;
import static org.jpseries.state.Role.Kind.WIRING;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jpseries.state.Role;

/**
 * The host timer behind the decrementers of the vCPUs that share one {@link TimeBase}: a single
 * thread that sleeps until the earliest armed deadline and raises
 * {@link Cpu#PENDING_DECREMENTER} on the vCPUs whose deadline passed (QEMU's per-CPU
 * decr_timer, one host thread here for the whole machine).
 *
 * <p>Linux rewrites DEC at every timer interrupt, first with its maximum and then with the next
 * event, so arming must be cheap: a write only records the deadline in its
 * {@link SystemRegisters} and wakes the thread when the new deadline is earlier than the moment
 * the thread sleeps until; a later deadline is found when the thread wakes (it never sleeps longer
 * than {@link #MAX_SLEEP_NANOS}). The thread starts on demand and ends after a second with
 * nothing armed, so machines and tests that are dropped leave no thread behind.
 */
final class DecrementerTimer {
    static final long NONE = Long.MAX_VALUE;
    static final long MAX_SLEEP_NANOS = 1_000_000_000L;
    /** While the time base is stopped deadlines cannot pass; the thread looks again this often. */
    static final long STOPPED_POLL_NANOS = 10_000_000L;

    @Role(kind = WIRING, why = "the time base it serves")
    private final TimeBase timeBase;
    /** Registers with a deadline (possibly already withdrawn: dropped at the next scan). Guarded by this. */
    @Role(kind = DERIVED, why = "the decrementers with a deadline; a load re-arms each from its saved count")
    private final List<SystemRegisters> armed = new ArrayList<>();
    /** The timer thread, or null. Guarded by this. */
    @Role(kind = WIRING, why = "the host timer thread")
    private Thread thread;
    /**
     * The time base value the thread sleeps until; NONE while it scans (then every arming wakes
     * it, so that a deadline written during a scan is never slept past). Guarded by this.
     */
    @Role(kind = DERIVED, why = "the earliest armed deadline, recomputed at each scan")
    private long wakeAt = NONE;

    DecrementerTimer(TimeBase timeBase) {
        this.timeBase = timeBase;
    }

    /** A decrementer was given {@code deadline} (time base ticks); called after the registers recorded it. */
    void arm(SystemRegisters regs, long deadline) {
        Thread wake = null;
        synchronized (this) {
            if (!armed.contains(regs)) armed.add(regs);
            if (thread == null) {
                thread = new Thread(this::serve, "decrementer");
                thread.setDaemon(true);
                wakeAt = NONE;
                thread.start();
            } else if (deadline < wakeAt) {
                wake = thread;
            }
        }
        if (wake != null) LockSupport.unpark(wake);
    }

    /** Whether the thread runs (tests: it ends when nothing was armed for a second). */
    synchronized boolean serving() {
        return thread != null;
    }

    private void serve() {
        long idleSince = System.nanoTime();
        SystemRegisters[] scan = new SystemRegisters[0];
        while (true) {
            synchronized (this) {
                wakeAt = NONE; // scanning: any arming from now on wakes us
                scan = armed.toArray(scan);
            }
            long now = timeBase.read();
            long next = NONE;
            for (SystemRegisters r : scan) {
                if (r == null) break;
                long d = r.expireDecrementer(now); // raises the exception if due; the remaining deadline or NONE
                if (d < next) next = d;
            }
            long sleep;
            synchronized (this) {
                armed.removeIf(SystemRegisters::decrementerIdle);
                if (armed.isEmpty() && next == NONE) {
                    if (System.nanoTime() - idleSince >= MAX_SLEEP_NANOS) {
                        thread = null;
                        return;
                    }
                } else {
                    idleSince = System.nanoTime();
                }
                if (!timeBase.running()) {
                    sleep = STOPPED_POLL_NANOS;
                } else {
                    sleep = next == NONE ? MAX_SLEEP_NANOS : Math.min(timeBase.nanosUntil(next), MAX_SLEEP_NANOS);
                }
                wakeAt = next;
            }
            if (sleep > 0) LockSupport.parkNanos(this, sleep);
        }
    }
}
