package org.jpseries.intc.xive;

import static org.jpseries.state.Role.Kind.WIRING;

import java.util.function.BooleanSupplier;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.HcallRegisters;
import org.jpseries.papr.Hcalls;
import org.jpseries.state.Role;

/**
 * The XIVE exploitation-mode hypercalls (PAPR+ "XIVE" hcalls; QEMU hw/intc/spapr_xive.c, whose
 * parameter checks and return codes these follow). Terms: LISN = interrupt source number, EISN =
 * the event data the guest chose, target = vCPU number, EQ = event queue. Every call answers
 * H_FUNCTION unless CAS chose XIVE exploitation ({@code exploited}).
 */
public final class XiveHcalls {
    public static final int H_INT_GET_SOURCE_INFO = 0x3A8, H_INT_SET_SOURCE_CONFIG = 0x3AC, H_INT_GET_SOURCE_CONFIG = 0x3B0,
            H_INT_GET_QUEUE_INFO = 0x3B4, H_INT_SET_QUEUE_CONFIG = 0x3B8, H_INT_GET_QUEUE_CONFIG = 0x3BC,
            H_INT_SET_OS_REPORTING_LINE = 0x3C0, H_INT_GET_OS_REPORTING_LINE = 0x3C4, H_INT_ESB = 0x3C8, H_INT_SYNC = 0x3CC,
            H_INT_RESET = 0x3D0;
    public static final long H_P5 = -58;

    /** PPC_BIT(n) of a 64-bit flags register. */
    private static long bit(int n) {
        return 1L << (63 - n);
    }

    // H_INT_GET_SOURCE_INFO result flags
    static final long SRC_H_INT_ESB = bit(60), SRC_LSI = bit(61), SRC_TRIGGER = bit(62), SRC_STORE_EOI = bit(63);
    // H_INT_SET_SOURCE_CONFIG flags
    static final long SRC_SET_EISN = bit(62), SRC_MASK = bit(63);
    // H_INT_SET_QUEUE_CONFIG / GET_QUEUE_CONFIG flags
    static final long END_ALWAYS_NOTIFY = bit(63), END_DEBUG = bit(63);
    // H_INT_ESB flags
    static final long ESB_STORE = bit(63);

    @Role(kind = WIRING, why = "the XIVE these calls drive; its state is saved there")
    private final SpaprXive xive;
    @Role(kind = WIRING, why = "whether CAS granted exploitation mode: the platform's CAS state")
    private final BooleanSupplier exploited;

    public XiveHcalls(SpaprXive xive, BooleanSupplier exploited) {
        this.xive = xive;
        this.exploited = exploited;
    }

    public void register(Hcalls h) {
        h.register(H_INT_GET_SOURCE_INFO, this::getSourceInfo);
        h.register(H_INT_SET_SOURCE_CONFIG, this::setSourceConfig);
        h.register(H_INT_GET_SOURCE_CONFIG, this::getSourceConfig);
        h.register(H_INT_GET_QUEUE_INFO, this::getQueueInfo);
        h.register(H_INT_SET_QUEUE_CONFIG, this::setQueueConfig);
        h.register(H_INT_GET_QUEUE_CONFIG, this::getQueueConfig);
        h.register(H_INT_SET_OS_REPORTING_LINE, this::reportingLine);
        h.register(H_INT_GET_OS_REPORTING_LINE, this::reportingLine);
        h.register(H_INT_ESB, this::esb);
        h.register(H_INT_SYNC, this::sync);
        h.register(H_INT_RESET, this::reset);
    }

    private static boolean reservedPriority(long priority) {
        return priority < 0 || priority > SpaprXive.MAX_GUEST_PRIORITY;
    }

    /** H_P2 unless {@code lisn} is a claimed source (QEMU: "Unknown" / "Invalid LISN"). */
    private boolean badLisn(long lisn) {
        if (lisn < 0 || lisn >= xive.sourceCount()) {
            xive.log().guestError("XIVE: Unknown LISN 0x%x", lisn);
            return true;
        }
        if (!xive.sourcesClaimed((int) lisn)) {
            xive.log().guestError("XIVE: Invalid LISN 0x%x", lisn);
            return true;
        }
        return false;
    }

    /** R4 flags (0), R5 lisn -> R4 flags, R5 management page, R6 trigger page, R7 page shift. */
    long getSourceInfo(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        long flags = r.gpr(4), lisn = r.gpr(5);
        if (flags != 0) return Hcall.H_PARAMETER;
        if (badLisn(lisn)) return Hcall.H_P2;
        int s = (int) lisn;
        long out = 0;
        // two ESB pages per source, no store-EOI; LSIs are managed through H_INT_ESB (QEMU does so
        // to re-trigger a still-asserted line)
        if (xive.isLsi(s)) out |= SRC_H_INT_ESB | SRC_LSI;
        boolean hcall = (out & SRC_H_INT_ESB) != 0;
        r.setGpr(4, out);
        r.setGpr(5, hcall ? -1L : SpaprXive.VC_BASE + XiveSource.managementPage(s));
        r.setGpr(6, hcall ? -1L : SpaprXive.VC_BASE + XiveSource.triggerPage(s));
        r.setGpr(7, XiveSource.PAGE_SHIFT);
        return Hcall.H_SUCCESS;
    }

    /** R4 flags, R5 lisn, R6 target, R7 priority, R8 eisn. */
    long setSourceConfig(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        long flags = r.gpr(4), lisn = r.gpr(5), target = r.gpr(6), priority = r.gpr(7), eisn = r.gpr(8);
        if ((flags & ~(SRC_SET_EISN | SRC_MASK)) != 0) return Hcall.H_PARAMETER;
        if (badLisn(lisn)) return Hcall.H_P2;
        synchronized (xive.lock()) {
            int s = (int) lisn;
            if (priority == 0xff) { // resets the EAS
                xive.resetEas(s);
                return Hcall.H_SUCCESS;
            }
            if (reservedPriority(priority)) {
                xive.log().guestError("XIVE: priority %d is reserved", priority);
                return Hcall.H_P4;
            }
            if (!xive.validServer(target)) return Hcall.H_P3;
            xive.setEas(s, (flags & SRC_MASK) != 0, SpaprXive.endIndex((int) target, (int) priority), (flags & SRC_SET_EISN) != 0,
                    (int) eisn);
            return Hcall.H_SUCCESS;
        }
    }

    /** R4 flags, R5 lisn -> R4 target, R5 priority (0xff when masked), R6 eisn. */
    long getSourceConfig(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        long flags = r.gpr(4), lisn = r.gpr(5);
        if (flags != 0) return Hcall.H_PARAMETER;
        if (badLisn(lisn)) return Hcall.H_P2;
        synchronized (xive.lock()) {
            int s = (int) lisn;
            // the END the EAS points at is (target, priority)
            EventQueue q = xive.end(xive.easEnd(s));
            r.setGpr(4, q.server);
            r.setGpr(5, xive.easMasked(s) ? 0xff : q.priority);
            r.setGpr(6, xive.easData(s) & 0xFFFF_FFFFL);
            return Hcall.H_SUCCESS;
        }
    }

    /** R4 flags, R5 target, R6 priority -> R4 notification page address, R5 its page shift. */
    long getQueueInfo(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        long flags = r.gpr(4), target = r.gpr(5), priority = r.gpr(6);
        if (flags != 0) return Hcall.H_PARAMETER;
        long bad = checkQueueTarget(target, priority);
        if (bad != 0) return bad;
        synchronized (xive.lock()) {
            int idx = SpaprXive.endIndex((int) target, (int) priority);
            EventQueue q = xive.end(idx);
            // the END ESB pages follow the source ESB pages (QEMU's end_base); they stay unmapped
            long endBase = SpaprXive.VC_BASE + ((long) xive.sourceCount() << XiveSource.ESB_SHIFT);
            r.setGpr(4, endBase + ((long) idx << XiveSource.ESB_SHIFT));
            r.setGpr(5, q.enqueue ? q.qshift : 0);
            return Hcall.H_SUCCESS;
        }
    }

    /** The checks the queue hcalls share (QEMU h_int_*_queue_*): a reserved priority is H_P3, an unknown target H_P2; else 0. */
    private long checkQueueTarget(long target, long priority) {
        if (reservedPriority(priority)) {
            xive.log().guestError("XIVE: priority %d is reserved", priority);
            return Hcall.H_P3;
        }
        return xive.validServer(target) ? 0 : Hcall.H_P2;
    }

    /** R4 flags, R5 target, R6 priority, R7 queue address, R8 log2 size (0 = reset). */
    long setQueueConfig(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        long flags = r.gpr(4), target = r.gpr(5), priority = r.gpr(6), qpage = r.gpr(7), qsize = r.gpr(8);
        if ((flags & ~END_ALWAYS_NOTIFY) != 0) return Hcall.H_PARAMETER;
        long bad = checkQueueTarget(target, priority);
        if (bad != 0) return bad;
        synchronized (xive.lock()) {
            EventQueue q = xive.end((int) target, (int) priority);
            if (qsize == 0) {
                q.reset();
                return Hcall.H_SUCCESS;
            }
            if (!EventQueue.validShift(qsize)) {
                xive.log().guestError("XIVE: invalid EQ size %x", qsize);
                return H_P5;
            }
            if ((qpage & ((1L << qsize) - 1)) != 0) {
                xive.log().guestError("XIVE: EQ @0x%x is not naturally aligned with %x", qpage, 1L << qsize);
                return Hcall.H_P4;
            }
            if (!xive.ram().contains(qpage, 1L << qsize)) {
                xive.log().guestError("XIVE: failed to map EQ @0x%x", qpage);
                return Hcall.H_P4;
            }
            q.configure(qpage, (int) qsize, (flags & END_ALWAYS_NOTIFY) != 0);
            return Hcall.H_SUCCESS;
        }
    }

    /** R4 flags (debug), R5 target, R6 priority -> R4 flags, R5 queue address, R6 size, R7 index (debug). */
    long getQueueConfig(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        long flags = r.gpr(4), target = r.gpr(5), priority = r.gpr(6);
        if ((flags & ~END_DEBUG) != 0) return Hcall.H_PARAMETER;
        long bad = checkQueueTarget(target, priority);
        if (bad != 0) return bad;
        synchronized (xive.lock()) {
            EventQueue q = xive.end((int) target, (int) priority);
            long out = q.alwaysNotify ? END_ALWAYS_NOTIFY : 0;
            if ((flags & END_DEBUG) != 0) out |= (long) q.generation << 62;
            r.setGpr(4, out);
            r.setGpr(5, q.enqueue ? q.qaddr : 0);
            r.setGpr(6, q.enqueue ? q.qshift : 0);
            r.setGpr(7, (flags & END_DEBUG) != 0 ? q.index : 0);
            return Hcall.H_SUCCESS;
        }
    }

    /** H_INT_{SET,GET}_OS_REPORTING_LINE: not implemented, as in QEMU. */
    long reportingLine(HcallRegisters r) {
        return Hcall.H_FUNCTION;
    }

    /** R4 flags (store), R5 lisn, R6 offset in the management page, R7 data -> R4 loaded value or -1. */
    long esb(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        long flags = r.gpr(4), lisn = r.gpr(5), offset = r.gpr(6);
        if ((flags & ~ESB_STORE) != 0) return Hcall.H_PARAMETER;
        if (badLisn(lisn)) return Hcall.H_P2;
        if (offset < 0 || offset > 1L << XiveSource.ESB_SHIFT) return Hcall.H_P3; // as QEMU
        if ((flags & ESB_STORE) != 0) {
            xive.esbStore((int) lisn, offset);
            r.setGpr(4, -1L);
        } else {
            r.setGpr(4, xive.esbLoad((int) lisn, offset));
        }
        return Hcall.H_SUCCESS;
    }

    /** R4 flags, R5 lisn: in-flight events are already in their queues (everything is synchronous). */
    long sync(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        if (r.gpr(4) != 0) return Hcall.H_PARAMETER;
        if (badLisn(r.gpr(5))) return Hcall.H_P2;
        return Hcall.H_SUCCESS;
    }

    /** R4 flags: every source off, every EAS masked, every END cleared. */
    long reset(HcallRegisters r) {
        if (!exploited.getAsBoolean()) return Hcall.H_FUNCTION;
        if (r.gpr(4) != 0) return Hcall.H_PARAMETER;
        synchronized (xive.lock()) {
            xive.resetRouting();
        }
        return Hcall.H_SUCCESS;
    }
}
