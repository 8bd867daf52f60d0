package org.jpseries.mmu.hash;

import java.util.concurrent.CopyOnWriteArrayList;
import org.jpseries.cpu.Cpu;
import org.jpseries.memory.GuestRam;

/**
 * The partition's hashed page table (Book III 5.7.7.2), owned by the emulator and kept in host
 * memory as QEMU does for pseries (the guest never addresses it; it changes it through the PAPR
 * hcalls, whose semantics the public methods here implement and whose status codes they return).
 * HPTEs are in the ISA 2.07 format the hcalls use on POWER8 and POWER9: doubleword 0 holds
 * B, AVPN, SW, L, H, V; doubleword 1 holds PP0, key, RPN (with the LP encoding), R, C, WIMG, N, PP.
 *
 * <p>All access is under this object's monitor: hcalls from any vCPU, and lookups with their
 * R/C updates from translating vCPUs. Every removal or protection change asks every attached vCPU
 * to flush its software TLB ({@link Cpu#PENDING_TLB_FLUSH}), which it does at its next
 * instruction boundary.
 */
public final class HashPageTable {
    // PAPR status codes (PAPR 14.5.4.1).
    public static final long H_SUCCESS = 0, H_HARDWARE = -1, H_PARAMETER = -4, H_NOT_FOUND = -7,
            H_PTEG_FULL = -6;

    // hcall flags (PAPR 14.5.4.1.1), in the bit numbering of r4.
    public static final long H_EXACT = 1L << (63 - 24), H_R_XLATE = 1L << (63 - 25), H_READ_4 = 1L << (63 - 26),
            H_AVPN = 1L << (63 - 32), H_ANDCOND = 1L << (63 - 33), H_ZERO_PAGE = 1L << (63 - 48),
            H_N = 1L << (63 - 61), H_PP1 = 1L << (63 - 62), H_PP2 = 1L << (63 - 63);

    // H_BULK_REMOVE translation specifier high word.
    public static final long BULK_TYPE = 0xC000_0000_0000_0000L, BULK_REQUEST = 0x4000_0000_0000_0000L,
            BULK_RESPONSE = 0x8000_0000_0000_0000L, BULK_END = 0xC000_0000_0000_0000L,
            BULK_FLAGS = 0x0300_0000_0000_0000L, BULK_ANDCOND = 0x0100_0000_0000_0000L,
            BULK_AVPN = 0x0200_0000_0000_0000L, BULK_PTEX = 0x00FF_FFFF_FFFF_FFFFL;
    static final int BULK_SUCCESS = 0, BULK_NOT_FOUND = 1, BULK_PARM = 2;

    // HPTE fields.
    public static final long V_VALID = 0x1, V_SECONDARY = 0x2, V_LARGE = 0x4, V_SW = 0x78;
    public static final long V_AVPN = 0x3FFF_FFFF_FFFF_FF80L;
    /** The bits a lookup compares: B, AVPN, H and V. */
    static final long V_COMPARE = 0xFFFF_FFFF_FFFF_FF83L;
    /** The AVPN bit that is VA bit 23: inside the page for 16 MB pages. */
    static final long AVPN_LOW = 0x80;
    public static final long R_PP0 = 0x8000_0000_0000_0000L, R_KEY_HI = 0x3000_0000_0000_0000L,
            R_RPN = 0x0FFF_FFFF_FFFF_F000L, R_KEY_LO = 0xE00, R_R = 0x100, R_C = 0x80, R_W = 0x40, R_I = 0x20,
            R_M = 0x10, R_G = 0x08, R_N = 0x04, R_PP = 0x03;
    static final long R_WIMG = R_W | R_I | R_M | R_G;

    private final int shift;
    private final long[] hpte;
    private final long ptegMask;
    private final GuestRam ram;
    private final CopyOnWriteArrayList<Cpu> cpus = new CopyOnWriteArrayList<>();

    /**
     * @param shift log2 of the table size in bytes (ibm,pft-size), 18 to 30
     * @param ram the guest RAM, to tell RAM from I/O addresses and zero pages
     */
    public HashPageTable(int shift, GuestRam ram) {
        if (shift < 18 || shift > 30) throw new IllegalArgumentException("HPT size 2^" + shift + " out of range 2^18..2^30");
        this.shift = shift;
        this.hpte = new long[1 << (shift - 3)];
        this.ptegMask = (1L << (shift - 7)) - 1;
        this.ram = ram;
    }

    /** QEMU's choice for a RAM size: about 1/128 of it, at least 2^18 bytes (spapr_hpt_shift_for_ramsize). */
    public static int shiftForRam(long ramSize) {
        int s = 64 - Long.numberOfLeadingZeros(Math.max(ramSize, 1) - 1) - 7;
        return Math.max(18, Math.min(30, s));
    }

    public int shift() {
        return shift;
    }

    /** Number of HPTEs. */
    public long entries() {
        return hpte.length / 2;
    }

    /** Registers a vCPU that caches translations from this table. */
    public void attach(Cpu cpu) {
        cpu.tlbFlushSeq = flushSeq;
        cpus.addIfAbsent(cpu);
    }

    public void detach(Cpu cpu) {
        cpus.remove(cpu);
    }

    /**
     * Counts invalidations of this partition's translations; each vCPU records the count it has
     * flushed up to ({@link Cpu#tlbFlushedSeq}), so an hcall can wait for global completion.
     */
    public final java.util.concurrent.atomic.AtomicLong flushSeq = new java.util.concurrent.atomic.AtomicLong();

    private void flushAll() {
        flushSeq.incrementAndGet();
        for (Cpu c : cpus) c.raise(Cpu.PENDING_TLB_FLUSH);
    }

    /**
     * A radix partition's tlbie: asks every attached vCPU (every vCPU of the partition) to flush
     * its software TLB, and returns once each other one has done so or is outside guest code
     * (global completion, as QEMU's tlb_flush_all_cpus_synced). The caller counts as outside
     * guest code while it waits, so two vCPUs issuing tlbie at once never wait for each other;
     * it flushes its own TLB itself.
     */
    public void flushAttachedAndWait(Cpu self) {
        flushAll();
        long seq = flushSeq.get();
        boolean wasInGuest = self.inGuest;
        self.inGuest = false;
        try {
            awaitFlushed(self, seq);
        } finally {
            self.inGuest = wasInGuest;
        }
    }

    /**
     * Global completion of invalidations up to {@code seq}: returns once every attached vCPU
     * but {@code self} has flushed its software TLB past it or is not executing guest code (it
     * flushes before its next instruction). The caller must be out of guest code meanwhile
     * ({@code self.inGuest == false}), so two vCPUs waiting at once never wait for each other.
     */
    public void awaitFlushed(Cpu self, long seq) {
        for (Cpu c : cpus) {
            if (c == self) continue;
            for (int spins = 0; c.inGuest && c.tlbFlushedSeq < seq; spins++) {
                if (spins < 100) Thread.onSpinWait();
                else java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
        }
    }

    /**
     * Every vCPU drops what the (now invalid or changed) HPTE {@code v, r} mapped: the real page
     * range it translated to. The range is queued before the count moves, so a vCPU that has
     * flushed up to the new count has dropped it (see Cpu#tlbFlushedSeq).
     */
    private void invalidateEntry(long v, long r) {
        int shift = PageSizes.actualShiftAnyBase(v, r);
        if (shift == 0) {
            flushAll();
            return;
        }
        long size = 1L << shift;
        long ra = r & R_RPN & ~(size - 1);
        for (Cpu c : cpus) c.invalidateRealRange(ra, size);
        flushSeq.incrementAndGet();
        // Raise again after the count moved: a vCPU that consumed the first request may have read
        // the count before it moved, and would otherwise never report having flushed past it
        // while an hcall waits for it (a deadlock when it spins on a lock the waiter holds).
        for (Cpu c : cpus) c.raise(Cpu.PENDING_TLB_RANGES);
    }

    private boolean validPtex(long ptex) {
        return ptex >= 0 && ptex < entries();
    }

    public synchronized long v(long ptex) {
        return hpte[(int) (2 * ptex)];
    }

    public synchronized long r(long ptex) {
        return hpte[(int) (2 * ptex + 1)];
    }

    /** Clears the table (machine reset). */
    public synchronized void clear() {
        java.util.Arrays.fill(hpte, 0);
        flushAll();
    }

    // ---- the hcalls --------------------------------------------------------------------------

    /**
     * H_ENTER (PAPR 14.5.4.1.2): inserts an HPTE in PTEG ptex/8, in the first free slot or, with
     * H_EXACT, exactly in slot ptex. RAM pages must be WIMG=0010 and I/O pages I or I|M. With
     * H_ZERO_PAGE a RAM page is zeroed first. {@code ret[0]} receives the index used.
     */
    public synchronized long enter(long flags, long ptex, long pteh, long ptel, long[] ret) {
        int pageShift = PageSizes.actualShiftAnyBase(pteh, ptel);
        if (pageShift == 0) return H_PARAMETER;
        long raddr = ptel & R_RPN & ~((1L << pageShift) - 1);
        boolean isRam = ram.contains(raddr, 1L << pageShift);
        if (isRam) {
            if ((ptel & R_WIMG) != R_M) return H_PARAMETER;
        } else {
            long wim = ptel & (R_W | R_I | R_M);
            if (wim != R_I && wim != (R_I | R_M)) return H_PARAMETER;
        }
        pteh &= ~V_SW;
        if (!validPtex(ptex)) return H_PARAMETER;
        long group = ptex & ~7L;
        int slot = (int) (ptex & 7);
        if ((flags & H_EXACT) == 0) {
            for (slot = 0; slot < 8; slot++) {
                if ((hpte[(int) (2 * (group + slot))] & V_VALID) == 0) break;
            }
            if (slot == 8) return H_PTEG_FULL;
        } else if ((hpte[(int) (2 * (group + slot))] & V_VALID) != 0) {
            return H_PTEG_FULL;
        }
        if ((flags & H_ZERO_PAGE) != 0 && isRam) ram.fill(raddr, 1L << pageShift, (byte) 0);
        long index = group + slot;
        hpte[(int) (2 * index + 1)] = ptel;
        hpte[(int) (2 * index)] = pteh;
        ret[0] = index;
        return H_SUCCESS;
    }

    /** Outcome of removing one entry: a BULK_* code, with the old entry in {@code out}. */
    private int removeOne(long ptex, long avpn, long flags, long[] out) {
        if (!validPtex(ptex)) return BULK_PARM;
        long v = hpte[(int) (2 * ptex)];
        long r = hpte[(int) (2 * ptex + 1)];
        if ((v & V_VALID) == 0 || ((flags & H_AVPN) != 0 && (v & ~0x7FL) != avpn)
                || ((flags & H_ANDCOND) != 0 && (v & avpn) != 0)) {
            return BULK_NOT_FOUND;
        }
        out[0] = v;
        out[1] = r;
        hpte[(int) (2 * ptex)] = 0;
        hpte[(int) (2 * ptex + 1)] = 0;
        return BULK_SUCCESS;
    }

    /**
     * H_REMOVE (PAPR 14.5.4.1.3): invalidates HPTE ptex if it is valid and, with H_AVPN, its
     * AVPN (doubleword 0 without its low 7 bits) equals {@code avpn}, or with H_ANDCOND no bit
     * of {@code avpn} is set in it. {@code ret[0..1]} receive the old HPTE.
     */
    public synchronized long remove(long flags, long ptex, long avpn, long[] ret) {
        int rc = removeOne(ptex, avpn, flags, ret);
        if (rc == BULK_PARM) return H_PARAMETER;
        if (rc == BULK_NOT_FOUND) return H_NOT_FOUND;
        invalidateEntry(ret[0], ret[1]);
        return H_SUCCESS;
    }

    /**
     * H_BULK_REMOVE (PAPR 14.5.4.1.4): up to four (translation specifier high, low) pairs in
     * {@code args[0..7]}; each high word is rewritten with the response code and the R/C bits.
     * Processing stops at an END entry; a malformed entry stops it with H_PARAMETER.
     */
    public synchronized long bulkRemove(long[] args) {
        long rc = H_SUCCESS;
        long[] old = new long[2];
        for (int i = 0; i < 4; i++) {
            long tsh = args[2 * i];
            long tsl = args[2 * i + 1];
            if ((tsh & BULK_TYPE) == BULK_END) break;
            if ((tsh & BULK_TYPE) != BULK_REQUEST) {
                rc = H_PARAMETER;
                break;
            }
            tsh = (tsh & (BULK_PTEX | BULK_FLAGS)) | BULK_RESPONSE;
            if ((tsh & BULK_ANDCOND) != 0 && (tsh & BULK_AVPN) != 0) {
                args[2 * i] = tsh | ((long) BULK_PARM << 60);
                rc = H_PARAMETER;
                break;
            }
            int code = removeOne(tsh & BULK_PTEX, tsl, (tsh & BULK_FLAGS) >>> 26, old);
            tsh |= (long) code << 60;
            if (code == BULK_SUCCESS) {
                tsh |= (old[1] & (R_C | R_R)) << 43;
                invalidateEntry(old[0], old[1]);
            }
            args[2 * i] = tsh;
            if (code == BULK_PARM) {
                rc = H_PARAMETER;
                break;
            }
        }
        return rc;
    }

    /**
     * H_PROTECT (PAPR 14.5.4.1.6): sets PP0, PP, N and the storage key of HPTE ptex from the
     * flags, if it is valid and, with H_AVPN, its AVPN matches. As in QEMU, flag 0x100 gives PP0,
     * flags 0x3000 the key's high bits, and N, PP and the key's low bits (0xE00) stay in place.
     */
    public synchronized long protect(long flags, long ptex, long avpn) {
        if (!validPtex(ptex)) return H_PARAMETER;
        long v = hpte[(int) (2 * ptex)];
        long r = hpte[(int) (2 * ptex + 1)];
        if ((v & V_VALID) == 0 || ((flags & H_AVPN) != 0 && (v & ~0x7FL) != avpn)) return H_NOT_FOUND;
        r &= ~(R_PP0 | R_PP | R_N | R_KEY_HI | R_KEY_LO);
        r |= (flags << 55) & R_PP0;
        r |= (flags << 48) & R_KEY_HI;
        r |= flags & (R_PP | R_N | R_KEY_LO);
        long old = hpte[(int) (2 * ptex + 1)];
        hpte[(int) (2 * ptex + 1)] = r;
        invalidateEntry(v, old);
        return H_SUCCESS;
    }

    /**
     * H_READ (PAPR 14.5.4.1.5): HPTE ptex into {@code ret[0..1]}, or with H_READ_4 the four HPTEs
     * from ptex rounded down to a multiple of 4 into {@code ret[0..7]}.
     */
    public synchronized long read(long flags, long ptex, long[] ret) {
        if (!validPtex(ptex)) return H_PARAMETER;
        int n = 1;
        if ((flags & H_READ_4) != 0) {
            ptex &= ~3L;
            n = 4;
        }
        for (int i = 0; i < n; i++) {
            ret[2 * i] = hpte[(int) (2 * (ptex + i))];
            ret[2 * i + 1] = hpte[(int) (2 * (ptex + i) + 1)];
        }
        return H_SUCCESS;
    }

    // ---- lookup for translation ----------------------------------------------------------------

    /**
     * Searches PTEG {@code pteg} for a valid entry whose B, AVPN and H match {@code ptem} and
     * whose page size encoding is valid for the segment's base page size. Returns the HPTE index
     * or -1; {@code pageShift[0]} receives the actual page size.
     */
    synchronized long search(long pteg, long ptem, int baseShift, int[] pageShift) {
        long base = (pteg & ptegMask) * 8;
        for (int i = 0; i < 8; i++) {
            long v = hpte[(int) (2 * (base + i))];
            long diff = (v ^ ptem) & V_COMPARE;
            if ((diff & ~AVPN_LOW) != 0) continue;
            int s = PageSizes.actualShift(baseShift, v, hpte[(int) (2 * (base + i) + 1)]);
            if (s == 0) continue;
            // the AVA's low p-23 bits lie inside a page larger than 8 MB and are not compared
            // (Book III 5.7.7.2; Linux clears them: mmu_psize_defs[].avpnm)
            if (diff != 0 && s <= 23) continue;
            pageShift[0] = s;
            return base + i;
        }
        return -1;
    }

    long ptegMask() {
        return ptegMask;
    }

    /** Sets reference (and for stores change) bits of HPTE ptex (Book III 5.7.8); returns doubleword 1. */
    synchronized long touch(long ptex, boolean store) {
        int i = (int) (2 * ptex + 1);
        hpte[i] |= store ? R_R | R_C : R_R;
        return hpte[i];
    }
}
