package org.jpseries.intc.xics;

import static org.jpseries.state.Role.Kind.DERIVED;
import static org.jpseries.state.Role.Kind.WIRING;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IrqBackend;
import org.jpseries.intc.IrqLine;
import org.jpseries.intc.IrqSources;
import org.jpseries.intc.StateChecks;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The pseries XICS interrupt controller: one {@link Ics} and one {@link Icp} per server, with the
 * state machine of QEMU's hw/intc/xics.c (PAPR ch. 6, "Interrupt Controller"). Devices raise lines
 * through the shared {@link IrqSources}, which calls {@link #sourceChanged} while XICS is the
 * active backend. Every public method takes the machine lock (the sources' lock), so device
 * threads may raise lines while vCPUs run hcalls. The hcall/RTAS bindings are in {@link XicsSpapr}.
 *
 * <p>As devices: this object is the ICS (section "ics", QEMU's vmstate_ics) and each presenter
 * from {@link #presenters()} is an "icp" device whose instance is its server number (QEMU's
 * vmstate_icp_server). Register this one first, then the presenters in server order: the reset
 * order is then the ICS, then every ICP (with its output lowered), as QEMU's machine reset.
 * Whether XICS is the active backend is not saved: the platform re-selects the backend from the
 * loaded CAS result through {@link IrqSources#setActive}, which calls {@link #activate} or
 * {@link #deactivate}.
 */
public final class Xics implements IrqBackend, Device {
    public static final String SECTION = "ics";
    static final int VERSION = 1;
    /** pseries numbers its XICS sources from here (QEMU's XICS_IRQ_BASE). */
    public static final int IRQ_BASE = 0x1000;
    /** Sources in the ICS (QEMU's SPAPR_NR_XIRQS). */
    public static final int NR_IRQS = 0x1000;

    @Role(kind = WIRING, why = "the machine lock (the sources' lock)")
    private final Object lock;
    @Role(kind = WIRING, why = "the shared source table: claims, kinds and line levels are saved there (irq-sources)")
    private final IrqSources sources;
    @Role(kind = WIRING, why = "the source controller part: its arrays (see Ics) are saved in this device's section")
    private final Ics ics;
    @Role(kind = WIRING, why = "each presenter is its own device (section icp, instance = server)")
    private final Icp[] icps;
    @Role(kind = WIRING, why = "the vCPUs' external interrupt lines")
    private final XicsOutput output;
    @Role(kind = DERIVED, why = "set by activate/deactivate when the platform selects the backend from the CAS result")
    private boolean active;

    /** XICS as one backend of the machine's shared sources (which must cover the ICS range). */
    public Xics(IrqSources sources, int servers, XicsOutput output) {
        if (sources.count() < IRQ_BASE + NR_IRQS) throw new IllegalArgumentException("the sources do not cover the ICS");
        this.lock = sources.lock();
        this.sources = sources;
        this.ics = new Ics(IRQ_BASE, NR_IRQS);
        this.icps = new Icp[servers];
        for (int i = 0; i < servers; i++) icps[i] = new Icp(this, i);
        this.output = output;
    }

    /** A stand-alone XICS with its own source table, active at once (tests, XICS-only setups). */
    public Xics(Object lock, int servers, XicsOutput output) {
        this(new IrqSources(lock, IRQ_BASE + NR_IRQS), servers, output);
        sources.setActive(this);
    }

    public IrqSources sources() {
        return sources;
    }

    @Override
    public String name() {
        return "XICS";
    }

    /** /interrupt-controller: the presentation controllers' node (QEMU spapr_dt_xics), one server per vCPU. */
    @Override
    public void addTreeNode(Node root, int phandle) {
        root.add("interrupt-controller").setString("device_type", "PowerPC-External-Interrupt-Presentation")
                .setString("compatible", "IBM,ppc-xicp").setEmpty("interrupt-controller")
                .setCells("ibm,interrupt-server-ranges", 0, icps.length).setCells("#interrupt-cells", 2)
                .setCells("linux,phandle", phandle).setCells("phandle", phandle);
    }

    @Override
    public void activate() {
        synchronized (lock) {
            active = true;
            for (Icp icp : icps) if (icp.xisr() != 0) raise(icp);
        }
    }

    @Override
    public void deactivate() {
        synchronized (lock) {
            for (Icp icp : icps) output.externalInterrupt(icp.server, false);
            active = false;
        }
    }

    public Object lock() {
        return lock;
    }

    public int servers() {
        return icps.length;
    }

    public boolean validIrq(int irq) {
        return ics.valid(irq);
    }

    public boolean validServer(int server) {
        return server >= 0 && server < icps.length;
    }

    /** Claims source {@code irq} in the shared table, as a level (LSI) or message (MSI) source, and returns its line. */
    public IrqLine claim(int irq, boolean lsi) {
        if (!ics.valid(irq)) throw new IllegalArgumentException("IRQ 0x" + Integer.toHexString(irq) + " is not an XICS source");
        return sources.claimLine(irq, lsi);
    }

    /** The presentation controllers as devices ("icp", instance = server), in server order. */
    public List<Device> presenters() {
        return List.of(icps);
    }

    public boolean isLsi(int irq) {
        return sources.isLsi(irq);
    }

    /** One ICP back to idle, its output lowered (QEMU icp_reset). */
    void resetPresenter(Icp icp) {
        synchronized (lock) {
            icp.reset();
            lower(icp);
        }
    }

    // ---- device side ------------------------------------------------------------------------

    /**
     * The shared table's input changed while XICS is active: an LSI is (re)presented while its
     * level is high; an MSI event is presented, or remembered while the source is masked.
     */
    @Override
    public void sourceChanged(int irq, boolean level) {
        synchronized (lock) {
            if (!ics.valid(irq) || !sources.claimed(irq)) return;
            int s = irq - ics.offset;
            if (sources.isLsi(irq)) {
                resendLsi(s);
            } else if (level) {
                if (ics.priority[s] == 0xff) ics.status[s] |= Ics.STATUS_MASKED_PENDING;
                else present(ics.server[s], irq, ics.priority[s]);
            }
        }
    }

    // ---- ICS configuration (ibm,set-xive / get-xive / int-off / int-on) --------------------------

    /** ibm,set-xive: routes and prioritises a source; also sets the saved priority. */
    public void setXive(int irq, int server, int priority) {
        synchronized (lock) {
            writeXive(irq - ics.offset, server, priority, priority);
        }
    }

    /** {server, priority} of a source. */
    public int[] getXive(int irq) {
        synchronized (lock) {
            int s = irq - ics.offset;
            return new int[] {ics.server[s], ics.priority[s]};
        }
    }

    /** ibm,int-off: masks the source, keeping its priority for int-on. */
    public void intOff(int irq) {
        synchronized (lock) {
            int s = irq - ics.offset;
            writeXive(s, ics.server[s], 0xff, ics.priority[s]);
        }
    }

    /** ibm,int-on: restores the priority saved by int-off (or set-xive). */
    public void intOn(int irq) {
        synchronized (lock) {
            int s = irq - ics.offset;
            writeXive(s, ics.server[s], ics.savedPriority[s], ics.savedPriority[s]);
        }
    }

    private void writeXive(int s, int server, int priority, int saved) {
        ics.server[s] = server;
        ics.priority[s] = priority;
        ics.savedPriority[s] = saved;
        if (sources.isLsi(s + ics.offset)) {
            resendLsi(s);
        } else if ((ics.status[s] & Ics.STATUS_MASKED_PENDING) != 0 && priority != 0xff) {
            ics.status[s] &= ~Ics.STATUS_MASKED_PENDING;
            present(server, s + ics.offset, priority);
        }
    }

    // ---- ICP operations (H_XIRR, H_EOI, H_CPPR, H_IPI, H_IPOLL) -------------------------------------

    /** H_XIRR: accepts the pending interrupt; CPPR becomes its priority. Returns the old XIRR. */
    public int accept(int server) {
        synchronized (lock) {
            Icp icp = icps[server];
            int xirr = icp.xirr;
            lower(icp);
            icp.xirr = icp.pendingPriority << 24;
            icp.pendingPriority = 0xff;
            icp.xirrFromIcs = false;
            return xirr;
        }
    }

    /** H_IPOLL: {XIRR, MFRR} without side effects. */
    public int[] poll(int server) {
        synchronized (lock) {
            Icp icp = icps[server];
            return new int[] {icp.xirr, icp.mfrr};
        }
    }

    /** H_CPPR. */
    public void setCppr(int server, int cppr) {
        synchronized (lock) {
            Icp icp = icps[server];
            int old = icp.cppr();
            icp.xirr = (icp.xirr & Icp.XISR_MASK) | (cppr & 0xff) << 24;
            if (cppr < old) {
                if (icp.xisr() != 0 && cppr <= icp.pendingPriority) {
                    int oldXisr = icp.xisr();
                    icp.xirr &= Icp.CPPR_MASK;
                    icp.pendingPriority = 0xff;
                    lower(icp);
                    if (icp.xirrFromIcs) {
                        reject(oldXisr);
                        icp.xirrFromIcs = false;
                    }
                }
            } else if (icp.xisr() == 0) {
                resend(icp);
            }
        }
    }

    /** H_IPI: writes a server's MFRR. */
    public void setMfrr(int server, int mfrr) {
        synchronized (lock) {
            Icp icp = icps[server];
            icp.mfrr = mfrr & 0xff;
            if (icp.mfrr < icp.cppr()) checkIpi(icp);
        }
    }

    /** H_EOI: restores CPPR from the given XIRR and tells the source it was serviced. */
    public void eoi(int server, int xirr) {
        synchronized (lock) {
            Icp icp = icps[server];
            icp.xirr = (icp.xirr & Icp.XISR_MASK) | (xirr & Icp.CPPR_MASK);
            int irq = xirr & Icp.XISR_MASK;
            if (ics.valid(irq) && sources.isLsi(irq)) ics.status[irq - ics.offset] &= ~Ics.STATUS_SENT;
            if (icp.xisr() == 0) resend(icp);
        }
    }

    /** Whether the server's output line is asserted (for tests and the monitor). */
    public boolean outputAsserted(int server) {
        synchronized (lock) {
            return icps[server].outputAsserted;
        }
    }

    /** The monitor's view of a server's ICP: {XIRR, priority of the pending interrupt (PP), MFRR}. */
    public int[] presenterState(int server) {
        synchronized (lock) {
            Icp icp = icps[server];
            return new int[] {icp.xirr, icp.pendingPriority, icp.mfrr};
        }
    }

    /** The claimed source numbers, ascending (for the monitor). */
    public int[] claimedIrqs() {
        synchronized (lock) {
            int[] r = java.util.Arrays.stream(sources.claimedList()).filter(ics::valid).toArray();
            java.util.Arrays.sort(r);
            return r;
        }
    }

    /** The source's status bits (asserted 1, sent 2, rejected 4, masked-pending 8), as QEMU's "info pic" shows them. */
    public int sourceStatus(int irq) {
        synchronized (lock) {
            // the line level lives in the shared sources (QEMU's XICS_STATUS_ASSERTED = 1)
            return ics.status[irq - ics.offset] | (sources.asserted(irq) ? 1 : 0);
        }
    }

    // ---- internals (lock held) ------------------------------------------------------------------

    private void present(int server, int irq, int priority) {
        if (!validServer(server)) return;
        Icp icp = icps[server];
        if (priority >= icp.cppr() || (icp.xisr() != 0 && icp.pendingPriority <= priority)) {
            reject(irq);
            return;
        }
        if (icp.xisr() != 0 && icp.xirrFromIcs) reject(icp.xisr());
        icp.xirr = (icp.xirr & Icp.CPPR_MASK) | (irq & Icp.XISR_MASK);
        icp.xirrFromIcs = true;
        icp.pendingPriority = priority;
        raise(icp);
    }

    private void checkIpi(Icp icp) {
        if (icp.xisr() != 0 && icp.pendingPriority <= icp.mfrr) return;
        if (icp.xisr() != 0 && icp.xirrFromIcs) reject(icp.xisr());
        icp.xirr = (icp.xirr & Icp.CPPR_MASK) | Icp.XICS_IPI;
        icp.xirrFromIcs = false;
        icp.pendingPriority = icp.mfrr;
        raise(icp);
    }

    private void resend(Icp icp) {
        if (icp.mfrr < icp.cppr()) checkIpi(icp);
        // only claimed sources can hold state to resend
        for (int irq : sources.claimedList()) {
            if (!ics.valid(irq)) continue;
            int s = irq - ics.offset;
            if (sources.isLsi(irq)) {
                resendLsi(s);
            } else if ((ics.status[s] & Ics.STATUS_REJECTED) != 0) {
                ics.status[s] &= ~Ics.STATUS_REJECTED;
                if (ics.priority[s] != 0xff) present(ics.server[s], s + ics.offset, ics.priority[s]);
            }
        }
    }

    private void resendLsi(int s) {
        if (ics.priority[s] != 0xff && sources.asserted(s + ics.offset) && (ics.status[s] & Ics.STATUS_SENT) == 0) {
            ics.status[s] |= Ics.STATUS_SENT;
            present(ics.server[s], s + ics.offset, ics.priority[s]);
        }
    }

    private void reject(int irq) {
        if (!ics.valid(irq)) return;
        int s = irq - ics.offset;
        ics.status[s] |= Ics.STATUS_REJECTED;
        ics.status[s] &= ~Ics.STATUS_SENT;
    }

    private void raise(Icp icp) {
        icp.outputAsserted = true;
        if (active) output.externalInterrupt(icp.server, true);
    }

    private void lower(Icp icp) {
        icp.outputAsserted = false;
        if (active) output.externalInterrupt(icp.server, false); // an inactive XICS never drives the line
    }

    /** A presenter's output follows its XISR again after a load, and is driven while XICS is active. */
    void presenterLoaded(Icp icp) {
        synchronized (lock) {
            if (icp.xisr() != 0) raise(icp);
            else lower(icp);
        }
    }

    // ---- Device: the ICS ----------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of(SECTION, VERSION, ResetPhase.INTC);

    @Override
    public DeviceId id() {
        return ID;
    }

    /** The ICS back to every source masked and idle (QEMU ics_reset); the presenters reset as their own devices. */
    @Override
    public void reset(ResetReason why) {
        synchronized (lock) {
            ics.reset();
        }
    }

    /** The ICS: its geometry and the number of servers (checked), then the per-source arrays. */
    @Override
    public void saveState(Consumer<Section> out) {
        synchronized (lock) {
            Section s = newSection().i32("offset", ics.offset).i32("nr-irqs", ics.count).i32("nr-servers", icps.length);
            ics.save(s);
            out.accept(s);
        }
    }

    @Override
    public void loadState(Section s) throws StateException {
        StateChecks.requireSame(s, "offset", ics.offset, "");
        StateChecks.requireSame(s, "nr-irqs", ics.count, "");
        StateChecks.requireSame(s, "nr-servers", icps.length, " (another -smp?)");
        Runnable load = ics.load(s, icps.length);
        synchronized (lock) {
            load.run();
        }
    }

    /**
     * HMP "info pic" for XICS in QEMU's layout (hw/intc/xics.c icp_pic_print_info and
     * ics_pic_print_info): one line per presentation controller (XIRR, output, pending priority,
     * MFRR), then the source controller's range and one line per claimed source (number, LSI or
     * MSI, priority, status bits).
     */
    @Override
    public String info() {
        synchronized (lock) {
            StringBuilder sb = new StringBuilder();
            for (Icp icp : icps) {
                sb.append(String.format("CPU %d XIRR=%08x (%s) PP=%02x MFRR=%02x%n", icp.server, icp.xirr, icp.outputAsserted ? "raised" : "lowered",
                        icp.pendingPriority, icp.mfrr));
            }
            sb.append(String.format("ICS %4x..%4x xics%n", ics.offset, ics.offset + ics.count - 1));
            for (int irq : claimedIrqs()) {
                sb.append(String.format("  %4x %s %02x %02x%n", irq, sources.isLsi(irq) ? "LSI" : "MSI", ics.priority[irq - ics.offset],
                        sourceStatus(irq)));
            }
            return sb.toString();
        }
    }
}
