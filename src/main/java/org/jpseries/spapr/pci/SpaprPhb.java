package org.jpseries.spapr.pci;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IrqLine;
import org.jpseries.intc.IrqSources;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.MmioMap;
import org.jpseries.pci.PciBus;
import org.jpseries.pci.PciDevice;
import org.jpseries.pci.PciRegs;
import org.jpseries.papr.RtasTokens;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.spapr.iommu.TceTable;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The PAPR PCI host bridge (QEMU 7.2 hw/ppc/spapr_pci.c, type "spapr-pci-host-bridge"; PAPR
 * 13.6 and Appendix C): bus 0 with its functions, its I/O and MMIO windows on the real address
 * space, configuration space through RTAS ({@link PciConfigRtas}), INTA-INTD on four LSIs
 * through the shared interrupt sources (so XICS and XIVE, across the CAS switch, see them), MSI-X
 * through RTAS and its MSI window ({@link PhbMsi}), two TCE tables with the dynamic DMA window
 * calls ({@link DynamicDmaWindows}; the default 32-bit window at reset), the address space its
 * functions master ({@link #dma}), and its device-tree node with a child per function
 * (spapr_dt_phb, spapr_dt_pci_device).
 *
 * <p>Section "spapr_pci" (QEMU's vmstate_spapr_pci: the BUID and windows must match, and the MSI
 * blocks); its functions, its TCE tables and its interrupt levels are sections of their own. After
 * a load it remaps the BARs and recounts the pins from its functions' configuration.
 *
 * <p>Threads: the DMA windows change under this object's monitor (RTAS on vCPU threads, reset on
 * the control thread), taken before a table's; the address space reads the tables without it.
 */
public final class SpaprPhb implements Device {
    @Role(kind = Role.Kind.CONFIG, why = "the placement of bridge index, checked on load")
    private final PhbLayout layout;
    @Role(kind = Role.Kind.WIRING, why = "the functions are devices of their own; mappings and pin counts are derived")
    private final PciBus bus;
    @Role(kind = Role.Kind.WIRING, why = "INTA-INTD; their levels are the interrupt sources' state")
    private final IrqLine[] lsi = new IrqLine[PciRegs.NUM_PINS];
    @Role(kind = Role.Kind.WIRING, why = "devices of their own: the default window's table and the second one")
    private final TceTable[] dma = new TceTable[PhbLayout.DMA_MAX_WINDOWS];
    @Role(kind = Role.Kind.WIRING, why = "its blocks are saved in this section as msi-config-addr, msi-first, msi-num")
    private final PhbMsi msi;
    @Role(kind = Role.Kind.CONFIG, why = "the interrupt controller's phandle the interrupt-map names")
    private final int intcPhandle;

    /** @param intcPhandle the interrupt controller node's phandle (QEMU spapr_dt_phb's intc_phandle) */
    public SpaprPhb(int index, IrqSources sources, GuestRam ram, int intcPhandle) {
        this.intcPhandle = intcPhandle;
        layout = PhbLayout.of(index);
        for (int i = 0; i < lsi.length; i++) lsi[i] = sources.claimLine(layout.firstLsi() + i, true);
        for (int i = 0; i < dma.length; i++) dma[i] = new TceTable(PhbLayout.liobn(index, i), ram);
        bus = new PciBus(layout.busName(), (pin, level) -> lsi[pin].set(level), new Dma());
        msi = new PhbMsi(sources, this::function);
        dmaReset();
        MmioMap mmio = ram.mmio();
        String n = layout.nodeName();
        mmio.add(n + ".io", layout.ioWindow(), PhbLayout.IO_WINDOW_SIZE, new PhbWindow(bus, 0, true)).setEnabled(true);
        mmio.add(n + ".mmio32", layout.mem32Window(), PhbLayout.MEM32_WINDOW_SIZE, new PhbWindow(bus, PhbLayout.MEM32_BUS_OFFSET, false))
                .setEnabled(true);
        mmio.add(n + ".mmio64", layout.mem64Window(), PhbLayout.MEM64_WINDOW_SIZE, new PhbWindow(bus, layout.mem64Window(), false))
                .setEnabled(true);
    }

    public PhbLayout layout() {
        return layout;
    }

    public PciBus bus() {
        return bus;
    }

    /** The default DMA window's TCE table. */
    public TceTable dmaWindow() {
        return dma[0];
    }

    /** Both TCE tables, the default window's first (the platform makes them reachable by the TCE hcalls and registers them). */
    public List<TceTable> dmaWindows() {
        return List.of(dma);
    }

    // ---- DMA windows (QEMU spapr_phb_dma_reset and spapr_rtas_ddw.c) ------------------------------------

    /** spapr_phb_dma_reset: both tables disabled, then the default 32-bit window enabled and empty. */
    public synchronized void dmaReset() {
        for (TceTable t : dma) t.disable();
        dma[0].enable(PhbLayout.DMA32_PAGE_SHIFT, 0, PhbLayout.DMA32_WINDOW_SIZE >>> PhbLayout.DMA32_PAGE_SHIFT);
        dma[0].setDefaultWindow();
    }

    /** spapr_phb_get_active_win_num. */
    synchronized int activeDmaWindows() {
        int n = 0;
        for (TceTable t : dma) {
            if (t.enabled()) n++;
        }
        return n;
    }

    /**
     * The create half of ibm,create-pe-dma-window: the first disabled table enabled with
     * 2^{@code entriesShift} pages of 2^{@code pageShift} bytes, at the default window's address
     * when no window is left, else at dma64_win_addr; null when no table is free or the window
     * cannot be (QEMU's 32-bit nb_table truncates 2^32 pages and more to none).
     */
    synchronized TceTable createDmaWindow(int pageShift, long entriesShift) {
        int windows = activeDmaWindows();
        TceTable free = null;
        for (TceTable t : dma) {
            if (!t.enabled() && free == null) free = t;
        }
        if (free == null || windows == PhbLayout.DMA_MAX_WINDOWS || entriesShift >= 32) return null;
        long at = windows == 0 ? 0 : PhbLayout.DMA64_WINDOW_ADDR;
        return free.enable(pageShift, at, 1L << entriesShift) ? free : null;
    }

    /**
     * ibm,remove-pe-dma-window on this bridge: null when the LIOBN is not one of its tables, false
     * when that table is disabled; else it is disabled, and when it was the last window and not
     * the default one the default window comes back (PAPR's rule, as QEMU).
     */
    synchronized Boolean removeDmaWindow(int liobn) {
        for (TceTable t : dma) {
            if (t.liobn() != liobn) continue;
            if (!t.enabled()) return false;
            boolean wasDefault = t.defaultWindow();
            t.disable();
            if (activeDmaWindows() == 0 && !wasDefault) dmaReset();
            return true;
        }
        return null;
    }

    /**
     * The bus master address space of the functions (QEMU's iommu_as: the tables' windows, the
     * second table's before the first's, then the MSI window below them).
     */
    private final class Dma implements org.jpseries.pci.PciDma {
        private TceTable window(long addr) {
            for (int i = dma.length - 1; i >= 0; i--) {
                if (dma[i].covers(addr)) return dma[i];
            }
            return null;
        }

        private boolean inMsiWindow(long addr, int len) {
            return Long.compareUnsigned(addr - PhbLayout.MSI_WINDOW, PhbLayout.MSI_WINDOW_SIZE - len) <= 0 && len <= PhbLayout.MSI_WINDOW_SIZE;
        }

        @Override
        public boolean read(long addr, byte[] dst, int off, int len) {
            TceTable t = window(addr);
            if (t != null) return t.dmaRead(addr, dst, off, len);
            if (!inMsiWindow(addr, len)) return false;
            java.util.Arrays.fill(dst, off, off + len, (byte) 0); // spapr_msi_read: an invalid access, reads 0
            return true;
        }

        @Override
        public boolean write(long addr, byte[] src, int off, int len) {
            TceTable t = window(addr);
            if (t != null) return t.dmaWrite(addr, src, off, len);
            if (!inMsiWindow(addr, len)) return false;
            msi.windowWrite(src, off, len);
            return true;
        }
    }

    /** The MSI blocks given out, for tests and the monitor: config address, first number, count. */
    public List<int[]> msiBlocks() {
        return msi.blocks().stream().map(b -> new int[] {b.configAddr(), b.first(), b.num()}).toList();
    }

    /** The function a config address's devfn names, for RTAS. */
    PciDevice function(int devfn) {
        return bus.find(devfn);
    }

    /**
     * The bridges' RTAS calls: configuration space, MSIs (registered as QEMU does, since its
     * interrupt controllers are never "msi_nonbroken"-less) and the dynamic DMA windows.
     */
    public static void registerRtas(org.jpseries.papr.Rtas rtas, List<SpaprPhb> bridges) {
        new PciConfigRtas(buid -> {
            SpaprPhb b = find(bridges, buid);
            return b == null ? null : b::function;
        }).register(rtas);
        rtas.register(org.jpseries.papr.RtasTokens.IBM_QUERY_INTERRUPT_SOURCE_NUMBER, "ibm,query-interrupt-source-number", c -> {
            SpaprPhb b = find(bridges, c.arg(1) << 32 | c.arg(2));
            if (b == null) c.ret(0, org.jpseries.papr.Rtas.OUT_PARAM_ERROR);
            else b.msi.query(c);
        });
        rtas.register(org.jpseries.papr.RtasTokens.IBM_CHANGE_MSI, "ibm,change-msi", c -> {
            SpaprPhb b = find(bridges, c.arg(1) << 32 | c.arg(2));
            if (b == null) c.ret(0, org.jpseries.papr.Rtas.OUT_PARAM_ERROR);
            else b.msi.change(c);
        });
        new DynamicDmaWindows(bridges).register(rtas);
    }

    private static SpaprPhb find(List<SpaprPhb> bridges, long buid) {
        for (SpaprPhb b : bridges) {
            if (b.layout.buid() == buid) return b;
        }
        return null;
    }

    // ---- device tree -------------------------------------------------------------------------------

    /** OF address cells of a PCI child: phys.hi with space code ss (1 I/O, 2 32-bit, 3 64-bit memory). */
    private static int physHi(int ss, int devfn, int reg) {
        return ss << 24 | devfn << 8 | reg;
    }

    /** spapr_dt_phb: the bridge's node in QEMU's property order, then a node per function. */
    @Override
    public void buildTree(Node root) {
        Node n = root.add(layout.nodeName());
        n.setString("device_type", "pci");
        n.setString("compatible", "IBM,Logical_PHB");
        n.setCells("#interrupt-cells", 1);
        n.setEmpty("used-by-rtas");
        n.setCells("bus-range", 0, 0xff);
        ByteBuffer ranges = ByteBuffer.allocate(3 * 28);
        range(ranges, physHi(1, 0, 0), 0, layout.ioWindow(), PhbLayout.IO_WINDOW_SIZE);
        range(ranges, physHi(2, 0, 0), PhbLayout.MEM32_BUS_OFFSET, layout.mem32Window(), PhbLayout.MEM32_WINDOW_SIZE);
        range(ranges, physHi(3, 0, 0), layout.mem64Window(), layout.mem64Window(), PhbLayout.MEM64_WINDOW_SIZE);
        n.set("ranges", ranges.array());
        n.setU64("reg", layout.buid(), 0);
        n.setCells("ibm,pci-config-space-type", 1);
        n.setCells("ibm,pe-total-#msi", PhbMsi.NR_MSIS);
        // the dynamic DMA window calls (ddw=on): query, create, remove; then the extensions: their
        // count, ibm,reset-pe-dma-window, and 1 for ibm,query-pe-dma-window's 6 outputs (PAPR 2.8)
        n.setCells("ibm,ddw-applicable", RtasTokens.IBM_QUERY_PE_DMA_WINDOW, RtasTokens.IBM_CREATE_PE_DMA_WINDOW,
                RtasTokens.IBM_REMOVE_PE_DMA_WINDOW);
        n.setCells("ibm,ddw-extensions", 2, RtasTokens.IBM_RESET_PE_DMA_WINDOW, 1);
        n.setCells("interrupt-map-mask", physHi(0, PciRegs.devfn(0x1f, 0), 0), 0, 0, -1);
        int[] map = new int[PciRegs.SLOTS * PciRegs.NUM_PINS * 7];
        int k = 0;
        for (int slot = 0; slot < PciRegs.SLOTS; slot++) {
            for (int pin = 1; pin <= PciRegs.NUM_PINS; pin++) {
                map[k++] = physHi(0, PciRegs.devfn(slot, 0), 0);
                map[k++] = 0;
                map[k++] = 0;
                map[k++] = pin;
                map[k++] = intcPhandle;
                map[k++] = lsi[PciBus.bridgePin(PciRegs.devfn(slot, 0), pin)].number();
                map[k++] = 1; // spapr_dt_irq: level-sensitive
            }
        }
        n.setCells("interrupt-map", map);
        // spapr_dma_dt of the default window's table as it is: the cell counts, then LIOBN, 64-bit
        // bus offset, window size (QEMU's nb_table << page_shift in 32 bits, in two cells)
        TceTable t = dma[0];
        n.setCells("ibm,#dma-address-cells", 2);
        n.setCells("ibm,#dma-size-cells", 2);
        n.setCells("ibm,dma-window", t.liobn(), (int) (t.busOffset() >>> 32), (int) t.busOffset(), 0, (int) (t.entries() << t.pageShift()));
        n.setCells("ibm,my-drc-index", layout.drcIndex());
        n.setCells("qemu,phb-enumerated", 1);
        n.setCells("#address-cells", 3);
        n.setCells("#size-cells", 2);
        for (PciDevice d : bus.devices()) functionNode(n, d);
        drcProperties(n);
    }

    private static void range(ByteBuffer b, int hi, long child, long parent, long size) {
        b.putInt(hi).putLong(child).putLong(parent).putLong(size);
    }

    /** spapr_dt_pci_device: PAPR+ 13.6.3 Table 181's properties, read from the function's configuration. */
    private void functionNode(Node bridge, PciDevice d) {
        int devfn = d.devfn();
        int classCode = d.peekConfig(PciRegs.REVISION_ID, 4) >>> 8;
        String name = PciClassNames.of(classCode) + (PciRegs.function(devfn) != 0
                ? String.format("@%x,%x", PciRegs.slot(devfn), PciRegs.function(devfn))
                : String.format("@%x", PciRegs.slot(devfn)));
        Node n = bridge.add(name);
        n.setCells("vendor-id", d.peekConfig(PciRegs.VENDOR_ID, 2));
        n.setCells("device-id", d.peekConfig(PciRegs.DEVICE_ID, 2));
        n.setCells("revision-id", d.peekConfig(PciRegs.REVISION_ID, 1));
        n.setCells("class-code", classCode);
        if (d.pin() != 0) n.setCells("interrupts", d.pin());
        int subsystem = d.peekConfig(PciRegs.SUBSYSTEM_ID, 2), subVendor = d.peekConfig(PciRegs.SUBSYSTEM_VENDOR_ID, 2);
        if (subsystem != 0) n.setCells("subsystem-id", subsystem);
        if (subVendor != 0) n.setCells("subsystem-vendor-id", subVendor);
        n.setCells("cache-line-size", d.peekConfig(PciRegs.CACHE_LINE_SIZE, 1));
        int status = d.peekConfig(PciRegs.STATUS, 2);
        n.setCells("devsel-speed", status & PciRegs.STATUS_DEVSEL_MASK);
        if ((status & PciRegs.STATUS_FAST_BACK) != 0) n.setEmpty("fast-back-to-back");
        if ((status & PciRegs.STATUS_66MHZ) != 0) n.setEmpty("66mhz-capable");
        if ((status & PciRegs.STATUS_UDF) != 0) n.setEmpty("udf-supported");
        n.setString("ibm,loc-code", String.format("qemu_%s:%04x:%02x:%02x.%x", d.typeName(), layout.index(), 0,
                PciRegs.slot(devfn), PciRegs.function(devfn)));
        n.setCells("ibm,my-drc-index", layout.drcIndex(devfn));
        if (d.msix() != null) n.setCells("ibm,req#msi-x", d.msix().vectors());
        // populate_resource_props: the config space, then every BAR with its size
        ByteBuffer reg = ByteBuffer.allocate(7 * 20);
        reg.putInt(physHi(0, devfn, 0)).putInt(0).putInt(0).putInt(0).putInt(0);
        for (int i = 0; i < PciRegs.BAR_COUNT; i++) {
            var b = d.bar(i);
            if (b == null) continue;
            reg.putInt(physHi(b.io() ? 1 : b.mem64() ? 3 : 2, devfn, b.configOffset())).putInt(0).putInt(0)
                    .putInt((int) (b.size() >>> 32)).putInt((int) b.size());
        }
        n.set("reg", java.util.Arrays.copyOf(reg.array(), reg.position()));
        n.setCells("min-grant", d.peekConfig(PciRegs.MIN_GNT, 1));
        n.setCells("max-latency", d.peekConfig(PciRegs.MAX_LAT, 1));
    }

    /**
     * spapr_dt_drc for the bridge's 256 PCI connectors (QEMU 7.2 creates one per slot/function of
     * bus 0 for hotplug): ibm,drc-indexes, -names ("C" and the id), -types ("28"), -power-domains
     * (-1), each prefixed by the count.
     */
    private void drcProperties(Node n) {
        int count = 256;
        int[] indexes = new int[count + 1], domains = new int[count + 1];
        indexes[0] = domains[0] = count;
        ByteArrayOutputStream names = new ByteArrayOutputStream(), types = new ByteArrayOutputStream();
        byte[] countBytes = ByteBuffer.allocate(4).putInt(count).array();
        names.writeBytes(countBytes);
        types.writeBytes(countBytes);
        for (int devfn = 0; devfn < count; devfn++) {
            indexes[devfn + 1] = layout.drcIndex(devfn);
            domains[devfn + 1] = -1;
            names.writeBytes(("C" + layout.drcId(devfn) + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            types.writeBytes("28\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        n.setCells("ibm,drc-indexes", indexes);
        n.set("ibm,drc-names", names.toByteArray());
        n.setCells("ibm,drc-power-domains", domains);
        n.set("ibm,drc-types", types.toByteArray());
    }

    // ---- Device -------------------------------------------------------------------------------------

    /** 2: the MSI blocks ("msi-config-addr", "msi-first", "msi-num"). */
    private static final DeviceId ID = DeviceId.of("spapr_pci", 2, ResetPhase.DEVICES);

    @Override
    public DeviceId id() {
        return ID.instance(layout.index());
    }

    /**
     * spapr_phb_reset: only the default DMA window, empty (spapr_phb_dma_reset; the tables then
     * reset as devices of their own), and every MSI block given back; the functions reset as
     * devices of their own, after the bridge.
     */
    @Override
    public void reset(ResetReason why) {
        dmaReset();
        msi.reset();
    }

    @Override
    public String info() {
        StringBuilder b = new StringBuilder();
        for (PciDevice d : bus.devices()) {
            b.append(String.format("  Bus  0, device %3d, function %d: %s%n", PciRegs.slot(d.devfn()), PciRegs.function(d.devfn()), d.typeName()));
            for (int i = 0; i < PciRegs.BAR_COUNT; i++) {
                var bar = d.bar(i);
                if (bar == null) continue;
                long a = d.barAddress(i);
                b.append(String.format("    BAR%d: %s at 0x%x [0x%x].%n", i, bar.io() ? "I/O" : bar.mem64() ? "64 bit memory" : "32 bit memory",
                        a, a == PciDevice.UNMAPPED ? bar.size() - 1 : a + bar.size() - 1));
            }
        }
        return b.toString();
    }

    /** "buid", "liobn", "mem-win-addr", "mem64-win-addr", "io-win-addr" (QEMU's VMSTATE_UINT64_EQUAL(buid) and the windows), then the MSI blocks. */
    @Override
    public void saveState(Consumer<Section> out) {
        Section s = newSection().i64("buid", layout.buid()).i32("liobn", layout.dmaLiobn()).i64("mem-win-addr", layout.mem32Window())
                .i64("mem64-win-addr", layout.mem64Window()).i64("io-win-addr", layout.ioWindow());
        msi.save(s);
        out.accept(s);
    }

    @Override
    public void loadState(Section s) throws StateException {
        check(s, "buid", s.i64("buid"), layout.buid());
        check(s, "liobn", s.i32("liobn"), layout.dmaLiobn());
        check(s, "mem-win-addr", s.i64("mem-win-addr"), layout.mem32Window());
        check(s, "mem64-win-addr", s.i64("mem64-win-addr"), layout.mem64Window());
        check(s, "io-win-addr", s.i64("io-win-addr"), layout.ioWindow());
        msi.load(s).run();
    }

    private static void check(Section s, String field, long got, long mine) throws StateException {
        if (got != mine) throw new StateException(String.format("section %s: %s is 0x%x, this bridge has 0x%x", s.label(), field, got, mine));
    }

    /** The functions' configuration is loaded: map their BARs and count their pins again. */
    @Override
    public void postLoad() {
        bus.remap();
        bus.recount();
    }
}
