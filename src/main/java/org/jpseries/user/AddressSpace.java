package org.jpseries.user;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Access;
import org.jpseries.mmu.Translator;

/**
 * The virtual address space of one user-mode guest process: the {@link Mapping}s the ELF loader,
 * brk and mmap create, with PROT_* permissions, over 4 KiB pages (as qemu-ppc64le uses on an x86
 * host). A page gets host storage when the guest first touches it, so an untouched mapping costs
 * one object whatever its size, as a reservation does in Linux. Translation faults become SIGSEGV
 * through {@link LinuxUser}.
 */
public final class AddressSpace implements Translator {
    /**
     * The layout qemu-ppc64le 7.2 gives a 64-bit guest on a 64-bit host, so that programs see the
     * same addresses: the stack (a guard page, then 8 MiB) is the first mapping at
     * TASK_UNMAPPED_BASE (1 << 38), the signal trampoline page follows, and anonymous mappings
     * are then handed out upwards from there, never reusing freed holes below the last one.
     */
    public static final long TASK_UNMAPPED_BASE = 1L << 38;
    public static final long STACK_SIZE = 8L << 20;
    public static final long STACK_GUARD = TASK_UNMAPPED_BASE;
    public static final long STACK_TOP = TASK_UNMAPPED_BASE + Page.SIZE + STACK_SIZE;
    public static final long SIGTRAMP_PAGE = STACK_TOP;
    /** Highest guest address + 1 that mmap hands out (the 47-bit user range of x86-64 hosts qemu runs on). */
    public static final long TASK_SIZE = 1L << 47;

    /** Where the next mmap without an address hint is placed (qemu's mmap_next_start). */
    public long mmapNext = SIGTRAMP_PAGE + Page.SIZE;

    /** The mappings, by start address; they never overlap. */
    private final TreeMap<Long, Mapping> mappings = new TreeMap<>();
    /** The pages that have host storage, by page number: only those the guest has touched. */
    private final Map<Long, Page> pages = new HashMap<>();
    /** How many pages were given host storage so far (tests, measurements). */
    private long pagesCreated;

    /** Detail bits for storage faults: DSISR bit 33 (page not mapped) or 36 (protection). */
    public static final long FAULT_UNMAPPED = 1L << (63 - 33);
    public static final long FAULT_PROTECTION = 1L << (63 - 36);

    /**
     * The page holding {@code ea}; a mapped page that was never touched gets its host storage
     * now (Linux's demand paging: do_anonymous_page, or do_read_fault for a file page).
     */
    @Override
    public Page translate(long ea, Access access) {
        Page p = pages.get(ea >>> Page.SHIFT);
        if (p != null) {
            if ((p.prot & need(access)) == 0) throw fault(ea, access, FAULT_PROTECTION);
            return p;
        }
        return back(checkedMapping(ea, access), ea & ~Page.MASK);
    }

    /** Faults as {@link #translate} would, without giving the page storage (a system call's buffer check). */
    public void check(long ea, Access access) {
        Page p = pages.get(ea >>> Page.SHIFT);
        if (p == null) checkedMapping(ea, access);
        else if ((p.prot & need(access)) == 0) throw fault(ea, access, FAULT_PROTECTION);
    }

    private Mapping checkedMapping(long ea, Access access) {
        Mapping m = mappingAt(ea);
        if (m == null) throw fault(ea, access, FAULT_UNMAPPED);
        if ((m.prot & need(access)) == 0) throw fault(ea, access, FAULT_PROTECTION);
        return m;
    }

    private static int need(Access access) {
        return switch (access) {
            case LOAD -> Page.PROT_READ;
            case STORE -> Page.PROT_WRITE;
            case FETCH -> Page.PROT_EXEC;
        };
    }

    private static GuestInterrupt fault(long ea, Access access, long detail) {
        if (access == Access.STORE) detail |= 1L << (63 - 38);
        return new GuestInterrupt(access == Access.FETCH ? Interrupt.INSTRUCTION_STORAGE : Interrupt.DATA_STORAGE,
                detail, ea);
    }

    private Page back(Mapping m, long address) {
        Page p = new Page(m.prot);
        m.fill(p, address);
        pages.put(address >>> Page.SHIFT, p);
        pagesCreated++;
        return p;
    }

    /** The page holding {@code ea}, given host storage if it has none yet; null if unmapped. */
    public Page page(long ea) {
        Page p = pages.get(ea >>> Page.SHIFT);
        if (p != null) return p;
        Mapping m = mappingAt(ea);
        return m == null ? null : back(m, ea & ~Page.MASK);
    }

    public boolean isMapped(long ea) {
        return mappingAt(ea) != null;
    }

    /** The protection of the page holding {@code ea}, or -1 if it is not mapped. */
    public int protection(long ea) {
        Mapping m = mappingAt(ea);
        return m == null ? -1 : m.prot;
    }

    /** Pages that have host storage now. */
    public int residentPages() {
        return pages.size();
    }

    /** Pages given host storage since the address space was made. */
    public long pagesCreated() {
        return pagesCreated;
    }

    Mapping mappingAt(long ea) {
        Map.Entry<Long, Mapping> e = mappings.floorEntry(ea);
        return e != null && ea < e.getValue().end ? e.getValue() : null;
    }

    /** Maps zero-filled private pages covering [addr, addr+len), replacing any there. */
    public void map(long addr, long len, int prot) {
        long start = addr & ~Page.MASK;
        insert(Mapping.anonymous(start, pageEnd(addr + len), prot));
    }

    /** Puts a mapping in place of whatever was mapped in its range. */
    void insert(Mapping m) {
        unmap(m.start, m.size());
        mappings.put(m.start, m);
        merge(m.start);
        merge(m.end);
    }

    /**
     * Maps [addr, addr+len) for a loadable segment: pages another segment already mapped (the
     * page two segments share) keep their mapping and gain {@code prot}.
     */
    public void mapAdding(long addr, long len, int prot) {
        long end = pageEnd(addr + len);
        long a = addr & ~Page.MASK;
        while (a < end) {
            Mapping m = mappingAt(a);
            if (m != null) {
                long to = Math.min(end, m.end);
                protect(a, to - a, m.prot | prot);
                a = to;
            } else {
                Map.Entry<Long, Mapping> next = mappings.higherEntry(a);
                long to = next == null ? end : Math.min(end, next.getKey());
                map(a, to - a, prot);
                a = to;
            }
        }
    }

    /** Maps [at, at+len) as the continuation of the mapping that ends at {@code at} (mremap growing it). */
    void extend(long at, long len) {
        Mapping before = mappingAt(at - 1);
        Mapping m = before.slice(before.end - Page.SIZE, before.end);
        m.offset += Page.SIZE;
        m.start = at;
        m.end = at + len;
        insert(m);
    }

    public void unmap(long addr, long len) {
        long start = addr & ~Page.MASK, end = pageEnd(addr + len);
        split(start);
        split(end);
        Map<Long, Mapping> gone = mappings.subMap(start, true, end, false);
        for (Mapping m : gone.values()) m.release();
        gone.clear();
        dropPages(start, end);
    }

    /** Changes permissions; returns false if part of the range is unmapped (ENOMEM). */
    public boolean protect(long addr, long len, int prot) {
        long start = addr & ~Page.MASK, end = pageEnd(addr + len);
        if (!isFullyMapped(start, end - start)) return false;
        split(start);
        split(end);
        for (Mapping m : mappings.subMap(start, true, end, false).values()) m.protect(prot);
        forEachPage(start, end, (vpn, p) -> p.prot = prot);
        merge(start);
        merge(end);
        return true;
    }

    /** Bytes of [addr, addr+len) in mappings that {@code which} selects. */
    long bytesIn(long addr, long len, Predicate<Mapping> which) {
        long start = addr & ~Page.MASK, end = pageEnd(addr + len), n = 0;
        Map.Entry<Long, Mapping> first = mappings.floorEntry(start);
        long from = first != null ? first.getKey() : start;
        for (Mapping m : mappings.subMap(from, true, end, false).values()) {
            if (m.end > start && which.test(m)) n += Math.min(end, m.end) - Math.max(start, m.start);
        }
        return n;
    }

    /** Bytes in mappings charged against the host's commit limit (VM_ACCOUNT). */
    long committed() {
        long n = 0;
        for (Mapping m : mappings.values()) if (m.accounted) n += m.size();
        return n;
    }

    /**
     * MADV_DONTNEED: private pages of [addr, addr+len) lose their storage, so that they read
     * as zeros again (or as the file's bytes for a private file mapping), as Linux's
     * zap_page_range; pages of shared mappings keep their contents (the shmem or file pages stay).
     */
    public void discard(long addr, long len) {
        long start = addr & ~Page.MASK, end = pageEnd(addr + len);
        Map.Entry<Long, Mapping> first = mappings.floorEntry(start);
        long from = first != null ? first.getKey() : start;
        for (Mapping m : mappings.subMap(from, true, end, false).values()) {
            if (m.end > start && !m.shared) dropPages(Math.max(start, m.start), Math.min(end, m.end));
        }
    }

    /** True if no page of [addr, addr+len) is mapped. */
    public boolean isFree(long addr, long len) {
        long start = addr & ~Page.MASK, end = pageEnd(addr + len);
        if (end < start) return false;
        Map.Entry<Long, Mapping> e = mappings.lowerEntry(end);
        return e == null || e.getValue().end <= start;
    }

    /** True if every page of [addr, addr+len) is mapped. */
    public boolean isFullyMapped(long addr, long len) {
        long a = addr & ~Page.MASK, end = pageEnd(addr + len);
        if (end < a || end > TASK_SIZE) return false;
        while (a < end) {
            Mapping m = mappingAt(a);
            if (m == null) return false;
            a = m.end;
        }
        return true;
    }

    /** Lowest free, page-aligned range of {@code len} bytes at or above {@code from}, or -1. */
    public long findFree(long len, long from) {
        long size = pageEnd(len);
        long a = pageEnd(from);
        while (size > 0 && a >= 0 && a + size <= TASK_SIZE) {
            Map.Entry<Long, Mapping> e = mappings.lowerEntry(a + size);
            if (e == null || e.getValue().end <= a) return a;
            a = e.getValue().end;
        }
        return -1;
    }

    /** Moves the mappings and pages of [from, from+len) to [to, to+len) (mremap); the target must be free. */
    public void move(long from, long to, long len) {
        long end = from + len;
        split(from);
        split(end);
        Map<Long, Mapping> moving = mappings.subMap(from, true, end, false);
        List<Mapping> moved = new ArrayList<>(moving.values());
        moving.clear();
        List<Long> keys = new ArrayList<>();
        forEachPage(from, end, (vpn, p) -> keys.add(vpn));
        List<Page> movedPages = new ArrayList<>(keys.size());
        for (long vpn : keys) movedPages.add(pages.remove(vpn));
        long shift = to - from;
        for (Mapping m : moved) {
            m.start += shift;
            m.end += shift;
            mappings.put(m.start, m);
        }
        for (int i = 0; i < keys.size(); i++) {
            Page p = movedPages.get(i);
            p.dropCode();
            pages.put(keys.get(i) + (shift >> Page.SHIFT), p);
        }
        merge(from);
        merge(end);
        merge(to);
        merge(to + len);
    }

    /** Drops every mapping and its file references (the process ends). */
    public void clear() {
        for (Mapping m : mappings.values()) m.release();
        mappings.clear();
        for (Page p : pages.values()) p.dropCode();
        pages.clear();
    }

    private static long pageEnd(long a) {
        return (a + Page.MASK) & ~Page.MASK;
    }

    /** Cuts the mapping that spans {@code a}, if any, into the parts below and above it. */
    private void split(long a) {
        Mapping m = mappingAt(a);
        if (m == null || m.start == a) return;
        Mapping upper = m.slice(a, m.end);
        m.end = a;
        mappings.put(a, upper);
    }

    /** Joins the mappings that meet at {@code a} when they could be one (vma_merge). */
    private void merge(long a) {
        Mapping lower = mappingAt(a - 1), upper = mappings.get(a);
        if (lower == null || upper == null || !lower.joins(upper)) return;
        mappings.remove(a);
        lower.end = upper.end;
        upper.release();
    }

    /** Removes the storage of the pages in [start, end); their decoded code is dropped. */
    private void dropPages(long start, long end) {
        List<Long> keys = new ArrayList<>();
        forEachPage(start, end, (vpn, p) -> keys.add(vpn));
        for (long vpn : keys) pages.remove(vpn).dropCode();
    }

    /**
     * Visits the pages with storage in [start, end): by page number when the range is the
     * smaller, else over the stored pages, so the cost never depends on the size of a mapping.
     */
    private void forEachPage(long start, long end, BiConsumer<Long, Page> visit) {
        long first = start >>> Page.SHIFT, last = end >>> Page.SHIFT;
        if (last - first <= pages.size()) {
            for (long vpn = first; vpn < last; vpn++) {
                Page p = pages.get(vpn);
                if (p != null) visit.accept(vpn, p);
            }
        } else {
            for (Map.Entry<Long, Page> e : pages.entrySet()) {
                long vpn = e.getKey();
                if (vpn >= first && vpn < last) visit.accept(vpn, e.getValue());
            }
        }
    }

    /**
     * The mappings in /proc/self/maps form, as qemu shows a guest its own: runs of pages with the
     * same protection, the program's segments named by its path, then [heap] and [stack].
     */
    public String describeMaps(String program, long brkStart, long brk) {
        StringBuilder b = new StringBuilder();
        Mapping run = null;
        long runStart = 0, runEnd = 0;
        for (Mapping m : mappings.values()) {
            if (run != null && m.start == runEnd && m.prot == run.prot) {
                runEnd = m.end;
                continue;
            }
            if (run != null) describe(b, runStart, runEnd, run.prot, program, brkStart, brk);
            run = m;
            runStart = m.start;
            runEnd = m.end;
        }
        if (run != null) describe(b, runStart, runEnd, run.prot, program, brkStart, brk);
        return b.toString();
    }

    private static void describe(StringBuilder b, long start, long end, int prot, String program, long brkStart, long brk) {
        String name = "";
        if (start < brkStart && end <= pageEnd(brkStart)) name = program;
        else if (start >= brkStart && end <= pageEnd(brk) + Page.SIZE && start < brk) name = "[heap]";
        else if (start <= STACK_TOP - Page.SIZE && end >= STACK_TOP) name = "[stack]";
        String line = String.format("%08x-%08x %c%c%cp %08x 00:00 %d", start, end,
                (prot & Page.PROT_READ) != 0 ? 'r' : '-', (prot & Page.PROT_WRITE) != 0 ? 'w' : '-',
                (prot & Page.PROT_EXEC) != 0 ? 'x' : '-', 0, 0);
        b.append(String.format("%-73s%s", line, name)).append('\n');
    }

    /** Copies bytes into mapped pages regardless of protection (the loader's view). */
    public void poke(long addr, byte[] src, int off, int len) {
        for (int k = 0; k < len; ) {
            long a = addr + k;
            Page p = page(a);
            int po = (int) (a & Page.MASK);
            int n = Math.min(len - k, Page.SIZE - po);
            p.copyIn(po, src, off + k, n);
            p.dropCode();
            k += n;
        }
    }
}
