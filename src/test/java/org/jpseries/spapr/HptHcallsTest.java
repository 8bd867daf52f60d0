package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.hash.HashPageTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.Hcalls;

/**
 * The page-table hcalls as the guest sees them: opcode in r3, arguments from r4, status back in
 * r3 with PAPR's numeric codes (Linux hvcall.h: H_PTEG_FULL -6, H_NOT_FOUND -7, which
 * pSeries_lpar_hpte_updatepp compares against before it BUG()s on anything else).
 */
class HptHcallsTest {
    static final long R_M = 0x10; // WIMG = 0010, coherent RAM
    static final long VALID = 1;

    Hcalls hcalls;

    @BeforeEach
    void setUp() {
        GuestRam ram = new GuestRam(64L << 20);
        hcalls = new Hcalls(GuestLog.silent());
        new HptHcalls(new HashPageTable(18, ram)).register(hcalls);
    }

    Regs call(long... r3up) {
        Regs r = new Regs(0, r3up);
        hcalls.dispatch(r);
        return r;
    }

    static long pteh(long avpn) {
        return avpn << 7 | VALID;
    }

    @Test
    void statusCodesAreThePaprNumbers() {
        assertEquals(-7, Hcall.H_NOT_FOUND);
        assertEquals(-6, Hcall.H_PTEG_FULL);
        for (int i = 0; i < 8; i++) assertEquals(0, call(Hcall.H_ENTER, 0, 16, pteh(0x40 + i), 0x10000 * i | R_M).gpr[3]);
        assertEquals(Hcall.H_PTEG_FULL, call(Hcall.H_ENTER, 0, 16, pteh(0x50), 0x90000 | R_M).gpr[3], "ninth entry in a PTEG");
        assertEquals(Hcall.H_NOT_FOUND, call(Hcall.H_PROTECT, HashPageTable.H_AVPN, 16, 0x99L << 7).gpr[3], "AVPN mismatch");
        assertEquals(Hcall.H_NOT_FOUND, call(Hcall.H_REMOVE, 0, 30, 0).gpr[3], "empty slot");
    }

    @Test
    void enterReturnsTheSlotAndRemoveTheOldEntry() {
        Regs e = call(Hcall.H_ENTER, 0, 43, pteh(0x7), 0x30000 | R_M);
        assertEquals(0, e.gpr[3]);
        assertEquals(40, e.gpr[4], "first free slot of PTEG 5");
        Regs rd = call(Hcall.H_READ, 0, 40);
        assertEquals(pteh(0x7), rd.gpr[4]);
        assertEquals(0x30000 | R_M, rd.gpr[5]);
        Regs rm = call(Hcall.H_REMOVE, HashPageTable.H_AVPN, 40, 0x7L << 7);
        assertEquals(0, rm.gpr[3]);
        assertEquals(pteh(0x7), rm.gpr[4]);
        Regs again = call(Hcall.H_READ, 0, 40);
        assertEquals(0, again.gpr[3]);
        assertEquals(0, again.gpr[4], "the slot reads back empty");
    }

    @Test
    void bulkRemoveRewritesEachSpecifier() {
        call(Hcall.H_ENTER, HashPageTable.H_EXACT, 8, pteh(0x11), 0x10000 | R_M);
        long req = HashPageTable.BULK_REQUEST | 8;
        Regs b = call(Hcall.H_BULK_REMOVE, req, 0, HashPageTable.BULK_REQUEST | 9, 0, HashPageTable.BULK_END, 0);
        assertEquals(0, b.gpr[3]);
        assertEquals(0, (int) (b.gpr[4] >>> 60) & 3, "slot 8 removed");
        assertEquals(1, (int) (b.gpr[6] >>> 60) & 3, "slot 9 was empty");
    }
}
