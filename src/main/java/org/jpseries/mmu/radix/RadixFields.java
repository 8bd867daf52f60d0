package org.jpseries.mmu.radix;

/**
 * Field layouts of the radix MMU's tables (PowerISA 3.0 Book III 6.7.6-6.7.10; QEMU
 * target/ppc/mmu-radix64.h and Linux asm/book3s/64/radix.h use the same bits). Every table entry
 * is a big-endian doubleword in guest real storage, whatever MSR[LE] says.
 */
public final class RadixFields {
    private RadixFields() {}

    // ---- partition-table entry, doubleword 1 (what H_REGISTER_PROC_TBL gives a pseries guest) ----
    /** Guest radix: the partition uses the radix tree (PATE1 bit 0). */
    public static final long PATE1_GR = 1L << 63;
    /** Process table base (a real address aligned to its size). */
    public static final long PATE1_PRTB = 0x0FFF_FFFF_FFFF_F000L;
    /** Process table size: 2^(PRTS+12) bytes. */
    public static final long PATE1_PRTS = 0x1F;

    // ---- process-table entry, doubleword 0 ----
    /** Root page directory base. */
    public static final long PRTBE_RPDB = 0x0FFF_FFFF_FFFF_FF00L;
    /** Root page directory size: 2^RPDS entries. */
    public static final long PRTBE_RPDS = 0x1F;

    /** Radix tree size in bits of effective address: RTS (bits 1:2 and 56:58) + 31. */
    public static int radixTreeSize(long prtbe0) {
        return (int) (((prtbe0 >>> 58) & 0x18) | ((prtbe0 >>> 5) & 0x7)) + 31;
    }

    // ---- page directory and page table entries ----
    public static final long PTE_VALID = 1L << 63, PTE_LEAF = 1L << 62;
    /** Next level base and size of a non-leaf entry (as the process-table entry's RPDB/RPDS). */
    public static final long PDE_NLB = PRTBE_RPDB, PDE_NLS = PRTBE_RPDS;
    /** Real page number of a leaf. */
    public static final long PTE_RPN = 0x01FF_FFFF_FFFF_F000L;
    /** Reference and change bits of a leaf. */
    public static final long PTE_R = 0x100, PTE_C = 0x80;
    /** Attribute field (bits 58:59): 0 normal, 1 SAO, 2 non-idempotent I/O, 3 tolerant I/O. */
    public static final long PTE_ATT = 0x30, PTE_ATT_NI_IO = 0x20;
    /** Encoded access authority (bits 60:63): privileged, read, read/write, execute. */
    public static final long PTE_EAA_PRIV = 0x8, PTE_EAA_R = 0x4, PTE_EAA_RW = 0x2, PTE_EAA_X = 0x1;

    // ---- effective addresses ----
    /** Quadrant: EA bits 0:1. Quadrant 0 is the process's (PIDR), 3 the operating system's (PID 0). */
    public static final long EA_QUADRANT = 0xC000_0000_0000_0000L, EA_QUADRANT3 = 0xC000_0000_0000_0000L;
    /** EA bits 2:11 must be zero (a 52-bit tree), else a segment interrupt (QEMU R_EADDR_VALID_MASK). */
    public static final long EA_VALID = 0xC00F_FFFF_FFFF_FFFFL;
    /** The EA the tree translates: without the quadrant bits. */
    public static final long EA_TREE = 0x3FFF_FFFF_FFFF_FFFFL;
}
