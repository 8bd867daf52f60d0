package org.jpseries.mmu.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Builds SLB words and HPTEs the way Linux's hash MMU code does (arch/powerpc/include/asm/
 * book3s/64/mmu-hash.h: hpt_hash, hpte_encode_avpn, hpte_encode_r), independently of the
 * emulator's lookup, so that the tests check the emulator against the guest's view.
 */
final class Mapping {
    private Mapping() {}

    static final long V_VALID = 1, V_LARGE = 4, V_SECONDARY = 2;
    static final long R_M = 0x10;

    /** slbmte RS for a segment: B, VSID, Ks, Kp, N, L||LP. */
    static long slbVsid(long vsid, boolean oneT, boolean ks, boolean kp, boolean n, long llp) {
        return (oneT ? 1L << 62 : 0) | vsid << (oneT ? 24 : 12) | (ks ? 0x800 : 0) | (kp ? 0x400 : 0)
                | (n ? 0x200 : 0) | llp;
    }

    /** slbmte RB: ESID of the EA, V, index. */
    static long slbEsid(long ea, boolean oneT, int index) {
        long mask = oneT ? 0xFFFF_FF00_0000_0000L : 0xFFFF_FFFF_F000_0000L;
        return (ea & mask) | 1L << 27 | index;
    }

    /** Linux's virtual page number (VPN_SHIFT = 12) of an EA in a segment. */
    static long vpn(long vsid, long ea, boolean oneT) {
        int sidShift = oneT ? 40 : 28;
        return (vsid << (sidShift - 12)) | ((ea & ((1L << sidShift) - 1)) >>> 12);
    }

    /** hpt_hash(vpn, shift, ssize). */
    static long hash(long vpn, int shift, boolean oneT) {
        if (!oneT) {
            long mask = (1L << (28 - 12)) - 1;
            return (vpn >>> (28 - 12)) ^ ((vpn & mask) >>> (shift - 12));
        }
        long mask = (1L << (40 - 12)) - 1;
        long vsid = vpn >>> (40 - 12);
        return vsid ^ (vsid << 25) ^ ((vpn & mask) >>> (shift - 12));
    }

    /** hpte_encode_avpn | V (| L for large pages): doubleword 0 of the HPTE. */
    static long pteh(long vpn, int shift, boolean oneT) {
        long avpnm = shift <= 23 ? 0 : (1L << (shift - 23)) - 1;
        long v = (vpn >>> (23 - 12)) & ~avpnm;
        v <<= 7;
        v |= (oneT ? 1L : 0L) << 62;
        return v | V_VALID | (shift > 12 ? V_LARGE : 0);
    }

    /** Doubleword 1: real page, LP encoding, WIMG=0010, PP. */
    static long ptel(long ra, long lpEncoding, int pp) {
        long r = ra | lpEncoding << 12 | R_M | (pp & 3);
        if ((pp & 4) != 0) r |= 1L << 63;
        return r;
    }

    /** H_ENTERs a page in its primary PTEG and returns the index. */
    static long enter(HashPageTable hpt, long vsid, long ea, long ra, int base, int shift, long lp, int pp, boolean oneT) {
        long vpn = vpn(vsid, ea, oneT);
        long h = hash(vpn, base, oneT);
        long[] ret = new long[1];
        long ptex = (h & ((hpt.entries() / 8) - 1)) * 8;
        assertEquals(HashPageTable.H_SUCCESS, hpt.enter(0, ptex, pteh(vpn, shift, oneT), ptel(ra, lp, pp), ret));
        return ret[0];
    }

    static long enter4k(HashPageTable hpt, long vsid, long ea, long ra, int pp) {
        return enter(hpt, vsid, ea, ra, 12, 12, 0, pp, false);
    }
}
