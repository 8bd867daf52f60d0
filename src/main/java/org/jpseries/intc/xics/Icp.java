package org.jpseries.intc.xics;

import static org.jpseries.state.Role.Kind.CONFIG;
import static org.jpseries.state.Role.Kind.DERIVED;
import static org.jpseries.state.Role.Kind.STATE;
import static org.jpseries.state.Role.Kind.WIRING;

import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * One interrupt presentation controller (PAPR "ICP", one per server/vCPU), as the hcalls see it:
 * XIRR = CPPR (current processor priority, bits 31..24) | XISR (pending source, bits 23..0),
 * MFRR (the IPI request priority) and the priority of what XISR holds. Lower numbers are more
 * favoured; 0xff is "least favoured" (nothing gets through a CPPR of 0).
 * Not thread-safe by itself: {@link Xics} holds the lock.
 *
 * <p>As a {@link Device}: section "icp", instance = server number, with what QEMU's
 * vmstate_icp_server carries (xirr, pending_priority, mfrr) plus whether XISR holds an ICS source
 * (QEMU finds that from the number; here it decides whether a displaced XISR is rejected back).
 * The output line is derived from XISR and re-driven after a load.
 */
final class Icp implements Device {
    static final String SECTION = "icp";
    static final int VERSION = 1;
    static final int XISR_MASK = 0x00ff_ffff;
    static final int CPPR_MASK = 0xff00_0000;
    /** The XISR value of the inter-processor interrupt source. */
    static final int XICS_IPI = 2;

    @Role(kind = WIRING, why = "the XICS this presenter belongs to (lock, ICS, output line)")
    private final Xics owner;
    @Role(kind = CONFIG, why = "the vCPU number, fixed by -smp; it is the section instance")
    final int server;
    @Role(kind = STATE)
    int xirr;
    @Role(kind = STATE, value = "pending-priority")
    int pendingPriority = 0xff;
    @Role(kind = STATE)
    int mfrr = 0xff;
    /** True when XISR holds a source of the ICS (so it must be rejected back there if displaced). */
    @Role(kind = STATE, value = "xirr-from-ics")
    boolean xirrFromIcs;
    @Role(kind = DERIVED, why = "always XISR != 0 (raised with every presentation, lowered when XISR clears); recomputed and re-driven after a load")
    boolean outputAsserted;

    Icp(Xics owner, int server) {
        this.owner = owner;
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

    // ---- Device ------------------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of(SECTION, VERSION, ResetPhase.INTC);

    @Override
    public DeviceId id() {
        return ID.instance(server);
    }

    /** Idle, with its output lowered (QEMU icp_reset); after the ICS, in server order. */
    @Override
    public void reset(ResetReason why) {
        owner.resetPresenter(this);
    }

    @Override
    public void saveState(Consumer<Section> out) {
        synchronized (owner.lock()) {
            out.accept(newSection().i32("xirr", xirr).i32("pending-priority", pendingPriority).i32("mfrr", mfrr).bool("xirr-from-ics", xirrFromIcs));
        }
    }

    @Override
    public void loadState(Section s) throws StateException {
        int x = s.i32("xirr");
        int pp = s.i32("pending-priority", 0, 0xff);
        int m = s.i32("mfrr", 0, 0xff);
        boolean fromIcs = s.bool("xirr-from-ics");
        int xisr = x & XISR_MASK;
        if (fromIcs ? !owner.validIrq(xisr) : xisr != 0 && xisr != XICS_IPI) {
            throw new StateException("section " + s.label() + ": field xirr: XISR 0x" + Integer.toHexString(xisr)
                    + (fromIcs ? " is not an ICS source" : " is neither empty nor the IPI") + " (xirr-from-ics = " + fromIcs + ")");
        }
        synchronized (owner.lock()) {
            xirr = x;
            pendingPriority = pp;
            mfrr = m;
            xirrFromIcs = fromIcs;
        }
    }

    /** The output follows XISR again and is driven to the vCPU while XICS is active. */
    @Override
    public void postLoad() {
        owner.presenterLoaded(this);
    }
}
