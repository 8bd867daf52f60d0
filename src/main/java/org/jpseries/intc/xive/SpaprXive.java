package org.jpseries.intc.xive;

import static org.jpseries.state.Role.Kind.DERIVED;
import static org.jpseries.state.Role.Kind.STATE;
import static org.jpseries.state.Role.Kind.WIRING;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IrqBackend;
import org.jpseries.intc.IrqSources;
import org.jpseries.intc.StateChecks;
import org.jpseries.intc.xics.XicsOutput;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.MmioDevice;
import org.jpseries.memory.MmioRegion;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The XIVE interrupt controller as a pseries guest in exploitation mode sees it (QEMU
 * hw/intc/spapr_xive.c and xive.c): the sources with their ESB pages, the event assignment (EAS)
 * table routing each source to an END (a vCPU and priority) with the guest's event data, the
 * ENDs' event queues in guest memory, and each vCPU's thread context behind the TIMA. The ESB
 * pages and the TIMA are MMIO windows at QEMU's addresses, present only while XIVE is the active
 * backend. All state is guarded by the machine lock; the hcalls are in {@link XiveHcalls}.
 *
 * <p>As devices: this object is section "spapr-xive" (QEMU's vmstate_spapr_xive with the EAT and
 * ENDT, plus vmstate_xive_source's PQ bytes) and each thread context from {@link #contexts()} is
 * a "xive-tctx" device whose instance is its vCPU number. Register this one first, then the
 * contexts in vCPU order: the reset order is then routing (sources, EAS, ENDs), then every thread
 * context (with its line lowered), as QEMU's machine reset. Whether XIVE is the active backend is
 * not saved: the platform re-selects the backend from the loaded CAS result through
 * {@link IrqSources#setActive}, which calls {@link #activate} (windows mapped, lines raised) or
 * {@link #deactivate}.
 */
public final class SpaprXive implements IrqBackend, XiveSource.Router, Device {
    public static final String SECTION = "spapr-xive";
    static final int VERSION = 1;
    /** Where the ESB pages start (QEMU's SPAPR_XIVE_VC_BASE). */
    public static final long VC_BASE = 0x0006_0100_0000_0000L;
    /** Where the TIMA's four 64 KiB pages start (QEMU's SPAPR_XIVE_TM_BASE). */
    public static final long TM_BASE = 0x0006_0302_0318_0000L;
    public static final int TM_SHIFT = 16;
    public static final int TM_HW_PAGE = 0, TM_HV_PAGE = 1, TM_OS_PAGE = 2, TM_USER_PAGE = 3;
    /** vCPU n is NVT 0x400 + n (QEMU's SPAPR_XIVE_NVT_BASE); only the OS CAM line shows it. */
    static final int NVT_BASE = 0x400;
    /** Priorities the guest may use: 0..6 (7 is reserved for the host's escalations). */
    public static final int MAX_GUEST_PRIORITY = 6;
    public static final int PRIORITIES = 8;

    @Role(kind = WIRING, why = "the machine lock (the sources' lock)")
    private final Object lock;
    @Role(kind = WIRING, why = "the shared source table: claims, kinds and LSI levels are saved there (irq-sources)")
    private final IrqSources sources;
    @Role(kind = WIRING, why = "guest RAM, where the END queues are")
    private final GuestRam ram;
    @Role(kind = WIRING, why = "the vCPUs' external interrupt lines")
    private final XicsOutput output;
    @Role(kind = WIRING, why = "guest error log")
    private final GuestLog log;
    @Role(kind = WIRING, why = "the source part: its PQ bytes (see XiveSource) are saved in this device's section as source-pq")
    final XiveSource source;
    // the EAS table: valid = the number is claimed in the shared table
    @Role(kind = STATE, value = "eas-masked")
    private final boolean[] easMasked;
    @Role(kind = STATE, value = "eas-end")
    private final int[] easEnd;
    @Role(kind = STATE, value = "eas-data")
    private final int[] easData;
    @Role(kind = WIRING, why = "the END table: each END's fields (see EventQueue) are saved in this device's section as the end-* arrays")
    private final EventQueue[] ends;
    @Role(kind = WIRING, why = "each thread context is its own device (section xive-tctx, instance = vCPU)")
    private final ThreadContext[] tctx;
    @Role(kind = WIRING, why = "the ESB MMIO window, enabled while active")
    private final MmioRegion esbRegion;
    @Role(kind = WIRING, why = "the TIMA MMIO window, enabled while active")
    private final MmioRegion tmRegion;
    @Role(kind = DERIVED, why = "set by activate/deactivate when the platform selects the backend from the CAS result")
    private boolean active;

    /** XIVE for {@code servers} vCPUs over every number of {@code sources}; maps its windows in {@code ram}'s MMIO map. */
    public SpaprXive(IrqSources sources, int servers, GuestRam ram, XicsOutput output, GuestLog log) {
        this.lock = sources.lock();
        this.sources = sources;
        this.ram = ram;
        this.output = output;
        this.log = log;
        int n = sources.count();
        source = new XiveSource(sources, n);
        easMasked = new boolean[n];
        easEnd = new int[n];
        easData = new int[n];
        ends = new EventQueue[servers * PRIORITIES];
        for (int i = 0; i < ends.length; i++) ends[i] = new EventQueue(i / PRIORITIES, i % PRIORITIES);
        tctx = new ThreadContext[servers];
        for (int i = 0; i < servers; i++) tctx[i] = new ThreadContext(this, i);
        esbRegion = ram.mmio().add("xive.esb", VC_BASE, (long) n << XiveSource.ESB_SHIFT, new EsbWindow());
        tmRegion = ram.mmio().add("xive.tima", TM_BASE, 4L << TM_SHIFT, new TimaWindow());
        resetRouting();
    }

    public Object lock() {
        return lock;
    }

    public int servers() {
        return tctx.length;
    }

    public int sourceCount() {
        return source.count();
    }

    public boolean validServer(long target) {
        return target >= 0 && target < tctx.length;
    }

    /**
     * The IPIs are XIVE sources 0..servers-1 (QEMU claims them at init); claimed in the shared
     * table. Their lines are not kept: the guest raises an IPI by a store to its ESB trigger page.
     */
    public void claimIpis() {
        for (int i = 0; i < tctx.length; i++) sources.claimLine(i, false);
    }

    /** The thread contexts as devices ("xive-tctx", instance = vCPU), in vCPU order. */
    public List<Device> contexts() {
        return List.of(tctx);
    }

    @Override
    public String name() {
        return "XIVE";
    }

    // ---- the thread contexts' reset and H_INT_RESET ------------------------------------------------------------

    /** A thread context back to its reset values with the OS CAM pushed, its line lowered (QEMU xive_tctx_reset). */
    void resetContext(ThreadContext t) {
        synchronized (lock) {
            t.reset();
            if (active) output.externalInterrupt(t.server, false);
        }
    }

    /** A loaded thread context's line follows NSR[EO] again and is driven while XIVE is active. */
    void contextLoaded(ThreadContext t) {
        synchronized (lock) {
            if ((t.os(ThreadContext.NSR) & ThreadContext.NSR_EO) != 0) raise(t);
            else lower(t);
        }
    }

    /** H_INT_RESET (QEMU device reset of the spapr-xive object): sources, EAS and ENDs; not the threads. */
    void resetRouting() {
        source.reset();
        Arrays.fill(easMasked, true);
        Arrays.fill(easEnd, 0);
        Arrays.fill(easData, 0);
        for (EventQueue q : ends) q.reset();
    }

    /**
     * The XIVE node (QEMU spapr_xive_dt): the TIMA's user (ring 3) and OS (ring 2) pages, the IPIs
     * as the LISN range (one source per vCPU from 0), 64K queues only; and the root's
     * ibm,plat-res-int-priorities: priorities 7..0xfe are the hypervisor's, the guest uses 0..6.
     */
    @Override
    public void addTreeNode(Node root, int phandle) {
        long page = 1L << TM_SHIFT;
        root.add(XiveTree.nodeName()).setString("device_type", "power-ivpe")
                .setU64("reg", TM_BASE + TM_USER_PAGE * page, page, TM_BASE + TM_OS_PAGE * page, page)
                .setString("compatible", "ibm,power-ivpe")
                .setCells("ibm,xive-eq-sizes", 16)
                .setCells("ibm,xive-lisn-ranges", 0, tctx.length)
                .setEmpty("interrupt-controller").setCells("#interrupt-cells", 2)
                .setCells("linux,phandle", phandle).setCells("phandle", phandle);
        int firstReserved = MAX_GUEST_PRIORITY + 1;
        root.setCells("ibm,plat-res-int-priorities", firstReserved, 0xfe - firstReserved + 1);
    }

    @Override
    public void activate() {
        synchronized (lock) {
            active = true;
            esbRegion.setEnabled(true);
            tmRegion.setEnabled(true);
            for (ThreadContext t : tctx) if (t.output) output.externalInterrupt(t.server, true);
        }
    }

    @Override
    public void deactivate() {
        synchronized (lock) {
            esbRegion.setEnabled(false);
            tmRegion.setEnabled(false);
            for (ThreadContext t : tctx) output.externalInterrupt(t.server, false);
            active = false;
        }
    }

    public boolean isActive() {
        synchronized (lock) {
            return active;
        }
    }

    // ---- sources ----------------------------------------------------------------------------------

    @Override
    public void sourceChanged(int irq, boolean level) {
        synchronized (lock) {
            if (irq < 0 || irq >= source.count()) return;
            if (source.inputChanged(irq, level)) forward(irq);
        }
    }

    /** PQ of a source (tests, monitor). */
    public int pq(int lisn) {
        synchronized (lock) {
            return source.pq(lisn);
        }
    }

    public boolean isLsi(int lisn) {
        return source.isLsi(lisn);
    }

    /** Whether the EAS of {@code lisn} is valid: a device (or the IPIs) claimed the number. */
    boolean sourcesClaimed(int lisn) {
        return sources.claimed(lisn);
    }

    /** An ESB load through H_INT_ESB at {@code offset} in the source's management page. */
    long esbLoad(int lisn, long offset) {
        synchronized (lock) {
            return source.read(XiveSource.managementPage(lisn) + offset, this);
        }
    }

    /** An ESB store through H_INT_ESB. */
    void esbStore(int lisn, long offset) {
        synchronized (lock) {
            if (!source.write(XiveSource.managementPage(lisn) + offset, this)) {
                log.guestError("XIVE: invalid ESB store on IRQ %d at 0x%x", lisn, offset);
            }
        }
    }

    // ---- routing (lock held) ---------------------------------------------------------------------

    /**
     * The router (QEMU xive_router_notify and end_notify): EAS lookup, then the END's queue gets
     * the event data, then (unless coalesced by ESn) the vCPU's thread context gets the priority.
     * A masked EAS drops the event (the source's PQ keeps it pending).
     */
    @Override
    public void forward(int lisn) {
        if (!sources.claimed(lisn)) {
            log.guestError("XIVE: invalid LISN %x", lisn);
            return;
        }
        if (easMasked[lisn]) return;
        EventQueue q = ends[easEnd[lisn]];
        if (!q.valid) {
            log.guestError("XIVE: END %x for LISN %x is invalid", easEnd[lisn], lisn);
            return;
        }
        if (q.enqueue && !q.push(ram, easData[lisn])) {
            log.guestError("XIVE: failed to write END data @0x%x", q.qaddr + 4L * q.index);
            return;
        }
        if (!q.alwaysNotify && !q.esnTrigger()) return;
        ThreadContext t = tctx[q.server];
        if (t.ipbUpdate(q.priority)) raise(t);
    }

    private void raise(ThreadContext t) {
        t.output = true;
        if (active) output.externalInterrupt(t.server, true);
    }

    private void lower(ThreadContext t) {
        t.output = false;
        if (active) output.externalInterrupt(t.server, false);
    }

    // ---- EAS and END access for the hcalls (lock held by the caller through lock()) ---------------

    boolean easMasked(int lisn) {
        return easMasked[lisn];
    }

    int easEnd(int lisn) {
        return easEnd[lisn];
    }

    int easData(int lisn) {
        return easData[lisn];
    }

    /** Resets an EAS to "valid, masked" (priority 0xff in H_INT_SET_SOURCE_CONFIG). */
    void resetEas(int lisn) {
        easMasked[lisn] = true;
        easEnd[lisn] = 0;
        easData[lisn] = 0;
    }

    void setEas(int lisn, boolean masked, int end, boolean setData, int data) {
        easMasked[lisn] = masked;
        easEnd[lisn] = end;
        if (setData) easData[lisn] = data;
    }

    EventQueue end(int server, int priority) {
        return ends[server * PRIORITIES + priority];
    }

    EventQueue end(int index) {
        return ends[index];
    }

    static int endIndex(int server, int priority) {
        return server * PRIORITIES + priority;
    }

    GuestRam ram() {
        return ram;
    }

    GuestLog log() {
        return log;
    }

    /** The OS ring of a vCPU's thread context: {NSR, CPPR, IPB, PIPR} (tests, monitor). */
    public int[] osRing(int server) {
        synchronized (lock) {
            ThreadContext t = tctx[server];
            return new int[] {t.os(ThreadContext.NSR), t.os(ThreadContext.CPPR), t.os(ThreadContext.IPB), t.os(ThreadContext.PIPR)};
        }
    }

    /**
     * The monitor's "info pic" for XIVE, in the layout of QEMU's xive_tctx_pic_print_info and
     * spapr_xive_pic_print_info: each vCPU's user and OS rings, then every claimed source with its
     * PQ, EAS (masked, EISN) and, when routed, the END's target/priority, queue index/size, address
     * and generation.
     */
    @Override
    public String info() {
        synchronized (lock) {
            StringBuilder b = new StringBuilder();
            for (ThreadContext t : tctx) {
                b.append(String.format("CPU[%04x]:   QW   NSR CPPR IPB LSMFB ACK# INC AGE PIPR  W2%n", t.server));
                for (int ring = 0; ring < 2; ring++) {
                    int o = ring * 16;
                    int w2 = (t.regs[o + 8] & 0xff) << 24 | (t.regs[o + 9] & 0xff) << 16 | (t.regs[o + 10] & 0xff) << 8 | t.regs[o + 11] & 0xff;
                    b.append(String.format("CPU[%04x]: %4s    %02x   %02x  %02x    %02x   %02x  %02x  %02x   %02x  %08x%n", t.server,
                            ring == 0 ? "USER" : "OS", t.regs[o] & 0xff, t.regs[o + 1] & 0xff, t.regs[o + 2] & 0xff, t.regs[o + 3] & 0xff,
                            t.regs[o + 4] & 0xff, t.regs[o + 5] & 0xff, t.regs[o + 6] & 0xff, t.regs[o + 7] & 0xff, w2));
                }
            }
            b.append(String.format("  LISN         PQ    EISN     CPU/PRIO EQ%n"));
            for (int lisn : sources.claimedList()) {
                int pq = source.pq(lisn);
                b.append(String.format("  %08x %s %c%c%c %s %08x ", lisn, source.isLsi(lisn) ? "LSI" : "MSI", (pq & Esb.P) != 0 ? 'P' : '-',
                        (pq & Esb.Q) != 0 ? 'Q' : '-', sources.asserted(lisn) ? 'A' : ' ', easMasked[lisn] ? "M" : " ", easData[lisn]));
                EventQueue q = ends[easEnd[lisn]];
                if (!easMasked[lisn] && q.valid) {
                    b.append(String.format("%3d/%d % 6d/%5d @%x ^%d", q.server, q.priority, q.index, q.entries(), q.qaddr, q.generation));
                }
                b.append(String.format("%n"));
            }
            return b.toString();
        }
    }


    public boolean outputAsserted(int server) {
        synchronized (lock) {
            return tctx[server].output;
        }
    }

    // ---- Device: routing tables and sources ------------------------------------------------------

    private static final DeviceId ID = DeviceId.of(SECTION, VERSION, ResetPhase.INTC);

    @Override
    public DeviceId id() {
        return ID;
    }

    /** Sources off, EAS masked, ENDs cleared (QEMU spapr_xive_reset); the thread contexts reset as their own devices. */
    @Override
    public void reset(ResetReason why) {
        synchronized (lock) {
            resetRouting();
        }
    }

    /** The geometry (checked), the sources' PQ bits, the EAS table and the END table as parallel arrays. */
    @Override
    public void saveState(Consumer<Section> out) {
        synchronized (lock) {
            byte[] masked = new byte[easMasked.length];
            for (int i = 0; i < masked.length; i++) masked[i] = (byte) (easMasked[i] ? 1 : 0);
            Section s = newSection().i32("nr-irqs", source.count()).i32("nr-servers", tctx.length).bytes("source-pq", source.pqBytes())
                    .bytes("eas-masked", masked).ints("eas-end", easEnd).ints("eas-data", easData);
            EventQueue.saveTable(ends, s);
            out.accept(s);
        }
    }

    @Override
    public void loadState(Section s) throws StateException {
        int n = source.count();
        StateChecks.requireSame(s, "nr-irqs", n, "");
        StateChecks.requireSame(s, "nr-servers", tctx.length, " (another -smp?)");
        byte[] pq = StateChecks.bytesWithin(s, "source-pq", n, Esb.QUEUED, "LISN", 0);
        byte[] masked = StateChecks.bytesWithin(s, "eas-masked", n, 1, "LISN", 0);
        int[] end = StateChecks.intsWithin(s, "eas-end", n, 0, ends.length - 1, "LISN", 0);
        int[] data = new int[n];
        s.intsInto("eas-data", data);
        Runnable loadEnds = EventQueue.loadTable(ends, s, ram);
        synchronized (lock) {
            source.loadPq(pq);
            for (int i = 0; i < n; i++) easMasked[i] = masked[i] != 0;
            System.arraycopy(end, 0, easEnd, 0, n);
            System.arraycopy(data, 0, easData, 0, n);
            loadEnds.run();
        }
    }

    // ---- the MMIO windows -------------------------------------------------------------------------

    /** The ESB pages: two 64 KiB pages per source from {@link #VC_BASE}. */
    final class EsbWindow implements MmioDevice {
        @Override
        public long read(long offset, int size, int cpu) {
            synchronized (lock) {
                long v = source.read(offset, SpaprXive.this);
                if (v == XiveSource.INVALID) log.guestError("XIVE: invalid ESB load at 0x%x", offset);
                return v;
            }
        }

        @Override
        public void write(long offset, int size, long value, int cpu) {
            synchronized (lock) {
                if (!source.write(offset, SpaprXive.this)) log.guestError("XIVE: invalid ESB store at 0x%x", offset);
            }
        }
    }

    /**
     * Read (bit 1) and write (bit 0) permission of each byte of QW0 and QW1 seen through the OS
     * page (QEMU's xive_tm_os_view).
     */
    private static final byte[] OS_VIEW = {
        3, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 0, 0, 0, 0, // QW0 user
        2, 3, 2, 2, 2, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, // QW1 OS
    };
    static final int TM_SPC_ACK_OS_REG = 0x810, TM_SPC_SET_OS_PENDING = 0x812;

    /** The TIMA: per-thread pages; the accessing vCPU's context is the one seen. */
    final class TimaWindow implements MmioDevice {
        @Override
        public long read(long offset, int size, int cpu) {
            synchronized (lock) {
                int page = (int) (offset >>> TM_SHIFT);
                int off = (int) (offset & ((1 << TM_SHIFT) - 1));
                if (cpu < 0 || cpu >= tctx.length) return -1L;
                ThreadContext t = tctx[cpu];
                if (page == TM_OS_PAGE && off == TM_SPC_ACK_OS_REG && size == 2) {
                    int v = t.ackOs();
                    lower(t);
                    return v;
                }
                if ((page == TM_OS_PAGE || page == TM_USER_PAGE) && off + size <= OS_VIEW.length && aligned(off, size)) {
                    long v = 0;
                    for (int i = 0; i < size; i++) {
                        int b = off + i;
                        boolean readable = (view(page, b) & 2) != 0;
                        v = v << 8 | (readable ? t.regs[b] & 0xff : 0);
                    }
                    return v;
                }
                log.guestError("XIVE: invalid TIMA load page %d offset 0x%x size %d", page, off, size);
                return -1L;
            }
        }

        @Override
        public void write(long offset, int size, long value, int cpu) {
            synchronized (lock) {
                int page = (int) (offset >>> TM_SHIFT);
                int off = (int) (offset & ((1 << TM_SHIFT) - 1));
                if (cpu < 0 || cpu >= tctx.length) return;
                ThreadContext t = tctx[cpu];
                if (page == TM_OS_PAGE && off == TM_SPC_SET_OS_PENDING && size == 1) {
                    if (t.setOsPending((int) value)) raise(t);
                    return;
                }
                if ((page == TM_OS_PAGE || page == TM_USER_PAGE) && off + size <= OS_VIEW.length && aligned(off, size)) {
                    for (int i = 0; i < size; i++) {
                        int b = off + i;
                        int v = (int) (value >>> (8 * (size - 1 - i))) & 0xff;
                        if ((view(page, b) & 1) == 0) continue;
                        if (b == ThreadContext.QW1_OS + ThreadContext.CPPR) {
                            if (t.setCppr(v)) raise(t);
                        } else {
                            t.regs[b] = (byte) v;
                        }
                    }
                    return;
                }
                log.guestError("XIVE: invalid TIMA store page %d offset 0x%x size %d", page, off, size);
            }
        }

        /** The user page shows only QW0's NSR; the OS page QW0 and QW1 as {@link #OS_VIEW}. */
        private int view(int page, int b) {
            if (page == TM_USER_PAGE) return b == ThreadContext.QW0_USER + ThreadContext.NSR ? 3 : 0;
            return OS_VIEW[b];
        }

        private boolean aligned(int off, int size) {
            return (off & (size - 1)) == 0;
        }
    }
}
