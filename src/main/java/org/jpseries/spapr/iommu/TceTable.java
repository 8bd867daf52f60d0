package org.jpseries.spapr.iommu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.Hcall;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * One TCE table (PAPR 14.5.4.2, "Translation Control Entries"; QEMU hw/ppc/spapr_iommu.c
 * SpaprTceTable): the DMA window of one logical I/O bus number (LIOBN). A table is either
 * disabled (no entries: QEMU's nb_table 0) or enabled with a page shift, a bus offset and a number
 * of entries (QEMU spapr_tce_table_enable/disable; a host bridge enables and disables its tables
 * through the dynamic DMA window calls). Each entry maps one page of I/O bus addresses (IOBA)
 * from the bus offset on to a page of guest real memory, with what the device may do there: bit
 * 0 lets it read memory, bit 1 write it (QEMU's SPAPR_TCE_RO and SPAPR_TCE_WO). The guest fills
 * entries with H_PUT_TCE, H_PUT_TCE_INDIRECT and H_STUFF_TCE ({@link TceHcalls}); devices
 * translate through {@link #translate} or move data with {@link #dmaRead} / {@link #dmaWrite}.
 *
 * <p>Size: QEMU allocates a window's whole table (up to 2^32 entries, 32 GiB) and lets the host
 * commit it as the guest touches it. Here the entries are kept in chunks of {@value #CHUNK}
 * that exist once an entry in them is set non-zero, so an enabled window costs its directory
 * (at most 4 MiB) until used; and a table holds at most {@link Window#maxChunks} chunks, enough
 * to map all of RAM twice over (or the default window's 1 GiB): a TCE that would need another
 * chunk is refused with H_NOT_ENOUGH_RESOURCES, which Linux handles (tce_build_pSeriesLP), so a
 * guest can never make the emulator allocate gigabytes of heap.
 *
 * <p>Threads: hcalls and RTAS on vCPU threads and DMA on I/O threads. The window is one immutable
 * object published through a volatile field (enable, disable, reset and load replace it); each
 * entry is read and written atomically (acquire/release) and chunks are installed by
 * compare-and-set, as QEMU's table of uint64_t is read and written whole.
 */
public final class TceTable implements Device {
    /** Bits of a TCE: the device may read memory (1), write it (2) or both. */
    public static final long TCE_READ = 1, TCE_WRITE = 2, TCE_RW = 3;
    /** The 4 KiB TCE page of QEMU's SPAPR_TCE_PAGE_SHIFT: the size of H_PUT_TCE_INDIRECT's list page. */
    public static final int PAGE_SHIFT_4K = 12;
    /** H_PUT_TCE_INDIRECT takes at most one 4 KiB page of TCEs (QEMU: npages > 512 is H_PARAMETER). */
    public static final int INDIRECT_MAX = 512;
    /** The largest TCE page: 16 GiB (LoPAPR's largest I/O page size, RTAS_DDW_PGSIZE_16G). */
    public static final int MAX_PAGE_SHIFT = 34;
    /** QEMU's nb_table is 32 bits: a window has at most 2^32 - 1 entries. */
    public static final long MAX_ENTRIES = 0xFFFF_FFFFL;
    /** The entries of QEMU's default 32-bit window (1 GiB of 4 KiB pages): every table may populate at least that many. */
    static final long MIN_POPULATED = 1L << 18;
    static final int CHUNK_SHIFT = 12, CHUNK = 1 << CHUNK_SHIFT;

    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle CHUNK_REF = MethodHandles.arrayElementVarHandle(long[][].class);

    /** An enabled window: its geometry and its entries, chunk by chunk. */
    private static final class Window {
        final long busOffset;
        final int pageShift;
        final long entries;
        final long[][] chunks;
        final int maxChunks;
        final AtomicInteger populated = new AtomicInteger();

        Window(long busOffset, int pageShift, long entries, long ramSize) {
            this.busOffset = busOffset;
            this.pageShift = pageShift;
            this.entries = entries;
            this.chunks = new long[(int) ((entries + CHUNK - 1) >>> CHUNK_SHIFT)][];
            long need = Math.max(MIN_POPULATED, ramSize >>> pageShift);
            this.maxChunks = (int) Math.min(chunks.length, 2 * ((need + CHUNK - 1) >>> CHUNK_SHIFT));
        }

        long size() {
            return entries << pageShift;
        }

        /** The entry of {@code ioba}, or -1 outside the window (QEMU: an unsigned index beyond nb_table). */
        long index(long ioba) {
            long i = (ioba - busOffset) >>> pageShift;
            return Long.compareUnsigned(i, entries) < 0 ? i : -1;
        }

        long get(long i) {
            long[] c = (long[]) CHUNK_REF.getAcquire(chunks, (int) (i >>> CHUNK_SHIFT));
            return c == null ? 0 : (long) ENTRY.getAcquire(c, (int) (i & (CHUNK - 1)));
        }

        /** Sets entry {@code i}; false when it needs a chunk beyond the limit. */
        boolean set(long i, long tce) {
            int k = (int) (i >>> CHUNK_SHIFT);
            long[] c = (long[]) CHUNK_REF.getAcquire(chunks, k);
            if (c == null) {
                if (tce == 0) return true;
                if (populated.incrementAndGet() > maxChunks) {
                    populated.decrementAndGet();
                    return false;
                }
                long[] fresh = new long[CHUNK];
                c = (long[]) CHUNK_REF.compareAndExchangeRelease(chunks, k, (long[]) null, fresh);
                if (c == null) c = fresh;
                else populated.decrementAndGet(); // another thread installed it first
            }
            ENTRY.setRelease(c, (int) (i & (CHUNK - 1)), tce);
            return true;
        }

        /** Each non-zero entry, ascending. */
        void forEach(EntryVisitor v) {
            for (int k = 0; k < chunks.length; k++) {
                long[] c = (long[]) CHUNK_REF.getAcquire(chunks, k);
                if (c == null) continue;
                for (int j = 0; j < CHUNK; j++) {
                    long t = (long) ENTRY.getAcquire(c, j);
                    if (t != 0) v.entry(((long) k << CHUNK_SHIFT) + j, t);
                }
            }
        }
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void entry(long index, long tce);
    }

    @Role(kind = Role.Kind.CONFIG, why = "the logical I/O bus number, fixed by the owner (the section's instance)")
    private final int liobn;
    @Role(kind = Role.Kind.STATE, value = "tce", why = "saved as entries, bus-offset, page-shift and the non-zero entries as index and tce; null while disabled")
    private volatile Window window;
    @Role(kind = Role.Kind.STATE, value = "def-win", why = "QEMU's def_win: set once the bridge's reset made this its default window")
    private volatile boolean defaultWindow;
    @Role(kind = Role.Kind.WIRING, why = "the guest memory DMA reaches")
    private final GuestRam ram;

    /** A disabled table (QEMU spapr_tce_new_table). */
    public TceTable(int liobn, GuestRam ram) {
        this.liobn = liobn;
        this.ram = ram;
    }

    /**
     * An enabled table (a VIO device's or a test's window).
     *
     * @param windowSize bytes of I/O bus addresses the window covers (a multiple of the page size)
     */
    public TceTable(int liobn, long busOffset, int pageShift, long windowSize, GuestRam ram) {
        this(liobn, ram);
        long entries = windowSize >>> pageShift;
        if (entries << pageShift != windowSize || !enable(pageShift, busOffset, entries)) {
            throw new IllegalArgumentException("TCE window of " + windowSize + " bytes in pages of 2^" + pageShift + " at 0x" + Long.toHexString(busOffset));
        }
    }

    /**
     * Whether a window of {@code entries} pages of 2^{@code pageShift} bytes from {@code busOffset}
     * can exist: a page shift of 12..{@value #MAX_PAGE_SHIFT}, 1..2^32-1 entries, page-aligned and
     * ending within the 64-bit bus.
     */
    public static boolean validWindow(int pageShift, long busOffset, long entries) {
        if (pageShift < PAGE_SHIFT_4K || pageShift > MAX_PAGE_SHIFT || entries <= 0 || entries > MAX_ENTRIES) return false;
        if ((busOffset & ((1L << pageShift) - 1)) != 0 || entries > (-1L >>> pageShift)) return false;
        long size = entries << pageShift;
        return Long.compareUnsigned(busOffset, -size) <= 0;
    }

    /**
     * spapr_tce_table_enable: a window of {@code entries} invalid entries; false (and nothing
     * changes) when the table is enabled already or the window cannot exist.
     */
    public synchronized boolean enable(int pageShift, long busOffset, long entries) {
        if (window != null || !validWindow(pageShift, busOffset, entries)) return false;
        window = new Window(busOffset, pageShift, entries, ram.size());
        return true;
    }

    /** spapr_tce_table_disable: no window, no entries. */
    public synchronized void disable() {
        window = null;
    }

    /** Marks this table as its bridge's default window (QEMU's def_win, which stays set). */
    public void setDefaultWindow() {
        defaultWindow = true;
    }

    /** QEMU's def_win. */
    public boolean defaultWindow() {
        return defaultWindow;
    }

    public boolean enabled() {
        return window != null;
    }

    public int liobn() {
        return liobn;
    }

    /** Where the window starts on the bus; 0 while disabled (QEMU resets bus_offset). */
    public long busOffset() {
        Window w = window;
        return w == null ? 0 : w.busOffset;
    }

    /** The TCE page shift; 0 while disabled. */
    public int pageShift() {
        Window w = window;
        return w == null ? 0 : w.pageShift;
    }

    /** The number of entries (QEMU's nb_table); 0 while disabled. */
    public long entries() {
        Window w = window;
        return w == null ? 0 : w.entries;
    }

    /** Bytes of I/O bus addresses the window covers; 0 while disabled. */
    public long windowSize() {
        Window w = window;
        return w == null ? 0 : w.size();
    }

    /** Whether {@code ioba} is inside the enabled window. */
    public boolean covers(long ioba) {
        Window w = window;
        return w != null && w.index(ioba) >= 0;
    }

    /**
     * put_tce_emu: sets the entry of the page holding {@code ioba}; H_PARAMETER outside the window
     * (or while disabled), H_NOT_ENOUGH_RESOURCES when the table is as full as it may get.
     */
    public long put(long ioba, long tce) {
        Window w = window;
        long i = w == null ? -1 : w.index(ioba);
        if (i < 0) return Hcall.H_PARAMETER;
        return w.set(i, tce) ? Hcall.H_SUCCESS : Hcall.H_NOT_ENOUGH_RESOURCES;
    }

    /** get_tce_emu: the entry of the page holding {@code ioba} into {@code out[0]}; H_PARAMETER outside the window. */
    public long get(long ioba, long[] out) {
        Window w = window;
        long i = w == null ? -1 : w.index(ioba);
        if (i < 0) return Hcall.H_PARAMETER;
        out[0] = w.get(i);
        return Hcall.H_SUCCESS;
    }

    /**
     * The guest real address a device access to {@code ioba} reaches (QEMU's
     * spapr_tce_translate_iommu), or -1 when the IOBA is outside the window or its TCE does not
     * allow the access ({@code write}: the device writes memory).
     */
    public long translate(long ioba, boolean write) {
        Window w = window;
        return w == null ? -1 : translate(w, ioba, write);
    }

    private static long translate(Window w, long ioba, boolean write) {
        long i = w.index(ioba);
        if (i < 0) return -1;
        long tce = w.get(i);
        if ((tce & (write ? TCE_WRITE : TCE_READ)) == 0) return -1;
        long mask = (1L << w.pageShift) - 1;
        return (tce & ~mask) | ((ioba - w.busOffset) & mask); // QEMU: translated_addr = tce & page_mask
    }

    /** A device reads {@code len} bytes of memory at {@code ioba}; false (nothing read past the fault) if a page is not mapped for reading. */
    public boolean dmaRead(long ioba, byte[] dst, int off, int len) {
        return transfer(ioba, dst, off, len, false);
    }

    /** A device writes {@code len} bytes of memory at {@code ioba} (RAM's dirty log sees them); false if a page is not mapped for writing. */
    public boolean dmaWrite(long ioba, byte[] src, int off, int len) {
        return transfer(ioba, src, off, len, true);
    }

    private boolean transfer(long ioba, byte[] buf, int off, int len, boolean write) {
        Window w = window;
        if (w == null) return false;
        long page = 1L << w.pageShift;
        while (len > 0) {
            long pa = translate(w, ioba, write);
            int n = (int) Math.min(len, page - ((ioba - w.busOffset) & (page - 1)));
            if (pa < 0 || !ram.contains(pa, n)) return false;
            if (write) ram.write(pa, buf, off, n);
            else ram.read(pa, buf, off, n);
            ioba += n;
            off += n;
            len -= n;
        }
        return true;
    }

    // ---- Device "spapr_iommu" (QEMU's vmstate of the same name, instance = LIOBN) --------------

    /**
     * Version 2: "liobn", "entries" (QEMU's mig_nb_table: 0 for a disabled table), "bus-offset",
     * "page-shift", "def-win", and the non-zero entries as "index" + "tce". (Version 1 had a
     * fixed window.)
     */
    private static final DeviceId ID = DeviceId.of("spapr_iommu", 2, ResetPhase.DEVICES);

    @Override
    public DeviceId id() {
        return ID.instance(liobn);
    }

    /** Every entry invalid, the window kept (QEMU's spapr_tce_reset); the bridge's reset chose the windows before. */
    @Override
    public synchronized void reset(ResetReason why) {
        Window w = window;
        if (w != null) window = new Window(w.busOffset, w.pageShift, w.entries, ram.size());
    }

    @Override
    public String info() {
        Window w = window;
        if (w == null) return String.format("TCE table liobn 0x%x: disabled", liobn);
        long[] used = new long[1];
        w.forEach((i, t) -> used[0]++);
        return String.format("TCE table liobn 0x%x: window 0x%x..0x%x, %d pages of 2^%d, %d in use", liobn, w.busOffset,
                w.busOffset + w.size() - 1, w.entries, w.pageShift, used[0]);
    }

    @Override
    public void saveState(Consumer<Section> out) {
        Window w = window;
        Section s = newSection().i32("liobn", liobn).i64("entries", w == null ? 0 : w.entries).i64("bus-offset", w == null ? 0 : w.busOffset)
                .i32("page-shift", w == null ? 0 : w.pageShift).bool("def-win", defaultWindow);
        java.util.List<long[]> used = new java.util.ArrayList<>();
        if (w != null) w.forEach((i, t) -> used.add(new long[] {i, t}));
        long[] index = new long[used.size()], tce = new long[used.size()];
        for (int k = 0; k < index.length; k++) {
            index[k] = used.get(k)[0];
            tce[k] = used.get(k)[1];
        }
        out.accept(s.longs("index", index).longs("tce", tce));
    }

    /** Checks the LIOBN (QEMU's VMSTATE_UINT32_EQUAL), the window and every index, then loads (QEMU's spapr_tce_table_post_load). */
    @Override
    public void loadState(Section s) throws StateException {
        String where = "section " + s.label() + ": ";
        int theirs = s.i32("liobn");
        if (theirs != liobn) throw new StateException(String.format("%sfield liobn = 0x%x, this machine's is 0x%x", where, theirs, liobn));
        long entries = s.i64("entries");
        int shift = s.i32("page-shift");
        long offset = s.i64("bus-offset");
        long[] index = s.longs("index"), tce = s.longs("tce");
        if (index.length != tce.length) throw new StateException(where + "fields index and tce have " + index.length + " and " + tce.length + " values");
        Window w = null;
        if (entries != 0) {
            if (!validWindow(shift, offset, entries)) {
                throw new StateException(String.format("%sa window of 0x%x entries of 2^%d bytes at 0x%x cannot exist", where, entries, shift, offset));
            }
            w = new Window(offset, shift, entries, ram.size());
        }
        for (int k = 0; k < index.length; k++) {
            if (w == null || Long.compareUnsigned(index[k], entries) >= 0 || (k > 0 && Long.compareUnsigned(index[k], index[k - 1]) <= 0)) {
                throw new StateException(where + "field index[" + k + "] = " + index[k] + " is not ascending within 0.." + (entries - 1));
            }
            if (!w.set(index[k], tce[k])) {
                throw new StateException(where + "more entries in use than a table of this machine may hold (" + w.maxChunks * (long) CHUNK + ")");
            }
        }
        synchronized (this) {
            window = w;
            defaultWindow = s.bool("def-win");
        }
    }
}
