package org.jpseries.spapr.iommu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.device.ResetReason;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.Hcalls;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.Regs;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

/**
 * TCE tables and their hcalls as QEMU 7.2's spapr_iommu.c does them (the window of a PHB: LIOBN
 * 0x80000000, 1 GiB from IOBA 0 in 4 KiB pages, as QEMU's default PHB's ibm,dma-window), the
 * permissions of a TCE, DMA across TCE pages, and the "spapr_iommu" section.
 */
class TceTableTest {
    static final int LIOBN = 0x8000_0000;
    /** The LIOBN as the guest passes it in r4 (zero-extended). */
    static final long R4 = 0x8000_0000L;
    final GuestRam ram = new GuestRam(64L << 20);
    final TceTable t = new TceTable(LIOBN, 0, 12, 1L << 30, ram);
    final TceHcalls hcalls = new TceHcalls(ram);
    final Hcalls table = new Hcalls(new GuestLog(false, System.err));

    TceTableTest() {
        hcalls.add(t);
        hcalls.register(table);
    }

    long call(int opcode, long... args) {
        long[] r = new long[args.length + 1];
        r[0] = opcode;
        System.arraycopy(args, 0, r, 1, args.length);
        Regs regs = new Regs(0, r);
        table.dispatch(regs);
        last = regs;
        return regs.gpr(3);
    }

    Regs last;

    @Test
    void putThenGetWithinTheWindowAndParameterErrorsOutside() {
        assertEquals(Hcall.H_SUCCESS, call(Hcall.H_PUT_TCE, R4, 0x5123, 0x20_0003)); // the IOBA is rounded down to its page
        assertEquals(Hcall.H_SUCCESS, call(Hcall.H_GET_TCE, R4, 0x5FFF));
        assertEquals(0x20_0003, last.gpr(4));
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_PUT_TCE, R4, 1L << 30, 3)); // just past the window
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_GET_TCE, R4, -4096));
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_PUT_TCE, R4 + 1, 0, 3)); // no such LIOBN
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_PUT_TCE, 0x1_8000_0000L, 0, 3)); // LIOBNs are 32 bits
    }

    @Test
    void aWindowAtABusOffsetStartsThere() {
        TceTable high = new TceTable(0x8000_0001, 0x8_0000_0000L, 16, 1L << 24, ram);
        assertEquals(Hcall.H_PARAMETER, high.put(0x7_FFFF_0000L, 3));
        assertEquals(Hcall.H_SUCCESS, high.put(0x8_0000_0000L + 0xFF_0000, 0x30_0000 | 3));
        assertEquals(0x30_1234, high.translate(0x8_00FF_1234L, true));
        assertEquals(Hcall.H_PARAMETER, high.put(0x8_0100_0000L, 3));
    }

    @Test
    void aTceAllowsWhatItsBitsSay() {
        t.put(0x1000, 0x10_0000 | TceTable.TCE_READ);
        t.put(0x2000, 0x20_0000 | TceTable.TCE_WRITE);
        t.put(0x3000, 0x30_0000);
        assertEquals(0x10_0123, t.translate(0x1123, false));
        assertEquals(-1, t.translate(0x1123, true));
        assertEquals(0x20_0FFF, t.translate(0x2FFF, true));
        assertEquals(-1, t.translate(0x2FFF, false));
        assertEquals(-1, t.translate(0x3000, false));
        assertEquals(-1, t.translate(1L << 30, false));
    }

    @Test
    void dmaCrossesTcePagesAndStopsAtAFault() {
        t.put(0x0000, 0x40_0000 | TceTable.TCE_RW);
        t.put(0x1000, 0x90_0000 | TceTable.TCE_RW); // not contiguous in memory
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        ram.dirtyLog().start();
        assertTrue(t.dmaWrite(0xF80, data, 0, data.length));
        assertEquals(0x7F, ram.readU8(0x40_0FFF));
        assertEquals(0x80, ram.readU8(0x90_0000));
        long[] dirty = ram.dirtyLog().take();
        assertEquals(2, org.jpseries.memory.DirtyLog.count(dirty), "DMA marks both pages for migration");
        byte[] back = new byte[256];
        assertTrue(t.dmaRead(0xF80, back, 0, back.length));
        assertArrayEquals(data, back);
        assertFalse(t.dmaRead(0x1F80, back, 0, 256), "the page after 0x1000 has no TCE");
    }

    @Test
    void indirectAndStuff() {
        long list = 0x1_0000;
        for (int i = 0; i < 3; i++) ram.writeBE64(list + 8L * i, 0x50_0000 + 0x1000L * i | 3);
        assertEquals(Hcall.H_SUCCESS, call(Hcall.H_PUT_TCE_INDIRECT, R4, 0x8000, list, 3));
        assertEquals(0x50_2003, get(0xA000));
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_PUT_TCE_INDIRECT, R4, 0, list + 8, 1)); // the list is page aligned
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_PUT_TCE_INDIRECT, R4, 0, list, 513)); // one page of TCEs at most
        // the entries before the one outside the window are set (QEMU stops at the first failure)
        ram.writeBE64(list, 0x60_0003);
        ram.writeBE64(list + 8, 0x61_0003);
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_PUT_TCE_INDIRECT, R4, (1L << 30) - 0x1000, list, 2));
        assertEquals(0x60_0003, get((1L << 30) - 0x1000));
        assertEquals(Hcall.H_SUCCESS, call(Hcall.H_STUFF_TCE, R4, 0x8000, 0, 3));
        assertEquals(0, get(0x9000));
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_STUFF_TCE, R4, 0, 0, (1L << 18) + 1));
        assertEquals(Hcall.H_SUCCESS, call(Hcall.H_STUFF_TCE, R4, 0, 0, 1L << 18)); // the whole window, as Linux clears it
    }

    long get(long ioba) {
        long[] out = new long[1];
        assertEquals(Hcall.H_SUCCESS, t.get(ioba, out));
        return out[0];
    }

    @Test
    void theHypertasGroupsAreAdvertisedOnceRegistered() {
        List<String> h = table.hypertasFunctions();
        assertTrue(h.contains("hcall-tce") && h.contains("hcall-multi-tce"), h.toString());
    }

    @Test
    void stateRoundTripsAndAnotherWindowIsRefused() throws StateException {
        t.put(0x3000, 0x12_3003);
        t.put(0x3FFF_F000, 0x45_6001);
        List<Section> saved = new ArrayList<>();
        t.saveState(saved::add);
        assertEquals(1, saved.size());
        assertEquals(LIOBN, saved.get(0).instance());
        assertArrayEquals(new long[] {3, (1 << 18) - 1}, saved.get(0).longs("index")); // only the entries in use
        t.reset(ResetReason.COLD);
        assertEquals(0, get(0x3000));
        t.loadState(saved.get(0));
        assertEquals(0x12_3003, get(0x3000));
        assertEquals(0x45_6001, get(0x3FFF_F000));
        // the stream's window is what the table becomes (QEMU's spapr_tce_table_post_load enables it)
        TceTable other = new TceTable(LIOBN, 0x8_0000_0000L, 16, 1L << 29, ram);
        other.loadState(saved.get(0));
        assertEquals(1L << 30, other.windowSize());
        assertEquals(0x12_3003, other.translate(0x3000, false) & ~0xFFFL | 3);
        StateException e = assertThrows(StateException.class, () -> new TceTable(LIOBN + 1, ram).loadState(saved.get(0)));
        assertEquals("section spapr_iommu[2147483648]: field liobn = 0x80000000, this machine's is 0x80000001", e.getMessage().replace("-2147483648", "2147483648"));
    }

    @Test
    void aDisabledTableHasNoEntriesAndSavesAsSuch() throws StateException {
        t.put(0x3000, 0x12_3003);
        t.disable();
        assertFalse(t.enabled());
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_PUT_TCE, R4, 0x3000, 3), "the hcalls find only enabled tables");
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_GET_TCE, R4, 0x3000));
        assertEquals(Hcall.H_PARAMETER, call(Hcall.H_STUFF_TCE, R4, 0, 0, 1));
        assertEquals(-1, t.translate(0x3000, false));
        List<Section> saved = new ArrayList<>();
        t.saveState(saved::add);
        assertEquals(0, saved.get(0).i64("entries"));
        assertEquals(0, saved.get(0).longs("index").length);
        TceTable enabled = new TceTable(LIOBN, 0, 12, 1L << 30, ram);
        enabled.loadState(saved.get(0));
        assertFalse(enabled.enabled(), "a disabled table in the stream disables this one");
        assertTrue(t.enable(16, 1L << 59, 1 << 14));
        assertFalse(t.enable(12, 0, 1), "QEMU: trying to enable already enabled TCE table");
        assertEquals(0, get((1L << 59) + 0x10000), "a new window has no entries");
        assertEquals(Hcall.H_SUCCESS, call(Hcall.H_PUT_TCE, R4, (1L << 59) + 0x1_2345, 0x70_0000 | 3));
        assertEquals(0x70_2345, t.translate((1L << 59) + 0x1_2345, true), "64 KiB pages");
        saved.clear();
        t.saveState(saved::add);
        t.disable();
        t.loadState(saved.get(0));
        assertEquals(1L << 59, t.busOffset());
        assertEquals(0x70_0003, get((1L << 59) + 0x10000));
    }

    @Test
    void aHugeWindowCostsOnlyWhatIsUsedAndTheGuestCannotFillTheHeap() {
        TceTable huge = new TceTable(0x8000_0001, ram);
        assertTrue(huge.enable(12, 1L << 59, TceTable.MAX_ENTRIES), "2^32 - 1 pages of 4 KiB (16 TiB), as QEMU's 32-bit nb_table allows");
        long last = (1L << 59) + (TceTable.MAX_ENTRIES - 1 << 12);
        assertEquals(Hcall.H_SUCCESS, huge.put(last, 0x10_0003));
        assertEquals(0x10_0FFF, huge.translate(last + 0xFFF, false));
        assertEquals(Hcall.H_PARAMETER, huge.put(last + 0x1000, 3), "past the last page");
        // a table holds at most twice what maps all of RAM (here the default window's 1 GiB): then H_NOT_ENOUGH_RESOURCES
        long rc = Hcall.H_SUCCESS;
        long i = 0;
        for (; rc == Hcall.H_SUCCESS && i < 1L << 22; i += TceTable.CHUNK) rc = huge.put((1L << 59) + (i << 12), 0x10_0003);
        assertEquals(Hcall.H_NOT_ENOUGH_RESOURCES, rc);
        assertEquals(2 * (1L << 18) / TceTable.CHUNK, i / TceTable.CHUNK, "chunks populated (the last page's too) before the refusal");
        assertEquals(Hcall.H_SUCCESS, huge.put((1L << 59) + (i << 12) + (1L << 40), 0), "an invalid TCE needs no room");
        assertFalse(TceTable.validWindow(12, 1L << 59, 1L << 32), "2^32 pages");
        assertFalse(TceTable.validWindow(24, -1L << 40, 1L << 20), "past the end of the bus");
        assertFalse(TceTable.validWindow(11, 0, 1));
        assertFalse(TceTable.validWindow(16, 0x1000, 1), "not page aligned");
    }
}
