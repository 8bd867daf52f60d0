package org.jpseries.intc.xive;

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
 * A vCPU's XIVE thread interrupt context as the thread interrupt management area (TIMA) shows it
 * to the OS: the user ring (QW0) and the OS ring (QW1), 16 bytes each, with NSR (notification
 * source), CPPR (current priority), IPB (pending priorities, bit 7-p for priority p), PIPR (most
 * favoured pending priority) and the OS CAM line in word 2 (QEMU hw/intc/xive.c, XiveTCTX).
 * Methods return whether the vCPU's external-interrupt line must now be raised; the caller holds
 * the machine lock and drives the line.
 *
 * <p>As a {@link Device}: section "xive-tctx", instance = vCPU number, carrying both rings' 16
 * bytes (QEMU's vmstate_xive_tctx saves the whole register array). This emulation keeps no
 * other pushed/pulled state: the OS CAM line is pushed once at reset and stays (word 2 of QW1 is
 * read-only through the OS page). The output line is derived from NSR[EO] and re-driven after a
 * load.
 */
final class ThreadContext implements Device {
    static final String SECTION = "xive-tctx";
    static final int VERSION = 1;
    static final int QW0_USER = 0x00, QW1_OS = 0x10;
    static final int NSR = 0, CPPR = 1, IPB = 2, LSMFB = 3, ACK_CNT = 4, INC = 5, AGE = 6, PIPR = 7, WORD2 = 8;
    /** NSR bit of the OS ring: an exception is signalled. */
    static final int NSR_EO = 0x80;
    /** The OS CAM line's valid bit (word 2, bit 0). */
    static final int QW1W2_VO = 0x8000_0000;
    static final int PRIORITY_MAX = 7;

    @Role(kind = WIRING, why = "the XIVE this context belongs to (lock, output line, whether active)")
    private final SpaprXive owner;
    @Role(kind = CONFIG, why = "the vCPU number, fixed by -smp; it is the section instance")
    final int server;
    @Role(kind = STATE)
    final byte[] regs = new byte[0x20];
    @Role(kind = DERIVED, why = "always NSR[EO] of the OS ring (raised with it, lowered by the ack that clears it); re-driven after a load")
    boolean output;

    ThreadContext(SpaprXive owner, int server) {
        this.owner = owner;
        this.server = server;
        reset();
    }

    /** QEMU xive_tctx_reset, then the OS CAM line of the vCPU pushed as the spapr machine does. */
    void reset() {
        java.util.Arrays.fill(regs, (byte) 0);
        regs[QW1_OS + LSMFB] = (byte) 0xff;
        regs[QW1_OS + ACK_CNT] = (byte) 0xff;
        regs[QW1_OS + AGE] = (byte) 0xff;
        regs[QW1_OS + PIPR] = (byte) 0xff;
        int cam = osCam();
        for (int i = 0; i < 4; i++) regs[QW1_OS + WORD2 + i] = (byte) (cam >>> (24 - 8 * i));
        output = false;
    }

    /** The OS CAM line the spapr machine pushes: valid, NVT of this vCPU (QEMU spapr_xive_cpu_reset / xive_tctx_set_os_cam). */
    private int osCam() {
        return QW1W2_VO | (SpaprXive.NVT_BASE + server);
    }

    private static int word(byte[] r, int at) {
        return (r[at] & 0xff) << 24 | (r[at + 1] & 0xff) << 16 | (r[at + 2] & 0xff) << 8 | r[at + 3] & 0xff;
    }

    int os(int reg) {
        return regs[QW1_OS + reg] & 0xff;
    }

    private void setOs(int reg, int v) {
        regs[QW1_OS + reg] = (byte) v;
    }

    static int priorityToIpb(int priority) {
        return priority > PRIORITY_MAX ? 0 : 1 << (PRIORITY_MAX - priority);
    }

    static int ipbToPipr(int ipb) {
        return ipb == 0 ? 0xff : Integer.numberOfLeadingZeros(ipb << 24);
    }

    /** Signals an exception when the most favoured pending priority beats CPPR (xive_tctx_notify). */
    boolean notifyOs() {
        if (os(PIPR) < os(CPPR)) {
            setOs(NSR, os(NSR) | NSR_EO);
            return true;
        }
        return false;
    }

    /** An event of priority {@code p} reached this thread: IPB/PIPR updated, then notify. */
    boolean ipbUpdate(int priority) {
        setOs(IPB, os(IPB) | priorityToIpb(priority));
        setOs(PIPR, ipbToPipr(os(IPB)));
        return notifyOs();
    }

    /** CPPR write: a priority above 7 means "all masked" (0xff). */
    boolean setCppr(int cppr) {
        setOs(CPPR, cppr > PRIORITY_MAX ? 0xff : cppr);
        setOs(PIPR, ipbToPipr(os(IPB)));
        return notifyOs();
    }

    /**
     * The "acknowledge OS interrupt" load (TIMA offset 0x810): if an exception is signalled, CPPR
     * takes the pending priority, its IPB bit is cleared and NSR[EO] dropped. Returns the old NSR
     * and the new CPPR as (NSR << 8) | CPPR. The line is lowered by the caller in every case.
     */
    int ackOs() {
        int nsr = os(NSR);
        if ((nsr & NSR_EO) != 0) {
            int cppr = os(PIPR);
            setOs(CPPR, cppr);
            setOs(IPB, os(IPB) & ~priorityToIpb(cppr));
            setOs(PIPR, ipbToPipr(os(IPB)));
            setOs(NSR, nsr & ~NSR_EO);
        }
        return nsr << 8 | os(CPPR);
    }

    /** "Set OS pending" store (TIMA offset 0x812): marks a priority pending again (after a lost IPI). */
    boolean setOsPending(int priority) {
        return ipbUpdate(priority & 0xff);
    }

    // ---- Device ------------------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of(SECTION, VERSION, ResetPhase.INTC);

    @Override
    public DeviceId id() {
        return ID.instance(server);
    }

    /** Both rings back to the reset values with the OS CAM pushed, the line lowered; after spapr-xive, in vCPU order. */
    @Override
    public void reset(ResetReason why) {
        owner.resetContext(this);
    }

    @Override
    public void saveState(Consumer<Section> out) {
        synchronized (owner.lock()) {
            out.accept(newSection().bytes("regs", regs));
        }
    }

    @Override
    public void loadState(Section s) throws StateException {
        byte[] r = new byte[regs.length];
        s.bytesInto("regs", r);
        int cam = word(r, QW1_OS + WORD2);
        if (cam != osCam()) {
            throw new StateException("section " + s.label() + ": field regs: OS CAM line 0x" + Integer.toHexString(cam) + " is not vCPU " + server
                    + "'s (0x" + Integer.toHexString(osCam()) + ")");
        }
        int cppr = r[QW1_OS + CPPR] & 0xff;
        if (cppr > PRIORITY_MAX && cppr != 0xff) {
            throw new StateException("section " + s.label() + ": field regs: OS CPPR 0x" + Integer.toHexString(cppr) + " is neither 0..7 nor 0xff");
        }
        int ipb = r[QW1_OS + IPB] & 0xff, pipr = r[QW1_OS + PIPR] & 0xff;
        if (pipr != ipbToPipr(ipb)) {
            throw new StateException("section " + s.label() + ": field regs: OS PIPR 0x" + Integer.toHexString(pipr) + " does not follow IPB 0x"
                    + Integer.toHexString(ipb) + " (0x" + Integer.toHexString(ipbToPipr(ipb)) + ")");
        }
        synchronized (owner.lock()) {
            System.arraycopy(r, 0, regs, 0, regs.length);
        }
    }

    /** The line follows NSR[EO] again and is driven to the vCPU while XIVE is active. */
    @Override
    public void postLoad() {
        owner.contextLoaded(this);
    }
}
