package org.jpseries.mmu.hash;

import static org.jpseries.mmu.hash.HashPageTable.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.Mmu;
import org.junit.jupiter.api.Test;

/** The PAPR HPT hcalls' semantics (PAPR 14.5.4.1, QEMU spapr_softmmu.c) on the emulator's table. */
class HashPageTableTest {
    final GuestRam ram = new GuestRam(16L << 20);
    final HashPageTable hpt = new HashPageTable(18, ram);
    final long[] ret = new long[8];

    static long pteh(long avpn) {
        return avpn << 7 | V_VALID;
    }

    @Test
    void enterFillsTheFirstFreeSlotThenReportsPtegFull() {
        for (int i = 0; i < 8; i++) {
            assertEquals(H_SUCCESS, hpt.enter(0, 80, pteh(i + 1), 0x1000L * i | R_M | 2, ret));
            assertEquals(80 + i, ret[0]);
        }
        assertEquals(H_PTEG_FULL, hpt.enter(0, 83, pteh(9), 0x9000 | R_M, ret));
        assertEquals(H_SUCCESS, hpt.remove(0, 84, 0, ret));
        assertEquals(H_SUCCESS, hpt.enter(0, 87, pteh(10), 0xA000 | R_M, ret));
        assertEquals(84, ret[0], "the freed slot of PTEG 10 is reused");
    }

    @Test
    void enterExact() {
        assertEquals(H_SUCCESS, hpt.enter(H_EXACT, 13, pteh(1), 0x1000 | R_M, ret));
        assertEquals(13, ret[0]);
        assertEquals(H_PTEG_FULL, hpt.enter(H_EXACT, 13, pteh(2), 0x2000 | R_M, ret));
        assertEquals(H_SUCCESS, hpt.enter(0, 13, pteh(2), 0x2000 | R_M, ret));
        assertEquals(8, ret[0]);
    }

    @Test
    void enterChecksItsArguments() {
        assertEquals(H_PARAMETER, hpt.enter(0, hpt.entries(), pteh(1), 0x1000 | R_M, ret), "ptex beyond the table");
        assertEquals(H_PARAMETER, hpt.enter(0, 0, pteh(1), 0x1000 | R_I, ret), "RAM must be WIMG=0010");
        assertEquals(H_PARAMETER, hpt.enter(0, 0, pteh(1), (32L << 20) | R_W | R_I, ret), "I/O must be I or I|M");
        assertEquals(H_SUCCESS, hpt.enter(0, 0, pteh(1), (32L << 20) | R_I, ret), "I/O page cache-inhibited");
        assertEquals(H_PARAMETER, hpt.enter(0, 8, pteh(1) | V_LARGE, 0x10000 | 0x5000 | R_M, ret), "bad LP encoding");
        assertEquals(H_SUCCESS, hpt.enter(0, 8, pteh(1) | V_LARGE, 0x10000 | 0x1000 | R_M, ret), "64K page, LP=1");
        assertEquals(0, hpt.v(ret[0]) & V_SW, "software bits cleared");
    }

    @Test
    void zeroPageFlagClearsTheRamPage() {
        ram.fill(0x3000, 8192, (byte) 0x5A);
        assertEquals(H_SUCCESS, hpt.enter(H_ZERO_PAGE, 0, pteh(1), 0x3000 | R_M | 2, ret));
        assertEquals(0, ram.readU8(0x3000));
        assertEquals(0, ram.readU8(0x3FFF));
        assertEquals(0x5A, ram.readU8(0x4000));
    }

    @Test
    void removeWithAvpnAndAndcond() {
        hpt.enter(H_EXACT, 16, pteh(0x55), 0x1000 | R_M, ret);
        assertEquals(H_NOT_FOUND, hpt.remove(H_AVPN, 16, 0x56L << 7, ret), "AVPN mismatch");
        assertEquals(H_NOT_FOUND, hpt.remove(H_ANDCOND, 16, 0x1L << 7, ret), "ANDCOND: a masked bit is set");
        assertEquals(H_SUCCESS, hpt.remove(H_AVPN, 16, 0x55L << 7, ret));
        assertEquals(pteh(0x55), ret[0]);
        assertEquals(0x1000 | R_M, ret[1]);
        assertEquals(H_NOT_FOUND, hpt.remove(0, 16, 0, ret), "already invalid");
        assertEquals(H_PARAMETER, hpt.remove(0, -1, 0, ret));
    }

    @Test
    void readOneOrFour() {
        for (int i = 0; i < 4; i++) hpt.enter(H_EXACT, 24 + i, pteh(i + 1), 0x1000L * (i + 1) | R_M, ret);
        assertEquals(H_SUCCESS, hpt.read(0, 26, ret));
        assertEquals(pteh(3), ret[0]);
        assertEquals(H_SUCCESS, hpt.read(H_READ_4, 27, ret));
        for (int i = 0; i < 4; i++) {
            assertEquals(pteh(i + 1), ret[2 * i]);
            assertEquals(0x1000L * (i + 1) | R_M, ret[2 * i + 1]);
        }
        assertEquals(H_PARAMETER, hpt.read(0, hpt.entries(), ret));
    }

    @Test
    void protectChangesPpNAndKey() {
        hpt.enter(H_EXACT, 40, pteh(7), 0x1000 | R_M | 2 | R_R | R_C, ret);
        assertEquals(H_NOT_FOUND, hpt.protect(H_AVPN, 40, 8L << 7));
        assertEquals(H_SUCCESS, hpt.protect(0x100 | 0x3000 | R_N | 1 | 0x200, 40, 0));
        long r = hpt.r(40);
        assertEquals(R_PP0 | 1, r & (R_PP0 | R_PP), "pp0 from flag 0x100, pp in place");
        assertTrue((r & R_N) != 0);
        assertEquals(R_KEY_HI | 0x200, r & (R_KEY_HI | R_KEY_LO));
        assertEquals(0x1000 | R_M | R_R | R_C, r & (R_RPN | R_M | R_R | R_C), "the rest is kept");
        assertEquals(H_NOT_FOUND, hpt.protect(0, 41, 0));
    }

    @Test
    void bulkRemove() {
        hpt.enter(H_EXACT, 50, pteh(1), 0x1000 | R_M | R_R, ret);
        hpt.enter(H_EXACT, 51, pteh(2), 0x2000 | R_M | R_R | R_C, ret);
        long[] args = {
            BULK_REQUEST | 50, 0,
            BULK_REQUEST | BULK_AVPN | 51, 3L << 7, // AVPN mismatch
            BULK_REQUEST | BULK_AVPN | 51, 2L << 7,
            BULK_END, 0,
        };
        assertEquals(H_SUCCESS, hpt.bulkRemove(args));
        assertEquals(BULK_RESPONSE | 50 | (R_R << 43), args[0], "success with R");
        assertEquals(BULK_RESPONSE | BULK_AVPN | 51 | 1L << 60, args[2], "not found");
        assertEquals(BULK_RESPONSE | BULK_AVPN | 51 | ((R_R | R_C) << 43), args[4]);
        assertEquals(0, hpt.v(50) & V_VALID);
        assertEquals(0, hpt.v(51) & V_VALID);
        long[] bad = {BULK_REQUEST | BULK_AVPN | BULK_ANDCOND | 1, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(H_PARAMETER, hpt.bulkRemove(bad));
        long[] badType = {0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(H_PARAMETER, hpt.bulkRemove(badType));
    }

    @Test
    void removalAsksEveryAttachedCpuToDropWhatTheEntryMapped() {
        Cpu a = new Cpu(CpuModel.POWER8, new Mmu(null));
        Cpu b = new Cpu(CpuModel.POWER8, new Mmu(null));
        hpt.shootdown().attach(a);
        hpt.shootdown().attach(b);
        hpt.enter(H_EXACT, 60, pteh(1), 0x1000 | R_M, ret);
        assertEquals(0, a.pending | b.pending, "entering needs no flush");
        long seq = hpt.shootdown().seq();
        hpt.remove(0, 60, 0, ret);
        assertTrue(hpt.shootdown().seq() > seq, "the invalidation is counted");
        for (Cpu c : new Cpu[] {a, b}) {
            assertTrue((c.pending & Cpu.PENDING_TLB_RANGES) != 0);
            assertArrayEquals(new long[] {0x1000, 0x1000}, c.tlbRanges.poll(), "the 4K real page the entry mapped");
        }
        a.lower(Cpu.PENDING_TLB_RANGES);
        hpt.enter(H_EXACT, 60, pteh(1), 0x5000 | R_M, ret);
        hpt.protect(1, 60, 0);
        assertTrue((a.pending & Cpu.PENDING_TLB_RANGES) != 0, "H_PROTECT invalidates too");
        assertArrayEquals(new long[] {0x5000, 0x1000}, a.tlbRanges.poll());
        for (int i = 0; i < Cpu.MAX_TLB_RANGES + 1; i++) hpt.protect(1, 60, 0);
        assertTrue((a.pending & Cpu.PENDING_TLB_FLUSH) != 0, "too many queued ranges become a full flush");
    }

    /**
     * Lookups take no lock: while one thread enters and removes two different HPTEs in the same
     * slot, a lookup of the first must find it with its own doubleword 1 or not at all, never
     * the other entry's, a cleared one, or R/C lost by a writer.
     */
    @Test
    void lockFreeLookupsNeverSeeAnEntryHalfWritten() throws Exception {
        long va = pteh(0x21), ra = 0x1000 | R_M | 2, vb = pteh(0x22), rb = 0x2000 | R_M | 2;
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            long[] out = new long[2];
            while (!done.get()) {
                hpt.enter(H_EXACT, 8, va, ra, out);
                hpt.remove(0, 8, 0, out);
                hpt.enter(H_EXACT, 8, vb, rb, out);
                hpt.remove(0, 8, 0, out);
            }
        });
        writer.start();
        long[] found = new long[2];
        long hits = 0, deadline = System.nanoTime() + 3_000_000_000L;
        try {
            while (hits < 20_000 && System.nanoTime() < deadline) {
                long ptex = hpt.lookup(1, va, 12, found);
                if (ptex < 0) continue;
                hits++;
                assertEquals(8, ptex);
                assertEquals(ra, found[0] & ~(R_R | R_C), "doubleword 1 of the entry whose doubleword 0 matched");
                assertEquals(12, found[1]);
                hpt.touch(ptex, found[0], false);
            }
        } finally {
            done.set(true);
            writer.join();
        }
        assertTrue(hits > 0, "the lookups raced with the writer");
    }

    @Test
    void protectKeepsReferenceAndChangeBitsSetByTranslation() {
        hpt.enter(H_EXACT, 16, pteh(1), 0x1000 | R_M | 2, ret);
        long[] found = new long[2];
        assertEquals(16, hpt.lookup(2, pteh(1), 12, found));
        assertTrue(hpt.touch(16, found[0], true));
        assertEquals(false, hpt.touch(16, found[0] & ~R_R, false), "a stale doubleword 1 is not updated");
        hpt.protect(1, 16, 0);
        assertEquals(R_R | R_C | 1, hpt.r(16) & (R_R | R_C | R_PP));
        assertEquals(H_SUCCESS, hpt.remove(0, 16, 0, ret));
        assertEquals(R_R | R_C, ret[1] & (R_R | R_C), "H_REMOVE returns R and C");
    }

    @Test
    void shiftForRam() {
        assertEquals(18, HashPageTable.shiftForRam(16L << 20));
        assertEquals(23, HashPageTable.shiftForRam(1L << 30), "1 GiB: 8 MiB table as QEMU");
        assertEquals(33, HashPageTable.shiftForRam(1L << 40), "QEMU's order for 1 TiB, beyond what jpseries holds");
        assertEquals(46, HashPageTable.shiftForRam(Long.MAX_VALUE), "the architected maximum");
        assertEquals(null, HashPageTable.unmodelled(128L << 30));
        assertTrue(HashPageTable.unmodelled((128L << 30) + (64 << 10)).startsWith("Failed to allocate HPT of order 31"));
    }
}
