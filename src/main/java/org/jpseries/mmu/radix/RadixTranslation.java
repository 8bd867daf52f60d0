package org.jpseries.mmu.radix;

import static org.jpseries.mmu.radix.RadixFields.*;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.Page;
import org.jpseries.memory.StorageAtomics;
import org.jpseries.mmu.Access;

/**
 * Radix translation of an effective address with relocation on, for a partition whose
 * partition-scoped translation is the identity (PowerISA 3.0 Book III 6.7.10; QEMU
 * ppc_radix64_xlate with a virtual hypervisor, where guest real addresses are guest RAM):
 *
 * <ol>
 * <li>EA bits 2:11 must be zero, and the quadrant (EA bits 0:1) must be 0 (the process named by
 * PIDR) or 3 (the operating system, PID 0); anything else is a segment interrupt (0x380/0x480).</li>
 * <li>The process table, registered by H_REGISTER_PROC_TBL, gives the process's root page
 * directory, its size and the tree's size (RTS).</li>
 * <li>The walk consumes NLS bits of the EA per level; the configurations of POWER9 (13, 9, 9, 9
 * or 5 bits for a 52-bit tree, the POWER9 User's Manual 4.10.4.1 that QEMU checks) give 1G, 2M,
 * 64K and 4K leaves; any other shape is a bad-configuration fault.</li>
 * <li>The leaf's encoded access authority grants the access: a privileged page nothing to
 * problem state; a non-privileged page in supervisor state what AMR/IAMR key 0 also allows.
 * Fetching from non-idempotent I/O storage is a guarded-storage fault.</li>
 * <li>Reference (and for a store change) is set in the guest's PTE atomically with respect to
 * other vCPUs and to stcx.: inside the entry's exclusive section ({@code StorageAtomics}, as stcx.
 * and the AMOs), and only if the entry is still the one walked; otherwise the walk is redone (up to 16
 * times; a PTE changed faster than that by other vCPUs leaves this access without R/C).</li>
 * </ol>
 * Faults are DSI (DSISR) or ISI (SRR1) with QEMU's cause bits: no translation, protection, bad
 * configuration, with the store bit for stores.
 */
public final class RadixTranslation {
    private RadixTranslation() {}

    /** DSISR / SRR1 cause bits (Book III 7.5.3, 7.5.5; QEMU DSISR_*). */
    public static final long DSISR_NOPTE = 0x4000_0000L, DSISR_PROTFAULT = 0x0800_0000L, DSISR_STORE = 0x0200_0000L,
            DSISR_BADCONFIG = 0x0008_0000L, SRR1_NOEXEC_GUARD = 0x1000_0000L;

    /** Table entries are big-endian doublewords, naturally aligned (every table base is). */
    private static final VarHandle BE64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN).varHandle();
    private static final int READ = 1, WRITE = 2, EXEC = 4;
    /** A concurrent change of the PTE between walk and R/C update makes the walk restart; bounded. */
    private static final int RC_RETRIES = 16;

    /**
     * Real address of {@code ea} for the access, or a thrown storage/segment interrupt.
     *
     * @param spr the translating vCPU's SPRs (PIDR, AMR, IAMR), indexed by {@link Spr} number
     * @param problemState its MSR[PR]
     * @param pate1 the partition-table entry's second doubleword (process table base and size)
     */
    public static long translate(long[] spr, boolean problemState, GuestRam ram, long pate1, long ea, Access access) {
        if ((ea & ~EA_VALID) != 0) throw segment(access, ea);
        long quadrant = ea & EA_QUADRANT;
        long pid;
        if (quadrant == 0) pid = spr[Spr.PIDR] & 0xFFFF_FFFFL;
        else if (quadrant == EA_QUADRANT3) pid = 0;
        else throw segment(access, ea);

        long prtb = pate1 & PATE1_PRTB;
        long size = 1L << ((pate1 & PATE1_PRTS) + 12);
        if ((prtb & (size - 1)) != 0) throw storage(access, ea, DSISR_BADCONFIG);
        long offset = pid * 16;
        if (offset >= size) throw storage(access, ea, DSISR_NOPTE);
        long prtbe0 = load(ram, prtb + offset);
        long eaTree = ea & EA_TREE;

        for (int attempt = 0; ; attempt++) {
            // ---- the walk (Book III 6.7.10.2) ----
            int psize = radixTreeSize(prtbe0);
            long nls = prtbe0 & PRTBE_RPDS;
            long base = prtbe0 & PRTBE_RPDB;
            long pteAddr = entryAddress(base, eaTree, psize, nls);
            long pte;
            int level = 0;
            while (true) {
                if (!validLevel(level++, psize, nls)) throw storage(access, ea, DSISR_BADCONFIG);
                pte = load(ram, pteAddr);
                if ((pte & PTE_VALID) == 0) throw storage(access, ea, DSISR_NOPTE);
                psize -= (int) nls;
                if ((pte & PTE_LEAF) != 0) break;
                nls = pte & PDE_NLS;
                pteAddr = entryAddress(pte & PDE_NLB, eaTree, psize, nls);
            }

            // ---- protection (Book III 6.7.12) ----
            if (access == Access.FETCH && (pte & PTE_ATT) == PTE_ATT_NI_IO) {
                throw storage(access, ea, SRR1_NOEXEC_GUARD);
            }
            int prot = permissions(spr, problemState, pte);
            int need = access == Access.LOAD ? READ : access == Access.STORE ? WRITE : EXEC;
            if ((prot & need) == 0) throw storage(access, ea, access == Access.FETCH ? SRR1_NOEXEC_GUARD : DSISR_PROTFAULT);

            // ---- reference and change (Book III 6.7.12.3) ----
            long npte = pte | PTE_R | (access == Access.STORE ? PTE_C : 0);
            if (npte != pte && !setReferenceChange(ram, pteAddr, pte, npte) && attempt < RC_RETRIES) continue;

            long mask = (1L << psize) - 1;
            return (pte & PTE_RPN & ~mask) | (ea & mask);
        }
    }

    /**
     * The entry of the directory at {@code base} (2^nls entries) that {@code ea} selects when
     * {@code psize} bits of EA remain to translate; a misaligned base has its low bits ignored,
     * as QEMU does.
     */
    private static long entryAddress(long base, long ea, int psize, long nls) {
        long index = (ea >>> (psize - nls)) & ((1L << nls) - 1);
        return (base & ~((1L << (nls + 3)) - 1)) + index * 8;
    }

    /**
     * The tree shapes POWER9 supports (QEMU ppc_radix64_is_valid_level): a 52-bit tree with a
     * 13-bit root, 9-bit second and third levels and a 9- or 5-bit last level.
     */
    static boolean validLevel(int level, int psize, long nls) {
        return switch (level) {
            case 0 -> psize == 52 && nls == 13;
            case 1, 2 -> nls == 9;
            case 3 -> nls == 9 || nls == 5;
            default -> false;
        };
    }

    /** READ/WRITE/EXEC granted by the leaf's EAA with MSR[PR], AMR and IAMR (QEMU ppc_radix64_check_prot). */
    static int permissions(long[] spr, boolean problem, long pte) {
        boolean priv = (pte & PTE_EAA_PRIV) != 0;
        if (priv && problem) return 0;
        int prot = ((pte & PTE_EAA_R) != 0 ? READ : 0) | ((pte & PTE_EAA_RW) != 0 ? READ | WRITE : 0)
                | ((pte & PTE_EAA_X) != 0 ? EXEC : 0);
        if (!priv && !problem) {
            // the operating system touching a process's page: AMR/IAMR key 0 may deny it (Book III 5.7.13)
            long amr = spr[Spr.AMR] >>> 62, iamr = spr[Spr.IAMR] >>> 62;
            if ((amr & 2) != 0) prot &= ~WRITE;
            if ((amr & 1) != 0) prot &= ~READ;
            if ((iamr & 1) != 0) prot &= ~EXEC;
        }
        return prot;
    }

    /** Writes {@code npte} over the entry at {@code pa} if it still holds {@code pte}; false if it changed. */
    private static boolean setReferenceChange(GuestRam ram, long pa, long pte, long npte) {
        Page p = ram.page(pa);
        if (p == null) return true; // a table outside RAM reads as zeros: never a valid leaf
        long off = p.base + (pa & Page.MASK);
        p.markWritten();
        // a compare-and-set, so that a store of the guest to the entry meanwhile is not lost
        synchronized (StorageAtomics.section(p.address + (pa & Page.MASK))) {
            if (!BE64.compareAndSet(p.mem, off, pte, npte)) return false;
        }
        if (p.code != null) p.dropCode();
        return true;
    }

    /** A table doubleword; storage outside RAM reads as zero (QEMU's unassigned reads). */
    static long load(GuestRam ram, long pa) {
        Page p = ram.page(pa);
        if (p == null) return 0;
        return (long) BE64.get(p.mem, p.base + (pa & Page.MASK));
    }

    private static GuestInterrupt segment(Access access, long ea) {
        return new GuestInterrupt(access == Access.FETCH ? Interrupt.INSTRUCTION_SEGMENT : Interrupt.DATA_SEGMENT, 0, ea);
    }

    private static GuestInterrupt storage(Access access, long ea, long cause) {
        if (access == Access.FETCH) return new GuestInterrupt(Interrupt.INSTRUCTION_STORAGE, cause, ea);
        return new GuestInterrupt(Interrupt.DATA_STORAGE, cause | (access == Access.STORE ? DSISR_STORE : 0), ea);
    }
}
