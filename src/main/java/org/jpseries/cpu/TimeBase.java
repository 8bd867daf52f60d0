package org.jpseries.cpu;

import static org.jpseries.state.Role.Kind.DERIVED;
import static org.jpseries.state.Role.Kind.STATE;
import static org.jpseries.state.Role.Kind.WIRING;

import java.util.function.Consumer;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.state.Stateful;

/**
 * The time base (Book II 6.2): a 64-bit count at 512 MHz, the frequency QEMU's pseries gives a
 * TCG guest (SPAPR_TIMEBASE_FREQ). It is derived from the host's monotonic clock and can be
 * stopped and resumed, so that a stopped VM does not see time pass (the guest's RCU stall and
 * lockup detectors would fire otherwise). One instance is shared by all vCPUs of a machine.
 *
 * <p>Its state (section "timebase", one field "tb") is the guest's time base value, saved with
 * the machine stopped and so frozen: after a load the guest reads that value and the count goes
 * on from it when the machine resumes (QEMU's rule, hw/ppc/ppc.c timebase_save/timebase_load,
 * without the migration downtime QEMU adds: a snapshot file's age is not time the guest lived).
 *
 * <p>The decrementers count relative to it: a vCPU saves the ticks its DEC has left, and its
 * load re-arms the DEC for that many ticks from the time base at the load. The time base must
 * therefore hold its loaded value before any vCPU loads (its device comes first in the stream);
 * a time base loaded after a decrementer was restored against it refuses, since the jump would
 * move that decrementer's deadline.
 */
public final class TimeBase implements Stateful {
    public static final long FREQUENCY = 512_000_000L;

    /** The section name and the version this code writes. */
    public static final String STATE_NAME = "timebase";
    public static final int STATE_VERSION = 1;

    /** The time base user mode and tests share: always running, counting from class load. */
    public static final TimeBase SHARED = new TimeBase();

    /** nanoTime value at which the time base read 0 (while running). */
    @Role(kind = DERIVED, why = "the host clock origin, recomputed from the time base value on load and resume")
    private volatile long originNanos = System.nanoTime();
    /** The frozen value while stopped, or -1 while running. */
    @Role(kind = STATE, value = "tb", why = "saved as read(): the machine saves stopped, so this value")
    private volatile long frozen = -1;
    /**
     * Whether a decrementer was restored against this time base since it stopped (load order
     * check, see the class comment); cleared when it resumes. Guarded by this.
     */
    @Role(kind = DERIVED, why = "load-order bookkeeping of the current stop, cleared by resume")
    private boolean decrementerRestored;

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
        decrementerRestored = false;
        long f = frozen;
        if (f < 0) return;
        originNanos = System.nanoTime() - nanos(f);
        frozen = -1;
    }

    @Role(kind = WIRING, why = "the host timer thread of the decrementers")
    private DecrementerTimer decrementerTimer;

    /** The host timer serving the decrementers of the vCPUs on this time base. */
    synchronized DecrementerTimer decrementerTimer() {
        if (decrementerTimer == null) decrementerTimer = new DecrementerTimer(this);
        return decrementerTimer;
    }

    /** A vCPU's decrementer was restored relative to the current value (SystemRegisters). */
    synchronized void decrementerRestored() {
        if (frozen >= 0) decrementerRestored = true;
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

    // ---- state ------------------------------------------------------------------------------

    @Override
    public String stateName() {
        return STATE_NAME;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    /** The guest time base value now (frozen: the machine saves stopped). */
    @Override
    public void saveState(Consumer<Section> out) {
        out.accept(newSection().i64("tb", read()));
    }

    /**
     * Sets the time base to the saved value: a stopped time base reads it until it resumes and
     * counts on from it; a running one (tests, user mode) counts on from it at once.
     */
    @Override
    public synchronized void loadState(Section s) throws StateException {
        long tb = s.i64("tb");
        if (tb < 0) throw new StateException("section " + s.label() + ": field tb = " + Long.toUnsignedString(tb) + " is beyond the 63-bit count jpseries keeps");
        if (decrementerRestored) {
            throw new StateException("section " + s.label() + ": loaded after a vCPU's decrementer was restored against the old value"
                    + " (the time base must load before the vCPUs)");
        }
        if (frozen >= 0) frozen = tb;
        else originNanos = System.nanoTime() - nanos(tb);
    }
}
