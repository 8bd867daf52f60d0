package org.jpseries.spapr.iommu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
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
 * SpaprTceTable): the DMA window of one logical I/O bus number (LIOBN). Each entry maps one
 * page of I/O bus addresses (IOBA) from {@code busOffset} on to a page of guest real memory, with
 * what the device may do there: bit 0 lets it read memory, bit 1 write it (QEMU's SPAPR_TCE_RO
 * and SPAPR_TCE_WO). The guest fills entries with H_PUT_TCE, H_PUT_TCE_INDIRECT and H_STUFF_TCE
 * ({@link TceHcalls}); devices translate through {@link #translate} or move data with
 * {@link #dmaRead} / {@link #dmaWrite}.
 *
 * <p>Threads: hcalls on vCPU threads and DMA on I/O threads touch single entries; each entry is
 * read and written atomically (acquire/release), as QEMU's table of uint64_t is.
 */
public final class TceTable implements Device {
    /** Bits of a TCE: the device may read memory (1), write it (2) or both. */
    public static final long TCE_READ = 1, TCE_WRITE = 2, TCE_RW = 3;
    /** The 4 KiB TCE page of QEMU's SPAPR_TCE_PAGE_SHIFT: the size of H_PUT_TCE_INDIRECT's list page. */
    public static final int PAGE_SHIFT_4K = 12;
    /** H_PUT_TCE_INDIRECT takes at most one 4 KiB page of TCEs (QEMU: npages > 512 is H_PARAMETER). */
    public static final int INDIRECT_MAX = 512;

    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[].class);

    @Role(kind = Role.Kind.CONFIG, why = "the logical I/O bus number, fixed by the owner (the section's instance)")
    private final int liobn;
    @Role(kind = Role.Kind.CONFIG, why = "where the window starts on the I/O bus, fixed at creation")
    private final long busOffset;
    @Role(kind = Role.Kind.CONFIG, why = "the TCE page size, fixed at creation")
    private final int pageShift;
    @Role(kind = Role.Kind.STATE, value = "tce", why = "saved as the non-zero entries: index and tce")
    private final long[] table;
    @Role(kind = Role.Kind.WIRING, why = "the guest memory DMA reaches")
    private final GuestRam ram;

    /**
     * @param windowSize bytes of I/O bus addresses the window covers (a multiple of the page size)
     */
    public TceTable(int liobn, long busOffset, int pageShift, long windowSize, GuestRam ram) {
        if (pageShift < PAGE_SHIFT_4K || pageShift > 30) throw new IllegalArgumentException("TCE page shift " + pageShift + " out of 12..30");
        long entries = windowSize >>> pageShift;
        if (entries <= 0 || entries > 1 << 24 || entries << pageShift != windowSize) {
            throw new IllegalArgumentException("TCE window of " + windowSize + " bytes in pages of 2^" + pageShift);
        }
        this.liobn = liobn;
        this.busOffset = busOffset;
        this.pageShift = pageShift;
        this.table = new long[(int) entries];
        this.ram = ram;
    }

    public int liobn() {
        return liobn;
    }

    public long busOffset() {
        return busOffset;
    }

    public int pageShift() {
        return pageShift;
    }

    /** Bytes of I/O bus addresses the window covers. */
    public long windowSize() {
        return (long) table.length << pageShift;
    }

    /** The entry for an IOBA, or -1 outside the window (QEMU: an unsigned index beyond nb_table). */
    private long index(long ioba) {
        long i = (ioba - busOffset) >>> pageShift;
        return Long.compareUnsigned(ioba - busOffset, windowSize()) < 0 ? i : -1;
    }

    /** put_tce_emu: sets the entry of the page holding {@code ioba}; H_PARAMETER outside the window. */
    public long put(long ioba, long tce) {
        long i = index(ioba);
        if (i < 0) return Hcall.H_PARAMETER;
        ENTRY.setRelease(table, (int) i, tce);
        return Hcall.H_SUCCESS;
    }

    /** get_tce_emu: the entry of the page holding {@code ioba} into {@code out[0]}; H_PARAMETER outside the window. */
    public long get(long ioba, long[] out) {
        long i = index(ioba);
        if (i < 0) return Hcall.H_PARAMETER;
        out[0] = (long) ENTRY.getAcquire(table, (int) i);
        return Hcall.H_SUCCESS;
    }

    /**
     * The guest real address a device access to {@code ioba} reaches (QEMU's
     * spapr_tce_translate_iommu), or -1 when the IOBA is outside the window or its TCE does not
     * allow the access ({@code write}: the device writes memory).
     */
    public long translate(long ioba, boolean write) {
        long i = index(ioba);
        if (i < 0) return -1;
        long tce = (long) ENTRY.getAcquire(table, (int) i);
        if ((tce & (write ? TCE_WRITE : TCE_READ)) == 0) return -1;
        long mask = (1L << pageShift) - 1;
        return (tce & ~mask) | ((ioba - busOffset) & mask); // QEMU: translated_addr = tce & page_mask
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
        long page = 1L << pageShift;
        while (len > 0) {
            long pa = translate(ioba, write);
            int n = (int) Math.min(len, page - ((ioba - busOffset) & (page - 1)));
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

    /** Version 1: "liobn", "bus-offset", "page-shift", "entries" (the window's size in entries) and the non-zero entries as "index" + "tce". */
    private static final DeviceId ID = DeviceId.of("spapr_iommu", 1, ResetPhase.DEVICES);

    @Override
    public DeviceId id() {
        return ID.instance(liobn);
    }

    /** Every entry invalid (QEMU's spapr_tce_reset). */
    @Override
    public void reset(ResetReason why) {
        clear();
    }

    private void clear() {
        for (int i = 0; i < table.length; i++) ENTRY.setRelease(table, i, 0L);
    }

    @Override
    public String info() {
        long used = Arrays.stream(table).filter(t -> t != 0).count();
        return String.format("TCE table liobn 0x%x: window 0x%x..0x%x, %d pages of 2^%d, %d in use", liobn, busOffset,
                busOffset + windowSize() - 1, table.length, pageShift, used);
    }

    @Override
    public void saveState(Consumer<Section> out) {
        int n = 0;
        int[] index = new int[table.length];
        long[] tce = new long[table.length];
        for (int i = 0; i < table.length; i++) {
            long t = (long) ENTRY.getAcquire(table, i);
            if (t == 0) continue;
            index[n] = i;
            tce[n++] = t;
        }
        out.accept(newSection().i32("liobn", liobn).i64("bus-offset", busOffset).i32("page-shift", pageShift)
                .i32("entries", table.length).ints("index", Arrays.copyOf(index, n)).longs("tce", Arrays.copyOf(tce, n)));
    }

    /** Checks the window (QEMU's VMSTATE_UINT32_EQUAL of liobn, and the table's size) and every index, then loads. */
    @Override
    public void loadState(Section s) throws StateException {
        String where = "section " + s.label() + ": ";
        expect(where, "liobn", s.i32("liobn"), liobn);
        expect(where, "bus-offset", s.i64("bus-offset"), busOffset);
        expect(where, "page-shift", s.i32("page-shift"), pageShift);
        expect(where, "entries", s.i32("entries"), table.length);
        int[] index = s.ints("index");
        long[] tce = s.longs("tce");
        if (index.length != tce.length) throw new StateException(where + "fields index and tce have " + index.length + " and " + tce.length + " values");
        for (int k = 0; k < index.length; k++) {
            if (index[k] < 0 || index[k] >= table.length || (k > 0 && index[k] <= index[k - 1])) {
                throw new StateException(where + "field index[" + k + "] = " + index[k] + " is not ascending within 0.." + (table.length - 1));
            }
        }
        clear();
        for (int k = 0; k < index.length; k++) ENTRY.setRelease(table, index[k], tce[k]);
    }

    private static void expect(String where, String field, long theirs, long ours) throws StateException {
        if (theirs != ours) throw new StateException(String.format("%sfield %s = 0x%x, this machine's is 0x%x", where, field, theirs, ours));
    }
}
