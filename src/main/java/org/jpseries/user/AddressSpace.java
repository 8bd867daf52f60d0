package org.jpseries.user;

import java.util.HashMap;
import java.util.Map;
import org.jpseries.cpu.GuestInterrupt;
import org.jpseries.cpu.Interrupt;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Access;
import org.jpseries.mmu.Translator;

/**
 * The virtual address space of one user-mode guest process: 4 KiB pages (as qemu-ppc64le uses
 * on an x86 host) created by the ELF loader, brk and mmap, with PROT_* permissions. Translation
 * faults become SIGSEGV through {@link LinuxUser}.
 */
public final class AddressSpace implements Translator {
    /** Where mmap without a hint starts searching downwards (below the stack). */
    public static final long MMAP_TOP = 0x7fff_8000_0000L;
    public static final long STACK_TOP = 0x7fff_ffff_0000L;

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

    /** Highest free, page-aligned range of {@code len} bytes below {@code top}, or -1. */
    public long findFree(long len, long top) {
        long size = (len + Page.MASK) & ~Page.MASK;
        long a = (top - size) & ~Page.MASK;
        while (a > 0x1_0000_0000L) {
            long conflict = -1;
            for (long p = a; p < a + size; p += Page.SIZE) {
                if (pages.containsKey(p >>> Page.SHIFT)) conflict = p;
            }
            if (conflict < 0) return a;
            a = (conflict - size) & ~Page.MASK;
        }
        return -1;
    }

    /** Copies bytes into mapped pages regardless of protection (the loader's view). */
    public void poke(long addr, byte[] src, int off, int len) {
        for (int k = 0; k < len; ) {
            long a = addr + k;
            Page p = pages.get(a >>> Page.SHIFT);
            int po = (int) (a & Page.MASK);
            int n = Math.min(len - k, Page.SIZE - po);
            System.arraycopy(src, off + k, p.data, p.base + po, n);
            p.dropCode();
            k += n;
        }
    }
}
