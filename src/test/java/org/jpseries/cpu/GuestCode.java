package org.jpseries.cpu;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Mmu;
import org.jpseries.user.AddressSpace;

/**
 * A bare CPU for instruction tests: one executable page of little-endian code at {@link #CODE},
 * run by the real {@link Interpreter} until an {@code sc} (which halts) or an interrupt (which is
 * recorded and halts). Problem state, 64-bit mode, as user-mode Linux runs programs. Code that
 * never reaches {@code sc} (a broken branch) is stopped by a watchdog and fails the test.
 */
final class GuestCode implements CpuEnvironment {
    static final long CODE = 0x10000;
    static final int SC = 0x44000002;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "guest-code-watchdog");
        t.setDaemon(true);
        return t;
    });

    final Cpu cpu;
    private volatile boolean timedOut;
    final AddressSpace space = new AddressSpace();
    GuestInterrupt interrupt;
    int systemCalls;
    boolean lastWasScv;

    GuestCode(CpuModel model) {
        cpu = new Cpu(model, new Mmu(space));
        cpu.env = this;
        cpu.setMsr(Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_LE);
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
        byte[] b = new byte[4 * words.length + 4];
        for (int i = 0; i <= words.length; i++) {
            int w = i < words.length ? words[i] : SC;
            b[4 * i] = (byte) w;
            b[4 * i + 1] = (byte) (w >>> 8);
            b[4 * i + 2] = (byte) (w >>> 16);
            b[4 * i + 3] = (byte) (w >>> 24);
        }
        space.poke(at, b, 0, b.length);
        interrupt = null;
        cpu.halted = false;
        cpu.nip = at;
        ScheduledFuture<?> stop = WATCHDOG.schedule(() -> {
            timedOut = true;
            cpu.halted = true;
        }, 10, TimeUnit.SECONDS);
        new Interpreter(cpu).run();
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

    @Override
    public void systemCall(Cpu c, int lev, boolean scv) {
        systemCalls++;
        lastWasScv = scv;
        c.halted = true;
    }

    @Override
    public void interrupt(Cpu c, GuestInterrupt gi) {
        interrupt = gi;
        c.halted = true;
    }
}
