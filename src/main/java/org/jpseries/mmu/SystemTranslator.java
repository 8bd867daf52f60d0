package org.jpseries.mmu;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.GuestInterrupt;
import org.jpseries.cpu.Interrupt;
import org.jpseries.cpu.Spr;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.MmioPage;
import org.jpseries.memory.MmioRegion;
import org.jpseries.memory.Page;
import org.jpseries.mmu.hash.HashPageTable;
import org.jpseries.mmu.hash.HashTranslation;
import org.jpseries.mmu.radix.RadixTranslation;
import org.jpseries.cpu.Spr;

/**
 * Translation for a vCPU of a pseries partition (Book III 5.7): with relocation off for the
 * access (MSR[IR] for fetches, MSR[DR] for data) the effective address with its top 4 bits
 * ignored is the real address (Book III 5.7.3; QEMU's virtual-hypervisor real mode, where the
 * partition's real addresses are guest RAM addresses); with relocation on, the radix tree
 * translates it when LPCR[HR] is set (the partition registered a radix process table: QEMU's
 * ppc_xlate picks ppc_radix64_xlate when ppc64_v3_radix(), which tests LPCR[HR], and
 * H_REGISTER_PROC_TBL sets HR through spapr_set_all_lpcrs), and the hash MMU otherwise. A real
 * address outside guest RAM is a device window of the machine's
 * {@link org.jpseries.memory.MmioMap} for loads and stores, or else a machine check, as QEMU
 * raises for a transaction to unassigned addresses on POWER8 and later.
 */
public final class SystemTranslator implements Translator {
    /** Machine check SRR1 bit 42: the error was caused by a load or store (Book III 7.5.2). */
    public static final long SRR1_MC_LOADSTORE = 1L << (63 - 42);
    /**
     * The machine-check codes QEMU's POWER8/9/10 models report for an access to nothing
     * (ppc_cpu_do_transaction_failed): SRR1 bits 42 for a load (with DSISR bit 57), 36|42|43|45
     * for a store, 36|44|45 for an instruction fetch.
     */
    public static final long MC_LOAD = SRR1_MC_LOADSTORE,
            MC_STORE = 1L << (63 - 36) | SRR1_MC_LOADSTORE | 1L << (63 - 43) | 1L << (63 - 45),
            MC_FETCH = 1L << (63 - 36) | 1L << (63 - 44) | 1L << (63 - 45);

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
        else if ((cpu.sys.spr[Spr.LPCR] & Spr.LPCR_HR) != 0) ra = RadixTranslation.translate(cpu, ram, processTable, ea, access);
        else ra = HashTranslation.translate(cpu, hpt, ea, access);
        Page p = ram.page(ra);
        if (p == null) {
            // outside RAM: a device window for loads and stores (never for fetches), else nothing
            MmioRegion r = access == Access.FETCH ? null : ram.mmio().find(ra);
            if (r != null) return new MmioPage(r, ra - r.base, (int) cpu.sys.spr[Spr.PIR]);
            long code = switch (access) {
                case LOAD -> MC_LOAD;
                case STORE -> MC_STORE;
                case FETCH -> MC_FETCH;
            };
            throw new GuestInterrupt(Interrupt.MACHINE_CHECK, code, ea);
        }
        return p;
    }
}
