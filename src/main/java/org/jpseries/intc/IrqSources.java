package org.jpseries.intc;

import static org.jpseries.state.Role.Kind.CONFIG;
import static org.jpseries.state.Role.Kind.STATE;
import static org.jpseries.state.Role.Kind.WIRING;

import java.util.Arrays;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The interrupt sources of the machine, shared by every interrupt controller backend: for each
 * interrupt number whether a device claimed it, whether it is level-sensitive (LSI) or
 * message-signalled (MSI), the level of an LSI's line and an MSI event latched while no backend
 * was active. Devices raise interrupts only here, through the {@link IrqLine} they got at claim
 * time; the table forwards the change to the active backend under the machine lock, so that
 * changing the backend (CAS, machine reset) is one operation under that lock and an interrupt
 * raised meanwhile is latched here, never delivered to an inactive or half-reset controller
 * (QEMU's spapr_irq.c keeps both backends in step by claiming every number in both; the level
 * lives in the source, not in a backend).
 *
 * <p>As a {@link Device} ("irq-sources"): the state is the LSI levels and the latched MSI events;
 * the claims are configuration, saved as checked fields so that a stream from a machine with other
 * devices is refused. Its reset is the first interrupt step of the machine reset (QEMU's
 * spapr_machine_reset has none: its levels belong to the devices): no backend is active from
 * then on, so interrupts latch here until the controllers' reset activates one. Register it
 * before every other device of {@link ResetPhase#DEVICES}.
 */
public final class IrqSources implements Device {
    public static final String SECTION = "irq-sources";
    /** 2: MSIs claimed while the machine runs ("msi-claimed"); "claimed" and "lsi" list the fixed claims only. */
    static final int VERSION = 2;

    @Role(kind = WIRING, why = "the machine lock, shared with the backends")
    private final Object lock;
    @Role(kind = CONFIG, why = "the size of the interrupt number space, fixed by the machine type; checked as nr-irqs")
    private final int count;
    @Role(kind = CONFIG, why = "claims are made while the machine is built; checked against the stream's claimed list")
    private final boolean[] claimed;
    @Role(kind = CONFIG, why = "the kind of each claimed source, fixed at claim time; checked against the stream's lsi list")
    private final boolean[] lsi;
    @Role(kind = WIRING, why = "the line handed to each claimer, kept so that a test or the monitor can name a claimed line by number")
    private final IrqLine[] lines;
    @Role(kind = STATE, value = "msi-claimed", why = "numbers claimed as MSIs while the machine runs (a PCI function's MSI-X vectors), released at reset")
    private final boolean[] dynamic;
    @Role(kind = STATE)
    private final boolean[] asserted;
    @Role(kind = STATE)
    private final boolean[] latched;
    /** Claimed numbers in claim order: the only ones a backend has to scan. */
    @Role(kind = CONFIG, why = "the claimed numbers in claim order, built with the claims")
    private int[] claimedList = new int[0];
    @Role(kind = WIRING, why = "the backend the platform selected (pre-CAS or from the CAS result); the platform re-selects it after a load")
    private IrqBackend active;

    /** A table for interrupt numbers {@code 0 .. count-1}, guarded by {@code lock}. */
    public IrqSources(Object lock, int count) {
        this.lock = lock;
        this.count = count;
        claimed = new boolean[count];
        lsi = new boolean[count];
        lines = new IrqLine[count];
        dynamic = new boolean[count];
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

    /**
     * Claims {@code irq} for a device (or the IPIs), as a level (LSI) or message (MSI) source, and
     * hands out its line: the claimer is the only one that writes the number.
     */
    public IrqLine claimLine(int irq, boolean level) {
        synchronized (lock) {
            if (!valid(irq)) throw new IllegalArgumentException("IRQ 0x" + Integer.toHexString(irq) + " is out of range");
            if (claimed[irq]) throw new IllegalStateException("IRQ 0x" + Integer.toHexString(irq) + " is not free");
            claimed[irq] = true;
            lsi[irq] = level;
            claimedList = Arrays.copyOf(claimedList, claimedList.length + 1);
            claimedList[claimedList.length - 1] = irq;
            lines[irq] = new IrqLine(this, irq, level);
            return lines[irq];
        }
    }

    /**
     * Claims {@code n} consecutive free numbers in {@code [from, to)} as MSIs while the machine
     * runs, the first at a multiple of {@code alignMask + 1} from {@code from} (QEMU
     * spapr_irq_msi_alloc's bitmap_find_next_zero_area, then spapr_irq_claim of each), and
     * returns the first, or -1 when no such block is free. Unlike the claims made while the
     * machine is built, these are state: saved, loaded, and given back with {@link #release}.
     */
    public int claimMsiBlock(int from, int to, int n, int alignMask) {
        if (n <= 0 || from < 0 || to > count) return -1;
        synchronized (lock) {
            for (int i = 0; ; ) {
                i = (i + alignMask) & ~alignMask;
                if (from + i + n > to) return -1;
                int busy = -1;
                for (int k = from + i + n - 1; k >= from + i && busy < 0; k--) {
                    if (claimed[k]) busy = k;
                }
                if (busy < 0) {
                    for (int k = from + i; k < from + i + n; k++) claimDynamic(k);
                    return from + i;
                }
                i = busy - from + 1;
            }
        }
    }

    private void claimDynamic(int irq) {
        claimLine(irq, false);
        dynamic[irq] = true;
    }

    /** Gives back numbers claimed with {@link #claimMsiBlock} (QEMU spapr_irq_msi_free and spapr_irq_free): free, no event latched. */
    public void release(int first, int n) {
        synchronized (lock) {
            for (int irq = first; irq < first + n; irq++) {
                if (!valid(irq) || !dynamic[irq]) throw new IllegalStateException("IRQ 0x" + Integer.toHexString(irq) + " was not claimed as an MSI block");
            }
            for (int irq = first; irq < first + n; irq++) unclaim(irq);
        }
    }

    private void unclaim(int irq) {
        claimed[irq] = lsi[irq] = dynamic[irq] = asserted[irq] = latched[irq] = false;
        lines[irq] = null;
        claimedList = Arrays.stream(claimedList).filter(k -> k != irq).toArray();
    }

    /** Whether {@code irq} was claimed with {@link #claimMsiBlock}. */
    public boolean claimedAsMsiBlock(int irq) {
        synchronized (lock) {
            return valid(irq) && dynamic[irq];
        }
    }

    /**
     * The line a device claimed as {@code irq}: the one way to reach a line by its number, for
     * whoever did not claim it (tests, the monitor). Raising it is the claimer's line's own
     * {@link IrqLine#set}/{@link IrqLine#pulse}; there is no raising by number.
     */
    public IrqLine line(int irq) {
        synchronized (lock) {
            if (!claimed(irq)) throw new IllegalArgumentException("IRQ 0x" + Integer.toHexString(irq) + " is not claimed");
            return lines[irq];
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

    // ---- device side: reached only through an IrqLine -------------------------------------------

    /** Sets the line of a source: an LSI keeps the level; an MSI has an event on a true level. */
    void lineChanged(int irq, boolean level) {
        synchronized (lock) {
            if (!claimed(irq)) return;
            if (lsi[irq]) asserted[irq] = level;
            IrqBackend b = active;
            if (b != null) b.sourceChanged(irq, level);
            else if (level && !lsi[irq]) latched[irq] = true;
        }
    }

    /** One event on a message-signalled source (QEMU's qemu_irq_pulse). */
    void linePulsed(int irq) {
        synchronized (lock) {
            lineChanged(irq, true);
            lineChanged(irq, false);
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

    // ---- Device ------------------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of(SECTION, VERSION, ResetPhase.DEVICES);

    @Override
    public DeviceId id() {
        return ID;
    }

    /**
     * The machine reset's "detach" step: no backend is active until the controllers' reset
     * activates the pre-CAS one. Line levels stay (their devices own them) and latched events stay
     * latched for that controller, as before this table was a device.
     */
    @Override
    public void reset(ResetReason why) {
        setActive(null);
    }

    @Override
    public void saveState(Consumer<Section> out) {
        synchronized (lock) {
            boolean[] fixed = fixedClaims();
            out.accept(newSection().i32("nr-irqs", count).ints("claimed", numbers(fixed, fixed)).ints("lsi", numbers(lsi, fixed))
                    .ints("msi-claimed", numbers(dynamic, dynamic)).ints("asserted", numbers(asserted, lsi)).ints("latched", numbers(latched, claimed)));
        }
    }

    /** The claims made while the machine was built. Lock held. */
    private boolean[] fixedClaims() {
        boolean[] f = new boolean[count];
        for (int i = 0; i < count; i++) f[i] = claimed[i] && !dynamic[i];
        return f;
    }

    /** The ascending numbers {@code i} with {@code set[i] && within[i]}. */
    private int[] numbers(boolean[] set, boolean[] within) {
        int n = 0;
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            if (set[i] && within[i]) r[n++] = i;
        }
        return Arrays.copyOf(r, n);
    }

    @Override
    public void loadState(Section s) throws StateException {
        synchronized (lock) {
            int n = s.i32("nr-irqs");
            if (n != count) throw new StateException("section " + s.label() + ": field nr-irqs = " + n + ", this machine has " + count);
            boolean[] fixed = fixedClaims();
            checkSame(s, "claimed", s.ints("claimed"), numbers(fixed, fixed), "claimed", "other devices?");
            checkSame(s, "lsi", s.ints("lsi"), numbers(lsi, fixed), "level-sensitive", "a device of another kind?");
            int[] msis = s.ints("msi-claimed"), up = s.ints("asserted"), ev = s.ints("latched");
            for (int k = 0; k < msis.length; k++) {
                int irq = msis[k];
                if (!valid(irq) || fixed[irq] || (k > 0 && irq <= msis[k - 1])) {
                    throw new StateException(field(s, "msi-claimed") + "0x" + Integer.toHexString(irq) + " is not a free number in ascending order");
                }
            }
            boolean[] msi = new boolean[count];
            for (int irq : msis) msi[irq] = true;
            for (int irq : up) {
                if (!valid(irq) || !fixed[irq] || !lsi[irq]) {
                    throw new StateException(field(s, "asserted") + "0x" + Integer.toHexString(irq) + " is not a claimed LSI");
                }
            }
            for (int irq : ev) {
                if (!valid(irq) || !(fixed[irq] && !lsi[irq] || msi[irq])) {
                    throw new StateException(field(s, "latched") + "0x" + Integer.toHexString(irq) + " is not a claimed MSI");
                }
            }
            for (int irq = 0; irq < count; irq++) {
                if (dynamic[irq]) unclaim(irq);
            }
            for (int irq : msis) claimDynamic(irq);
            Arrays.fill(asserted, false);
            Arrays.fill(latched, false);
            for (int irq : up) asserted[irq] = true;
            for (int irq : ev) latched[irq] = true;
        }
    }

    private static String field(Section s, String f) {
        return "section " + s.label() + ": field " + f + ": ";
    }

    /** Refuses a list of numbers that differs from this machine's, naming the first number that differs. */
    private static void checkSame(Section s, String f, int[] theirs, int[] ours, String what, String hint) throws StateException {
        int i = Arrays.mismatch(theirs, ours);
        if (i < 0) return;
        boolean extra = i < theirs.length && (i >= ours.length || theirs[i] < ours[i]);
        int irq = extra ? theirs[i] : ours[i];
        throw new StateException(field(s, f) + "IRQ 0x" + Integer.toHexString(irq) + " is " + what
                + (extra ? " in the stream but not here" : " here but not in the stream") + " (" + hint + ")");
    }

    /**
     * An event latched in the stream while this table has an active backend goes to it now, as
     * {@link #setActive} would have done (the backends re-evaluate their own outputs).
     */
    @Override
    public void postLoad() {
        synchronized (lock) {
            if (active == null) return;
            for (int irq : claimedList) {
                if (latched[irq]) {
                    latched[irq] = false;
                    active.sourceChanged(irq, true);
                }
            }
        }
    }
}
