package org.jpseries.memory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.host.HostMemory;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The guest's physical RAM, from real address 0 to {@link #size()}: one anonymous host mapping
 * outside the Java heap ({@link HostMemory}), committed by the host page by page on first touch
 * (an idle 1 GiB guest costs what it uses, and a guest filling its RAM never fills the Java
 * heap), seen by CPUs as 4 KiB {@link Page}s, made on first touch, that also carry the decoded
 * code of that page. {@link #close} unmaps it.
 *
 * <p>Host-side accesses (hypercalls, the client interface, RTAS, device DMA) go through
 * {@link #read}/{@link #write} and the big-endian helpers; writes drop decoded code like a
 * guest store does.
 *
 * <p>State: section "ram" (QEMU's RAM migration, "ram" section), see {@link #saveState}. The
 * machine never resets RAM contents (QEMU does not either), so its reset phase is NONE.
 */
public final class GuestRam implements Device, AutoCloseable {
    /** The granule of RAM sizes (-m is rounded to it by the command line). */
    public static final int CHUNK_SHIFT = 16;
    public static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    /** The largest RAM this machine models (the real address space of the MMU models: 2^40). */
    public static final long MAX_SIZE = 1L << 40;

    public static final String STATE_NAME = "ram";
    /** 2 added "pass" and "zeroed" (pre-copy migration); version 1 sections still load. */
    static final int STATE_VERSION = 2, STATE_MIN_VERSION = 1;
    /** Pages one saved section covers: 1 MiB of RAM, the most a save or a load holds at once. */
    static final int SAVE_PAGES = 256;
    /** A page of zeros to compare with (never written). */
    private static final MemorySegment ZERO_PAGE = MemorySegment.ofArray(new byte[Page.SIZE]);

    @Role(kind = Role.Kind.CONFIG, why = "-m; every section carries it and a load checks it first")
    private final long size;
    @Role(kind = Role.Kind.WIRING, why = "the host mapping that backs the RAM")
    private final HostMemory host;
    @Role(kind = Role.Kind.STATE, value = "data", why = "RAM contents: the non-zero pages, with present and first")
    private final MemorySegment memory;
    @Role(kind = Role.Kind.CACHE, why = "4 KiB views of the mapping made on first touch (null: never touched, reads as zero), carrying decoded code (dropped by a load)")
    private final Page[] pages;
    /** Device windows at real addresses outside RAM (XIVE's ESB pages and TIMA). */
    @Role(kind = Role.Kind.WIRING, why = "device windows registered at construction; their devices own their state")
    private final MmioMap mmio = new MmioMap();
    @Role(kind = Role.Kind.DERIVED, why = "progress of a load in stream order (first page a section may hold), -1 outside a load")
    private long loadNext = -1;
    @Role(kind = Role.Kind.DERIVED, why = "the pass of a load's last section, 0 outside a load")
    private int loadPass;
    @Role(kind = Role.Kind.WIRING, why = "an outgoing migration's record of written pages, not machine state")
    private final DirtyLog dirty;

    /** RAM for tests and tools; see {@link #GuestRam(long, String)}. */
    public GuestRam(long size) {
        this(size, "guest RAM");
    }

    /**
     * Maps {@code size} bytes of RAM named {@code name} (QEMU's memory region name, e.g.
     * "ppc_spapr.ram"). A host that cannot back it refuses it here, with QEMU's message:
     * {@link OutOfHostMemory} "cannot set up guest memory 'NAME': Cannot allocate memory".
     */
    public GuestRam(long size, String name) {
        if (size <= 0 || size % CHUNK_SIZE != 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 64 KiB up to 1 TiB");
        }
        this.size = size;
        this.pages = new Page[Math.toIntExact(size >>> Page.SHIFT)];
        try {
            this.host = HostMemory.map(size, "cannot set up guest memory '" + name + "'");
        } catch (IOException e) {
            throw new OutOfHostMemory(e.getMessage());
        }
        this.memory = host.segment();
        this.dirty = new DirtyLog(size >>> Page.SHIFT);
    }

    /** The log of pages written while a migration runs. */
    public DirtyLog dirtyLog() {
        return dirty;
    }

    /** The host refused to back guest RAM (QEMU: "cannot set up guest memory ..."); a start-up error. */
    public static final class OutOfHostMemory extends RuntimeException {
        public OutOfHostMemory(String message) {
            super(message);
        }
    }

    /**
     * Unmaps the RAM; the machine calls it when its run has ended and no vCPU thread can access
     * it again (the MMU's fast paths access it unchecked, see {@link Page}). Later host accesses
     * through this object throw.
     */
    @Override
    public void close() {
        host.close();
    }

    public long size() {
        return size;
    }

    /** The MMIO regions of the partition's real address space, consulted where RAM ends. */
    public MmioMap mmio() {
        return mmio;
    }

    public boolean contains(long pa, long len) {
        return pa >= 0 && len >= 0 && pa <= size - len;
    }

    /** The page holding real address {@code pa}, or null outside RAM. */
    public Page page(long pa) {
        if (pa < 0 || pa >= size) return null;
        int pn = (int) (pa >>> Page.SHIFT);
        Page p = pages[pn];
        if (p == null) p = makePage(pn);
        return p;
    }

    private synchronized Page makePage(int pn) {
        Page p = pages[pn];
        if (p != null) return p;
        long pa = (long) pn << Page.SHIFT;
        p = new Page(memory, pa, Page.PROT_READ | Page.PROT_WRITE | Page.PROT_EXEC, pa, dirty);
        pages[pn] = p;
        return p;
    }

    private void check(long pa, long len) {
        if (!contains(pa, len)) {
            throw new IllegalArgumentException(String.format("real address range 0x%x+0x%x is outside RAM", pa, len));
        }
    }

    public void read(long pa, byte[] dst, int off, int len) {
        check(pa, len);
        while (len > 0) {
            Page p = page(pa);
            int po = (int) (pa & Page.MASK);
            int n = Math.min(len, Page.SIZE - po);
            p.copyOut(po, dst, off, n);
            pa += n;
            off += n;
            len -= n;
        }
    }

    public void write(long pa, byte[] src, int off, int len) {
        check(pa, len);
        while (len > 0) {
            Page p = page(pa);
            int po = (int) (pa & Page.MASK);
            int n = Math.min(len, Page.SIZE - po);
            p.dropCode();
            p.markWritten();
            p.copyIn(po, src, off, n);
            pa += n;
            off += n;
            len -= n;
        }
    }

    public void fill(long pa, long len, byte value) {
        check(pa, len);
        byte[] b = new byte[(int) Math.min(len, 1 << 16)];
        java.util.Arrays.fill(b, value);
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(b.length, len - done);
            write(pa + done, b, 0, n);
            done += n;
        }
    }

    public int readU8(long pa) {
        byte[] b = new byte[1];
        read(pa, b, 0, 1);
        return b[0] & 0xFF;
    }

    /** A big-endian 32-bit value (the client interface's and RTAS's cell format). */
    public int readBE32(long pa) {
        byte[] b = new byte[4];
        read(pa, b, 0, 4);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    public long readBE64(long pa) {
        return ((long) readBE32(pa) << 32) | (readBE32(pa + 4) & 0xFFFFFFFFL);
    }

    public void writeBE32(long pa, int v) {
        write(pa, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}, 0, 4);
    }

    public void writeBE64(long pa, long v) {
        writeBE32(pa, (int) (v >>> 32));
        writeBE32(pa + 4, (int) v);
    }

    // ---- Device -----------------------------------------------------------------------------

    private static final DeviceId ID = new DeviceId(STATE_NAME, 0, STATE_VERSION, STATE_MIN_VERSION, ResetPhase.NONE);

    /** The number of (non-zero) pages a "ram" section carries, for migration progress; 0 for a malformed one. */
    public static long pagesIn(Section s) {
        return s.rawValue("present") instanceof long[] bits ? DirtyLog.count(bits) : 0;
    }

    @Override
    public DeviceId id() {
        return ID;
    }

    /** RAM keeps its contents across every machine reset (QEMU never resets RAM). */
    @Override
    public void reset(ResetReason why) {}

    @Override
    public String info() {
        long touched = 0;
        for (Page p : pages) {
            if (p != null) touched++;
        }
        return String.format("RAM %d MiB, %d KiB touched", size >> 20, touched * (Page.SIZE >> 10));
    }

    private static String describeSize(long bytes) {
        return (bytes & ((1 << 20) - 1)) == 0 ? (bytes >> 20) + " MiB" : "0x" + Long.toHexString(bytes) + " bytes";
    }

    /**
     * The whole of RAM as one pass ({@link #savePass} of every page): what a snapshot of a
     * stopped machine and the first pass of a migration send.
     */
    @Override
    public void saveState(Consumer<Section> out) {
        savePass(null, 1, out);
    }

    /**
     * Pass {@code pass} of a migration (QEMU ram_save_iterate): the pages of {@code which} (bit k
     * of word k/64 is page k; null: all of RAM), one section per {@link #SAVE_PAGES} pages
     * (1 MiB) that has any, with "size" (the RAM size, checked before anything is written),
     * "first" (its first page number), "pass", "present" (a bitmap of its non-zero pages, bit k
     * of word k/64 for page first+k), "zeroed" (the pages of {@code which} that are zero now; a
     * first pass leaves them out, as the destination starts from zeroed RAM) and "data" (the
     * present pages in order). The first pass always has its section for page 0 (a load starts
     * with it). One section is built at a time.
     */
    public void savePass(long[] which, int pass, Consumer<Section> out) {
        long pageCount = size >>> Page.SHIFT;
        byte[] buf = new byte[SAVE_PAGES * Page.SIZE];
        for (long first = 0; first < pageCount; first += SAVE_PAGES) {
            boolean loadStart = pass == 1 && first == 0; // always sent: a load starts with it
            if (which != null && !any(which, first, SAVE_PAGES) && !loadStart) continue;
            long[] present = new long[SAVE_PAGES / 64], zeroed = new long[SAVE_PAGES / 64];
            int n = 0, z = 0;
            long end = Math.min(first + SAVE_PAGES, pageCount);
            for (long pn = first; pn < end; pn++) {
                if (which != null && (which[(int) (pn >>> 6)] & 1L << (pn & 63)) == 0) continue;
                int bit = (int) (pn - first);
                long off = pn << Page.SHIFT;
                if (pages[(int) pn] == null // never touched: zero
                        || MemorySegment.mismatch(memory, off, off + Page.SIZE, ZERO_PAGE, 0, Page.SIZE) < 0) {
                    if (pass > 1) {
                        zeroed[bit >>> 6] |= 1L << (bit & 63);
                        z++;
                    }
                    continue;
                }
                present[bit >>> 6] |= 1L << (bit & 63);
                MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, off, buf, n++ * Page.SIZE, Page.SIZE);
            }
            if (n == 0 && z == 0 && !loadStart) continue;
            out.accept(newSection().i64("size", size).i32("first", (int) first).i32("pass", pass).longs("present", present)
                    .longs("zeroed", zeroed).bytes("data", Arrays.copyOf(buf, n * Page.SIZE)));
        }
    }

    private static boolean any(long[] bits, long first, int count) {
        for (int w = (int) (first >>> 6), end = (int) ((first + count + 63) >>> 6); w < end && w < bits.length; w++) {
            if (bits[w] != 0) return true;
        }
        return false;
    }

    /** The pages a "ram" section sets to zero (its "zeroed" bitmap; none in a version-1 section), for migration statistics. */
    public static long zeroedIn(Section s) {
        return s.rawValue("zeroed") instanceof long[] bits ? DirtyLog.count(bits) : 0;
    }

    /**
     * Loads one section: the RAM size is checked first. A stream's first section is pass 1's
     * for page 0: it zeroes all of RAM (pages not in the stream are zero) and drops every
     * page's decoded code. Sections of one pass follow in ascending order, passes in ascending
     * order (a later pass rewrites pages written again on the source). Each is checked whole
     * before anything is written, and its pages are written like a host write (dropping decoded
     * code). Version 1 sections (one pass, no "zeroed") still load.
     */
    @Override
    public void loadState(Section s) throws StateException {
        String where = "section " + s.label() + ": ";
        long saved = s.i64("size");
        if (saved != size) {
            throw new StateException(where + "field size = " + describeSize(saved) + ", this machine has " + describeSize(size)
                    + " of RAM (-m)");
        }
        long pageCount = size >>> Page.SHIFT;
        long first = s.i32("first");
        int pass = s.version() >= 2 ? s.i32("pass") : 1;
        if (first < 0 || first >= pageCount) {
            throw new StateException(where + "field first = " + first + " is outside the " + pageCount + " pages of RAM");
        }
        if (pass < 1 || pass < loadPass) {
            throw new StateException(where + "field pass = " + pass + " is out of order (pass " + loadPass + " was loaded before)");
        }
        if (loadPass == 0 && (pass != 1 || first != 0)) {
            throw new StateException(where + "field first = " + first + " is out of order (a section before the first one)");
        }
        if (pass == loadPass && first < loadNext) {
            throw new StateException(where + "field first = " + first + " is out of order (overlapping the previous section)");
        }
        long[] present = s.longs("present");
        long[] zeroed = s.version() >= 2 ? s.longs("zeroed") : new long[0];
        long count = checkBitmap(where, "present", present, first, pageCount);
        checkBitmap(where, "zeroed", zeroed, first, pageCount);
        for (int w = 0; w < Math.min(present.length, zeroed.length); w++) {
            if ((present[w] & zeroed[w]) != 0) {
                throw new StateException(where + "page " + (first + 64L * w + Long.numberOfTrailingZeros(present[w] & zeroed[w]))
                        + " is both present and zeroed");
            }
        }
        byte[] data = s.bytes("data");
        if (data.length != count * Page.SIZE) {
            throw new StateException(where + "field data has " + data.length + " bytes for " + count + " present pages");
        }
        if (loadPass == 0) clearForLoad();
        int off = 0;
        for (int w = 0; w < present.length; w++) {
            for (long bits = present[w]; bits != 0; bits &= bits - 1) {
                long pn = first + 64L * w + Long.numberOfTrailingZeros(bits);
                write(pn << Page.SHIFT, data, off, Page.SIZE);
                off += Page.SIZE;
            }
        }
        for (int w = 0; w < zeroed.length; w++) {
            for (long bits = zeroed[w]; bits != 0; bits &= bits - 1) {
                Page p = pages[(int) (first + 64L * w + Long.numberOfTrailingZeros(bits))];
                if (p != null) { // never touched: already zero
                    p.dropCode();
                    p.zero();
                }
            }
        }
        loadPass = pass;
        loadNext = first + 64L * Math.max(present.length, zeroed.length);
    }

    /** Checks that a page bitmap of a section starting at page {@code first} stays inside RAM; returns its page count. */
    private static long checkBitmap(String where, String field, long[] bits, long first, long pageCount) throws StateException {
        long pages = 0;
        for (int w = 0; w < bits.length; w++) {
            if (bits[w] == 0) continue;
            long last = first + 64L * w + 63 - Long.numberOfLeadingZeros(bits[w]);
            if (last >= pageCount) {
                throw new StateException(where + "field " + field + " names page " + last + ", beyond the " + pageCount + " pages of RAM");
            }
            pages += Long.bitCount(bits[w]);
        }
        return pages;
    }

    /**
     * Gives all of RAM back to the host (it reads as zeros again and costs no host memory until
     * the load writes it) and drops all decoded code. The mapping stays, so TLBs stay valid.
     */
    private void clearForLoad() throws StateException {
        try {
            host.discard(0, size);
        } catch (IOException e) {
            throw new StateException("section " + STATE_NAME + ": cannot clear RAM for the load: " + e.getMessage());
        }
        for (Page p : pages) {
            if (p != null) p.dropCode();
        }
    }

    @Override
    public void postLoad() {
        loadNext = -1;
        loadPass = 0;
    }
}
