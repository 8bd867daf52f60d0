package org.jpseries.mmu.radix;

import static org.jpseries.mmu.radix.RadixFields.*;

import org.jpseries.memory.GuestRam;

/**
 * Builds radix page tables in guest RAM the way Linux lays them out on POWER9 (a 52-bit tree:
 * 13-bit root, 9-bit PUD and PMD, a 5-bit PTE level for 64K pages or 9-bit for 4K pages), and a
 * process table, with big-endian entries. Tables are carved from RAM upwards from {@code base}.
 */
final class RadixTables {
    final GuestRam ram;
    private long next;
    /** The process table: 64 KiB, 4096 entries. */
    final long processTable;

    RadixTables(GuestRam ram, long base) {
        this.ram = ram;
        this.next = base;
        this.processTable = alloc(1 << 16);
    }

    /** PATE doubleword 1 as H_REGISTER_PROC_TBL records it: GR | base | size (2^(4+12)). */
    long pate1() {
        return PATE1_GR | processTable | 4;
    }

    long alloc(long size) {
        next = (next + size - 1) & -size;
        long a = next;
        next += size;
        ram.fill(a, size, (byte) 0);
        return a;
    }

    /** A new tree for {@code pid}: a 13-bit root directory and RTS = 52. Returns the root. */
    long newProcess(int pid) {
        long root = alloc(8L << 13);
        ram.writeBE64(processTable + 16L * pid, prtbe0(root, 52, 13));
        return root;
    }

    /** Process-table entry doubleword 0: RTS (size - 31, split in bits 1:2 and 56:58), RPDB, RPDS. */
    static long prtbe0(long root, int treeSize, int rootBits) {
        long rts = treeSize - 31;
        return ((rts & 0x18) << 58) | ((rts & 7) << 5) | root | rootBits;
    }

    /**
     * Maps the page of size 2^pageShift (30, 21, 16 or 12) at {@code ea} to {@code ra} with the
     * given attribute/EAA bits (low 12 bits of the PTE); returns the leaf's real address.
     */
    long map(long root, long ea, long ra, int pageShift, long flags) {
        long dir = root;
        long nls = 13;
        int psize = 52;
        long[] lower = {9, 9, pageShift == 16 ? 5 : 9};
        for (int level = 0; ; level++) {
            long index = ((ea & EA_TREE) >>> (psize - nls)) & ((1L << nls) - 1);
            long pa = dir + index * 8;
            psize -= (int) nls;
            if (psize == pageShift) {
                ram.writeBE64(pa, PTE_VALID | PTE_LEAF | (ra & PTE_RPN) | flags);
                return pa;
            }
            if (psize < pageShift) throw new IllegalArgumentException("page shift " + pageShift);
            long pde = ram.readBE64(pa);
            if ((pde & PTE_VALID) == 0) {
                long n = lower[level];
                long d = alloc(8L << n);
                pde = PTE_VALID | d | n;
                ram.writeBE64(pa, pde);
            }
            dir = pde & PDE_NLB;
            nls = pde & PDE_NLS;
        }
    }
}
