package org.jpseries.intc.xive;

import static org.jpseries.state.Role.Kind.CONFIG;
import static org.jpseries.state.Role.Kind.STATE;

import org.jpseries.intc.StateChecks;
import org.jpseries.memory.GuestRam;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * An Event Notification Descriptor (END) with its event queue, one per (vCPU, priority) as on
 * pseries (QEMU spapr_xive: END index = server * 8 + priority). The OS gives each queue a
 * naturally aligned power-of-two page in its memory (H_INT_SET_QUEUE_CONFIG); every event writes
 * one big-endian word: the generation bit (bit 31) then the 31-bit event data (the EISN). The
 * generation starts at 1 and flips each time the index wraps, so the OS tells new entries from
 * old ones without clearing the page (QEMU xive_end_enqueue, Linux xive_read_eq).
 * Saved as the end-* arrays of the "spapr-xive" section (QEMU's vmstate_spapr_xive endt).
 */
final class EventQueue {
    @Role(kind = CONFIG, why = "END index / 8 on pseries: fixed by its place in the END table")
    final int server;
    @Role(kind = CONFIG, why = "END index % 8 on pseries: fixed by its place in the END table")
    final int priority;

    @Role(kind = STATE, value = "end-valid")
    boolean valid;
    @Role(kind = STATE, value = "end-enqueue")
    boolean enqueue;
    /** PAPR "Unconditional Notify": every event notifies; otherwise the ESn bits coalesce them. */
    @Role(kind = STATE, value = "end-always-notify")
    boolean alwaysNotify;
    @Role(kind = STATE, value = "end-qaddr")
    long qaddr;
    /** log2 of the queue size in bytes (see {@link #validShift}); 0 when unset. */
    @Role(kind = STATE, value = "end-qshift")
    int qshift;
    @Role(kind = STATE, value = "end-index")
    int index;
    @Role(kind = STATE, value = "end-generation")
    int generation;
    /** The END's notification ESB (ESn): 01 (off) until the queue is configured. */
    @Role(kind = STATE, value = "end-esn")
    int esn;

    EventQueue(int server, int priority) {
        this.server = server;
        this.priority = priority;
        reset();
    }

    /** Disabled, no queue (QEMU spapr_xive_end_reset: ESe and ESn off). */
    void reset() {
        valid = enqueue = alwaysNotify = false;
        qaddr = 0;
        qshift = 0;
        index = 0;
        generation = 0;
        esn = Esb.OFF;
    }

    /** Configures the queue: index 0, generation 1, ESn 00 (H_INT_SET_QUEUE_CONFIG). */
    void configure(long addr, int shift, boolean unconditional) {
        valid = true;
        enqueue = true;
        alwaysNotify = unconditional;
        qaddr = addr;
        qshift = shift;
        index = 0;
        generation = 1;
        esn = Esb.RESET;
    }

    /** Whether {@code shift} is a queue size the OS may configure: 4 KiB, 64 KiB, 2 MiB or 16 MiB (QEMU h_int_set_queue_config). */
    static boolean validShift(long shift) {
        return shift == 12 || shift == 16 || shift == 21 || shift == 24;
    }

    int entries() {
        return 1 << (qshift - 2);
    }

    /**
     * Writes one event to the queue and advances the index (the generation flips on wrap).
     * Returns false if the queue page is no longer in RAM (nothing is written then).
     */
    boolean push(GuestRam ram, int data) {
        long at = qaddr + 4L * index;
        if (!ram.contains(at, 4)) return false;
        ram.writeBE32(at, generation << 31 | (data & 0x7fff_ffff));
        index = (index + 1) & (entries() - 1);
        if (index == 0) generation ^= 1;
        return true;
    }

    /** The ESn step of an event when not always notifying: whether it goes on to the presenter. */
    boolean esnTrigger() {
        int old = esn;
        esn = Esb.afterTrigger(old);
        return Esb.triggerNotifies(old);
    }

    // ---- the END table in the spapr-xive section ------------------------------------------------------

    private static byte flag(boolean b) {
        return (byte) (b ? 1 : 0);
    }

    /** Puts the END table into {@code s} as parallel arrays, one entry per END index. */
    static void saveTable(EventQueue[] ends, Section s) {
        int e = ends.length;
        byte[] valid = new byte[e], enqueue = new byte[e], always = new byte[e];
        long[] qaddr = new long[e];
        int[] qshift = new int[e], index = new int[e], generation = new int[e], esn = new int[e];
        for (int i = 0; i < e; i++) {
            EventQueue q = ends[i];
            valid[i] = flag(q.valid);
            enqueue[i] = flag(q.enqueue);
            always[i] = flag(q.alwaysNotify);
            qaddr[i] = q.qaddr;
            qshift[i] = q.qshift;
            index[i] = q.index;
            generation[i] = q.generation;
            esn[i] = q.esn;
        }
        s.bytes("end-valid", valid).bytes("end-enqueue", enqueue).bytes("end-always-notify", always).longs("end-qaddr", qaddr)
                .ints("end-qshift", qshift).ints("end-index", index).ints("end-generation", generation).ints("end-esn", esn);
    }

    /**
     * Checks the END table in {@code s} (queue sizes, index within the queue, generation and ESn
     * values, an enqueuing END's queue aligned and inside {@code ram}) and returns the step that
     * loads it, to run under the lock once every check passed.
     */
    static Runnable loadTable(EventQueue[] ends, Section s, GuestRam ram) throws StateException {
        int e = ends.length;
        byte[] valid = StateChecks.bytesWithin(s, "end-valid", e, 1, "END", 0);
        byte[] enqueue = StateChecks.bytesWithin(s, "end-enqueue", e, 1, "END", 0);
        byte[] always = StateChecks.bytesWithin(s, "end-always-notify", e, 1, "END", 0);
        long[] qaddr = new long[e];
        s.longsInto("end-qaddr", qaddr);
        int[] qshift = StateChecks.intsWithin(s, "end-qshift", e, 0, 63, "END", 0);
        int[] generation = StateChecks.intsWithin(s, "end-generation", e, 0, 1, "END", 0);
        int[] esn = StateChecks.intsWithin(s, "end-esn", e, 0, Esb.QUEUED, "END", 0);
        int[] index = new int[e];
        s.intsInto("end-index", index);
        for (int i = 0; i < e; i++) {
            int sh = qshift[i];
            if (sh != 0 && !validShift(sh)) {
                throw new StateException(StateChecks.entry(s, "end-qshift", "END", i) + " is " + sh
                        + ", neither 0 nor a queue size the hcalls accept");
            }
            int entries = sh == 0 ? 1 : 1 << (sh - 2);
            if (index[i] < 0 || index[i] >= entries) {
                throw new StateException(StateChecks.entry(s, "end-index", "END", i) + " is " + index[i] + ", outside 0.." + (entries - 1));
            }
            if (enqueue[i] != 0 && (valid[i] == 0 || sh == 0 || (qaddr[i] & ((1L << sh) - 1)) != 0 || !ram.contains(qaddr[i], 1L << sh))) {
                throw new StateException(StateChecks.entry(s, "end-qaddr", "END", i) + " is 0x" + Long.toHexString(qaddr[i]) + " with end-qshift "
                        + sh + ": not a valid, aligned queue in this machine's RAM");
            }
        }
        return () -> {
            for (int i = 0; i < e; i++) {
                EventQueue q = ends[i];
                q.valid = valid[i] != 0;
                q.enqueue = enqueue[i] != 0;
                q.alwaysNotify = always[i] != 0;
                q.qaddr = qaddr[i];
                q.qshift = qshift[i];
                q.index = index[i];
                q.generation = generation[i];
                q.esn = esn[i];
            }
        };
    }
}
