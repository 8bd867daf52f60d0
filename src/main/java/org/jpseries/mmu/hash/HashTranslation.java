package org.jpseries.mmu.hash;

import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.mmu.Access;

/**
 * Translation of an effective address with relocation on (Book III 5.7.7): the SLB gives the
 * segment's VSID, key bits and base page size; the hashed page table gives the real page; the
 * PP bits with the key selected by MSR[PR] grant the access (Book III 5.7.10.1, Table 8); N in
 * the SLB or the HPTE, or G in the HPTE, forbid execution. Reference and change bits are set as
 * the access is performed. Faults raise the architected interrupt with DSISR (data) or the
 * SRR1 cause bits (instruction) of Book III 7.5.3/7.5.5, as QEMU's ppc_hash64_xlate does.
 */
public final class HashTranslation {
    private HashTranslation() {}

    /** DSISR / SRR1 cause bits (Book III 7.5.3, 7.5.5). */
    public static final long DSISR_NOPTE = 0x4000_0000L, DSISR_PROTFAULT = 0x0800_0000L,
            DSISR_STORE = 0x0200_0000L, SRR1_NOPTE = 0x4000_0000L, SRR1_NOEXEC_GUARD = 0x1000_0000L,
            SRR1_PROTFAULT = 0x0800_0000L;

    private static final long SEGMENT_256M = (1L << 28) - 1, SEGMENT_1T = (1L << 40) - 1;

    /**
     * Real address of {@code ea} for the access, or a thrown storage/segment interrupt.
     *
     * @param slb the translating vCPU's SLB
     * @param problemState its MSR[PR], which picks the SLB entry's Kp or Ks key
     */
    public static long translate(Slb slb, boolean problemState, HashPageTable hpt, long ea, Access access) {
        int e = slb.find(ea);
        if (e < 0) {
            throw access == Access.FETCH
                    ? new GuestInterrupt(Interrupt.INSTRUCTION_SEGMENT, 0, ea)
                    : new GuestInterrupt(Interrupt.DATA_SEGMENT, 0, ea);
        }
        long slbv = slb.vsidAt(e);
        if (access == Access.FETCH && (slbv & Slb.VSID_N) != 0) {
            throw new GuestInterrupt(Interrupt.INSTRUCTION_STORAGE, SRR1_NOEXEC_GUARD, ea);
        }
        int base = PageSizes.baseShift(slbv);
        long epnMask = ~((1L << base) - 1);
        long hash;
        long epn;
        if ((slbv & Slb.VSID_B) == Slb.VSID_B_1T) {
            long vsid = (slbv & Slb.VSID_VSID) >>> 24;
            epn = ea & SEGMENT_1T & epnMask;
            hash = vsid ^ (vsid << 25) ^ (epn >>> base);
        } else {
            long vsid = (slbv & Slb.VSID_VSID) >>> 12;
            epn = ea & SEGMENT_256M & epnMask;
            hash = vsid ^ (epn >>> base);
        }
        long ptem = (slbv & (Slb.VSID_B | Slb.VSID_VSID)) | ((epn >>> 16) & HashPageTable.V_AVPN) | HashPageTable.V_VALID;
        boolean key = (slbv & (problemState ? Slb.VSID_KP : Slb.VSID_KS)) != 0;
        long[] found = new long[2];
        long ptex, r;
        do {
            ptex = hpt == null ? -1 : hpt.lookup(hash, ptem, base, found);
            if (ptex < 0) throw fault(access, ea, DSISR_NOPTE, SRR1_NOPTE);
            r = found[0];
            int pp = (int) ((r & HashPageTable.R_PP) | ((r & HashPageTable.R_PP0) >>> 61));
            // a no-execute or guarded page is reported before a PP violation (as QEMU)
            if (access == Access.FETCH && (r & (HashPageTable.R_N | HashPageTable.R_G)) != 0) {
                throw new GuestInterrupt(Interrupt.INSTRUCTION_STORAGE, SRR1_NOEXEC_GUARD, ea);
            }
            if (!permitted(key, pp, access)) throw fault(access, ea, DSISR_PROTFAULT, SRR1_PROTFAULT);
            // R and C are set only on the entry as checked; if it changed meanwhile, look again
        } while (!hpt.touch(ptex, r, access == Access.STORE));
        long pageMask = (1L << found[1]) - 1;
        return (r & HashPageTable.R_RPN & ~pageMask) | (ea & pageMask);
    }

    /**
     * Storage protection by PP and the key (Book III 5.7.10.1): key 0 allows everything except
     * stores with PP=011/110; key 1 allows nothing with PP=000/110, reads with 001/011, and
     * everything with 010. PP values 100, 101 and 111 are reserved and, as in QEMU, forbid access.
     */
    static boolean permitted(boolean key, int pp, Access access) {
        boolean read, write;
        if (!key) {
            read = pp <= 3 || pp == 6;
            write = pp <= 2;
        } else {
            read = pp == 1 || pp == 2 || pp == 3;
            write = pp == 2;
        }
        return access == Access.STORE ? write : read;
    }

    private static GuestInterrupt fault(Access access, long ea, long dsisr, long srr1) {
        if (access == Access.FETCH) return new GuestInterrupt(Interrupt.INSTRUCTION_STORAGE, srr1, ea);
        return new GuestInterrupt(Interrupt.DATA_STORAGE, dsisr | (access == Access.STORE ? DSISR_STORE : 0), ea);
    }
}
