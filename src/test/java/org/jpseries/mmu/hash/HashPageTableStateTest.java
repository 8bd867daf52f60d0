package org.jpseries.mmu.hash;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.jpseries.mmu.hash.HashPageTable.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.supervisor.SystemCode;
import org.jpseries.memory.GuestRam;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

/** The HPT as versioned state (section "htab", QEMU's spapr/htab): valid HPTEs only, size checked, TLBs dropped on load. */
class HashPageTableStateTest {
    final GuestRam ram = new GuestRam(16L << 20);
    final long[] ret = new long[8];

    static long pteh(long avpn) {
        return avpn << 7 | V_VALID;
    }

    static List<Section> save(HashPageTable t) {
        List<Section> out = new ArrayList<>();
        t.saveState(out::add);
        return out;
    }

    static void load(HashPageTable t, List<Section> sections) throws StateException {
        for (Section s : sections) t.loadState(s);
        t.postLoad();
    }

    /** A 4 MiB table (four save ranges): valid entries in two ranges, one removed, R/C set on one. */
    HashPageTable populated() {
        HashPageTable t = new HashPageTable(22, ram);
        assertEquals(H_SUCCESS, t.enter(H_EXACT, 3, pteh(0x11), 0x1000 | R_M | 2, ret));
        assertEquals(H_SUCCESS, t.enter(H_EXACT, 9, pteh(0x12), 0x2000 | R_M | 2, ret));
        long far = 3L * SAVE_RANGE + 17;
        assertEquals(H_SUCCESS, t.enter(H_EXACT, far, pteh(0x13), 0x3000 | R_M | 1, ret));
        assertEquals(H_SUCCESS, t.remove(0, 9, 0, ret));
        assertTrue(t.touch(far, t.r(far), true), "R and C set as a store would");
        return t;
    }

    @Test
    void saveLoadSaveIsEqualAndCarriesOnlyValidEntries() throws StateException {
        HashPageTable src = populated();
        List<Section> first = save(src);
        assertEquals(2, first.size(), "the first range always, then only the range with an entry");
        assertArrayEquals(new int[] {3}, first.get(0).ints("ptex"), "the removed entry is not sent");
        assertArrayEquals(new int[] {3 * SAVE_RANGE + 17}, first.get(1).ints("ptex"));
        assertEquals(22, first.get(1).i32("shift"));

        HashPageTable dst = new HashPageTable(22, ram);
        // whatever the destination held before is gone after the load
        assertEquals(H_SUCCESS, dst.enter(H_EXACT, 40, pteh(0x77), 0x7000 | R_M, ret));
        assertEquals(H_SUCCESS, dst.enter(H_EXACT, 2L * SAVE_RANGE, pteh(0x78), 0x8000 | R_M, ret));
        load(dst, first);
        List<Section> second = save(dst);
        assertEquals(first, second);
        assertEquals(0, dst.v(40));
        assertEquals(0, dst.v(2L * SAVE_RANGE));
        long far = 3L * SAVE_RANGE + 17;
        assertEquals(src.v(far), dst.v(far));
        assertEquals(R_R | R_C, dst.r(far) & (R_R | R_C), "R and C survive");
        assertEquals(0, dst.v(9));
    }

    @Test
    void anEmptyTableStillClearsTheDestination() throws StateException {
        List<Section> empty = save(new HashPageTable(18, ram));
        assertEquals(1, empty.size());
        HashPageTable dst = new HashPageTable(18, ram);
        dst.enter(H_EXACT, 8, pteh(1), 0x1000 | R_M, ret);
        load(dst, empty);
        assertEquals(0, dst.v(8));
    }

    @Test
    void anotherSizeIsRefusedBeforeAnythingChanges() {
        List<Section> saved = save(populated());
        HashPageTable dst = new HashPageTable(23, ram);
        dst.enter(H_EXACT, 8, pteh(1), 0x1000 | R_M, ret);
        StateException e = assertThrows(StateException.class, () -> load(dst, saved));
        assertTrue(e.getMessage().startsWith("section htab: field shift = 22"), e.getMessage());
        assertTrue(e.getMessage().contains("2^23"), e.getMessage());
        assertTrue((dst.v(8) & V_VALID) != 0, "the table is untouched");
    }

    @Test
    void malformedSectionsAreRefusedNamingTheField() {
        HashPageTable dst = new HashPageTable(18, ram);
        Section outside = dst.newSection().i32("shift", 18).i32("first", 0).i32("count", 16384)
                .ints("ptex", new int[] {20000}).longs("hpte", new long[] {pteh(1), 0x1000 | R_M});
        StateException e = assertThrows(StateException.class, () -> dst.loadState(outside));
        assertTrue(e.getMessage().contains("field ptex[0] = 20000"), e.getMessage());
        Section invalid = dst.newSection().i32("shift", 18).i32("first", 0).i32("count", 16384)
                .ints("ptex", new int[] {5}).longs("hpte", new long[] {0x100, 0x1000 | R_M});
        e = assertThrows(StateException.class, () -> dst.loadState(invalid));
        assertTrue(e.getMessage().contains("is not a valid HPTE"), e.getMessage());
        Section later = dst.newSection().i32("shift", 18).i32("first", 8).i32("count", 8)
                .ints("ptex", new int[0]).longs("hpte", new long[0]);
        e = assertThrows(StateException.class, () -> dst.loadState(later));
        assertTrue(e.getMessage().contains("field first = 8 is out of order"), e.getMessage());
        Section noShift = dst.newSection().i32("first", 0);
        e = assertThrows(StateException.class, () -> dst.loadState(noShift));
        assertEquals("section htab: field shift is missing", e.getMessage());
    }

    static final long VSID = 0x123456, CODE = 0x1000_0000L, DATA = 0x1000_1000L;
    static final long CODE_RA = 0x20_0000, OLD_RA = 0x30_0000, NEW_RA = 0x31_0000;

    /**
     * A vCPU translates DATA through the installed table and caches it; the table is then loaded
     * from a stream where DATA maps elsewhere: the next load must go through the loaded entry,
     * not the cached translation, and set its R bit.
     */
    @Test
    void afterLoadTranslationsComeFromTheLoadedTableNotFromTheTlb() throws StateException {
        SystemCode s = new SystemCode().trapVectors(0x300, 0x380, 0x400, 0x480, 0x700);
        HashPageTable hpt = s.withHpt();
        Mapping.enter4k(hpt, VSID, CODE, CODE_RA, 2);
        Mapping.enter4k(hpt, VSID, DATA, OLD_RA, 2);
        HashPageTable src = new HashPageTable(hpt.shift(), s.ram);
        Mapping.enter4k(src, VSID, CODE, CODE_RA, 2);
        long newPtex = Mapping.enter4k(src, VSID, DATA, NEW_RA, 2);
        List<Section> saved = save(src);
        s.ram.writeBE64(OLD_RA, 0x1111);
        s.ram.writeBE64(NEW_RA, 0x2222);

        s.set(20, Mapping.slbVsid(VSID, false, false, true, false, PageSizes.SLB_4K));
        s.set(21, Mapping.slbEsid(CODE, false, 0));
        s.set(7, DATA);
        s.cpu.sys.spr[Spr.SRR0] = CODE;
        s.cpu.sys.spr[Spr.SRR1] = Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_LE | Cpu.MSR_IR | Cpu.MSR_DR;
        s.put(0x1000, slbmte(20, 21), RFID);
        s.put(CODE_RA, ld(9, 7, 0), HCALL);
        s.runAt(0x1000);
        assertEquals(CODE + 4, s.lastHcall());
        assertEquals(Long.reverseBytes(0x1111), s.r(9), "through the table as it was");

        load(hpt, saved);
        assertEquals(0, hpt.r(newPtex) & R_R);
        s.set(9, 0).runAt(CODE);
        assertEquals(CODE + 4, s.lastHcall());
        assertEquals(Long.reverseBytes(0x2222), s.r(9), "through the loaded entry, the cached translation dropped");
        assertTrue((hpt.r(newPtex) & R_R) != 0, "R set on the loaded entry");
    }
}
