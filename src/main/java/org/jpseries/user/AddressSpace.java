package org.jpseries.user;

import java.util.HashMap;
import java.util.Map;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Access;
import org.jpseries.mmu.Translator;

/**
 * The virtual address space of one user-mode guest process: 4 KiB pages (as qemu-ppc64le uses
 * on an x86 host) created by the ELF loader, brk and mmap, with PROT_* permissions. Translation
 * faults become SIGSEGV through {@link LinuxUser}.
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

    private final Map<Long, Page> pages = new HashMap<>();

    /** Detail bits for storage faults: DSISR bit 33 (page not mapped) or 36 (protection). */
    public static final long FAULT_UNMAPPED = 1L << (63 - 33);
    public static final long FAULT_PROTECTION = 1L << (63 - 36);

    @Override
    public Page translate(long ea, Access access) {
        Page p = pages.get(ea >>> Page.SHIFT);
        int need = switch (access) {
            case LOAD -> Page.PROT_READ;
            case STORE -> Page.PROT_WRITE;
            case FETCH -> Page.PROT_EXEC;
        };
        if (p == null || (p.prot & need) == 0) {
            long detail = p == null ? FAULT_UNMAPPED : FAULT_PROTECTION;
            if (access == Access.STORE) detail |= 1L << (63 - 38);
            throw new GuestInterrupt(access == Access.FETCH ? Interrupt.INSTRUCTION_STORAGE : Interrupt.DATA_STORAGE,
                    detail, ea);
        }
        return p;
    }

    public Page page(long ea) {
        return pages.get(ea >>> Page.SHIFT);
    }

    public boolean isMapped(long ea) {
        return pages.containsKey(ea >>> Page.SHIFT);
    }

    /** Maps zero-filled pages covering [addr, addr+len), replacing any there. */
    public void map(long addr, long len, int prot) {
        for (long a = addr & ~Page.MASK; a < addr + len; a += Page.SIZE) {
            Page old = pages.put(a >>> Page.SHIFT, new Page(prot));
            if (old != null) old.dropCode();
        }
    }

    public void unmap(long addr, long len) {
        for (long a = addr & ~Page.MASK; a < addr + len; a += Page.SIZE) {
            Page old = pages.remove(a >>> Page.SHIFT);
            if (old != null) old.dropCode();
        }
    }

    /** Changes permissions; returns false if part of the range is unmapped (ENOMEM). */
    public boolean protect(long addr, long len, int prot) {
        for (long a = addr & ~Page.MASK; a < addr + len; a += Page.SIZE) {
            if (!pages.containsKey(a >>> Page.SHIFT)) return false;
        }
        for (long a = addr & ~Page.MASK; a < addr + len; a += Page.SIZE) {
            pages.get(a >>> Page.SHIFT).prot = prot;
        }
        return true;
    }

    /** True if no page of [addr, addr+len) is mapped. */
    public boolean isFree(long addr, long len) {
        for (long a = addr & ~Page.MASK; a < addr + len; a += Page.SIZE) {
            if (pages.containsKey(a >>> Page.SHIFT)) return false;
        }
        return true;
    }

    /** True if every page of [addr, addr+len) is mapped. */
    public boolean isFullyMapped(long addr, long len) {
        for (long a = addr & ~Page.MASK; a < addr + len; a += Page.SIZE) {
            if (!pages.containsKey(a >>> Page.SHIFT)) return false;
        }
        return true;
    }

    /** Lowest free, page-aligned range of {@code len} bytes at or above {@code from}, or -1. */
    public long findFree(long len, long from) {
        long size = (len + Page.MASK) & ~Page.MASK;
        long a = (from + Page.MASK) & ~Page.MASK;
        while (a + size <= TASK_SIZE) {
            long conflict = -1;
            for (long p = a + size - Page.SIZE; p >= a; p -= Page.SIZE) {
                if (pages.containsKey(p >>> Page.SHIFT)) {
                    conflict = p;
                    break;
                }
            }
            if (conflict < 0) return a;
            a = conflict + Page.SIZE;
        }
        return -1;
    }

    /** Moves the pages of [from, from+len) to [to, to+len) (mremap); the target must be free. */
    public void move(long from, long to, long len) {
        java.util.List<Page> moved = new java.util.ArrayList<>();
        for (long a = 0; a < len; a += Page.SIZE) moved.add(pages.remove((from + a) >>> Page.SHIFT));
        int i = 0;
        for (long a = 0; a < len; a += Page.SIZE) {
            Page p = moved.get(i++);
            if (p != null) {
                p.dropCode();
                pages.put((to + a) >>> Page.SHIFT, p);
            }
        }
    }

    /**
     * The mappings in /proc/self/maps form, as qemu shows a guest its own: runs of pages with the
     * same protection, the program's segments named by its path, then [heap] and [stack].
     */
    public String describeMaps(String program, long brkStart, long brk) {
        java.util.List<Long> keys = new java.util.ArrayList<>(pages.keySet());
        java.util.Collections.sort(keys);
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < keys.size()) {
            long first = keys.get(i);
            int prot = pages.get(first).prot;
            int j = i + 1;
            while (j < keys.size() && keys.get(j) == keys.get(j - 1) + 1 && pages.get(keys.get(j)).prot == prot) j++;
            long start = first << Page.SHIFT, end = (keys.get(j - 1) + 1) << Page.SHIFT;
            String name = "";
            if (start < brkStart && end <= ((brkStart + Page.MASK) & ~Page.MASK)) name = program;
            else if (start >= brkStart && end <= ((brk + Page.MASK) & ~Page.MASK) + Page.SIZE && start < brk) name = "[heap]";
            else if (start <= STACK_TOP - Page.SIZE && end >= STACK_TOP) name = "[stack]";
            String line = String.format("%08x-%08x %c%c%cp %08x 00:00 %d", start, end,
                    (prot & Page.PROT_READ) != 0 ? 'r' : '-', (prot & Page.PROT_WRITE) != 0 ? 'w' : '-',
                    (prot & Page.PROT_EXEC) != 0 ? 'x' : '-', 0, 0);
            b.append(String.format("%-73s%s", line, name)).append('\n');
            i = j;
        }
        return b.toString();
    }

    /** Copies bytes into mapped pages regardless of protection (the loader's view). */
    public void poke(long addr, byte[] src, int off, int len) {
        for (int k = 0; k < len; ) {
            long a = addr + k;
            Page p = pages.get(a >>> Page.SHIFT);
            int po = (int) (a & Page.MASK);
            int n = Math.min(len - k, Page.SIZE - po);
            p.copyIn(po, src, off + k, n);
            p.dropCode();
            k += n;
        }
    }
}
