package org.jpseries.mmu.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.TlbShootdown;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The partition's hashed page table (Book III 5.7.7.2), owned by the emulator and kept in host
 * memory as QEMU does for pseries (the guest never addresses it; it changes it through the PAPR
 * hcalls, whose semantics the public methods here implement and whose status codes they return).
 * HPTEs are in the ISA 2.07 format the hcalls use on POWER8 and POWER9: doubleword 0 holds
 * B, AVPN, SW, L, H, V; doubleword 1 holds PP0, key, RPN (with the LP encoding), R, C, WIMG, N, PP.
 *
 * <p>Concurrency. The doublewords live in one {@code long[]} accessed through a
 * {@link VarHandle}. Writers (the hcalls, reset, load) hold {@link #writeLock} among themselves,
 * bracket each change with the seqlock {@link #writeSeq} (odd while an entry changes) and publish
 * with release stores: an insert writes doubleword 1 first and doubleword 0 (with V) last, a
 * removal clears doubleword 0 (V) first. Translation lookups take no lock: they read a PTEG with
 * acquire loads and retry when {@link #writeSeq} moved meanwhile, so the (V, R) pair they use
 * was in the table together. Reference and change bits are set without the lock by a
 * compare-and-set of doubleword 1 against the value the lookup saw (Book III 5.7.8: R and C are
 * set as the access is performed); when it fails, the entry changed and the lookup is redone.
 * Writers therefore change doubleword 1 only atomically (getAndSet, compare-and-set), so no R or
 * C bit set meanwhile is lost and H_REMOVE returns the final ones. The software TLB ({@code Mmu})
 * installs a store translation only from a store's lookup, so C is set before the first store
 * through it; an hcall that cleared R or C (H_CLEAR_REF, H_CLEAR_MOD: not offered) would have to
 * invalidate the entry as H_PROTECT does.
 *
 * <p>Every removal or protection change invalidates what the entry mapped in every vCPU of the
 * partition through its {@link TlbShootdown}; the hcall then waits for global completion.
 *
 * <p>State: section "htab" (QEMU's "spapr/htab"): the size and the valid HPTEs only, in ranges of
 * {@link #SAVE_RANGE} slots; see {@link #saveState}.
 */
public final class HashPageTable implements Device {
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

    /**
     * The HPT sizes: the architected range is 2^18 up to 2^46 bytes (QEMU spapr.c, "Minimum/Maximum
     * architected size"); jpseries holds the table in one {@code long[]} on the heap and stops at
     * 2^30 bytes ({@link #MAX_SHIFT}), which serves up to 128 GiB of RAM.
     */
    public static final int MIN_SHIFT = 18, ARCH_MAX_SHIFT = 46, MAX_SHIFT = 30;

    /** Section "htab": name, version, and how many HPTE slots one saved section covers. */
    public static final String STATE_NAME = "htab";
    static final int STATE_VERSION = 1;
    static final int SAVE_RANGE = 1 << 16;

    private static final VarHandle HPTE = MethodHandles.arrayElementVarHandle(long[].class);

    @Role(kind = Role.Kind.CONFIG, why = "log2 of the table size, chosen from the RAM size at creation; the section carries it to be checked")
    private final int shift;
    @Role(kind = Role.Kind.STATE, why = "the HPTE doublewords; the section carries the valid ones as ptex + hpte")
    private final long[] hpte;
    @Role(kind = Role.Kind.DERIVED, why = "PTEG index mask computed from shift")
    private final long ptegMask;
    @Role(kind = Role.Kind.WIRING, why = "guest RAM, to tell RAM from I/O addresses and zero pages")
    private final GuestRam ram;
    @Role(kind = Role.Kind.WIRING, why = "the partition's vCPUs whose cached translations this table's changes invalidate")
    private final TlbShootdown shootdown;
    @Role(kind = Role.Kind.WIRING, why = "serialises the writers (hcalls, reset, load)")
    private final Object writeLock = new Object();
    @Role(kind = Role.Kind.WIRING, why = "seqlock of the writers for lock-free lookups: a concurrency device, not state")
    private final AtomicLong writeSeq = new AtomicLong();
    @Role(kind = Role.Kind.DERIVED, why = "progress of a load in stream order (next slot a section may describe), -1 outside a load")
    private long loadNext = -1;

    /**
     * @param shift log2 of the table size in bytes (ibm,pft-size), {@link #MIN_SHIFT} to {@link #MAX_SHIFT}
     * @param ram the guest RAM, to tell RAM from I/O addresses and zero pages
     * @param shootdown the partition's vCPUs, told when an entry they may cache is invalidated
     */
    public HashPageTable(int shift, GuestRam ram, TlbShootdown shootdown) {
        if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("HPT size 2^" + shift + " out of range 2^" + MIN_SHIFT + "..2^" + MAX_SHIFT);
        }
        this.shift = shift;
        this.hpte = new long[1 << (shift - 3)];
        this.ptegMask = (1L << (shift - 7)) - 1;
        this.ram = ram;
        this.shootdown = shootdown;
    }

    /** A table with a shoot-down of its own (a partition whose vCPUs attach to {@link #shootdown()}). */
    public HashPageTable(int shift, GuestRam ram) {
        this(shift, ram, new TlbShootdown());
    }

    /**
     * QEMU's spapr_hpt_shift_for_ramsize: 1/128 of RAM rounded up to a power of two, within the
     * architected {@link #MIN_SHIFT}..{@link #ARCH_MAX_SHIFT}. A result above {@link #MAX_SHIFT} is
     * a RAM size this machine cannot model ({@link #unmodelled}).
     */
    public static int shiftForRam(long ramSize) {
        int s = 64 - Long.numberOfLeadingZeros(Math.max(ramSize, 1) - 1) - 7;
        return Math.max(MIN_SHIFT, Math.min(ARCH_MAX_SHIFT, s));
    }

    /**
     * Why a partition of {@code ramSize} bytes cannot have its HPT here, or null if it can. The
     * words are QEMU's for an HPT it cannot allocate (spapr_reallocate_hpt: "Failed to allocate
     * KVM HPT of order %d", hint "Try smaller maxmem?").
     */
    public static String unmodelled(long ramSize) {
        int s = shiftForRam(ramSize);
        if (s <= MAX_SHIFT) return null;
        return String.format("Failed to allocate HPT of order %d (jpseries holds hash page tables up to order %d, for at most %d GiB of RAM):"
                + " Try smaller -m?", s, MAX_SHIFT, 1L << (MAX_SHIFT + 7 - 30));
    }

    public int shift() {
        return shift;
    }

    /** Number of HPTEs. */
    public long entries() {
        return hpte.length / 2;
    }

    /** The partition's vCPUs, which this table's invalidations reach. */
    public TlbShootdown shootdown() {
        return shootdown;
    }

    /**
     * Every vCPU drops what the (now invalid or changed) HPTE {@code v, r} mapped: the real page
     * range it translated to (all of its TLB when the size encoding is unknown).
     */
    private void invalidateEntry(long v, long r) {
        int shift = PageSizes.actualShiftAnyBase(v, r);
        if (shift == 0) {
            shootdown.flushAll();
            return;
        }
        long size = 1L << shift;
        shootdown.invalidateReal(r & R_RPN & ~(size - 1), size);
    }

    private boolean validPtex(long ptex) {
        return ptex >= 0 && ptex < entries();
    }

    // ---- the doublewords and the writers' seqlock ---------------------------------------------

    private long dw(long i) {
        return (long) HPTE.getAcquire(hpte, (int) i);
    }

    private void setDw(long i, long value) {
        HPTE.setRelease(hpte, (int) i, value);
    }

    /** Starts a change of entries (writer lock held): lookups overlapping it will retry. */
    private void beginWrite() {
        writeSeq.setOpaque(writeSeq.getPlain() + 1); // odd
        VarHandle.storeStoreFence(); // the entries' stores stay after it
    }

    /** Ends a change of entries: everything written is published before the count is even again. */
    private void endWrite() {
        writeSeq.setRelease(writeSeq.get() + 1);
    }

    public long v(long ptex) {
        return dw(2 * ptex);
    }

    public long r(long ptex) {
        return dw(2 * ptex + 1);
    }

    /** Clears the table (machine reset) and drops every vCPU's cached translations. */
    public void clear() {
        synchronized (writeLock) {
            beginWrite();
            Arrays.fill(hpte, 0);
            endWrite();
        }
        shootdown.flushAll();
    }

    // ---- the hcalls --------------------------------------------------------------------------

    /**
     * H_ENTER (PAPR 14.5.4.1.2): inserts an HPTE in PTEG ptex/8, in the first free slot or, with
     * H_EXACT, exactly in slot ptex. RAM pages must be WIMG=0010 and I/O pages I or I|M. With
     * H_ZERO_PAGE a RAM page is zeroed first. {@code ret[0]} receives the index used.
     */
    public long enter(long flags, long ptex, long pteh, long ptel, long[] ret) {
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
        synchronized (writeLock) {
            int slot = (int) (ptex & 7);
            if ((flags & H_EXACT) == 0) {
                for (slot = 0; slot < 8; slot++) {
                    if ((dw(2 * (group + slot)) & V_VALID) == 0) break;
                }
                if (slot == 8) return H_PTEG_FULL;
            } else if ((dw(2 * (group + slot)) & V_VALID) != 0) {
                return H_PTEG_FULL;
            }
            if ((flags & H_ZERO_PAGE) != 0 && isRam) ram.fill(raddr, 1L << pageShift, (byte) 0);
            long index = group + slot;
            beginWrite();
            setDw(2 * index + 1, ptel);
            setDw(2 * index, pteh); // V last
            endWrite();
            ret[0] = index;
            return H_SUCCESS;
        }
    }

    /** Outcome of removing one entry (writer lock held): a BULK_* code, with the old entry in {@code out}. */
    private int removeOne(long ptex, long avpn, long flags, long[] out) {
        if (!validPtex(ptex)) return BULK_PARM;
        long v = dw(2 * ptex);
        if ((v & V_VALID) == 0 || ((flags & H_AVPN) != 0 && (v & ~0x7FL) != avpn)
                || ((flags & H_ANDCOND) != 0 && (v & avpn) != 0)) {
            return BULK_NOT_FOUND;
        }
        beginWrite();
        setDw(2 * ptex, 0); // V first
        long r = (long) HPTE.getAndSet(hpte, (int) (2 * ptex + 1), 0L); // with any R/C set meanwhile
        endWrite();
        out[0] = v;
        out[1] = r;
        return BULK_SUCCESS;
    }

    /**
     * H_REMOVE (PAPR 14.5.4.1.3): invalidates HPTE ptex if it is valid and, with H_AVPN, its
     * AVPN (doubleword 0 without its low 7 bits) equals {@code avpn}, or with H_ANDCOND no bit
     * of {@code avpn} is set in it. {@code ret[0..1]} receive the old HPTE.
     */
    public long remove(long flags, long ptex, long avpn, long[] ret) {
        synchronized (writeLock) {
            int rc = removeOne(ptex, avpn, flags, ret);
            if (rc == BULK_PARM) return H_PARAMETER;
            if (rc == BULK_NOT_FOUND) return H_NOT_FOUND;
            invalidateEntry(ret[0], ret[1]);
            return H_SUCCESS;
        }
    }

    /**
     * H_BULK_REMOVE (PAPR 14.5.4.1.4): up to four (translation specifier high, low) pairs in
     * {@code args[0..7]}; each high word is rewritten with the response code and the R/C bits.
     * Processing stops at an END entry; a malformed entry stops it with H_PARAMETER.
     */
    public long bulkRemove(long[] args) {
        long rc = H_SUCCESS;
        long[] old = new long[2];
        synchronized (writeLock) {
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
        }
        return rc;
    }

    /**
     * H_PROTECT (PAPR 14.5.4.1.6): sets PP0, PP, N and the storage key of HPTE ptex from the
     * flags, if it is valid and, with H_AVPN, its AVPN matches. As in QEMU, flag 0x100 gives PP0,
     * flags 0x3000 the key's high bits, and N, PP and the key's low bits (0xE00) stay in place.
     */
    public long protect(long flags, long ptex, long avpn) {
        if (!validPtex(ptex)) return H_PARAMETER;
        synchronized (writeLock) {
            long v = dw(2 * ptex);
            if ((v & V_VALID) == 0 || ((flags & H_AVPN) != 0 && (v & ~0x7FL) != avpn)) return H_NOT_FOUND;
            long set = ((flags << 55) & R_PP0) | ((flags << 48) & R_KEY_HI) | (flags & (R_PP | R_N | R_KEY_LO));
            long i = 2 * ptex + 1;
            long old;
            beginWrite();
            do {
                old = dw(i); // R/C may be set concurrently by a translating vCPU: keep them
            } while (!HPTE.compareAndSet(hpte, (int) i, old, (old & ~(R_PP0 | R_PP | R_N | R_KEY_HI | R_KEY_LO)) | set));
            endWrite();
            invalidateEntry(v, old);
            return H_SUCCESS;
        }
    }

    /**
     * H_READ (PAPR 14.5.4.1.5): HPTE ptex into {@code ret[0..1]}, or with H_READ_4 the four HPTEs
     * from ptex rounded down to a multiple of 4 into {@code ret[0..7]}.
     */
    public long read(long flags, long ptex, long[] ret) {
        if (!validPtex(ptex)) return H_PARAMETER;
        int n = 1;
        if ((flags & H_READ_4) != 0) {
            ptex &= ~3L;
            n = 4;
        }
        synchronized (writeLock) {
            for (int i = 0; i < n; i++) {
                ret[2 * i] = dw(2 * (ptex + i));
                ret[2 * i + 1] = dw(2 * (ptex + i) + 1);
            }
        }
        return H_SUCCESS;
    }

    // ---- lookup for translation (no lock) -------------------------------------------------------

    /**
     * The HPTE for a translation (Book III 5.7.7.2): the primary PTEG {@code hash}, then the
     * secondary one {@code ~hash} with H set, searched for a valid entry whose B, AVPN and H
     * match {@code ptem} and whose page size encoding is valid for the segment's base page size.
     * Returns the HPTE index or -1; {@code out[0]} receives its doubleword 1 and {@code out[1]} the
     * actual page shift, read together (retried while a writer changed the table meanwhile).
     */
    long lookup(long hash, long ptem, int baseShift, long[] out) {
        for (int spins = 0; ; spins++) {
            long seq = writeSeq.getAcquire();
            if ((seq & 1) == 0) {
                long ptex = search(hash, ptem, baseShift, out);
                if (ptex < 0) ptex = search(~hash, ptem | V_SECONDARY, baseShift, out);
                VarHandle.acquireFence(); // the entries were read before the count is read again
                if (writeSeq.getAcquire() == seq) return ptex;
            }
            if (spins < 100) Thread.onSpinWait();
            else Thread.yield(); // a writer was descheduled inside its change
        }
    }

    /** One PTEG of {@link #lookup}. */
    private long search(long pteg, long ptem, int baseShift, long[] out) {
        long base = (pteg & ptegMask) * 8;
        for (int i = 0; i < 8; i++) {
            long v = dw(2 * (base + i));
            long diff = (v ^ ptem) & V_COMPARE;
            if ((diff & ~AVPN_LOW) != 0) continue;
            long r = dw(2 * (base + i) + 1);
            int s = PageSizes.actualShift(baseShift, v, r);
            if (s == 0) continue;
            // the AVA's low p-23 bits lie inside a page larger than 8 MB and are not compared
            // (Book III 5.7.7.2; Linux clears them: mmu_psize_defs[].avpnm)
            if (diff != 0 && s <= 23) continue;
            out[0] = r;
            out[1] = s;
            return base + i;
        }
        return -1;
    }

    long ptegMask() {
        return ptegMask;
    }

    /**
     * Sets the reference (and for stores the change) bit of HPTE ptex (Book III 5.7.8), whose
     * doubleword 1 the lookup read as {@code r}. False when doubleword 1 changed meanwhile (a
     * writer or another vCPU's R/C update): the caller looks the entry up again.
     */
    boolean touch(long ptex, long r, boolean store) {
        long bits = store ? R_R | R_C : R_R;
        if ((r & bits) == bits) return true;
        return HPTE.compareAndSet(hpte, (int) (2 * ptex + 1), r, r | bits);
    }

    // ---- Device -----------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of(STATE_NAME, STATE_VERSION, ResetPhase.MMU);

    @Override
    public DeviceId id() {
        return ID;
    }

    /** The partition's HPT is emptied at every machine reset (QEMU's spapr_reset_hpt). */
    @Override
    public void reset(ResetReason why) {
        clear();
    }

    @Override
    public String info() {
        long valid = 0;
        for (long i = 0; i < entries(); i++) {
            if ((v(i) & V_VALID) != 0) valid++;
        }
        return String.format("HPT 2^%d bytes (%d HPTEs), %d valid", shift, entries(), valid);
    }

    /**
     * One section per range of {@link #SAVE_RANGE} slots that holds a valid HPTE, and always the
     * first range (so that a load of an empty table still clears it): "shift" (the table size),
     * "first" and "count" (the slots the section describes completely), "ptex" (the valid slots,
     * ascending) and "hpte" (their two doublewords each). Invalid slots are not sent.
     */
    @Override
    public void saveState(Consumer<Section> out) {
        synchronized (writeLock) {
            int[] ptex = new int[SAVE_RANGE];
            long[] words = new long[2 * SAVE_RANGE];
            for (long first = 0; first < entries(); first += SAVE_RANGE) {
                int count = (int) Math.min(SAVE_RANGE, entries() - first);
                int n = 0;
                for (int k = 0; k < count; k++) {
                    long i = first + k;
                    long v = dw(2 * i);
                    if ((v & V_VALID) == 0) continue;
                    ptex[n] = (int) i;
                    words[2 * n] = v;
                    words[2 * n + 1] = dw(2 * i + 1);
                    n++;
                }
                if (n == 0 && first != 0) continue;
                out.accept(newSection().i32("shift", shift).i32("first", (int) first).i32("count", count)
                        .ints("ptex", Arrays.copyOf(ptex, n)).longs("hpte", Arrays.copyOf(words, 2 * n)));
            }
        }
    }

    /**
     * Loads one range: the section with "first" 0 starts a load and empties the table; later
     * sections must follow in ascending order. Each is checked whole before anything is written.
     */
    @Override
    public void loadState(Section s) throws StateException {
        String where = "section " + s.label() + ": ";
        int savedShift = s.i32("shift");
        if (savedShift != shift) {
            throw new StateException(where + "field shift = " + savedShift + " (an HPT of 2^" + savedShift
                    + " bytes), this machine's HPT is 2^" + shift + " bytes (another RAM size?)");
        }
        long first = s.i32("first");
        long count = s.i32("count");
        if (first < 0 || count <= 0 || first + count > entries()) {
            throw new StateException(where + "fields first, count = " + first + ", " + count + " are outside the "
                    + entries() + " HPTEs");
        }
        if (first != 0 && (loadNext < 0 || first < loadNext)) {
            throw new StateException(where + "field first = " + first + " is out of order (a range before the first one or"
                    + " overlapping the previous one)");
        }
        int[] ptex = s.ints("ptex");
        long[] words = s.longs("hpte");
        if (words.length != 2 * ptex.length) {
            throw new StateException(where + "field hpte has " + words.length + " doublewords for " + ptex.length + " HPTEs");
        }
        for (int k = 0; k < ptex.length; k++) {
            if (ptex[k] < first || ptex[k] >= first + count || (k > 0 && ptex[k] <= ptex[k - 1])) {
                throw new StateException(where + "field ptex[" + k + "] = " + ptex[k] + " is not ascending within "
                        + first + ".." + (first + count - 1));
            }
            long v = words[2 * k], r = words[2 * k + 1];
            if ((v & V_VALID) == 0 || PageSizes.actualShiftAnyBase(v, r) == 0) {
                throw new StateException(String.format("%sfield hpte of ptex %d = %016x %016x is not a valid HPTE", where,
                        ptex[k], v, r));
            }
        }
        synchronized (writeLock) {
            beginWrite();
            if (first == 0) Arrays.fill(hpte, 0);
            else Arrays.fill(hpte, (int) (2 * first), (int) (2 * (first + count)), 0);
            for (int k = 0; k < ptex.length; k++) {
                hpte[2 * ptex[k] + 1] = words[2 * k + 1];
                hpte[2 * ptex[k]] = words[2 * k];
            }
            endWrite();
        }
        loadNext = first + count;
    }

    /** Every vCPU drops the translations it cached from the table as it was before the load. */
    @Override
    public void postLoad() {
        loadNext = -1;
        shootdown.flushAll();
    }
}
