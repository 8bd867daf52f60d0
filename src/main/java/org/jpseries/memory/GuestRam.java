package org.jpseries.memory;

/**
 * The guest's physical RAM, from real address 0 to {@link #size()}: host arrays of
 * {@link #CHUNK_SIZE} bytes allocated on first touch (an idle 1 GiB guest costs what it uses),
 * seen by CPUs as 4 KiB {@link Page}s that also carry the decoded code of that page.
 *
 * <p>Host-side accesses (hypercalls, the client interface, RTAS, device DMA) go through
 * {@link #read}/{@link #write} and the big-endian helpers; writes drop decoded code like a
 * guest store does.
 */
public final class GuestRam {
    public static final int CHUNK_SHIFT = 16;
    public static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int PAGES_PER_CHUNK = CHUNK_SIZE / Page.SIZE;

    private final long size;
    private final byte[][] chunks;
    private final Page[] pages;
    /** Device windows at real addresses outside RAM (XIVE's ESB pages and TIMA). */
    private final MmioMap mmio = new MmioMap();

    public GuestRam(long size) {
        if (size <= 0 || size % CHUNK_SIZE != 0 || size > (1L << 40)) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 64 KiB up to 1 TiB");
        }
        this.size = size;
        this.chunks = new byte[Math.toIntExact(size >>> CHUNK_SHIFT)][];
        this.pages = new Page[Math.toIntExact(size >>> Page.SHIFT)];
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
        int chunk = pn / PAGES_PER_CHUNK;
        byte[] data = chunks[chunk];
        if (data == null) data = chunks[chunk] = new byte[CHUNK_SIZE];
        p = new Page(data, (pn % PAGES_PER_CHUNK) * Page.SIZE, Page.PROT_READ | Page.PROT_WRITE | Page.PROT_EXEC,
                (long) pn << Page.SHIFT);
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
            System.arraycopy(p.data, p.base + po, dst, off, n);
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
            System.arraycopy(src, off, p.data, p.base + po, n);
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
}
