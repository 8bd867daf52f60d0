package org.jpseries.cpu;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.memory.Page;

/**
 * A bare CPU for instruction tests: one executable page of little-endian code at {@link #CODE},
 * run by the real {@link org.jpseries.cpu.exec.Interpreter} until an {@code sc} (which halts) or an interrupt (which is
 * recorded and halts). Problem state, 64-bit mode, as user-mode Linux runs programs. Code that
 * never reaches {@code sc} (a broken branch) is stopped by a watchdog and fails the test.
 */
final class GuestCode extends BareCpu {
    static final long CODE = 0x10000;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "guest-code-watchdog");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean timedOut;

    GuestCode(CpuModel model) {
        super(model, Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_LE);
        space.map(CODE, 2 * Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
    }

    GuestCode() {
        this(CpuModel.POWER10);
    }

    /** Loads the words at {@link #CODE} followed by {@code sc}, runs them, and returns this. */
    GuestCode run(int... words) {
        return runAt(CODE, words);
    }

    GuestCode runAt(long at, int... words) {
        load(at, words, true);
        ScheduledFuture<?> stop = WATCHDOG.schedule(() -> {
            timedOut = true;
            cpu.halted = true;
        }, 10, TimeUnit.SECONDS);
        runFrom(at);
        stop.cancel(false);
        if (timedOut) throw new AssertionError("guest code did not reach sc within 10 s");
        return this;
    }

    long r(int n) {
        return cpu.gpr[n];
    }

    GuestCode set(int n, long v) {
        cpu.gpr[n] = v;
        return this;
    }
}
