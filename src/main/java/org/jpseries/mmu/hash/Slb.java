package org.jpseries.mmu.hash;

import static org.jpseries.state.Role.Kind.STATE;

import org.jpseries.state.Role;

/**
 * The segment lookaside buffer (PowerISA 3.0 Book III 5.7.7, 5.9.3): 32 entries on POWER8 and
 * POWER9, each mapping an effective segment (256 MB or 1 TB) to a virtual segment ID with its
 * protection keys and base page size. Entries are kept in the layout slbmte takes them:
 * {@link #esid} is RB with the index bits cleared (ESID in bits 0:35, V in bit 36), {@link #vsid}
 * is RS (B 0:1, VSID 2:51, Ks Kp N L C, LP 58:59). Owned by one vCPU thread. Saved with its
 * vCPU (cpu.CpuState) in the subsection "slb", every entry, valid or not.
 */
public final class Slb {
    public static final int SIZE = 32;

    /** RB bit 36 / slbmfee: the entry is valid. */
    public static final long ESID_V = 1L << 27;
    public static final long ESID_MASK_256M = 0xFFFF_FFFF_F000_0000L;
    public static final long ESID_MASK_1T = 0xFFFF_FF00_0000_0000L;

    /** RS fields (slbmte/slbmfev). */
    public static final long VSID_B = 0xC000_0000_0000_0000L;
    public static final long VSID_B_1T = 0x4000_0000_0000_0000L;
    public static final long VSID_VSID = 0x3FFF_FFFF_FFFF_F000L;
    public static final long VSID_KS = 0x800, VSID_KP = 0x400, VSID_N = 0x200, VSID_L = 0x100, VSID_C = 0x80;
    public static final long VSID_LP = 0x30;
    /** L||LP: the base page size encoding of the segment. */
    public static final long VSID_LLP = VSID_L | VSID_LP;
    /** The bits slbmte keeps: B, VSID, Ks, Kp, N, L, C, LP. */
    private static final long VSID_STORED = VSID_B | VSID_VSID | VSID_KS | VSID_KP | VSID_N | VSID_LLP | VSID_C;

    @Role(kind = STATE)
    final long[] esid = new long[SIZE];
    @Role(kind = STATE)
    final long[] vsid = new long[SIZE];

    /**
     * slbmte RS,RB (Book III 5.9.3.1): entry RB(52:63) takes ESID/V from RB and the rest from RS.
     * Returns false for an index beyond the SLB, reserved bits set in RB, a reserved segment size
     * (B=2,3) or an L||LP with no base page size, which the caller turns into the interrupt QEMU
     * gives (program, illegal instruction).
     */
    public boolean move(long rs, long rb) {
        int index = (int) (rb & 0xFFF);
        if (index >= SIZE) return false;
        if ((rb & ~(ESID_MASK_256M | ESID_V | 0xFFF)) != 0) return false; // reserved bits 37:51
        if ((rs & VSID_B) >>> 62 > 1) return false;
        if (PageSizes.baseShift(rs) == 0) return false; // no such base page size
        esid[index] = rb & (ESID_MASK_256M | ESID_V);
        vsid[index] = rs & VSID_STORED;
        return true;
    }

    /** slbmfee RT,RB: ESID||V of entry RB(52:63) (0 beyond the SLB). */
    public long readEsid(long rb) {
        int index = (int) (rb & 0xFFF);
        return index < SIZE ? esid[index] : 0;
    }

    /** slbmfev RT,RB: the RS fields of entry RB(52:63) (0 beyond the SLB). */
    public long readVsid(long rb) {
        int index = (int) (rb & 0xFFF);
        return index < SIZE ? vsid[index] : 0;
    }

    /** The index of the valid entry translating {@code ea}, or -1 (an SLB miss). */
    public int find(long ea) {
        for (int i = 0; i < SIZE; i++) {
            long e = esid[i];
            if ((e & ESID_V) == 0) continue;
            long mask = (vsid[i] & VSID_B) == VSID_B_1T ? ESID_MASK_1T : ESID_MASK_256M;
            if (((e ^ ea) & mask) == 0) return i;
        }
        return -1;
    }

    public long vsidAt(int index) {
        return vsid[index];
    }

    /**
     * slbie RB (Book III 5.9.3.2): invalidates the entry translating the ESID in RB, matched at the
     * entry's own segment size as QEMU does. Returns whether an entry was invalidated.
     */
    public boolean invalidate(long rb) {
        int i = find(rb);
        if (i < 0) return false;
        esid[i] &= ~ESID_V;
        return true;
    }

    /**
     * slbia IH (Book III 5.9.3.3): invalidates every entry except entry 0 (ISA 2.07 and QEMU);
     * IH=3 keeps the entries of class 0 (C=0), as ISA 3.0 allows.
     */
    public void invalidateAll(int ih) {
        for (int i = 1; i < SIZE; i++) {
            if (ih == 3 && (vsid[i] & VSID_C) == 0) continue;
            esid[i] &= ~ESID_V;
        }
    }

    /** Invalidates every entry, entry 0 included (CPU reset). */
    public void reset() {
        java.util.Arrays.fill(esid, 0);
        java.util.Arrays.fill(vsid, 0);
    }
}
