package org.jpseries.intc.xive;

import static org.jpseries.state.Role.Kind.STATE;
import static org.jpseries.state.Role.Kind.WIRING;

import org.jpseries.intc.IrqSources;
import org.jpseries.state.Role;

/**
 * The XIVE interrupt sources (QEMU hw/intc/xive.c, XiveSource): one PQ state per interrupt number
 * and the two 64 KiB ESB pages per source (even page: trigger, odd page: management). The kind of
 * a source and an LSI's line level come from the machine's shared {@link IrqSources}. Methods
 * return true when the event must be forwarded to the router; the caller holds the machine lock.
 * The PQ bytes are saved as source-pq in the "spapr-xive" section (QEMU's vmstate_xive_source).
 */
final class XiveSource {
    /** Each source has two 64 KiB pages: 2^17 bytes of ESB space (QEMU XIVE_ESB_64K_2PAGE). */
    static final int ESB_SHIFT = 17;
    static final int PAGE_SHIFT = ESB_SHIFT - 1;

    @Role(kind = WIRING, why = "the shared source table: kinds and LSI levels")
    private final IrqSources sources;
    @Role(kind = STATE, value = "source-pq")
    private final byte[] pq;

    XiveSource(IrqSources sources, int count) {
        this.sources = sources;
        this.pq = new byte[count];
        reset();
    }

    int count() {
        return pq.length;
    }

    boolean isLsi(int s) {
        return sources.isLsi(s);
    }

    /** Every source off (PQ = 01), as QEMU's xive_source_reset and H_INT_RESET leave them. */
    void reset() {
        java.util.Arrays.fill(pq, (byte) Esb.OFF);
    }

    int pq(int s) {
        return pq[s];
    }

    /** A copy of every source's PQ (for the state section). */
    byte[] pqBytes() {
        return pq.clone();
    }

    /** Loads every source's PQ from {@code v}, of exactly {@link #count()} values 0..3 (checked by the caller). */
    void loadPq(byte[] v) {
        System.arraycopy(v, 0, pq, 0, pq.length);
    }

    /** Sets PQ, returning the old value. */
    int setPq(int s, int value) {
        int old = pq[s];
        pq[s] = (byte) (value & 3);
        return old;
    }

    /** An event on a message source (or a store to the trigger page). */
    boolean trigger(int s) {
        int old = pq[s];
        pq[s] = (byte) Esb.afterTrigger(old);
        return Esb.triggerNotifies(old);
    }

    /**
     * An EOI. A level-sensitive source has no Q bit; while its line is still asserted, the EOI
     * re-fires it (QEMU's xive_source_esb_eoi).
     */
    boolean eoi(int s) {
        int old = pq[s];
        pq[s] = (byte) Esb.afterEoi(old);
        boolean notify = Esb.eoiNotifies(old);
        if (isLsi(s) && sources.asserted(s)) notify = lsiTrigger(s);
        return notify;
    }

    /** An LSI's line is (still) high: it fires only from the idle state. */
    boolean lsiTrigger(int s) {
        if (pq[s] != Esb.RESET) return false;
        pq[s] = Esb.PENDING;
        return true;
    }

    /** The shared table reports a new input: an LSI fires while high; an MSI on each event. */
    boolean inputChanged(int s, boolean level) {
        if (isLsi(s)) return level && lsiTrigger(s);
        return level && trigger(s);
    }

    // ---- the ESB pages (offsets in the ESB region) ----------------------------------------------

    static boolean isTriggerPage(long offset) {
        return ((offset >>> PAGE_SHIFT) & 1) == 0;
    }

    static int sourceOf(long offset) {
        return (int) (offset >>> ESB_SHIFT);
    }

    /** Offset of a source's management page in the ESB region (QEMU xive_source_esb_mgmt). */
    static long managementPage(int s) {
        return ((long) s << ESB_SHIFT) + (1L << PAGE_SHIFT);
    }

    static long triggerPage(int s) {
        return (long) s << ESB_SHIFT;
    }

    /** Offset of a source's ESB pages is out of range or the access is invalid: all ones. */
    static final long INVALID = -1L;

    /**
     * A load from the ESB region at {@code offset} (QEMU xive_source_esb_read): EOI (returns 1
     * when an event was queued and is now forwarded), get PQ, or set PQ (returns the old PQ). The
     * trigger page cannot be read. Forwarded events go to {@code router}.
     */
    long read(long offset, Router router) {
        int s = sourceOf(offset);
        if (s >= pq.length || isTriggerPage(offset)) return INVALID;
        int off = (int) (offset & 0xfff);
        if (off < Esb.GET) {
            boolean notify = eoi(s);
            if (notify) router.forward(s);
            return notify ? 1 : 0;
        }
        if (off < Esb.SET_PQ_00) return pq[s];
        return setPq(s, (off >>> 8) & 3);
    }

    /**
     * A store to the ESB region (QEMU xive_source_esb_write): any store to the trigger page, or
     * to offsets 0x000-0x3ff of the management page, is an event; 0x800 injects one without
     * touching PQ; 0xc00-0xfff set PQ. Store-EOI is not offered. Returns false for an invalid store.
     */
    boolean write(long offset, Router router) {
        int s = sourceOf(offset);
        if (s >= pq.length) return false;
        int off = (int) (offset & 0xfff);
        boolean notify;
        if (isTriggerPage(offset) || off < Esb.STORE_EOI) notify = trigger(s);
        else if (off < Esb.INJECT) return false; // store EOI: not offered (H_INT_GET_SOURCE_INFO says so)
        else if (off < Esb.SET_PQ_00) notify = true;
        else {
            setPq(s, (off >>> 8) & 3);
            notify = false;
        }
        if (notify) router.forward(s);
        return true;
    }

    /** Where a source forwards an event (the XIVE router: EAS lookup, END, presenter). */
    interface Router {
        void forward(int source);
    }
}
