package org.jpseries.mmu.hash;

/**
 * The page sizes of the hash MMU (Book III 5.7.7.1, 5.7.10.1) as the platform advertises them in
 * {@code ibm,segment-page-sizes}: base page sizes 4 KiB, 64 KiB and 16 MiB selected by the SLB's
 * L||LP, and for each base the actual page sizes an HPTE may map with its LP encoding in the
 * low RPN bits. The encodings are those of QEMU's POWER7/8/9 tables (target/ppc/mmu-hash64.c);
 * 16 GiB pages are not offered.
 */
public final class PageSizes {
    private PageSizes() {}

    /** SLB L||LP encodings of the base page sizes. */
    public static final long SLB_4K = 0x000, SLB_64K = 0x110, SLB_16M = 0x100;

    /** {base shift, slb encoding, then pairs of (actual shift, HPTE LP encoding)}. */
    private static final long[][] TABLE = {
        {12, SLB_4K, 12, 0x0, 16, 0x7, 24, 0x38},
        {16, SLB_64K, 16, 0x1, 24, 0x8},
        {24, SLB_16M, 24, 0x0},
    };

    static final long HPTE_V_LARGE = 0x4;
    static final long HPTE_R_RPN = 0x0FFF_FFFF_FFFF_F000L;

    /** The base page shift of a segment from its SLB VSID word (L||LP), or 0 if undefined. */
    public static int baseShift(long slbVsid) {
        long llp = slbVsid & Slb.VSID_LLP;
        for (long[] e : TABLE) {
            if (e[1] == llp) return (int) e[0];
        }
        return 0;
    }

    /**
     * The actual page shift an HPTE maps in a segment of base page shift {@code base}, or 0 when
     * its encoding is not valid for that base (the HPTE then does not match, Book III 5.7.7.2).
     */
    public static int actualShift(int base, long v, long r) {
        if ((v & HPTE_V_LARGE) == 0) return base == 12 ? 12 : 0;
        for (long[] e : TABLE) {
            if (e[0] != base) continue;
            for (int k = 2; k < e.length; k += 2) {
                int shift = (int) e[k];
                if (shift == 12) continue; // L=1 cannot be a 4 KiB page
                long mask = ((1L << shift) - 1) & HPTE_R_RPN;
                if ((r & mask) == e[k + 1] << 12) return shift;
            }
        }
        return 0;
    }

    /**
     * The cells of the {@code ibm,segment-page-sizes} property (PAPR; QEMU's
     * ppc_create_page_sizes_prop): for each base page size its shift, its SLB L||LP encoding as
     * Linux stores it in mmu_psize_def.sllp, the number of actual sizes, then (shift, LP
     * encoding) pairs. Exactly what this MMU decodes.
     */
    public static int[] segmentPageSizesCells() {
        int n = 0;
        for (long[] e : TABLE) n += 3 + (e.length - 2);
        int[] cells = new int[n];
        int k = 0;
        for (long[] e : TABLE) {
            cells[k++] = (int) e[0];
            cells[k++] = (int) e[1];
            cells[k++] = (e.length - 2) / 2;
            for (int j = 2; j < e.length; j++) cells[k++] = (int) e[j];
        }
        return cells;
    }

    /** The actual page shift of an HPTE whatever the segment (H_ENTER's check), or 0. */
    public static int actualShiftAnyBase(long v, long r) {
        if ((v & HPTE_V_LARGE) == 0) return 12;
        for (long[] e : TABLE) {
            int s = actualShift((int) e[0], v, r);
            if (s != 0) return s;
        }
        return 0;
    }
}
