package org.jpseries.intc.xive;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.intc.IrqLine;
import org.jpseries.intc.IrqSources;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;

/**
 * A XIVE (2 vCPUs unless told) over 16 MiB of RAM with an MSI at 0x1000 and an LSI at 0x1001 (and
 * any further MSIs asked for), recording the output lines; its devices registered as the platform
 * would (sources, then XIVE, then the thread contexts).
 */
class XiveTestBench {
    static final int MSI = 0x1000, LSI = 0x1001, QADDR = 0x10000;
    final Object lock = new Object();
    final GuestRam ram = new GuestRam(16L << 20);
    final IrqSources sources = new IrqSources(lock, 0x2000);
    final List<String> lines = new ArrayList<>();
    final boolean[] line;
    final SpaprXive xive;
    final XiveHcalls hcalls;
    final IrqLine msi, lsi;
    final DeviceRegistry registry = new DeviceRegistry();

    XiveTestBench() {
        this(2);
    }

    XiveTestBench(int servers, int... extraMsis) {
        line = new boolean[servers];
        xive = new SpaprXive(sources, servers, ram, (s, a) -> {
            lines.add(s + (a ? "+" : "-"));
            line[s] = a;
        }, GuestLog.silent());
        hcalls = new XiveHcalls(xive, () -> true);
        xive.claimIpis();
        msi = sources.claimLine(MSI, false);
        lsi = sources.claimLine(LSI, true);
        for (int irq : extraMsis) sources.claimLine(irq, false);
        sources.setActive(xive);
        registry.register(sources);
        registry.register(xive);
        for (Device d : xive.contexts()) registry.register(d);
    }

    /** An OS CPPR store through the TIMA OS page, as Linux's xive_setup_cpu does. */
    void setCppr(int cpu, int cppr) {
        tima().write(((long) SpaprXive.TM_OS_PAGE << SpaprXive.TM_SHIFT) + 0x11, 1, cppr, cpu);
    }

    /** The "acknowledge OS" 2-byte load through the TIMA OS page. */
    int ackOs(int cpu) {
        return (int) tima().read(((long) SpaprXive.TM_OS_PAGE << SpaprXive.TM_SHIFT) + 0x810, 2, cpu);
    }

    org.jpseries.memory.MmioDevice tima() {
        return ram.mmio().find(SpaprXive.TM_BASE).device;
    }

    org.jpseries.memory.MmioDevice esb() {
        return ram.mmio().find(SpaprXive.VC_BASE).device;
    }

    /** Routes {@code lisn} to (server, priority) with {@code eisn} and sets its PQ to 00, as Linux's irq startup. */
    void route(int lisn, int server, int priority, int eisn) {
        org.jpseries.spapr.Regs r = new org.jpseries.spapr.Regs(server, XiveHcalls.H_INT_SET_SOURCE_CONFIG, XiveHcalls.SRC_SET_EISN, lisn,
                server, priority, eisn);
        if (hcalls.setSourceConfig(r) != 0) throw new AssertionError("set source config");
        esb().read(XiveSource.managementPage(lisn) + Esb.SET_PQ_00, 8, server);
    }

    void queue(int server, int priority, long addr, int shift) {
        org.jpseries.spapr.Regs r = new org.jpseries.spapr.Regs(server, XiveHcalls.H_INT_SET_QUEUE_CONFIG, XiveHcalls.END_ALWAYS_NOTIFY,
                server, priority, addr, shift);
        if (hcalls.setQueueConfig(r) != 0) throw new AssertionError("set queue config");
    }

    /** The EOI load on a source's management page (returns 1 when a queued event was forwarded). */
    long esbLoadEoi(int lisn) {
        return esb().read(XiveSource.managementPage(lisn) + Esb.LOAD_EOI, 8, 0);
    }

    int queueWord(long addr, int index) {
        return ram.readBE32(addr + 4L * index);
    }
}
