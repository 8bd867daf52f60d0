package org.jpseries.spapr;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.mmu.TlbShootdown;
import org.jpseries.papr.Hcalls;
import org.jpseries.spapr.cas.CompatLevel;

/**
 * The logical partition across its vCPUs: what one vCPU's hcall changes for all of them. The
 * partition's LPCR bits and PCR follow the hcalls and CAS (QEMU's spapr_set_all_lpcrs), and an
 * invalidating hcall completes only once every other vCPU dropped the translations it removed
 * (the global completion of tlbie, through the HPT's {@link TlbShootdown}).
 *
 * <p>Threads: {@link #hypercall} runs on the calling vCPU's thread; {@link #sync} also on the
 * control thread with every vCPU stopped ({@code caller == null}). A vCPU's SPRs are written
 * by its own thread, or by another while it is stopped (under the run lock): running vCPUs get
 * new registers published ({@link Cpu#publishPartitionRegisters}) and copy them at their next
 * instruction. Lock order: this partition lock, then the run lock.
 */
final class Partition {
    private final Vcpu[] vcpus;
    private final SpaprMachine machine;
    private final SpaprPlatform platform;
    private final CpuModel cpu;
    private final TlbShootdown shootdown;
    /** LPCR[LD] when the machine has the large decrementer (cap-large-decr), else 0: fixed at creation. */
    private final long lpcrLd;
    /** Guards {@link #shadow} changes and the publication of new registers. */
    private final Object lock = new Object();
    /** The registers last given to the vCPUs ({@link #key}), -1 for none. */
    private volatile long shadow = -1;

    Partition(Vcpu[] vcpus, SpaprMachine machine, SpaprPlatform platform, CpuModel cpu, int decBits, TlbShootdown shootdown) {
        this.vcpus = vcpus;
        this.machine = machine;
        this.platform = platform;
        this.cpu = cpu;
        this.shootdown = shootdown;
        this.lpcrLd = decBits > 0 ? Spr.LPCR_LD : 0;
    }

    /** {@code sc 1} from supervisor state: the hcall in r3 with this vCPU's registers, then what it changed for the partition. */
    void hypercall(Vcpu v, Hcalls hcalls) {
        long before = shootdown.seq();
        v.cpu.inGuest = false;
        try {
            hcalls.dispatch(v);
            sync(v);
            long after = shootdown.seq();
            if (after != before) shootdown.awaitFlushed(v.cpu, after); // H_REMOVE & co. complete globally
        } finally {
            v.cpu.inGuest = true;
        }
    }

    /** After the partition's MMU state was reset or loaded: the next {@link #sync} gives every vCPU its registers. */
    void forget() {
        synchronized (lock) {
            shadow = -1;
        }
    }

    /**
     * Gives every vCPU the LPCR the partition's state asks for: ILE and AIL from H_SET_MODE,
     * HR/UPRT/GTSE and the process table from H_REGISTER_PROC_TBL, the compat mode (PCR) CAS
     * chose, and LPCR[LD] with the large decrementer. A change of the MMU mode drops every
     * vCPU's cached translations. Cheap when nothing changed.
     *
     * @param caller the vCPU whose hcall changed the state (it applies at once), or null when the machine is stopped
     */
    void sync(Vcpu caller) {
        long pate = platform.state().processTableEntry;
        for (Vcpu v : vcpus) v.translator.setProcessTable(pate);
        long lpcr = lpcr(), pcr = pcr();
        if (key(lpcr, pcr) == shadow) return; // the common case (every hcall): no lock, no allocation
        synchronized (lock) {
            lpcr = lpcr();
            pcr = pcr();
            if (key(lpcr, pcr) == shadow) return;
            shadow = key(lpcr, pcr);
            Cpu.PartitionRegisters regs = new Cpu.PartitionRegisters(lpcr, LPCR_MASK, pcr);
            for (Vcpu v : vcpus) {
                if (caller == null || v == caller) v.cpu.applyPartitionRegisters(regs);
                else machine.givePartitionRegisters(v, regs);
            }
        }
    }

    /** The LPCR bits the partition sets; the others are each vCPU's own. */
    private static final long LPCR_MASK = Spr.LPCR_ILE | 3L << Spr.LPCR_AIL_SHIFT | Spr.LPCR_HR | Spr.LPCR_UPRT | Spr.LPCR_GTSE
            | Spr.LPCR_LD;

    private static long key(long lpcr, long pcr) {
        return lpcr ^ (pcr << 1);
    }

    /** The partition's LPCR bits from the partition state. */
    private long lpcr() {
        PlatformState s = platform.state();
        // HR/UPRT/GTSE exist in the LPCR of ISA 3.00 CPUs only (QEMU's POWER8 lpcr_mask drops them)
        long mmu = !cpu.implementsIsa(300) ? 0
                : (s.hostRadix ? Spr.LPCR_HR : 0) | (s.useProcessTable ? Spr.LPCR_UPRT : 0) | (s.guestTranslationShootdown ? Spr.LPCR_GTSE : 0);
        return (s.interruptLittleEndian ? Spr.LPCR_ILE : 0) | (long) s.ail << Spr.LPCR_AIL_SHIFT | mmu | lpcrLd;
    }

    /** PCR from the compat PVR CAS (or max-cpu-compat) chose. */
    private long pcr() {
        return CompatLevel.pcr(cpu, platform.compatPvr());
    }
}
