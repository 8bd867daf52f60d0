package org.jpseries.intc;

import java.util.Arrays;

/**
 * The interrupt sources of the machine, shared by every interrupt controller backend: for each
 * interrupt number whether a device claimed it, whether it is level-sensitive (LSI) or
 * message-signalled (MSI), the level of an LSI's line and an MSI event latched while no backend
 * was active. Devices raise interrupts only here ({@link #pulse}, {@link #setLevel}); the table
 * forwards the change to the active backend under the machine lock, so that changing the backend
 * (CAS, machine reset) is one operation under that lock and an interrupt raised meanwhile is
 * latched here, never delivered to an inactive or half-reset controller (QEMU's spapr_irq.c keeps
 * both backends in step by claiming every number in both; the level lives in the source, not in a
 * backend).
 */
public final class IrqSources {
    private final Object lock;
    private final int count;
    private final boolean[] claimed;
    private final boolean[] lsi;
    private final boolean[] asserted;
    private final boolean[] latched;
    /** Claimed numbers in claim order: the only ones a backend has to scan. */
    private int[] claimedList = new int[0];
    private IrqBackend active;

    /** A table for interrupt numbers {@code 0 .. count-1}, guarded by {@code lock}. */
    public IrqSources(Object lock, int count) {
        this.lock = lock;
        this.count = count;
        claimed = new boolean[count];
        lsi = new boolean[count];
        asserted = new boolean[count];
        latched = new boolean[count];
    }

    public Object lock() {
        return lock;
    }

    public int count() {
        return count;
    }

    public boolean valid(int irq) {
        return irq >= 0 && irq < count;
    }

    /** Claims {@code irq} for a device (or the IPIs), as a level (LSI) or message (MSI) source. */
    public void claim(int irq, boolean level) {
        synchronized (lock) {
            if (!valid(irq)) throw new IllegalArgumentException("IRQ 0x" + Integer.toHexString(irq) + " is out of range");
            if (claimed[irq]) throw new IllegalStateException("IRQ 0x" + Integer.toHexString(irq) + " is not free");
            claimed[irq] = true;
            lsi[irq] = level;
            claimedList = Arrays.copyOf(claimedList, claimedList.length + 1);
            claimedList[claimedList.length - 1] = irq;
        }
    }

    public boolean claimed(int irq) {
        return valid(irq) && claimed[irq];
    }

    public boolean isLsi(int irq) {
        return valid(irq) && lsi[irq];
    }

    /** The current level of an LSI's line (false for MSIs). */
    public boolean asserted(int irq) {
        return valid(irq) && asserted[irq];
    }

    /** Whether an MSI event is waiting for a backend to become active. */
    public boolean latched(int irq) {
        synchronized (lock) {
            return valid(irq) && latched[irq];
        }
    }

    /** The claimed numbers, in claim order (the array must not be modified). Lock held. */
    public int[] claimedList() {
        return claimedList;
    }

    /** The active backend, or null while none is (during machine reset). */
    public IrqBackend active() {
        synchronized (lock) {
            return active;
        }
    }

    // ---- device side ---------------------------------------------------------------------------

    /** Sets the line of a source: an LSI keeps the level; an MSI has an event on a true level. */
    public void setLevel(int irq, boolean level) {
        synchronized (lock) {
            if (!claimed(irq)) return;
            if (lsi[irq]) asserted[irq] = level;
            IrqBackend b = active;
            if (b != null) b.sourceChanged(irq, level);
            else if (level && !lsi[irq]) latched[irq] = true;
        }
    }

    /** One event on a message-signalled source (QEMU's qemu_irq_pulse). */
    public void pulse(int irq) {
        synchronized (lock) {
            setLevel(irq, true);
            setLevel(irq, false);
        }
    }

    // ---- backend selection -----------------------------------------------------------------------

    /**
     * Makes {@code next} the active backend (null: none, events are latched), in one step under
     * the lock: the old backend is deactivated, the new one activated, then told about every
     * asserted LSI line and every latched MSI event, which are then no longer latched.
     */
    public void setActive(IrqBackend next) {
        synchronized (lock) {
            if (active == next) return;
            if (active != null) active.deactivate();
            active = next;
            if (next == null) return;
            next.activate();
            for (int irq : claimedList) {
                if (lsi[irq]) {
                    if (asserted[irq]) next.sourceChanged(irq, true);
                } else if (latched[irq]) {
                    latched[irq] = false;
                    next.sourceChanged(irq, true);
                }
            }
        }
    }
}
