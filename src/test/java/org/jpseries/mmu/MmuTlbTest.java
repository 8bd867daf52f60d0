package org.jpseries.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.memory.GuestRam;
import org.junit.jupiter.api.Test;

/**
 * The software TLB: one set per translation context, kept across switches; flushes and
 * invalidations of a real range (H_REMOVE's effect) reach every set and only that range.
 */
class MmuTlbTest {
    final GuestRam ram = new GuestRam(1L << 20);
    final List<Long> walks = new ArrayList<>();
    /** EA 0x10000+ maps to RA 0x40000+, EA 0x20000+ to RA 0x80000+: a counting stand-in for the HPT walk. */
    final Mmu mmu = new Mmu((ea, access) -> {
        walks.add(ea);
        long ra = (ea & 0xF0000) == 0x10000 ? 0x40000 + (ea & 0xFFFF) : 0x80000 + (ea & 0xFFFF);
        return ram.page(ra);
    });

    @Test
    void onlyTheRangeIsDropped() {
        mmu.store32(0x10000, 0x11223344);
        mmu.load32(0x10000);
        mmu.load32(0x20000);
        mmu.fetchPage(0x20000);
        int before = walks.size();
        mmu.load32(0x10000);
        mmu.load32(0x20000);
        assertEquals(before, walks.size(), "both cached");

        long epoch = mmu.epoch();
        mmu.invalidateReal(0x40000, 0x1000);
        assertEquals(epoch + 1, mmu.epoch(), "chained blocks see the change");
        mmu.load32(0x20000);
        mmu.fetchPage(0x20000);
        assertEquals(before, walks.size(), "the other page stays cached");
        assertEquals(0x11223344, mmu.load32(0x10000));
        assertEquals(before + 1, walks.size(), "the invalidated page is walked again for a load");
        mmu.store32(0x10000, 1);
        assertEquals(before + 2, walks.size(), "and for a store");
        mmu.invalidateReal(0x80000, 0x10000);
        mmu.fetchPage(0x20000);
        assertEquals(before + 3, walks.size(), "a 64K range drops the fetch translation too");
    }

    @Test
    void contextsKeepTheirTranslationsAcrossSwitches() {
        mmu.selectContext(3); // kernel: IR|DR
        mmu.load32(0x10000);
        mmu.selectContext(7); // user: IR|DR|PR, its own permissions
        mmu.load32(0x10000);
        assertEquals(2, walks.size(), "each context walks once");
        long epoch = mmu.epoch();
        mmu.selectContext(3);
        assertEquals(epoch + 1, mmu.epoch(), "a switch ends chained blocks");
        mmu.load32(0x10000);
        assertEquals(2, walks.size(), "back in the kernel: still cached");
        mmu.selectContext(3);
        assertEquals(epoch + 1, mmu.epoch(), "selecting the current context changes nothing");
        mmu.flush();
        mmu.load32(0x10000);
        mmu.selectContext(7);
        mmu.load32(0x10000);
        assertEquals(4, walks.size(), "a flush empties every context");
        mmu.selectContext(3);
        mmu.invalidateReal(0x40000, 0x1000);
        mmu.selectContext(7);
        mmu.load32(0x10000);
        assertEquals(5, walks.size(), "an invalidation reaches the other contexts");
    }

    @Test
    void aFlushReachesEntriesFilledByStoresAndFetchesOnly() {
        // sets untouched since their last clear are skipped by flushes: each kind of fill marks its set
        mmu.selectContext(5);
        mmu.store32(0x10000, 1);
        mmu.selectContext(6);
        mmu.fetchPage(0x20000);
        mmu.flush(); // clears both sets
        mmu.flush(); // nothing filled since: skips them
        mmu.selectContext(5);
        mmu.store32(0x10000, 2);
        mmu.selectContext(6);
        mmu.fetchPage(0x20000);
        assertEquals(4, walks.size(), "both walked again after the flush");
        mmu.flush();
        mmu.fetchPage(0x20000);
        mmu.selectContext(5);
        mmu.store32(0x10000, 3);
        assertEquals(6, walks.size(), "and again after the next one");
    }
}
