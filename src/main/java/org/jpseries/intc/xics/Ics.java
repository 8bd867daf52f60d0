package org.jpseries.intc.xics;

import static org.jpseries.state.Role.Kind.CONFIG;
import static org.jpseries.state.Role.Kind.STATE;

import org.jpseries.intc.StateChecks;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The interrupt source controller (PAPR "ICS"): {@link #count} sources numbered from
 * {@link #offset} (0x1000 on pseries, as QEMU's ics_spapr), each with its target server, its
 * priority (0xff = masked), the priority saved by ibm,int-off and its delivery status bits. Whether
 * a source is claimed, its kind (LSI or MSI) and an LSI's line level are not kept here but in the
 * machine's shared {@link org.jpseries.intc.IrqSources}: a level-sensitive source is re-presented
 * after EOI while its line stays asserted; a message-signalled source is an edge, remembered while
 * masked or rejected. Its state is saved in the "ics" section of {@link Xics} (QEMU's vmstate_ics:
 * server, priority, saved_priority, flags per source).
 */
final class Ics {
    static final int STATUS_SENT = 2, STATUS_REJECTED = 4, STATUS_MASKED_PENDING = 8;

    @Role(kind = CONFIG, why = "pseries numbers the ICS from IRQ_BASE; checked with the ics section's offset")
    final int offset;
    @Role(kind = CONFIG, why = "NR_IRQS; checked with the ics section's nr-irqs")
    final int count;
    @Role(kind = STATE)
    final int[] server;
    @Role(kind = STATE)
    final int[] priority;
    @Role(kind = STATE, value = "saved-priority")
    final int[] savedPriority;
    @Role(kind = STATE)
    final int[] status;

    Ics(int offset, int count) {
        this.offset = offset;
        this.count = count;
        server = new int[count];
        priority = new int[count];
        savedPriority = new int[count];
        status = new int[count];
        reset();
    }

    /** Puts the per-source arrays into the "ics" section. */
    void save(Section s) {
        s.ints("server", server).ints("priority", priority).ints("saved-priority", savedPriority).ints("status", status);
    }

    /**
     * Checks the per-source arrays of {@code s} (servers within {@code servers}, priorities, status
     * bits) and returns the step that loads them, to run under the lock once every check passed.
     */
    Runnable load(Section s, int servers) throws StateException {
        int[] srv = StateChecks.intsWithin(s, "server", count, 0, servers - 1, "source", offset);
        int[] prio = StateChecks.intsWithin(s, "priority", count, 0, 0xff, "source", offset);
        int[] saved = StateChecks.intsWithin(s, "saved-priority", count, 0, 0xff, "source", offset);
        int[] st = StateChecks.intsWithin(s, "status", count, 0, STATUS_SENT | STATUS_REJECTED | STATUS_MASKED_PENDING, "source", offset);
        for (int i = 0; i < count; i++) {
            if ((st[i] & ~(STATUS_SENT | STATUS_REJECTED | STATUS_MASKED_PENDING)) != 0) {
                throw new StateException(StateChecks.entry(s, "status", "source", offset + i) + " has bits 0x" + Integer.toHexString(st[i])
                        + "; only sent 2, rejected 4 and masked-pending 8 are kept here (the line level is in irq-sources)");
            }
        }
        return () -> {
            System.arraycopy(srv, 0, server, 0, count);
            System.arraycopy(prio, 0, priority, 0, count);
            System.arraycopy(saved, 0, savedPriority, 0, count);
            System.arraycopy(st, 0, status, 0, count);
        };
    }

    boolean valid(int irq) {
        return irq >= offset && irq - offset < count;
    }

    /** Machine reset: everything masked and idle. */
    void reset() {
        for (int i = 0; i < count; i++) {
            server[i] = 0;
            priority[i] = 0xff;
            savedPriority[i] = 0xff;
            status[i] = 0;
        }
    }
}
