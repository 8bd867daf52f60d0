package org.jpseries.cpu;

import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;

/**
 * Takes an interrupt in a partition (MSR[HV]=0), as PowerISA 3.0 Book III 7.4-7.5 describes and
 * QEMU's powerpc_excp_books does for a virtual-hypervisor guest:
 * <ul>
 * <li>SRR0: the instruction that caused it (it did not complete), the address that could not be
 * fetched for ISI/ISegI, or the next instruction for sc and the asynchronous interrupts
 * (external, decrementer, doorbell);</li>
 * <li>SRR1: MSR bits 0:32, 37:41, 48:63, with bits 33:36 and 42:47 carrying the cause
 * (program reason, ISI cause, machine-check source);</li>
 * <li>DAR/DSISR for data storage, DAR for data segment and alignment, FSCR[IC] for facility
 * unavailable;</li>
 * <li>new MSR: SF=1, HV and ME unchanged, LE = LPCR[ILE], everything else 0 except IR/DR when
 * the alternate interrupt location applies;</li>
 * <li>vector: the architected offset, moved by LPCR[AIL] = 2 (+0x1_8000) or 3
 * (+0xC000_0000_0000_4000) when the interrupted context had IR=DR=1, except for system reset
 * and machine check.</li>
 * </ul>
 * System call vectored (scv) is different: LR = next instruction, CTR = MSR, vector 0x3000+LEV*32
 * relocated by AIL=3 (0x1_7000 + ... otherwise), EE kept.
 *
 * <p>A machine check keeps MSR[ME] too. On hardware it is taken in hypervisor state with ME=0
 * (Book III 7.5.2) and the hypervisor's return restores ME; in a partition (MSR[HV]=0) ME belongs
 * to the hypervisor: "an attempt to modify MSR[ME] in privileged but non-hypervisor state is
 * ignored" (mtmsr, mtmsrd, rfid: Book III 4.4.4, 7.6), so an OS that saw ME=0 could never set it
 * again and its next machine check would checkstop the machine. The hypervisors that reflect a
 * machine check into a partition enter the OS with ME=1: KVM-HV's kvmppc_inject_interrupt_hv
 * (new MSR = vcpu->arch.intr_msr = MSR_SF|MSR_ME) and QEMU's FWNMI delivery
 * ppc_cpu_do_fwnmi_machine_check (MSR = ME|SF|LE). QEMU 7.2's TCG pseries clears ME here
 * (powerpc_excp_books) and lets the guest's rfid set it again (hreg_store_msr), which the ISA
 * does not allow and later QEMU stopped doing.
 */
public final class InterruptDelivery {
    private InterruptDelivery() {}

    /** SRR1 bits that hold the cause instead of a copy of the MSR: 33:36 and 42:47. */
    public static final long SRR1_CAUSE_BITS = 0x0000_0000_783F_0000L;

    /** True for interrupts whose SRR0 is the next instruction rather than the current one. */
    static boolean afterInstruction(Interrupt kind) {
        return kind == Interrupt.SYSTEM_CALL || kind == Interrupt.EXTERNAL || kind == Interrupt.DECREMENTER
                || kind == Interrupt.DOORBELL || kind == Interrupt.SYSTEM_RESET; // the reset is injected between instructions
    }

    /**
     * Faults of instruction fetch: SRR0 is the address that could not be fetched (a branch
     * target, or the next sequential address), which the interpreter has not made cia yet.
     */
    static boolean fetchFault(GuestInterrupt gi) {
        return gi.kind == Interrupt.INSTRUCTION_STORAGE || gi.kind == Interrupt.INSTRUCTION_SEGMENT
                || (gi.kind == Interrupt.MACHINE_CHECK && (gi.detail & FETCH_MC_MASK) == 0);
    }

    /** SRR1 bit 42 of a machine check: caused by a load or store; otherwise by instruction fetch. */
    private static final long FETCH_MC_MASK = 1L << (63 - 42);

    /**
     * Delivers {@code gi} on {@code cpu}: sets SRR0/SRR1 (and DAR/DSISR), the new MSR and nip.
     * The caller has made sure the MSR allows it (EE for asynchronous ones).
     */
    public static void deliver(Cpu cpu, GuestInterrupt gi) {
        Interrupt kind = gi.kind;
        long msr = cpu.msr;
        long[] spr = cpu.sys.spr;
        long srr1 = msr & ~SRR1_CAUSE_BITS;
        switch (kind) {
            case DATA_STORAGE -> {
                spr[Spr.DAR] = gi.address;
                spr[Spr.DSISR] = gi.detail & 0xFFFFFFFFL;
            }
            case DATA_SEGMENT, ALIGNMENT -> spr[Spr.DAR] = gi.address;
            case INSTRUCTION_STORAGE, PROGRAM -> srr1 |= gi.detail & SRR1_CAUSE_BITS;
            // FSCR[IC], bits 0:7, says which facility was unavailable
            case FACILITY_UNAVAILABLE -> spr[Spr.FSCR] = (spr[Spr.FSCR] & ~(0xFFL << 56)) | (gi.detail & 0xFF) << 56;
            case MACHINE_CHECK -> {
                // a load or store error gives DAR; a load also DSISR bit 57 (as QEMU's models)
                srr1 |= gi.detail & SRR1_CAUSE_BITS;
                if ((gi.detail & FETCH_MC_MASK) != 0) spr[Spr.DAR] = gi.address;
                if ((gi.detail & SRR1_CAUSE_BITS) == FETCH_MC_MASK) spr[Spr.DSISR] = 1L << (63 - 57);
            }
            default -> {
            }
        }
        spr[Spr.SRR0] = afterInstruction(kind) ? cpu.nip : fetchFault(gi) ? gi.address : cpu.cia;
        spr[Spr.SRR1] = srr1;
        long lpcr = spr[Spr.LPCR];
        long newMsr = Cpu.MSR_SF | (msr & (Cpu.MSR_HV | Cpu.MSR_ME)); // ME kept even by a machine check: see above
        if ((lpcr & Spr.LPCR_ILE) != 0) newMsr |= Cpu.MSR_LE;
        long vector = kind.vector;
        if (kind != Interrupt.SYSTEM_RESET && kind != Interrupt.MACHINE_CHECK
                && (msr & (Cpu.MSR_IR | Cpu.MSR_DR)) == (Cpu.MSR_IR | Cpu.MSR_DR)) {
            int ail = (int) (lpcr >>> Spr.LPCR_AIL_SHIFT) & 3;
            if (ail == 2) {
                vector |= 0x1_8000L;
                newMsr |= Cpu.MSR_IR | Cpu.MSR_DR;
            } else if (ail == 3) {
                vector |= 0xC000_0000_0000_4000L;
                newMsr |= Cpu.MSR_IR | Cpu.MSR_DR;
            }
        }
        cpu.writeMsr(newMsr);
        cpu.nip = vector;
    }

    /**
     * System call vectored (Book III 7.5.15, ISA 3.0): LR = the next instruction, CTR = MSR,
     * new MSR as for other interrupts but EE and RI kept (QEMU powerpc_excp_books), vector 0x1_7000 + LEV*0x20 or, with
     * LPCR[AIL]=3, 0xC000_0000_0000_3000 + LEV*0x20 with relocation on.
     */
    public static void deliverScv(Cpu cpu, int lev) {
        long msr = cpu.msr;
        long lpcr = cpu.sys.spr[Spr.LPCR];
        cpu.lr = cpu.nip;
        cpu.ctr = msr;
        long newMsr = Cpu.MSR_SF | (msr & (Cpu.MSR_HV | Cpu.MSR_ME | Cpu.MSR_EE | Cpu.MSR_RI));
        if ((lpcr & Spr.LPCR_ILE) != 0) newMsr |= Cpu.MSR_LE;
        long vector = 0x1_7000L + 0x20L * (lev & 0x7F);
        if (((lpcr >>> Spr.LPCR_AIL_SHIFT) & 3) == 3) {
            vector = 0xC000_0000_0000_3000L + 0x20L * (lev & 0x7F);
            newMsr |= Cpu.MSR_IR | Cpu.MSR_DR;
        }
        cpu.writeMsr(newMsr);
        cpu.nip = vector;
    }
}
