package org.jpseries.mmu.radix;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.jpseries.mmu.radix.RadixFields.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.InterruptDelivery;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.supervisor.SystemCode;
import org.jpseries.cpu.SystemTranslator;
import org.jpseries.mmu.hash.HashPageTable;
import org.junit.jupiter.api.Test;

/**
 * A vCPU running relocated code through the radix tree (LPCR[HR], the process table the
 * hypervisor registered), the storage interrupts it takes, mtspr PIDR, and the tlbie forms.
 */
class RadixSystemTest {
    static final long KERNEL = 0xC000_0000_0000_0000L;
    static final long MSR = Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_LE;
    static final long RELOCATED = MSR | Cpu.MSR_IR | Cpu.MSR_DR;
    static final long RWX_PRIV = PTE_EAA_R | PTE_EAA_RW | PTE_EAA_X | PTE_EAA_PRIV;

    final SystemCode s = new SystemCode().trapVectors(0x300, 0x380, 0x400, 0x480, 0x700);
    final RadixTables t = new RadixTables(s.ram, 0x200_0000);
    final long root = t.newProcess(0);

    SystemCode radix() {
        s.withHpt(); // the partition's vCPU set (tlbie reaches the vCPUs attached to it)
        s.cpu.sys.spr[Spr.LPCR] |= Spr.LPCR_HR | Spr.LPCR_UPRT | Spr.LPCR_GTSE;
        s.translator.setProcessTable(t.pate1());
        // kernel text at 0xC000...0010_0000 -> 0x10_0000, data 0xC000...0020_0000 -> 0x30_0000 (64K pages)
        t.map(root, KERNEL | 0x10_0000, 0x10_0000, 16, RWX_PRIV);
        t.map(root, KERNEL | 0x20_0000, 0x30_0000, 16, PTE_EAA_R | PTE_EAA_RW | PTE_EAA_PRIV);
        return s;
    }

    /** Real-mode prologue at 0x1000: rfid to {@code pc} with relocation on. */
    SystemCode run(long pc, int... code) {
        s.cpu.writeMsr(MSR);
        s.cpu.sys.spr[Spr.SRR0] = pc;
        s.cpu.sys.spr[Spr.SRR1] = RELOCATED;
        s.put(0x1000, RFID);
        s.put(0x10_0000, code);
        return s.runAt(0x1000);
    }

    @Test
    void relocatedCodeLoadsAndStoresThroughTheTree() {
        radix();
        s.set(3, KERNEL | 0x20_0000).set(4, 0x1122_3344_5566_7788L);
        run(KERNEL | 0x10_0000, std(4, 3, 8), ld(5, 3, 8), HCALL);
        assertEquals(0x1122_3344_5566_7788L, s.r(5));
        assertEquals(KERNEL | 0x10_0000 + 12, s.lastHcall() + 4, "stopped at the hcall, relocated");
        assertEquals(0x1122_3344_5566_7788L, Long.reverseBytes(s.ram.readBE64(0x30_0008)), "stored at the real page");
    }

    @Test
    void unmappedDataGivesDsiWithDarAndDsisr() {
        radix();
        s.set(3, KERNEL | 0x40_0000);
        run(KERNEL | 0x10_0000, std(4, 3, 0), HCALL);
        assertEquals(0x300 + 4, s.lastHcall() + 4);
        assertEquals(KERNEL | 0x40_0000, s.spr(Spr.DAR));
        assertEquals(RadixTranslation.DSISR_NOPTE | RadixTranslation.DSISR_STORE, s.spr(Spr.DSISR));
        assertEquals(KERNEL | 0x10_0000, s.spr(Spr.SRR0));
    }

    @Test
    void fetchFromNoExecutePageGivesIsiAndQuadrantOneASegmentInterrupt() {
        radix();
        s.set(3, KERNEL | 0x20_0000);
        s.set(4, 0x4000_0000_0000_0000L);
        run(KERNEL | 0x10_0000, mtctr(3), BCTR);
        assertEquals(0x400 + 4, s.lastHcall() + 4, "ISI");
        assertEquals(KERNEL | 0x20_0000, s.spr(Spr.SRR0));
        assertEquals(RadixTranslation.SRR1_NOEXEC_GUARD, s.spr(Spr.SRR1) & InterruptDelivery.SRR1_CAUSE_BITS);
        run(KERNEL | 0x10_0000, ld(5, 4, 0), HCALL);
        assertEquals(0x380 + 4, s.lastHcall() + 4, "DSEG");
        assertEquals(0x4000_0000_0000_0000L, s.spr(Spr.DAR));
    }

    @Test
    void withoutHrTheSameAddressesGoToTheHashMmu() {
        radix();
        s.cpu.sys.spr[Spr.LPCR] &= ~Spr.LPCR_HR;
        s.set(3, KERNEL | 0x20_0000);
        run(KERNEL | 0x10_0000, ld(5, 3, 0), HCALL);
        assertEquals(0x480 + 4, s.lastHcall() + 4, "no SLB entry: instruction segment interrupt of the hash MMU");
    }

    @Test
    void mtsprPidrSwitchesTheProcessOfQuadrantZero() {
        radix();
        long p1 = t.newProcess(1), p2 = t.newProcess(2);
        long rw = PTE_EAA_R | PTE_EAA_RW;
        t.map(p1, 0x1000_0000L, 0x50_0000, 16, rw);
        t.map(p2, 0x1000_0000L, 0x60_0000, 16, rw);
        s.ram.writeBE64(0x50_0000, 0x1111);
        s.ram.writeBE64(0x60_0000, 0x2222);
        s.set(3, 0x1000_0000L).set(6, 1).set(7, 2);
        // ld through PID 1, switch to PID 2, ld again: the cached translation of PID 1 must go
        run(KERNEL | 0x10_0000, mtspr(Spr.PIDR, 6), ld(4, 3, 0), mtspr(Spr.PIDR, 7), ld(5, 3, 0), HCALL);
        assertEquals(Long.reverseBytes(0x1111), s.r(4));
        assertEquals(Long.reverseBytes(0x2222), s.r(5));
    }

    @Test
    void tlbieDropsCachedTranslationsOfEveryVcpuAndTlbielOnlyLocal() {
        radix();
        HashPageTable hpt = s.hpt;
        Cpu other = new Cpu(s.cpu.model, new org.jpseries.mmu.Mmu(null));
        SystemTranslator ot = new SystemTranslator(other, s.ram);
        other.mmu.setTranslator(ot);
        ot.setPageTable(hpt);
        other.lower(Cpu.PENDING_TLB_FLUSH);
        // tlbiel RB=r3 (IS=3: everything), RIC=0 PRS=1 R=1: only this vCPU
        int tlbiel = 31 << 26 | 0 << 21 | 0 << 18 | 1 << 17 | 1 << 16 | 3 << 11 | 274 << 1;
        int tlbie = 31 << 26 | 0 << 21 | 2 << 18 | 1 << 17 | 1 << 16 | 3 << 11 | 306 << 1;
        s.set(3, 3L << 10);
        run(KERNEL | 0x10_0000, tlbiel, HCALL);
        assertEquals(0, other.pending & Cpu.PENDING_TLB_FLUSH, "tlbiel is local");
        run(KERNEL | 0x10_0000, tlbie, HCALL);
        assertTrue((other.pending & Cpu.PENDING_TLB_FLUSH) != 0, "tlbie reaches the other vCPU");
    }

    @Test
    void invalidTlbieFormsAreIllegalInstructions() {
        radix();
        int ric3 = 31 << 26 | 3 << 18 | 1 << 17 | 1 << 16 | 3 << 11 | 306 << 1;
        int pwcOfOnePage = 31 << 26 | 1 << 18 | 1 << 17 | 1 << 16 | 3 << 11 | 306 << 1;
        int pidNotProcessScoped = 31 << 26 | 0 << 18 | 0 << 17 | 1 << 16 | 3 << 11 | 306 << 1;
        int onePage = 31 << 26 | 0 << 18 | 1 << 17 | 1 << 16 | 3 << 11 | 306 << 1;
        int[][] cases = {{ric3, 3 << 10}, {pwcOfOnePage, 0}, {pidNotProcessScoped, 1 << 10}, {onePage, 3 << 5}};
        for (int[] c : cases) {
            s.set(3, c[1]);
            run(KERNEL | 0x10_0000, c[0], HCALL);
            assertEquals(0x700 + 4, s.lastHcall() + 4, "program interrupt for 0x" + Integer.toHexString(c[0]));
            assertTrue((s.spr(Spr.SRR1) & 0x0008_0000L) != 0, "illegal instruction");
        }
        s.set(3, 0x1000_0000L | 5 << 5); // one 64K page (AP 5), RIC 0: fine
        run(KERNEL | 0x10_0000, onePage, HCALL);
        assertEquals(KERNEL | 0x10_0000 + 8, s.lastHcall() + 4);
    }

    @Test
    void referenceAndChangeReachTheGuestPteFromRunningCode() {
        radix();
        long pte = t.map(root, KERNEL | 0x50_0000, 0x70_0000, 16, PTE_EAA_R | PTE_EAA_RW | PTE_EAA_PRIV);
        s.set(3, KERNEL | 0x50_0000);
        run(KERNEL | 0x10_0000, ld(5, 3, 0), HCALL);
        assertEquals(PTE_R, s.ram.readBE64(pte) & (PTE_R | PTE_C));
        run(KERNEL | 0x10_0000, std(5, 3, 0), HCALL);
        assertEquals(PTE_R | PTE_C, s.ram.readBE64(pte) & (PTE_R | PTE_C));
    }
}
