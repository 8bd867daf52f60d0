package org.jpseries.cpu;

import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.MmioPage;
import org.jpseries.memory.MmioRegion;
import org.jpseries.memory.Page;
import org.jpseries.mmu.hash.HashPageTable;
import org.jpseries.mmu.hash.HashTranslation;
import org.jpseries.mmu.radix.RadixTranslation;
import org.jpseries.mmu.Access;
import org.jpseries.mmu.Translator;

/**
 * Translation for a vCPU of a pseries partition (Book III 5.7): with relocation off for the
 * access (MSR[IR] for fetches, MSR[DR] for data) the effective address with its top 4 bits
 * ignored is the real address (Book III 5.7.3; QEMU's virtual-hypervisor real mode, where the
 * partition's real addresses are guest RAM addresses); with relocation on, the radix tree
 * translates it when LPCR[HR] is set (the partition registered a radix process table: QEMU's
 * ppc_xlate picks ppc_radix64_xlate when ppc64_v3_radix(), which tests LPCR[HR], and
 * H_REGISTER_PROC_TBL sets HR through spapr_set_all_lpcrs), and the hash MMU otherwise. A real
 * address outside guest RAM is, for loads and stores, a device window of the machine's
 * {@link org.jpseries.memory.MmioMap} or else {@link org.jpseries.memory.Unassigned} (reads 0,
 * writes dropped, as qemu-system-ppc64 7.2's pseries). An instruction fetch from outside RAM is
 * a machine check (the codes of QEMU 8.1's ppc_cpu_do_transaction_failed), which the partition
 * takes with MSR[ME] kept ({@link InterruptDelivery}), so it cannot checkstop the machine.
 */
public final class SystemTranslator implements Translator {
    private final Cpu cpu;
    private final GuestRam ram;
    private volatile HashPageTable hpt;
    /** The partition-table entry's second doubleword (process table), as the hypervisor registered it. */
    private volatile long processTable;

    public SystemTranslator(Cpu cpu, GuestRam ram) {
        this.cpu = cpu;
        this.ram = ram;
    }

    /**
     * Installs the partition's page table (machine reset, CAS) and attaches the vCPU to the
     * partition's TLB shoot-down, which the table's invalidations and tlbie go through.
     */
    public void setPageTable(HashPageTable table) {
        HashPageTable old = hpt;
        if (old != null) old.shootdown().detach(cpu);
        hpt = table;
        if (table != null) table.shootdown().attach(cpu);
        cpu.raise(Cpu.PENDING_TLB_FLUSH);
    }

    public HashPageTable pageTable() {
        return hpt;
    }

    /**
     * Gives the vCPU the partition's process-table registration (PATE doubleword 1, QEMU's
     * patb_entry); cached radix translations are dropped when it changes.
     */
    public void setProcessTable(long pate1) {
        if (pate1 == processTable) return;
        processTable = pate1;
        cpu.raise(Cpu.PENDING_TLB_FLUSH);
    }

    public long processTable() {
        return processTable;
    }

    /**
     * tlbie: translations any vCPU of the partition may cache changed. Every vCPU sharing the
     * partition (those attached to its {@link TlbShootdown}) drops its software TLB at its next
     * instruction boundary; the tlbie completes when they all have (or are outside guest code).
     */
    @Override
    public void invalidateGlobal() {
        HashPageTable t = hpt;
        if (t != null) t.shootdown().flushAllAndWait(cpu);
    }

    @Override
    public Page translate(long ea, Access access) {
        boolean relocate = (cpu.msr & (access == Access.FETCH ? Cpu.MSR_IR : Cpu.MSR_DR)) != 0;
        long ra;
        if (!relocate) ra = ea & 0x0FFF_FFFF_FFFF_FFFFL;
        else if ((cpu.sys.spr[Spr.LPCR] & Spr.LPCR_HR) != 0) ra = RadixTranslation.translate(cpu.sys.spr, cpu.problemState(), ram, processTable, ea, access);
        else ra = HashTranslation.translate(cpu.slb, cpu.problemState(), hpt, ea, access);
        Page p = ram.page(ra);
        if (p == null) {
            // outside RAM: loads and stores go to a device window or else to nothing (read 0,
            // dropped); a fetch from outside RAM is a machine check
            if (access != Access.FETCH) {
                MmioRegion r = ram.mmio().route(ra);
                return new MmioPage(r, ra - r.base, (int) cpu.sys.spr[Spr.PIR]);
            }
            if (ram.mmio().find(ra) == null) ram.mmio().unassigned().rejected(ra, 4, false);
            throw new GuestInterrupt(Interrupt.MACHINE_CHECK, Interrupt.MC_FETCH, ea);
        }
        return p;
    }
}
