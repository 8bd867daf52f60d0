package org.jpseries.cpu;

/**
 * The time base (Book II 6.2): a 64-bit count at 512 MHz, the frequency QEMU's pseries gives a
 * TCG guest (SPAPR_TIMEBASE_FREQ). It is derived from the host's monotonic clock and can be
 * stopped and resumed, so that a stopped VM does not see time pass (the guest's RCU stall and
 * lockup detectors would fire otherwise). One instance is shared by all vCPUs of a machine.
 */
public final class TimeBase {
    public static final long FREQUENCY = 512_000_000L;

    /** The time base user mode and tests share: always running, counting from class load. */
    public static final TimeBase SHARED = new TimeBase();

    /** nanoTime value at which the time base read 0 (while running). */
    private volatile long originNanos = System.nanoTime();
    /** The frozen value while stopped, or -1 while running. */
    private volatile long frozen = -1;

    /** The current time base value. */
    public long read() {
        long f = frozen;
        if (f >= 0) return f;
        return ticks(System.nanoTime() - originNanos);
    }

    /** Stops the count (VM stop); reads return the same value until {@link #resume}. */
    public synchronized void stop() {
        if (frozen < 0) frozen = read();
    }

    public synchronized void resume() {
        long f = frozen;
        if (f < 0) return;
        originNanos = System.nanoTime() - nanos(f);
        frozen = -1;
    }

    private DecrementerTimer decrementerTimer;

    /** The host timer serving the decrementers of the vCPUs on this time base. */
    synchronized DecrementerTimer decrementerTimer() {
        if (decrementerTimer == null) decrementerTimer = new DecrementerTimer(this);
        return decrementerTimer;
    }

    public boolean running() {
        return frozen < 0;
    }

    /** Host nanoseconds until the time base reaches {@code target} (0 if passed; meaningless while stopped). */
    public long nanosUntil(long target) {
        long d = target - read();
        return d <= 0 ? 0 : nanos(d);
    }

    static long ticks(long ns) {
        return ns / 1000 * 512 + ns % 1000 * 512 / 1000;
    }

    static long nanos(long ticks) {
        return ticks / 512 * 1000 + ticks % 512 * 1000 / 512;
    }
}
