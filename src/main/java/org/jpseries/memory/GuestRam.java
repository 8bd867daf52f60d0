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
    static final int STATE_VERSION = 1;
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
        p = new Page(memory, pa, Page.PROT_READ | Page.PROT_WRITE | Page.PROT_EXEC, pa);
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

    private static final DeviceId ID = DeviceId.of(STATE_NAME, STATE_VERSION, ResetPhase.NONE);

    /** The number of (non-zero) pages a "ram" section carries, for migration progress; 0 for a malformed one. */
    public static long pagesIn(org.jpseries.state.Section s) {
        Object present = s.rawValue("present");
        long n = 0;
        if (present instanceof long[] bits) {
            for (long b : bits) n += Long.bitCount(b);
        }
        return n;
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
     * One section per {@link #SAVE_PAGES} pages (1 MiB) that hold a non-zero page, and always the
     * first one (a load starts with it): "size" (the RAM size, checked before anything is
     * written), "first" (its first page number), "present" (a bitmap of its non-zero pages,
     * bit k of word k/64 for page first+k) and "data" (those pages in order). Zero pages and
     * never-touched memory cost nothing. One section is built at a time.
     */
    @Override
    public void saveState(Consumer<Section> out) {
        long pageCount = size >>> Page.SHIFT;
        byte[] buf = new byte[SAVE_PAGES * Page.SIZE];
        for (long first = 0; first < pageCount; first += SAVE_PAGES) {
            long[] present = new long[SAVE_PAGES / 64];
            int n = 0;
            long end = Math.min(first + SAVE_PAGES, pageCount);
            for (long pn = first; pn < end; pn++) {
                if (pages[(int) pn] == null) continue; // never touched: zero
                long off = pn << Page.SHIFT;
                if (MemorySegment.mismatch(memory, off, off + Page.SIZE, ZERO_PAGE, 0, Page.SIZE) < 0) continue;
                int bit = (int) (pn - first);
                present[bit >>> 6] |= 1L << (bit & 63);
                MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, off, buf, n++ * Page.SIZE, Page.SIZE);
            }
            if (n == 0 && first != 0) continue;
            out.accept(newSection().i64("size", size).i32("first", (int) first).longs("present", present)
                    .bytes("data", Arrays.copyOf(buf, n * Page.SIZE)));
        }
    }

    /**
     * Loads one section: the RAM size is checked first; the section with "first" 0 starts a load
     * and zeroes all of RAM (pages not in the stream are zero) and drops every page's decoded
     * code; later sections must follow in ascending order. Each is checked whole before anything
     * is written, and its pages are written like a host write (dropping decoded code).
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
        if (first < 0 || first >= pageCount) {
            throw new StateException(where + "field first = " + first + " is outside the " + pageCount + " pages of RAM");
        }
        if (first != 0 && (loadNext < 0 || first < loadNext)) {
            throw new StateException(where + "field first = " + first + " is out of order (a section before the first one or"
                    + " overlapping the previous one)");
        }
        long[] present = s.longs("present");
        long pages = 0;
        for (int w = 0; w < present.length; w++) {
            if (present[w] == 0) continue;
            long last = first + 64L * w + 63 - Long.numberOfLeadingZeros(present[w]);
            if (last >= pageCount) {
                throw new StateException(where + "field present names page " + last + ", beyond the " + pageCount + " pages of RAM");
            }
            pages += Long.bitCount(present[w]);
        }
        byte[] data = s.bytes("data");
        if (data.length != pages * Page.SIZE) {
            throw new StateException(where + "field data has " + data.length + " bytes for " + pages + " present pages");
        }
        if (first == 0) clearForLoad();
        int off = 0;
        for (int w = 0; w < present.length; w++) {
            for (long bits = present[w]; bits != 0; bits &= bits - 1) {
                long pn = first + 64L * w + Long.numberOfTrailingZeros(bits);
                write(pn << Page.SHIFT, data, off, Page.SIZE);
                off += Page.SIZE;
            }
        }
        loadNext = first + 64L * present.length;
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
    }
}
