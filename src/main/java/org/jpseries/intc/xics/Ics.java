package org.jpseries.intc.xics;

/**
 * The interrupt source controller (PAPR "ICS"): {@link #count} sources numbered from
 * {@link #offset} (0x1000 on pseries, as QEMU's ics_spapr), each with its target server, its
 * priority (0xff = masked), the priority saved by ibm,int-off, its kind (LSI or MSI) and status
 * bits. A level-sensitive source latches its input level and is re-presented after EOI while the
 * line stays asserted; a message-signalled source is an edge, remembered while masked or rejected.
 */
final class Ics {
    static final int STATUS_ASSERTED = 1, STATUS_SENT = 2, STATUS_REJECTED = 4, STATUS_MASKED_PENDING = 8;

    final int offset;
    final int count;
    final int[] server;
    final int[] priority;
    final int[] savedPriority;
    final int[] status;
    final boolean[] lsi;
    final boolean[] claimed;

    Ics(int offset, int count) {
        this.offset = offset;
        this.count = count;
        server = new int[count];
        priority = new int[count];
        savedPriority = new int[count];
        status = new int[count];
        lsi = new boolean[count];
        claimed = new boolean[count];
        reset();
    }

    boolean valid(int irq) {
        return irq >= offset && irq - offset < count;
    }

    /** Machine reset: everything masked and idle; the kind of each source (a wiring fact) stays. */
    void reset() {
        for (int i = 0; i < count; i++) {
            server[i] = 0;
            priority[i] = 0xff;
            savedPriority[i] = 0xff;
            status[i] = 0;
        }
    }
}
