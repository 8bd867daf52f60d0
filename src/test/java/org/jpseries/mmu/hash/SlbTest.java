package org.jpseries.mmu.hash;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.InterruptDelivery;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.supervisor.SystemCode;
import org.junit.jupiter.api.Test;

/** SLB management instructions (Book III 5.9.3) run in supervisor state. */
class SlbTest {
    static final long RS = Mapping.slbVsid(0x12345, false, true, false, false, PageSizes.SLB_64K);
    static final long RB = Mapping.slbEsid(0x7000_0000L, false, 5);

    @Test
    void moveAndRead() {
        SystemCode s = new SystemCode();
        s.set(4, RS).set(5, RB).set(6, 5).set(7, 0x7000_1234L).set(8, 0x8000_0000L);
        s.put(0x1000, slbmte(4, 5), slbmfee(10, 6), slbmfev(11, 6), slbfeeDot(12, 7), mfcrTo(13), slbfeeDot(14, 8),
                mfcrTo(15), HCALL);
        s.runAt(0x1000);
        assertEquals(0x7000_0000L | 1L << 27, s.r(10), "slbmfee: ESID || V");
        assertEquals(RS, s.r(11));
        assertEquals(RS, s.r(12), "slbfee. finds the entry");
        assertEquals(0x2, (s.r(13) >>> 28) & 0xF, "CR0[EQ]");
        assertEquals(0, s.r(14));
        assertEquals(0, (s.r(15) >>> 28) & 0xF);
    }

    static int mfcrTo(int rt) {
        return 31 << 26 | rt << 21 | 19 << 1;
    }

    @Test
    void slbieAndSlbia() {
        SystemCode s = new SystemCode();
        s.set(4, RS).set(5, RB).set(6, Mapping.slbEsid(0x1000_0000L, false, 0)).set(7, 0x7000_0000L)
                .set(8, 0x1000_0000L);
        s.put(0x1000, slbmte(4, 5), slbmte(4, 6), slbie(7), slbfeeDot(10, 7), slbmte(4, 5), slbia(0),
                slbfeeDot(11, 7), slbfeeDot(12, 8), HCALL);
        s.runAt(0x1000);
        assertEquals(0, s.r(10), "slbie invalidated the entry");
        assertEquals(0, s.r(11), "slbia invalidated entry 5");
        assertEquals(RS, s.r(12), "slbia keeps entry 0");
    }

    @Test
    void oneTerabyteSegmentsMatchOnTheTopBits() {
        Slb slb = new Slb();
        long rs = Mapping.slbVsid(0x42, true, false, false, false, PageSizes.SLB_4K);
        slb.move(rs, Mapping.slbEsid(0x0000_0300_0000_0000L, true, 2));
        assertEquals(2, slb.find(0x0000_03FF_FFFF_FFFFL));
        assertEquals(-1, slb.find(0x0000_0400_0000_0000L));
    }

    @Test
    void segmentPageSizesPropertyMatchesQemu() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {
            12, 0x000, 3, 12, 0x0, 16, 0x7, 24, 0x38,
            16, 0x110, 2, 16, 0x1, 24, 0x8,
            24, 0x100, 1, 24, 0x0}, PageSizes.segmentPageSizesCells());
    }

    @Test
    void badEntriesAreIllegal() {
        long[][] bad = {
            {RS, (RB & ~0xFFFL) | 32}, // beyond 32 entries
            {RS | 3L << 62, RB}, // reserved segment size
            {RS & ~Slb.VSID_LLP | 0x020, RB}, // no such base page size
            {RS, RB | 0x1000}, // reserved RB bits
        };
        for (long[] b : bad) {
            SystemCode s = new SystemCode().trapVectors(0x700);
            s.set(4, b[0]).set(5, b[1]);
            s.put(0x1000, slbmte(4, 5), HCALL);
            s.runAt(0x1000);
            assertEquals(0x700, s.lastHcall());
            assertEquals(Interrupt.PROGRAM_ILLEGAL, s.spr(Spr.SRR1) & InterruptDelivery.SRR1_CAUSE_BITS);
        }
    }
}
