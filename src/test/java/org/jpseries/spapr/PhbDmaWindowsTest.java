package org.jpseries.spapr;

import static org.jpseries.papr.RtasTokens.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.Rtas;
import org.jpseries.spapr.iommu.TceTable;
import org.jpseries.spapr.pci.SpaprPhb;
import org.jpseries.state.Section;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default bridge's dynamic DMA windows through RTAS argument blocks in guest RAM, as Linux's
 * enable_ddw calls them (QEMU 7.2 spapr_rtas_ddw.c, TCG's pgsz): query, create the 64-bit window,
 * map through it, remove, reset; the guest's bad arguments as RTAS statuses; the machine's reset
 * and the tables' state.
 */
class PhbDmaWindowsTest extends PlatformFixture {
    static final long BUID = PciHostBridgeTest.BUID, HI = BUID >>> 32, LO = BUID & 0xffffffffL, CFG = 0x1800;
    static final int DEFAULT = 0x8000_0000, SECOND = 0x8000_0001;
    static final long DMA64 = 1L << 59;
    SpaprPlatform p;
    GuestRam ram;
    SpaprPhb phb;

    org.jpseries.pci.TestFunction f;

    @BeforeEach
    void setUp() throws Exception {
        p = platform(CpuModel.POWER9, 0, 0);
        ram = ramOf(p);
        f = new org.jpseries.pci.TestFunction();
        p.plugPci(f, 3 << 3);
        p.reset();
        phb = p.pciHost();
    }

    int[] rtas(int token, int nret, long... args) {
        return PciHostBridgeTest.rtas(p, ram, token, nret, args);
    }

    int[] query(int nret) {
        return rtas(IBM_QUERY_PE_DMA_WINDOW, nret, CFG, HI, LO);
    }

    int[] create(long pageShift, long windowShift) {
        return rtas(IBM_CREATE_PE_DMA_WINDOW, 4, CFG, HI, LO, pageShift, windowShift);
    }

    int remove(long liobn) {
        return rtas(IBM_REMOVE_PE_DMA_WINDOW, 1, liobn)[0];
    }

    long hcall(long... gprs) {
        Regs r = new Regs(0, gprs);
        p.hcalls().dispatch(r);
        return r.gpr(3);
    }

    TceTable table(int i) {
        return phb.dmaWindows().get(i);
    }

    @Test
    void linuxsSequenceGivesTheDirectWindowAt2To59() {
        // ibm,ddw-extensions says 6 outputs: one free window, largest block 1 << 37, 4K|64K|16M|2M, no migration
        assertArrayEquals(new int[] {0, 1, 0x20, 0, 0x107, 0}, query(6));
        assertArrayEquals(new int[] {0, 1, 0x8000_0000, 0x107, 0}, query(5));
        // Linux takes the largest page (16 MiB) and a window of 2^30 for 1 GiB of RAM
        assertArrayEquals(new int[] {0, SECOND, 0x0800_0000, 0}, create(24, 30));
        assertArrayEquals(new int[] {0, 0, 0x20, 0, 0x107, 0}, query(6));
        assertEquals(64, table(1).entries());
        // tce_setrange_multi_pSeriesLP maps RAM one to one through H_PUT_TCE_INDIRECT
        long list = 0x20_0000;
        for (int i = 0; i < 16; i++) ram.writeBE64(list + 8L * i, (long) i << 24 | TceTable.TCE_RW);
        assertEquals(Hcall.H_SUCCESS, hcall(Hcall.H_PUT_TCE_INDIRECT, SECOND & 0xffffffffL, DMA64, list, 16));
        assertEquals(0x0123_4567L, table(1).translate(DMA64 + 0x0123_4567L, true));
        assertTrue(table(0).enabled(), "the default window stays");
        // a third window: no table is free
        assertEquals(Rtas.OUT_HW_ERROR, create(16, 30)[0]);
    }

    @Test
    void removingTheLastNonDefaultWindowBringsTheDefaultBack() {
        assertEquals(0, create(16, 30)[0]);
        assertEquals(0, remove(DEFAULT));
        assertArrayEquals(new int[] {0, 1, 0x20, 0, 0x107, 0}, query(6));
        assertEquals(0, remove(SECOND), "the last window, not the default one: PAPR restores the default");
        assertTrue(table(0).enabled());
        assertEquals(1L << 30, table(0).windowSize());
        assertFalse(table(1).enabled());
        // with no window left, a new one goes where the default was, on the first free table
        assertEquals(0, remove(DEFAULT));
        assertArrayEquals(new int[] {0, 2, 0x20, 0, 0x107, 0}, query(6));
        assertArrayEquals(new int[] {0, DEFAULT, 0, 0}, create(16, 32));
        assertEquals(0, remove(DEFAULT), "QEMU's def_win stays on that table: no restore");
        assertFalse(table(0).enabled());
        assertEquals(0, rtas(IBM_RESET_PE_DMA_WINDOW, 1, CFG, HI, LO)[0]);
        assertTrue(table(0).enabled());
        assertFalse(table(1).enabled());
    }

    @Test
    void badArgumentsAreRtasStatusesAndChangeNothing() {
        int param = Rtas.OUT_PARAM_ERROR, hw = Rtas.OUT_HW_ERROR;
        assertEquals(param, rtas(IBM_QUERY_PE_DMA_WINDOW, 6, CFG, HI, LO + 1)[0], "unknown BUID");
        assertEquals(param, rtas(IBM_QUERY_PE_DMA_WINDOW, 4, CFG, HI, LO)[0], "nret 4");
        assertEquals(param, rtas(IBM_CREATE_PE_DMA_WINDOW, 4, CFG, HI + 1, LO, 16, 30)[0], "unknown BUID");
        assertEquals(param, create(13, 30)[0], "8 KiB pages do not exist");
        assertEquals(param, create(34, 40)[0], "16 GiB pages are not in TCG's pgsz");
        assertEquals(param, create(64, 70)[0]);
        assertEquals(param, create(0xffff_ffffL, 0xffff_ffffL)[0]);
        assertEquals(param, create(16, 15)[0], "a window smaller than its page");
        assertEquals(hw, create(12, 44)[0], "2^32 pages: QEMU's 32-bit nb_table holds none");
        assertEquals(hw, create(21, 59)[0], "a window of 2^59 bytes in 2 MiB pages: 2^38 pages");
        assertEquals(hw, create(24, 0xffff_ffffL)[0]);
        assertFalse(table(1).enabled(), "nothing was created");
        assertEquals(param, remove(0x8000_0002), "unknown LIOBN");
        assertEquals(param, remove(SECOND), "a disabled table");
        assertEquals(param, rtas(IBM_REMOVE_PE_DMA_WINDOW, 1, DEFAULT, 0)[0], "nargs 2");
        assertEquals(param, rtas(IBM_RESET_PE_DMA_WINDOW, 1, CFG, HI, LO + 2)[0]);
        // the largest window QEMU can hold: 2^31 pages of 16 MiB, costing only its directory
        assertArrayEquals(new int[] {0, SECOND, 0x0800_0000, 0}, create(24, 55));
        assertEquals(1L << 31, table(1).entries());
        assertEquals(Hcall.H_SUCCESS, hcall(Hcall.H_PUT_TCE, SECOND & 0xffffffffL, DMA64 + (1L << 55) - (1 << 24), 3));
    }

    @Test
    void aBusMasterReachesMemoryThroughEitherWindow() {
        assertEquals(0, create(16, 30)[0]);
        assertEquals(Hcall.H_SUCCESS, hcall(Hcall.H_PUT_TCE, DEFAULT & 0xffffffffL, 0x5000, 0x30_0000 | TceTable.TCE_RW));
        assertEquals(Hcall.H_SUCCESS, hcall(Hcall.H_PUT_TCE, SECOND & 0xffffffffL, DMA64 + 0x10000, 0x40_0000 | TceTable.TCE_READ));
        byte[] data = {1, 2, 3, 4};
        assertFalse(f.dmaWrite(0x5010, data, 0, 4), "not a bus master yet (COMMAND.MASTER clear)");
        f.writeConfig(org.jpseries.pci.PciRegs.COMMAND, 2, org.jpseries.pci.PciRegs.COMMAND_MASTER);
        assertTrue(f.dmaWrite(0x5010, data, 0, 4));
        assertEquals(0x01020304, ram.readBE32(0x30_0010));
        byte[] back = new byte[4];
        ram.writeBE32(0x40_0020, 0xcafef00d);
        assertTrue(f.dmaRead(DMA64 + 0x10020, back, 0, 4));
        assertArrayEquals(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xf0, 0x0d}, back);
        assertFalse(f.dmaWrite(DMA64 + 0x10020, data, 0, 4), "a read-only TCE");
        assertFalse(f.dmaWrite(0x6000, data, 0, 4), "no TCE there");
        assertFalse(f.dmaWrite(1L << 40, data, 0, 4), "outside every window");
    }

    @Test
    void machineResetLeavesOnlyTheEmptyDefaultWindow() {
        assertEquals(0, create(16, 30)[0]);
        assertEquals(Hcall.H_SUCCESS, hcall(Hcall.H_PUT_TCE, DEFAULT & 0xffffffffL, 0x5000, 0x10_0003));
        p.reset();
        assertFalse(table(1).enabled());
        assertEquals(0, table(0).translate(0x5000, false) + 1, "the default window's entries are invalid");
        assertArrayEquals(new int[] {0, 1, 0x20, 0, 0x107, 0}, query(6));
    }

    @Test
    void windowsTravelWithTheMachinesState() throws Exception {
        assertEquals(0, create(16, 30)[0]);
        assertEquals(0, remove(DEFAULT));
        assertEquals(Hcall.H_SUCCESS, hcall(Hcall.H_PUT_TCE, SECOND & 0xffffffffL, DMA64 + 0x30000, 0x40_0003));
        p.quiesce(); // as Linux does before it runs: only then is the machine's state complete
        List<Section> saved = p.devices().snapshot();
        SpaprPlatform q = platform(CpuModel.POWER9, 0, 0);
        q.plugPci(new org.jpseries.pci.TestFunction(), 3 << 3);
        q.reset();
        Iterator<Section> it = saved.iterator();
        q.devices().load(() -> it.hasNext() ? it.next() : null);
        List<TceTable> t = q.pciHost().dmaWindows();
        assertFalse(t.get(0).enabled(), "a disabled table loads as such");
        assertEquals(DMA64, t.get(1).busOffset());
        assertEquals(0x40_0123, t.get(1).translate(DMA64 + 0x30123, true));
        List<String> diffs = new ArrayList<>();
        List<Section> again = q.devices().snapshot();
        for (int i = 0; i < saved.size(); i++) diffs.addAll(saved.get(i).diff(again.get(i)));
        assertEquals(List.of(), diffs);
    }
}
