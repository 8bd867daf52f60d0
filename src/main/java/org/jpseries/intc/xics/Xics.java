package org.jpseries.intc.xics;

import org.jpseries.intc.IrqBackend;
import org.jpseries.intc.IrqSources;

/**
 * The pseries XICS interrupt controller: one {@link Ics} and one {@link Icp} per server, with the
 * state machine of QEMU's hw/intc/xics.c (PAPR ch. 6, "Interrupt Controller"). Devices raise lines
 * through the shared {@link IrqSources}, which calls {@link #sourceChanged} while XICS is the
 * active backend. Every public method takes the machine lock (the sources' lock), so device
 * threads may raise lines while vCPUs run hcalls. The hcall/RTAS bindings are in {@link XicsSpapr}.
 */
public final class Xics implements IrqBackend {
    /** pseries numbers its XICS sources from here (QEMU's XICS_IRQ_BASE). */
    public static final int IRQ_BASE = 0x1000;
    /** Sources in the ICS (QEMU's SPAPR_NR_XIRQS). */
    public static final int NR_IRQS = 0x1000;

    private final Object lock;
    private final IrqSources sources;
    private final Ics ics;
    private final Icp[] icps;
    private final XicsOutput output;
    private boolean active;

    /** XICS as one backend of the machine's shared sources (which must cover the ICS range). */
    public Xics(IrqSources sources, int servers, XicsOutput output) {
        if (sources.count() < IRQ_BASE + NR_IRQS) throw new IllegalArgumentException("the sources do not cover the ICS");
        this.lock = sources.lock();
        this.sources = sources;
        this.ics = new Ics(IRQ_BASE, NR_IRQS);
        this.icps = new Icp[servers];
        for (int i = 0; i < servers; i++) icps[i] = new Icp(i);
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

    /** Claims source {@code irq} in the shared table, as a level (LSI) or message (MSI) source. */
    public void claim(int irq, boolean lsi) {
        if (!ics.valid(irq)) throw new IllegalArgumentException("IRQ 0x" + Integer.toHexString(irq) + " is not an XICS source");
        sources.claim(irq, lsi);
    }

    public boolean isLsi(int irq) {
        return sources.isLsi(irq);
    }

    /** Machine reset: sources masked, every ICP idle with its output lowered. */
    public void reset() {
        synchronized (lock) {
            ics.reset();
            for (Icp icp : icps) {
                icp.reset();
                lower(icp);
            }
        }
    }

    // ---- device side ------------------------------------------------------------------------

    /** Sets the input level of a source through the shared table (device side). */
    public void setIrq(int irq, boolean level) {
        sources.setLevel(irq, level);
    }

    /** An edge on a message-signalled source through the shared table (QEMU's qemu_irq_pulse). */
    public void pulse(int irq) {
        sources.pulse(irq);
    }

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
}
