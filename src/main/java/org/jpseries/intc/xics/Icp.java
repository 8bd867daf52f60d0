package org.jpseries.intc.xics;

/**
 * One interrupt presentation controller (PAPR "ICP", one per server/vCPU), as the hcalls see it:
 * XIRR = CPPR (current processor priority, bits 31..24) | XISR (pending source, bits 23..0),
 * MFRR (the IPI request priority) and the priority of what XISR holds. Lower numbers are more
 * favoured; 0xff is "least favoured" (nothing gets through a CPPR of 0).
 * Not thread-safe by itself: {@link Xics} holds the lock.
 */
final class Icp {
    static final int XISR_MASK = 0x00ff_ffff;
    static final int CPPR_MASK = 0xff00_0000;
    /** The XISR value of the inter-processor interrupt source. */
    static final int XICS_IPI = 2;

    final int server;
    int xirr;
    int pendingPriority = 0xff;
    int mfrr = 0xff;
    /** True when XISR holds a source of the ICS (so it must be rejected back there if displaced). */
    boolean xirrFromIcs;
    boolean outputAsserted;

    Icp(int server) {
        this.server = server;
    }

    int cppr() {
        return xirr >>> 24;
    }

    int xisr() {
        return xirr & XISR_MASK;
    }

    void reset() {
        xirr = 0;
        pendingPriority = 0xff;
        mfrr = 0xff;
        xirrFromIcs = false;
    }
}
