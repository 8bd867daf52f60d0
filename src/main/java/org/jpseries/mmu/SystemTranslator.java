package org.jpseries.mmu;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.GuestInterrupt;
import org.jpseries.cpu.Interrupt;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.Page;
import org.jpseries.mmu.hash.HashPageTable;
import org.jpseries.mmu.hash.HashTranslation;

/**
 * Translation for a vCPU of a pseries partition (Book III 5.7): with relocation off for the
 * access (MSR[IR] for fetches, MSR[DR] for data) the effective address with its top 4 bits
 * ignored is the real address (Book III 5.7.3; QEMU's virtual-hypervisor real mode, where the
 * partition's real addresses are guest RAM addresses); with relocation on the hash MMU
 * translates it. A real address outside guest RAM is a machine check, the interrupt a
 * transaction to nothing raises.
 */
public final class SystemTranslator implements Translator {
    /** Machine check SRR1 bit 42: the error was caused by a load or store (Book III 7.5.2). */
    public static final long SRR1_MC_LOADSTORE = 1L << (63 - 42);

    private final Cpu cpu;
    private final GuestRam ram;
    private volatile HashPageTable hpt;

    public SystemTranslator(Cpu cpu, GuestRam ram) {
        this.cpu = cpu;
        this.ram = ram;
    }

    /** Installs the partition's page table (machine reset, CAS) and subscribes the vCPU to its flushes. */
    public void setPageTable(HashPageTable table) {
        HashPageTable old = hpt;
        if (old != null) old.detach(cpu);
        hpt = table;
        if (table != null) table.attach(cpu);
        cpu.raise(Cpu.PENDING_TLB_FLUSH);
    }

    public HashPageTable pageTable() {
        return hpt;
    }

    @Override
    public Page translate(long ea, Access access) {
        boolean relocate = (cpu.msr & (access == Access.FETCH ? Cpu.MSR_IR : Cpu.MSR_DR)) != 0;
        long ra = relocate ? HashTranslation.translate(cpu, hpt, ea, access) : ea & 0x0FFF_FFFF_FFFF_FFFFL;
        Page p = ram.page(ra);
        if (p == null) {
            throw new GuestInterrupt(Interrupt.MACHINE_CHECK, access == Access.FETCH ? 0 : SRR1_MC_LOADSTORE, ea);
        }
        return p;
    }
}
