package org.jpseries.mmu;

import static org.jpseries.memory.Page.HOST;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.memory.MmioPage;
import org.jpseries.memory.Page;
import org.jpseries.memory.StorageAtomics;

/**
 * A CPU's view of storage: load/store by effective address through small direct-mapped software
 * TLBs (separate for loads, stores and instruction fetch), with the {@link Translator} consulted
 * on a miss. Data are kept in host memory segments (guest RAM off the Java heap, user-mode pages
 * in heap arrays) and read little-endian; big-endian accesses (MSR[LE]=0) reverse the bytes.
 *
 * <p>Stores never go through a TLB entry for a page that holds decoded instructions: the slow
 * path drops the page's code first, so self-modifying code and loaders work without icbi. A
 * write entry marks its page in the RAM's dirty log when it is installed
 * ({@link org.jpseries.memory.DirtyLog}).
 *
 * <p>A translation to a device window ({@link MmioPage}) is never cached: the slow path hands the
 * whole access to the device, so RAM accesses keep their TLB-hit fast path untouched.
 */
public final class Mmu {
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Aligned words for compare-and-set (storage is little-endian, as the host). */
    private static final VarHandle CAS32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle CAS64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private static final int ENTRIES = 512;
    private static final int INDEX_MASK = ENTRIES - 1;
    private static final long NO_TAG = -1L;

    /**
     * One set of TLB arrays: read, write and fetch translations of one translation context.
     * System mode keeps a set per context (MSR IR, DR, PR, HV: kernel, user, real mode...) so
     * that an interrupt or a return to user space switches sets instead of flushing.
     */
    private static final class Set {
        final long[] rtag = new long[ENTRIES];
        final long[] raddr = new long[ENTRIES];
        final Page[] rpage = new Page[ENTRIES];
        final long[] wtag = new long[ENTRIES];
        final long[] waddr = new long[ENTRIES];
        final Page[] wpage = new Page[ENTRIES];
        final long[] ftag = new long[ENTRIES];
        final Page[] fpage = new Page[ENTRIES];
        /**
         * Whether an entry may have been filled since the last {@link #clear}: flushes and
         * invalidations skip the sets of contexts not used meanwhile (Linux's kernel-range flush
         * issues three tlbie in a row, with only a few instructions of one context between them).
         */
        boolean used;

        Set() {
            clear();
        }

        void clear() {
            used = false;
            Arrays.fill(rtag, NO_TAG);
            Arrays.fill(wtag, NO_TAG);
            Arrays.fill(ftag, NO_TAG);
            Arrays.fill(rpage, null);
            Arrays.fill(wpage, null);
            Arrays.fill(fpage, null);
        }
    }

    /** Number of translation contexts ({@link #selectContext}). */
    public static final int CONTEXTS = 16;
    private final Set[] sets = new Set[CONTEXTS];
    private int context;
    /** The set of the current context (its arrays are copied below). */
    private Set current;

    // The current set's arrays, copied into fields for the fast paths.
    private long[] rtag;
    private long[] raddr;
    private Page[] rpage;
    private long[] wtag;
    private long[] waddr;
    private Page[] wpage;
    private long[] ftag;
    private Page[] fpage;

    private Translator translator;
    /** Counts flushes: code that cached a translation (chained compiled blocks) checks it. */
    private long epoch;
    private boolean bigEndian;

    public Mmu(Translator translator) {
        this.translator = translator;
        sets[0] = new Set();
        use(sets[0]);
    }

    private void use(Set t) {
        current = t;
        rtag = t.rtag;
        raddr = t.raddr;
        rpage = t.rpage;
        wtag = t.wtag;
        waddr = t.waddr;
        wpage = t.wpage;
        ftag = t.ftag;
        fpage = t.fpage;
    }

    /**
     * Switches to the TLB set of translation context {@code ctx} (0..{@link #CONTEXTS}-1; the
     * CPU derives it from the MSR bits that select a translation). Each context keeps its
     * translations; {@link #flush} and {@link #invalidateReal} apply to all of them.
     */
    public void selectContext(int ctx) {
        if (ctx == context) return;
        Set t = sets[ctx];
        if (t == null) t = sets[ctx] = new Set();
        context = ctx;
        epoch++;
        use(t);
    }

    public Translator translator() {
        return translator;
    }

    public void setTranslator(Translator t) {
        this.translator = t;
        flush();
    }

    public void setBigEndian(boolean be) {
        this.bigEndian = be;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public long epoch() {
        return epoch;
    }

    /** Drops every cached translation (tlbie, slbie, MSR[IR/DR/PR] changes, munmap...). */
    public void flush() {
        epoch++;
        for (Set t : sets) {
            if (t != null && t.used) t.clear();
        }
    }

    /**
     * Drops the cached translations to real addresses in [start, start + length): what an
     * invalidated page-table entry mapped (H_REMOVE, H_PROTECT, H_BULK_REMOVE). Entries whose page
     * has no real address (user mode) are dropped too.
     */
    public void invalidateReal(long start, long length) {
        epoch++;
        for (Set t : sets) {
            if (t != null && t.used) invalidateReal(t, start, length);
        }
    }

    private static void invalidateReal(Set t, long start, long length) {
        long[] rtag = t.rtag, wtag = t.wtag, ftag = t.ftag;
        Page[] rpage = t.rpage, wpage = t.wpage, fpage = t.fpage;
        for (int i = 0; i < ENTRIES; i++) {
            if (rtag[i] != NO_TAG && inRange(rpage[i], start, length)) {
                rtag[i] = NO_TAG;
                rpage[i] = null;
            }
            if (wtag[i] != NO_TAG && inRange(wpage[i], start, length)) {
                wtag[i] = NO_TAG;
                wpage[i] = null;
            }
            if (ftag[i] != NO_TAG && inRange(fpage[i], start, length)) {
                ftag[i] = NO_TAG;
                fpage[i] = null;
            }
        }
    }

    private static boolean inRange(Page p, long start, long length) {
        if (p == null || p.realAddress < 0) return true;
        return p.realAddress - start >= 0 && p.realAddress - start < length;
    }

    private static int index(long ea) {
        return (int) (ea >>> Page.SHIFT) & INDEX_MASK;
    }

    // ---- loads: values come back zero-extended, in the byte order of the access ----

    public int load8(long ea) {
        int i = index(ea);
        if (rtag[i] == (ea & ~Page.MASK)) return HOST.get(ValueLayout.JAVA_BYTE, raddr[i] + (ea & Page.MASK)) & 0xFF;
        return (int) loadSlow(ea, 1, bigEndian);
    }

    public int load16(long ea) {
        int i = index(ea);
        int off = (int) (ea & Page.MASK);
        if (rtag[i] == (ea & ~Page.MASK) && off <= Page.SIZE - 2) {
            short v = HOST.get(LE16, raddr[i] + off);
            return (bigEndian ? Short.reverseBytes(v) : v) & 0xFFFF;
        }
        return (int) loadSlow(ea, 2, bigEndian);
    }

    public int load32(long ea) {
        int i = index(ea);
        int off = (int) (ea & Page.MASK);
        if (rtag[i] == (ea & ~Page.MASK) && off <= Page.SIZE - 4) {
            int v = HOST.get(LE32, raddr[i] + off);
            return bigEndian ? Integer.reverseBytes(v) : v;
        }
        return (int) loadSlow(ea, 4, bigEndian);
    }

    public long load64(long ea) {
        int i = index(ea);
        int off = (int) (ea & Page.MASK);
        if (rtag[i] == (ea & ~Page.MASK) && off <= Page.SIZE - 8) {
            long v = HOST.get(LE64, raddr[i] + off);
            return bigEndian ? Long.reverseBytes(v) : v;
        }
        return loadSlow(ea, 8, bigEndian);
    }

    // ---- stores: the low-order bytes of the value, in the byte order of the access ----

    public void store8(long ea, int v) {
        int i = index(ea);
        if (wtag[i] == (ea & ~Page.MASK)) {
            HOST.set(ValueLayout.JAVA_BYTE, waddr[i] + (ea & Page.MASK), (byte) v);
            return;
        }
        storeSlow(ea, 1, v, bigEndian);
    }

    public void store16(long ea, int v) {
        int i = index(ea);
        int off = (int) (ea & Page.MASK);
        if (wtag[i] == (ea & ~Page.MASK) && off <= Page.SIZE - 2) {
            HOST.set(LE16, waddr[i] + off, bigEndian ? Short.reverseBytes((short) v) : (short) v);
            return;
        }
        storeSlow(ea, 2, v, bigEndian);
    }

    public void store32(long ea, int v) {
        int i = index(ea);
        int off = (int) (ea & Page.MASK);
        if (wtag[i] == (ea & ~Page.MASK) && off <= Page.SIZE - 4) {
            HOST.set(LE32, waddr[i] + off, bigEndian ? Integer.reverseBytes(v) : v);
            return;
        }
        storeSlow(ea, 4, v, bigEndian);
    }

    public void store64(long ea, long v) {
        int i = index(ea);
        int off = (int) (ea & Page.MASK);
        if (wtag[i] == (ea & ~Page.MASK) && off <= Page.SIZE - 8) {
            HOST.set(LE64, waddr[i] + off, bigEndian ? Long.reverseBytes(v) : v);
            return;
        }
        storeSlow(ea, 8, v, bigEndian);
    }

    // ---- instruction fetch ----

    /** The page holding the instruction at {@code ea}, translated for execution. */
    public Page fetchPage(long ea) {
        int i = index(ea);
        long tag = ea & ~Page.MASK;
        if (ftag[i] == tag) return fpage[i];
        Page p = translator.translate(ea, Access.FETCH);
        current.used = true;
        ftag[i] = tag;
        fpage[i] = p;
        return p;
    }

    /** Drops the decoded instructions of the page holding {@code ea} (icbi); translates like a load. */
    public void invalidateCode(long ea) {
        int i = index(ea);
        if (rtag[i] != (ea & ~Page.MASK)) fillRead(ea);
        rpage[i].dropCode();
    }

    /** Called when instructions are decoded on {@code page}: later stores to it must take the slow path. */
    public void codeCreated(Page page) {
        for (Set t : sets) {
            if (t == null || !t.used) continue;
            for (int i = 0; i < ENTRIES; i++) {
                if (t.wpage[i] == page) {
                    t.wtag[i] = NO_TAG;
                    t.wpage[i] = null;
                }
            }
        }
    }

    // ---- slow paths: TLB refill, page-crossing accesses, stores to pages with code ----

    private Page fillRead(long ea) {
        // the exact address, so that a fault reports it (DAR, si_addr)
        return installRead(ea, translator.translate(ea, Access.LOAD));
    }

    private Page installRead(long ea, Page p) {
        if (p instanceof MmioPage) throw mmioRefused(ea, Access.LOAD);
        long tag = ea & ~Page.MASK;
        int i = index(ea);
        current.used = true;
        rtag[i] = tag;
        raddr[i] = p.address;
        rpage[i] = p;
        return p;
    }

    private Page fillWrite(long ea) {
        return installWrite(ea, translator.translate(ea, Access.STORE));
    }

    private Page installWrite(long ea, Page p) {
        if (p instanceof MmioPage) throw mmioRefused(ea, Access.STORE);
        long tag = ea & ~Page.MASK;
        p.dropCode();
        p.markWritten(); // a migration's dirty log; it drops every write translation after each pass
        int i = index(ea);
        current.used = true;
        wtag[i] = tag;
        waddr[i] = p.address;
        wpage[i] = p;
        return p;
    }

    /**
     * An access a device window (or the unassigned one) cannot take (crossing its page, larx/stcx.,
     * multi-unit probes): a machine check with QEMU's codes for a failed transaction.
     */
    private static GuestInterrupt mmioRefused(long ea, Access access) {
        return new GuestInterrupt(Interrupt.MACHINE_CHECK, access == Access.LOAD ? Interrupt.MC_LOAD : Interrupt.MC_STORE, ea);
    }

    private long loadSlow(long ea, int size, boolean be) {
        if (rtag[index(ea)] != (ea & ~Page.MASK)) {
            Page p = translator.translate(ea, Access.LOAD);
            if (p instanceof MmioPage m) {
                if (!MmioPage.fits(ea, size)) throw mmioRefused(ea, Access.LOAD);
                return m.load(ea, size, be);
            }
            installRead(ea, p);
        }
        long v = 0;
        for (int k = 0; k < size; k++) {
            long a = ea + k;
            int i = index(a);
            if (rtag[i] != (a & ~Page.MASK)) fillRead(a);
            long b = HOST.get(ValueLayout.JAVA_BYTE, raddr[i] + (a & Page.MASK)) & 0xFFL;
            v = be ? (v << 8) | b : v | (b << (8 * k));
        }
        return v;
    }

    private void storeSlow(long ea, int size, long v, boolean be) {
        // Translate (and drop decoded code of) every page touched before writing any byte, so a
        // fault leaves storage unchanged. Consecutive pages never share a TLB index.
        long last = ea + size - 1;
        Page p = translator.translate(ea, Access.STORE);
        if (p instanceof MmioPage m) {
            if (!MmioPage.fits(ea, size)) throw mmioRefused(ea, Access.STORE);
            m.store(ea, size, v, be);
            return;
        }
        installWrite(ea, p);
        if (((ea ^ last) & ~Page.MASK) != 0) fillWrite(last & ~Page.MASK);
        for (int k = 0; k < size; k++) {
            long a = ea + k;
            int i = index(a);
            int shift = be ? 8 * (size - 1 - k) : 8 * k;
            HOST.set(ValueLayout.JAVA_BYTE, waddr[i] + (a & Page.MASK), (byte) (v >>> shift));
        }
    }

    // ---- multi-access instructions: translate first, so a fault leaves everything unchanged ----

    /**
     * Translates every page of [ea, ea+len) for loading, raising the fault a load would, and
     * leaves the translations in the TLB. Instructions that read several units (lmw, lswx, lq)
     * probe first so that none of their target registers changes when a later unit would fault.
     * {@code len} is at most {@link Page#SIZE}, so consecutive pages never share a TLB index.
     */
    public void probeLoad(long ea, int len) {
        long last = ea + len - 1;
        if (rtag[index(ea)] != (ea & ~Page.MASK)) fillRead(ea);
        if (((ea ^ last) & ~Page.MASK) != 0 && rtag[index(last)] != (last & ~Page.MASK)) fillRead(last);
    }

    /** As {@link #probeLoad} for stores (stmw, stswx, stq, dcbz): also drops decoded code of the pages. */
    public void probeStore(long ea, int len) {
        long last = ea + len - 1;
        if (wtag[index(ea)] != (ea & ~Page.MASK)) fillWrite(ea);
        if (((ea ^ last) & ~Page.MASK) != 0 && wtag[index(last)] != (last & ~Page.MASK)) fillWrite(last);
    }

    // ---- atomic updates: inside the exclusive section of their quadword (see StorageAtomics) ----

    /**
     * The exclusive section of the aligned quadword holding {@code ea}: every read-modify-write
     * of guest storage runs inside it (lqarx/stqcx., AMOs, {@link #compareAndSet}). Translates
     * like a load (faults as one); instructions that store probe for the store first.
     */
    public StorageAtomics.Section section(long ea) {
        int i = index(ea);
        if (rtag[i] != (ea & ~Page.MASK)) fillRead(ea);
        return StorageAtomics.section(raddr[i] + (ea & Page.MASK));
    }

    /**
     * Store conditional's store (Book II 1.7.3), also the store of a one-element AMO: replaces
     * the naturally aligned {@code size}-byte value at {@code ea} (1, 2, 4 or 8 bytes) with
     * {@code update} if it still equals {@code expected}; both in the access's byte order, as
     * load/store take them. Faults like a store even when the comparison fails. Returns whether
     * the store was performed. It is a host compare-and-set on the aligned word holding the value
     * (a byte or halfword is compared and replaced inside its aligned word, whose other bytes may
     * change meanwhile: then it tries again), inside the quadword's exclusive section, so neither
     * another atomic update nor a plain store of another thread is lost (see StorageAtomics).
     */
    public boolean compareAndSet(long ea, int size, long expected, long update) {
        int i = index(ea);
        if (wtag[i] != (ea & ~Page.MASK)) fillWrite(ea);
        MemorySegment d = HOST;
        long off = waddr[i] + (ea & Page.MASK);
        synchronized (StorageAtomics.section(off)) {
            if (size == 8) {
                long e = bigEndian ? Long.reverseBytes(expected) : expected;
                long u = bigEndian ? Long.reverseBytes(update) : update;
                // a store of the value already there is left out (it would only cost a cache line)
                if (e == u) return d.get(LE64, off) == e;
                return CAS64.compareAndSet(d, off, e, u);
            }
            long word = off & ~3L;
            int shift = 8 * (int) (off & 3);
            int mask = size == 4 ? -1 : ((1 << (8 * size)) - 1) << shift;
            int e = toStorage((int) expected, size) << shift, u = toStorage((int) update, size) << shift;
            while (true) {
                int cur = (int) CAS32.getVolatile(d, word);
                if ((cur & mask) != (e & mask)) return false;
                if ((e & mask) == (u & mask)) return true;
                if (CAS32.compareAndSet(d, word, cur, (cur & ~mask) | (u & mask))) return true;
            }
        }
    }

    /** A value of {@code size} (1, 2 or 4) bytes in the access's byte order as storage holds it, read little-endian. */
    private int toStorage(int v, int size) {
        if (!bigEndian) return size == 4 ? v : v & ((1 << (8 * size)) - 1);
        return switch (size) {
            case 1 -> v & 0xFF;
            case 2 -> Short.reverseBytes((short) v) & 0xFFFF;
            default -> Integer.reverseBytes(v);
        };
    }

    /** Copies guest bytes out (host I/O, syscalls); faults like a load. */
    public void read(long ea, byte[] dst, int off, int len) {
        for (int k = 0; k < len; k++) dst[off + k] = (byte) load8(ea + k);
    }

    /** Copies bytes into guest storage; faults like a store. */
    public void write(long ea, byte[] src, int off, int len) {
        for (int k = 0; k < len; k++) store8(ea + k, src[off + k]);
    }
}
