package org.jpseries.spapr;

import org.jpseries.cpu.Cpu;

/**
 * auto-converge's CPU throttle (QEMU softmmu/cpu-throttle.c): while on at {@code percent}, a
 * timer thread asks every vCPU, once per time slice, to sleep {@code percent / (100 - percent)}
 * of a {@link #SLICE_NANOS} slice ({@link Cpu#PENDING_THROTTLE}); the next tick comes
 * {@code SLICE_NANOS / (1 - percent/100)} later, so the vCPUs run {@code 100 - percent} percent
 * of the time. The thread exists only while a throttle is on.
 */
final class VcpuThrottle {
    /** QEMU's CPU_THROTTLE_TIMESLICE_NS: 10 ms. */
    static final long SLICE_NANOS = 10_000_000L;
    private final Vcpu[] vcpus;
    private int percent;
    private Thread ticker;

    VcpuThrottle(Vcpu[] vcpus) {
        this.vcpus = vcpus;
    }

    /** Sets the throttle (0: off; at most 99). */
    synchronized void set(int percent) {
        if (percent < 0 || percent > 99) throw new IllegalArgumentException("throttle " + percent + "% is outside 0..99");
        this.percent = percent;
        long sleep = percent == 0 ? 0 : SLICE_NANOS * percent / (100 - percent);
        for (Vcpu v : vcpus) v.cpu.throttleNanos = sleep;
        if (percent > 0 && ticker == null) {
            ticker = new Thread(this::tick, "cpu-throttle");
            ticker.setDaemon(true);
            ticker.start();
        }
        notifyAll();
    }

    synchronized int percent() {
        return percent;
    }

    private void tick() {
        while (true) {
            long period;
            synchronized (this) {
                if (percent == 0) {
                    ticker = null;
                    return;
                }
                period = SLICE_NANOS * 100 / (100 - percent);
            }
            for (Vcpu v : vcpus) v.cpu.raise(Cpu.PENDING_THROTTLE);
            java.util.concurrent.locks.LockSupport.parkNanos(this, period);
        }
    }
}
