package org.jpseries.intc.xive;

/**
 * The Event State Buffer of a XIVE source: two bits, P (an event was sent and not yet EOI'd) and
 * Q (another event arrived meanwhile), and the ESB page offsets that read or change them (XIVE
 * architecture; QEMU include/hw/ppc/xive.h, Linux arch/powerpc/include/asm/xive-regs.h).
 * PQ = 00 reset (idle), 10 pending, 11 queued, 01 off (masked at the source).
 */
public final class Esb {
    private Esb() {}

    public static final int P = 2, Q = 1;
    public static final int RESET = 0, OFF = 1, PENDING = 2, QUEUED = 3;

    /** Load: EOI, returning whether Q was set (a new event must be forwarded). */
    public static final int LOAD_EOI = 0x000;
    /** Store: EOI, when the source offers store-EOI. */
    public static final int STORE_EOI = 0x400;
    /** Load: the PQ bits. */
    public static final int GET = 0x800;
    /** Store: forward an event without touching PQ (QEMU's internal inject offset). */
    public static final int INJECT = 0x800;
    /** Loads and stores at 0xc00/0xd00/0xe00/0xf00 set PQ to 00/01/10/11; a load returns the old PQ. */
    public static final int SET_PQ_00 = 0xc00, SET_PQ_11 = 0xf00;

    /** The state after an event arrives in state {@code pq}. */
    public static int afterTrigger(int pq) {
        return switch (pq & 3) {
            case RESET -> PENDING;
            case PENDING, QUEUED -> QUEUED;
            default -> OFF;
        };
    }

    /** Whether an event arriving in state {@code pq} is forwarded to the router (only from 00). */
    public static boolean triggerNotifies(int pq) {
        return (pq & 3) == RESET;
    }

    /** The state after an EOI in state {@code pq}: Q moves into P (11 -> 10), else back to 00. */
    public static int afterEoi(int pq) {
        return switch (pq & 3) {
            case QUEUED -> PENDING;
            case OFF -> OFF;
            default -> RESET;
        };
    }

    /** Whether an EOI in state {@code pq} forwards the event that was queued meanwhile. */
    public static boolean eoiNotifies(int pq) {
        return (pq & 3) == QUEUED;
    }
}
