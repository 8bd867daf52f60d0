package org.jpseries.mmu.hash;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.InterruptDelivery;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.SupervisorEnvironment;
import org.jpseries.cpu.supervisor.SystemCode;
import org.junit.jupiter.api.Test;

/**
 * The hash MMU end to end (Book III 5.7.7-5.7.10): SLB loaded by slbmte in real mode, HPTEs
 * entered with the H_ENTER method, code run at virtual addresses after rfid turns relocation on,
 * and the storage and segment interrupts with their DAR/DSISR/SRR1.
 */
class HashMmuTest {
    static final long KERNEL_MSR = Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_LE;
    static final long RELOCATED = KERNEL_MSR | Cpu.MSR_IR | Cpu.MSR_DR;
    static final long VSID = 0x123456;
    static final long CODE = 0x1000_0000L, DATA = 0x1000_1000L, READ_ONLY = 0x1000_2000L, NO_EXEC = 0x1000_3000L,
            KERNEL_ONLY = 0x1000_4000L;
    static final long CODE_RA = 0x20_0000, DATA_RA = 0x20_1000, RO_RA = 0x20_2000, NX_RA = 0x20_3000, KO_RA = 0x20_4000;

    long codePtex, dataPtex, roPtex;

    /**
     * A machine with segment 0x1000_0000 (Ks=0, Kp=1) mapped by 4K pages: code and data PP=2,
     * a read-only page PP=3, a no-execute page, a page with PP=0 (no access for key 1). The real
     * mode prologue at 0x1000 loads the SLB entry from r20/r21 and rfids to {@code pc} with
     * {@code msr}; the vectors 0x200-0x700 hold sc 1.
     */
    SystemCode machine(long pc, long msr, int... code) {
        SystemCode s = new SystemCode().trapVectors(0x200, 0x300, 0x380, 0x400, 0x480, 0x500, 0x700, 0x900, 0xC00);
        HashPageTable hpt = s.withHpt();
        codePtex = Mapping.enter4k(hpt, VSID, CODE, CODE_RA, 2);
        dataPtex = Mapping.enter4k(hpt, VSID, DATA, DATA_RA, 2);
        roPtex = Mapping.enter4k(hpt, VSID, READ_ONLY, RO_RA, 3);
        long[] ret = new long[1];
        long vpn = Mapping.vpn(VSID, NO_EXEC, false);
        long nx = Mapping.ptel(NX_RA, 0, 2) | HashPageTable.R_N;
        long h = Mapping.hash(vpn, 12, false);
        assertEquals(0, hpt.enter(0, (h & (hpt.entries() / 8 - 1)) * 8, Mapping.pteh(vpn, 12, false), nx, ret));
        Mapping.enter4k(hpt, VSID, KERNEL_ONLY, KO_RA, 0);
        s.set(20, Mapping.slbVsid(VSID, false, false, true, false, PageSizes.SLB_4K));
        s.set(21, Mapping.slbEsid(CODE, false, 0));
        s.cpu.sys.spr[Spr.SRR0] = pc;
        s.cpu.sys.spr[Spr.SRR1] = msr;
        s.put(0x1000, slbmte(20, 21), RFID);
        s.put(CODE_RA, code);
        return s.runAt(0x1000);
    }

    SystemCode machine(int... code) {
        return machine(CODE, RELOCATED, code);
    }

    static long cause(SystemCode s) {
        return s.spr(Spr.SRR1) & InterruptDelivery.SRR1_CAUSE_BITS;
    }

    @Test
    void loadsAndStoresThroughTheHpt() {
        SystemCode s = machine(lis(7, 0x1000), ori(7, 7, 0x1000), lis(8, 0x55AA), std(8, 7, 8), ld(9, 7, 8), ld(10, 7, 16), HCALL);
        assertEquals(CODE + 24, s.lastHcall());
        assertEquals(0x55AA_0000L, s.r(9));
        assertEquals(0, s.r(10));
        byte[] b = new byte[8];
        s.ram.read(DATA_RA + 8, b, 0, 8);
        assertEquals(0x00, b[0]);
        assertEquals((byte) 0xAA, b[2], "little-endian store landed at the real address");
        assertEquals((byte) 0x55, b[3]);
        HashPageTable hpt = s.hpt;
        assertTrue((hpt.r(dataPtex) & HashPageTable.R_R) != 0, "R set on the data page");
        assertTrue((hpt.r(dataPtex) & HashPageTable.R_C) != 0, "C set by the store");
        assertTrue((hpt.r(codePtex) & HashPageTable.R_R) != 0, "R set by instruction fetch");
        assertEquals(0, hpt.r(codePtex) & HashPageTable.R_C, "code page not changed");
        assertEquals(0, hpt.r(roPtex) & (HashPageTable.R_R | HashPageTable.R_C), "untouched page");
    }

    @Test
    void missingHpteIsADataStorageInterrupt() {
        SystemCode s = machine(lis(7, 0x1000), ori(7, 7, 0x5000), ld(9, 7, 8));
        assertEquals(0x300, s.lastHcall());
        assertEquals(0x1000_5008L, s.spr(Spr.DAR));
        assertEquals(HashTranslation.DSISR_NOPTE, s.spr(Spr.DSISR));
        assertEquals(CODE + 8, s.spr(Spr.SRR0));
        assertEquals(RELOCATED, s.spr(Spr.SRR1));
        assertEquals(KERNEL_MSR, s.cpu.msr, "delivered in real mode (AIL=0)");

        s = machine(lis(7, 0x1000), ori(7, 7, 0x5000), std(9, 7, 16));
        assertEquals(0x1000_5010L, s.spr(Spr.DAR));
        assertEquals(HashTranslation.DSISR_NOPTE | HashTranslation.DSISR_STORE, s.spr(Spr.DSISR));
    }

    @Test
    void storeToReadOnlyPageIsAProtectionFault() {
        SystemCode s = machine(lis(7, 0x1000), ori(7, 7, 0x2000), ld(9, 7, 0), std(9, 7, 0));
        assertEquals(0x300, s.lastHcall());
        assertEquals(CODE + 12, s.spr(Spr.SRR0), "the load was allowed, the store not");
        assertEquals(READ_ONLY, s.spr(Spr.DAR));
        assertEquals(HashTranslation.DSISR_PROTFAULT | HashTranslation.DSISR_STORE, s.spr(Spr.DSISR));
    }

    @Test
    void missingSlbEntryIsASegmentInterrupt() {
        SystemCode s = machine(lis(7, 0x3000), ld(9, 7, 0x40));
        assertEquals(0x380, s.lastHcall());
        assertEquals(0x3000_0040L, s.spr(Spr.DAR));
        s = machine(lis(7, 0x4000), mtctr(7), BCTR);
        assertEquals(0x480, s.lastHcall());
        assertEquals(0x4000_0000L, s.spr(Spr.SRR0));
    }

    @Test
    void instructionStorageInterrupts() {
        SystemCode s = machine(lis(7, 0x1000), ori(7, 7, 0x6000), mtctr(7), BCTR);
        assertEquals(0x400, s.lastHcall());
        assertEquals(0x1000_6000L, s.spr(Spr.SRR0));
        assertEquals(HashTranslation.SRR1_NOPTE, cause(s));
        s = machine(lis(7, 0x1000), ori(7, 7, 0x3000), mtctr(7), BCTR);
        assertEquals(0x400, s.lastHcall(), "N=1: no execute");
        assertEquals(HashTranslation.SRR1_NOEXEC_GUARD, cause(s));
    }

    @Test
    void problemStateTrapsPrivilegedInstructions() {
        long user = RELOCATED | Cpu.MSR_PR | Cpu.MSR_EE;
        int[] privileged = {mfmsr(3), mtmsrd(3, 0), mtmsrd(3, 1), RFID, slbmte(3, 4), slbie(4), slbia(0),
            slbmfee(3, 4), tlbie(4, 0), mtspr(Spr.SRR0, 3), mfspr(3, Spr.SPRG0), mfspr(3, Spr.DEC), msgsndp(4),
            HRFID};
        for (int insn : privileged) {
            SystemCode s = machine(CODE, user, NOP, insn);
            assertEquals(0x700, s.lastHcall(), String.format("%08x", insn));
            assertEquals(CODE + 4, s.spr(Spr.SRR0));
            assertEquals(Interrupt.PROGRAM_PRIVILEGED, cause(s));
            assertEquals(user, s.spr(Spr.SRR1) & ~InterruptDelivery.SRR1_CAUSE_BITS);
        }
    }

    @Test
    void problemStateKeysAndHcalls() {
        long user = RELOCATED | Cpu.MSR_PR | Cpu.MSR_EE;
        // Kp=1 with PP=0: no access from problem state; the kernel (Ks=0) may
        SystemCode s = machine(CODE, user, lis(7, 0x1000), ori(7, 7, 0x4000), ld(9, 7, 0));
        assertEquals(0x300, s.lastHcall());
        assertEquals(HashTranslation.DSISR_PROTFAULT, s.spr(Spr.DSISR));
        s = machine(lis(7, 0x1000), ori(7, 7, 0x4000), ld(9, 7, 0), std(9, 7, 0), HCALL);
        assertEquals(CODE + 16, s.lastHcall());
        // sc 1 from problem state: H_PRIVILEGE, no interrupt
        s = machine(CODE, user, li(3, 4), HCALL, 0);
        assertEquals(0x700, s.lastHcall());
        assertEquals(SupervisorEnvironment.H_PRIVILEGE, s.r(3));
        assertEquals(CODE + 8, s.spr(Spr.SRR0));
    }

    @Test
    void hRemoveMakesTheNextAccessFault() {
        long[] rc = new long[2];
        SystemCode m = machineWithRemove(rc);
        assertEquals(0x300, m.lastHcall(), "the access after H_REMOVE faults");
        assertEquals(HashPageTable.H_SUCCESS, m.r(3));
        assertEquals(DATA, m.spr(Spr.DAR));
        assertEquals(0x77, m.r(9), "the access before succeeded");
        assertTrue((rc[1] & HashPageTable.R_R) != 0, "H_REMOVE returned the old HPTE with R set");
    }

    /** Loads from DATA, removes its HPTE by an hcall (r3=4: H_REMOVE), and loads again. */
    private SystemCode machineWithRemove(long[] removed) {
        SystemCode s = new SystemCode().trapVectors(0x300, 0x380, 0x700);
        HashPageTable hpt = s.withHpt();
        Mapping.enter4k(hpt, VSID, CODE, CODE_RA, 2);
        long ptex = Mapping.enter4k(hpt, VSID, DATA, DATA_RA, 2);
        s.ram.write(DATA_RA, new byte[] {0x77}, 0, 1);
        s.hcallHandler = c -> {
            if (c.gpr[3] == 4) {
                c.gpr[3] = hpt.remove(c.gpr[4], c.gpr[5], c.gpr[6], removed);
            } else {
                c.halted = true;
            }
        };
        s.set(20, Mapping.slbVsid(VSID, false, false, true, false, PageSizes.SLB_4K));
        s.set(21, Mapping.slbEsid(CODE, false, 0));
        s.set(5, ptex);
        s.cpu.sys.spr[Spr.SRR0] = CODE;
        s.cpu.sys.spr[Spr.SRR1] = RELOCATED;
        s.put(0x1000, slbmte(20, 21), RFID);
        s.put(CODE_RA, lis(7, 0x1000), ori(7, 7, 0x1000), lwz(9, 7, 0), li(3, 4), li(4, 0), li(6, 0), HCALL,
                lwz(10, 7, 0), HCALL);
        return s.runAt(0x1000);
    }

    @Test
    void alternateInterruptLocationEndToEnd() {
        SystemCode s = new SystemCode().trapVectors(0x700);
        HashPageTable hpt = s.withHpt();
        long kvsid = 0x777;
        long kernel = 0xC000_0000_0000_0000L;
        Mapping.enter4k(hpt, VSID, CODE, CODE_RA, 2);
        Mapping.enter4k(hpt, kvsid, kernel + 0x4000, 0x4000, 0);
        s.put(0x4700, HCALL);
        s.cpu.sys.spr[Spr.LPCR] = Spr.LPCR_ILE | 3L << Spr.LPCR_AIL_SHIFT;
        s.set(20, Mapping.slbVsid(VSID, false, false, true, false, PageSizes.SLB_4K));
        s.set(21, Mapping.slbEsid(CODE, false, 0));
        s.set(22, Mapping.slbVsid(kvsid, false, false, true, false, PageSizes.SLB_4K));
        s.set(23, Mapping.slbEsid(kernel, false, 1));
        s.cpu.sys.spr[Spr.SRR0] = CODE;
        s.cpu.sys.spr[Spr.SRR1] = RELOCATED;
        s.put(0x1000, slbmte(20, 21), slbmte(22, 23), RFID);
        s.put(CODE_RA, NOP, 0);
        s.runAt(0x1000);
        assertEquals(kernel + 0x4700, s.lastHcall(), "vector 0x700 at 0xc000000000004000 + 0x700, relocated");
        assertEquals(RELOCATED, s.cpu.msr);
        assertEquals(CODE + 4, s.spr(Spr.SRR0));
    }

    @Test
    void sixtyFourKPagesIn64KSegment() {
        long vsid = 0xABCDE, ea = 0x2345_0000L + 0xF008, ra = 0x30_0000;
        SystemCode t = loadThroughSeeded(vsid, ea, ra + 0xF008, PageSizes.SLB_64K, 16, 16, 0x1, false);
        assertEquals(0x1122334455667788L, t.r(9));
    }

    @Test
    void sixteenMPagesAndMixedSizes() {
        long vsid = 0x4242;
        SystemCode t = loadThroughSeeded(vsid, 0x5000_0000L + 0xABC008, 0x100_0000 + 0xABC008, PageSizes.SLB_16M,
                24, 24, 0x0, false);
        assertEquals(0x1122334455667788L, t.r(9), "16M page in a 16M segment");
        t = loadThroughSeeded(vsid, 0x5000_0000L + 0x1_2348, 0x30_0000 + 0x2348, PageSizes.SLB_4K, 12, 16, 0x7, false);
        assertEquals(0x1122334455667788L, t.r(9), "64K page in a 4K segment (MPSS)");
        t = loadThroughSeeded(vsid, 0x5000_0000L + 0xABC008, 0x100_0000 + 0xABC008, PageSizes.SLB_64K, 16, 24, 0x8,
                false);
        assertEquals(0x1122334455667788L, t.r(9), "16M page in a 64K segment (THP)");
        t = loadThroughSeeded(vsid, 0x0000_0100_0000_0000L + 0x1234_5678L, 0x30_0000 + 0x678, PageSizes.SLB_4K, 12,
                12, 0, true);
        assertEquals(0x1122334455667788L, t.r(9), "4K page in a 1T segment");
    }

    /** Maps the page of {@code ea} to the page of {@code raOfEa}, seeds RAM there and loads. */
    private SystemCode loadThroughSeeded(long vsid, long ea, long raOfEa, long llp, int base, int shift, long lp,
            boolean oneT) {
        long pageMask = (1L << shift) - 1;
        return loadThroughWith(vsid, ea, llp, oneT, s -> s.ram.writeBE64(raOfEa, 0x8877665544332211L),
                // hashed with the base page size at the accessed EA, as Linux does for THP subpages
                hpt -> Mapping.enter(hpt, vsid, ea, raOfEa & ~pageMask, base, shift, lp, 2, oneT));
    }

    private SystemCode loadThroughWith(long vsid, long ea, long llp, boolean oneT,
            java.util.function.Consumer<SystemCode> seed, java.util.function.Consumer<HashPageTable> setup) {
        SystemCode s = new SystemCode().trapVectors(0x300, 0x380, 0x400, 0x480, 0x700);
        HashPageTable hpt = s.withHpt();
        Mapping.enter4k(hpt, VSID, CODE, CODE_RA, 2);
        setup.accept(hpt);
        seed.accept(s);
        s.set(20, Mapping.slbVsid(VSID, false, false, true, false, PageSizes.SLB_4K));
        s.set(21, Mapping.slbEsid(CODE, false, 0));
        s.set(22, Mapping.slbVsid(vsid, oneT, false, false, false, llp));
        s.set(23, Mapping.slbEsid(ea, oneT, 1));
        s.set(7, ea);
        s.cpu.sys.spr[Spr.SRR0] = CODE;
        s.cpu.sys.spr[Spr.SRR1] = RELOCATED;
        s.put(0x1000, slbmte(20, 21), slbmte(22, 23), RFID);
        s.put(CODE_RA, ld(9, 7, 0), HCALL);
        s.runAt(0x1000);
        assertEquals(CODE + 4, s.lastHcall(), "no fault");
        return s;
    }

    @Test
    void secondaryHash() {
        long vsid = 0x5151, ea = 0x6000_3000L, ra = 0x40_0000;
        SystemCode t = loadThroughWith(vsid, ea, PageSizes.SLB_4K, false, s -> s.ram.writeBE64(ra, 0x8877665544332211L),
                hpt -> {
                    long vpn = Mapping.vpn(vsid, ea, false);
                    long secondary = (~Mapping.hash(vpn, 12, false) & (hpt.entries() / 8 - 1)) * 8 + 5;
                    long[] ret = new long[1];
                    assertEquals(0, hpt.enter(HashPageTable.H_EXACT, secondary,
                            Mapping.pteh(vpn, 12, false) | Mapping.V_SECONDARY, Mapping.ptel(ra, 0, 2), ret));
                    assertEquals(secondary, ret[0]);
                });
        assertEquals(0x1122334455667788L, t.r(9));
    }
}
