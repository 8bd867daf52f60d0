package org.jpseries.spapr;

import static org.jpseries.papr.RtasTokens.*;
import static org.jpseries.pci.PciRegs.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.MmioRegion;
import org.jpseries.papr.Rtas;
import org.jpseries.pci.MsixFunction;
import org.jpseries.pci.TestFunction;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.spapr.pci.PhbLayout;
import org.jpseries.state.Section;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MSI-X through the default bridge as Linux 6.1's pseries msi.c drives it (QEMU 7.2
 * rtas_ibm_change_msi, rtas_ibm_query_interrupt_source_number, spapr_msi_write): the tree's
 * ibm,req#msi-x, ibm,change-msi for a function's vectors, their interrupt numbers, the enable bit,
 * a vector's notify raising its number through the MSI window, masking and pending bits, the
 * machine's reset, and the state.
 */
class PhbMsiTest extends PlatformFixture {
    static final long BUID = PciHostBridgeTest.BUID, HI = BUID >>> 32, LO = BUID & 0xffffffffL;
    static final int CHANGE_FN = 1, CHANGE_MSI_FN = 3, CHANGE_MSIX_FN = 4, TYPE_MSIX = 2;
    static final int SLOT = 3, DEVFN = SLOT << 3, CFG = DEVFN << 8;
    static final long BAR1 = 0x8000_4000L;
    SpaprPlatform p;
    GuestRam ram;
    MsixFunction f;
    TestFunction plain;

    @BeforeEach
    void setUp() throws Exception {
        p = platform(CpuModel.POWER9, 0, 0);
        ram = ramOf(p);
        f = new MsixFunction(3);
        p.plugPci(f, DEVFN);
        plain = new TestFunction();
        p.plugPci(plain, devfn(5, 0));
        p.reset();
    }

    int[] rtas(int token, int nret, long... args) {
        return PciHostBridgeTest.rtas(p, ram, token, nret, args);
    }

    int[] change(long cfg, int func, int n) {
        return rtas(IBM_CHANGE_MSI, 4, cfg, HI, LO, func, n, 1);
    }

    int[] query(long cfg, int vector) {
        return rtas(IBM_QUERY_INTERRUPT_SOURCE_NUMBER, 3, cfg, HI, LO, vector);
    }

    void config(int reg, int size, int value) {
        assertEquals(0, rtas(IBM_WRITE_PCI_CONFIG, 1, CFG | reg, HI, LO, size, value)[0]);
    }

    /** The MSI-X BAR mapped at bus address {@link #BAR1}, bus mastering and MSI-X enabled, as Linux's driver leaves them. */
    void enable() {
        config(BASE_ADDRESS_0 + 4, 4, (int) BAR1);
        config(COMMAND, 2, COMMAND_MEMORY | COMMAND_MASTER);
        config(f.msix.capability() + MSIX_FLAGS, 2, MSIX_FLAGS_ENABLE);
    }

    /** A CPU store to the MSI-X BAR through the bridge's 32-bit window (big-endian on the CPU side). */
    void barStore(long offset, int beValue) {
        long ra = p.pciHost().layout().mem32Window() + (BAR1 - PhbLayout.MEM32_BUS_OFFSET) + offset;
        MmioRegion r = ram.mmio().route(ra);
        r.device.write(ra - r.base, 4, beValue, 0);
    }

    long barLoad(long offset) {
        long ra = p.pciHost().layout().mem32Window() + (BAR1 - PhbLayout.MEM32_BUS_OFFSET) + offset;
        MmioRegion r = ram.mmio().route(ra);
        return r.device.read(ra - r.base, 4, 0);
    }

    /** ibm,set-xive: route the source to server 0 at priority 5, and open CPU 0's CPPR, so an event shows as "irq 0+". */
    void route(int irq) {
        assertEquals(0, rtas(IBM_SET_XIVE, 1, irq, 0, 5)[0]);
        Regs r = new Regs(0, org.jpseries.papr.Hcall.H_CPPR, 0xff);
        p.hcalls().dispatch(r);
        assertEquals(0, r.gpr(3));
    }

    /** CPU 0 takes the interrupt presented and ends it (H_XIRR, H_EOI); returns its number. */
    int ack() {
        Regs r = new Regs(0, org.jpseries.papr.Hcall.H_XIRR);
        p.hcalls().dispatch(r);
        long xirr = r.gpr(4);
        p.hcalls().dispatch(new Regs(0, org.jpseries.papr.Hcall.H_EOI, xirr));
        events.clear();
        return (int) (xirr & 0xffffff);
    }

    /** Linux 6.1's rtas_setup_msi_irqs for 3 vectors: 4 (rounded up) refused as too many, then 3; then one query per vector. */
    int[] linuxSetup() {
        assertArrayEquals(new int[] {0, 3, 2, TYPE_MSIX}, change(CFG, CHANGE_MSIX_FN, 4), "too many: the count it can have");
        assertTrue(p.pciHost().msiBlocks().isEmpty(), "nothing allocated for a request QEMU corrects");
        assertArrayEquals(new int[] {0, 3, 2, TYPE_MSIX}, change(CFG, CHANGE_MSIX_FN, 3));
        int[] irqs = new int[3];
        for (int v = 0; v < 3; v++) {
            int[] r = query(CFG, v);
            assertEquals(0, r[0]);
            assertEquals(1, r[2], "edge");
            irqs[v] = r[1];
        }
        return irqs;
    }

    @Test
    void theTreeOffersMsiX() {
        Node n = p.tree().find("/pci@800000020000000/scsi@3");
        assertNotNull(n);
        assertEquals(3, n.getCell("ibm,req#msi-x", 0));
        assertNull(p.tree().find("/pci@800000020000000/legacy-device@5").get("ibm,req#msi-x"));
        Node rtasNode = p.tree().find("/rtas");
        assertNotNull(rtasNode.get("ibm,change-msix-capable"));
        assertEquals(IBM_CHANGE_MSI, rtasNode.getCell("ibm,change-msi", 0));
        assertEquals(IBM_QUERY_INTERRUPT_SOURCE_NUMBER, rtasNode.getCell("ibm,query-interrupt-source-number", 0));
    }

    @Test
    void linuxsSequenceEndsInAVectorRaisingItsNumber() {
        // rtas_msi_pci_irq_fixup at boot: no MSI capability, and nothing to release yet
        assertEquals(Rtas.OUT_PARAM_ERROR, change(CFG, CHANGE_MSI_FN, 0)[0]);
        assertEquals(Rtas.OUT_HW_ERROR, change(CFG, CHANGE_FN, 0)[0]);
        assertArrayEquals(new int[] {0x1300, 0x1301, 0x1302}, linuxSetup());
        assertTrue(p.irqSources().claimed(0x1301) && !p.irqSources().isLsi(0x1301));
        assertArrayEquals(new long[] {PhbLayout.MSI_WINDOW, 0x1301}, f.msix.message(1), "the message ibm,change-msi wrote");
        assertEquals(Rtas.OUT_HW_ERROR, query(CFG, 3)[0], "vector 3 was not given");
        enable();
        route(0x1301);
        events.clear();
        f.msix.notify(1);
        assertEquals(List.of("irq 0+"), events);
        assertFalse(f.msix.pending(1));
        assertEquals(0x1301, ack(), "the vector's interrupt number reaches CPU 0");
    }

    @Test
    void maskedVectorsArePendingUntilUnmasked() {
        linuxSetup();
        enable();
        route(0x1302);
        events.clear();
        barStore(2 * MSIX_ENTRY_SIZE + MSIX_ENTRY_VECTOR_CTRL, 0x0100_0000); // the CPU's big-endian store of LE 1: mask vector 2
        f.msix.notify(2);
        assertEquals(List.of(), events);
        assertTrue(f.msix.pending(2));
        assertEquals(0x0400_0000, barLoad(0x800), "the PBA through the BAR: bit 2");
        barStore(2 * MSIX_ENTRY_SIZE + MSIX_ENTRY_VECTOR_CTRL, 0);
        assertEquals(List.of("irq 0+"), events, "unmasking sends what was pending");
        assertFalse(f.msix.pending(2));
        assertEquals(0x1302, ack());
        // the function mask holds every vector
        config(f.msix.capability() + MSIX_FLAGS, 2, MSIX_FLAGS_ENABLE | MSIX_FLAGS_MASKALL);
        f.msix.notify(2);
        assertEquals(List.of(), events);
        config(f.msix.capability() + MSIX_FLAGS, 2, MSIX_FLAGS_ENABLE);
        assertEquals(List.of("irq 0+"), events);
        assertEquals(0x1302, ack());
        // without bus mastering the message goes nowhere (QEMU's disabled bus master address space)
        config(COMMAND, 2, COMMAND_MEMORY);
        f.msix.notify(2);
        assertEquals(List.of(), events);
    }

    @Test
    void enablingMsiXDeassertsIntx() {
        f.irq(true);
        int lsi = PhbLayout.IRQ_PCI_LSI + SLOT % 4;
        assertTrue(p.irqSources().asserted(lsi));
        enable();
        assertFalse(p.irqSources().asserted(lsi));
    }

    @Test
    void blocksAreAlignedReleasedAndRenewed() throws Exception {
        MsixFunction g = new MsixFunction(2);
        SpaprPlatform q = platform(CpuModel.POWER9, 0, 0);
        GuestRam qram = ramOf(q);
        q.plugPci(new MsixFunction(3), DEVFN);
        q.plugPci(g, devfn(4, 0));
        q.reset();
        assertArrayEquals(new int[] {0, 3, 2, TYPE_MSIX}, PciHostBridgeTest.rtas(q, qram, IBM_CHANGE_MSI, 4, CFG, HI, LO, CHANGE_MSIX_FN, 3, 1));
        int[] r = PciHostBridgeTest.rtas(q, qram, IBM_CHANGE_MSI, 4, devfn(4, 0) << 8, HI, LO, CHANGE_MSIX_FN, 2, 1);
        assertArrayEquals(new int[] {0, 2, 2, TYPE_MSIX}, r);
        assertArrayEquals(new int[] {0, 0x1304, 1}, PciHostBridgeTest.rtas(q, qram, IBM_QUERY_INTERRUPT_SOURCE_NUMBER, 3, devfn(4, 0) << 8, HI, LO, 0),
                "QEMU 7.2 starts an MSI-X block at an even offset from 0x1300");
        // this bridge's function: release, then ask again
        linuxSetup();
        assertArrayEquals(new int[] {0, 0}, rtas(IBM_CHANGE_MSI, 2, CFG, HI, LO, CHANGE_MSIX_FN, 0, 1));
        assertFalse(p.irqSources().claimed(0x1300));
        assertEquals(Rtas.OUT_HW_ERROR, query(CFG, 0)[0]);
        assertArrayEquals(new int[] {0, 2, 2, TYPE_MSIX}, change(CFG, CHANGE_MSIX_FN, 2));
        assertArrayEquals(new int[] {0, 1, 2, TYPE_MSIX}, change(CFG, CHANGE_FN, 1), "a new count replaces the block");
        assertEquals(1, p.pciHost().msiBlocks().size());
        assertFalse(p.irqSources().claimed(0x1300) && p.irqSources().claimed(0x1301), "the old block was given back");
    }

    @Test
    void badRequestsAreRtasStatuses() {
        int param = Rtas.OUT_PARAM_ERROR;
        assertEquals(param, rtas(IBM_CHANGE_MSI, 4, CFG, HI, LO + 1, CHANGE_MSIX_FN, 1, 1)[0], "unknown BUID");
        assertEquals(param, change(devfn(7, 0) << 8, CHANGE_MSIX_FN, 1)[0], "no function");
        assertEquals(param, change(CFG | 1 << 16, CHANGE_MSIX_FN, 1)[0], "bus 1");
        assertEquals(param, change(devfn(5, 0) << 8, CHANGE_MSIX_FN, 1)[0], "no MSI-X capability");
        assertEquals(param, change(devfn(5, 0) << 8, CHANGE_FN, 1)[0]);
        for (int fn : new int[] {0, 2, 5, -1}) assertEquals(param, change(CFG, fn, 1)[0], "function " + fn);
        assertEquals(param, query(devfn(7, 0) << 8, 0)[0]);
        assertEquals(param, rtas(IBM_QUERY_INTERRUPT_SOURCE_NUMBER, 3, CFG, HI + 1, LO, 0)[0]);
        assertEquals(Rtas.OUT_HW_ERROR, query(CFG, 0)[0], "no block yet");
        linuxSetup();
        assertEquals(Rtas.OUT_HW_ERROR, query(CFG, -1)[0]);
        assertEquals(Rtas.OUT_HW_ERROR, query(CFG | 0x40, 0)[0], "QEMU keys the blocks by the whole config address");
        // a function writing an LSI's number to the MSI window changes nothing
        enable();
        f.irq(false);
        byte[] lsiNumber = {0x00, 0x12, 0, 0};
        assertTrue(f.dmaWrite(PhbLayout.MSI_WINDOW, lsiNumber, 0, 4));
        assertFalse(p.irqSources().asserted(0x1200));
        assertFalse(f.dmaWrite(PhbLayout.MSI_WINDOW + PhbLayout.MSI_WINDOW_SIZE, lsiNumber, 0, 4), "past the window: nothing there");
    }

    @Test
    void resetGivesTheNumbersBackAndMasksTheVectors() {
        linuxSetup();
        enable();
        p.reset();
        assertTrue(p.pciHost().msiBlocks().isEmpty());
        for (int irq = 0x1300; irq < 0x1303; irq++) assertFalse(p.irqSources().claimed(irq));
        assertFalse(f.msix.enabled());
        assertTrue(f.msix.masked(0));
        assertArrayEquals(new long[] {0, 0}, f.msix.message(0));
        assertArrayEquals(new int[] {0, 3, 2, TYPE_MSIX}, change(CFG, CHANGE_MSIX_FN, 3), "the same numbers again");
        assertEquals(0, query(CFG, 0)[0]);
        assertEquals(0x1300, query(CFG, 0)[1]);
    }

    @Test
    void blocksAndTheTableTravelWithTheState() throws Exception {
        linuxSetup();
        enable();
        route(0x1300);
        barStore(MSIX_ENTRY_VECTOR_CTRL, 0x0100_0000);
        f.msix.notify(0); // pending in the stream
        p.quiesce();
        List<Section> saved = p.devices().snapshot();
        SpaprPlatform q = platform(CpuModel.POWER9, 0, 0);
        MsixFunction g = new MsixFunction(3);
        q.plugPci(g, DEVFN);
        q.plugPci(new TestFunction(), devfn(5, 0));
        q.reset();
        Iterator<Section> it = saved.iterator();
        q.devices().load(() -> it.hasNext() ? it.next() : null);
        assertEquals(1, q.pciHost().msiBlocks().size());
        assertTrue(q.irqSources().claimed(0x1302));
        assertTrue(g.msix.enabled());
        assertTrue(g.msix.pending(0));
        assertArrayEquals(new long[] {PhbLayout.MSI_WINDOW, 0x1301}, g.msix.message(1));
        List<String> diffs = new ArrayList<>();
        List<Section> again = q.devices().snapshot();
        for (int i = 0; i < saved.size(); i++) diffs.addAll(saved.get(i).diff(again.get(i)));
        assertEquals(List.of(), diffs);
        // a stream whose MSI block is not claimed in its irq-sources is refused, naming the section
        q.reset();
        List<Section> mixed = new ArrayList<>();
        List<Section> fresh = new ArrayList<>();
        q.irqSources().saveState(fresh::add);
        for (Section s : saved) mixed.add(s.name().equals("irq-sources") ? fresh.get(0) : s);
        Iterator<Section> it2 = mixed.iterator();
        org.jpseries.state.StateException e = assertThrows(org.jpseries.state.StateException.class,
                () -> q.devices().load(() -> it2.hasNext() ? it2.next() : null));
        assertEquals("section spapr_pci: MSI block 0x1300+3 of config address 0x1800 repeats one or is not claimed as an MSI block in irq-sources",
                e.getMessage());
    }
}
