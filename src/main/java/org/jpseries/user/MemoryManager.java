package org.jpseries.user;

import java.io.IOException;
import org.jpseries.cpu.Cpu;
import org.jpseries.memory.Page;

/**
 * The memory system calls: brk, mmap, munmap, mprotect, mremap and madvise over the process's
 * {@link AddressSpace} (Linux mm/mmap.c, mm/mremap.c semantics; placement as qemu-ppc64le 7.2
 * does it). Every change of mappings or permissions flushes the CPU's software TLB.
 */
public final class MemoryManager {
    public static final int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_TYPE = 0xf,
            MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x40, MAP_GROWSDOWN = 0x100,
            MAP_FIXED_NOREPLACE = 0x100000;
    public static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
    public static final int MADV_DONTNEED = 4;

    private final AddressSpace space;
    private final Cpu cpu;
    /** The initial break (end of bss, page-aligned) and the current one. */
    private long brkStart, brk;

    public MemoryManager(AddressSpace space, Cpu cpu) {
        this.space = space;
        this.cpu = cpu;
    }

    public void setBrkStart(long start) {
        brkStart = start;
        brk = start;
    }

    public long brk() {
        return brk;
    }

    public long brkStart() {
        return brkStart;
    }

    /** brk(2): moves the break, mapping or unmapping whole pages; returns the (possibly unchanged) break. */
    public long brk(long newBrk) {
        if (newBrk < brkStart) return brk;
        long oldTop = (brk + Page.MASK) & ~Page.MASK;
        long newTop = (newBrk + Page.MASK) & ~Page.MASK;
        if (newTop > oldTop) {
            if (!space.isFree(oldTop, newTop - oldTop)) return brk;
            space.map(oldTop, newTop - oldTop, PROT_READ | PROT_WRITE);
        } else if (newTop < oldTop) {
            space.unmap(newTop, oldTop - newTop);
            cpu.mmu.flush();
        }
        brk = newBrk;
        return brk;
    }

    static int pageProt(int prot) {
        // PROT_EXEC implies readability on POWER (no execute-only pages for user mode here).
        int p = prot & 7;
        return (p & PROT_EXEC) != 0 ? p | PROT_READ : p;
    }

    /** mmap(2) for anonymous and private or shared file mappings (shared file pages are copies). */
    public long mmap(long addr, long len, int prot, int flags, OpenFile file, long offset) throws SyscallError, IOException {
        if (len <= 0 || (offset & Page.MASK) != 0) throw new SyscallError(Errno.EINVAL);
        int type = flags & MAP_TYPE;
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) throw new SyscallError(Errno.EINVAL);
        long size = (len + Page.MASK) & ~Page.MASK;
        if (size <= 0 || size > AddressSpace.TASK_SIZE) throw new SyscallError(Errno.ENOMEM);
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        long start;
        if (fixed) {
            if ((addr & Page.MASK) != 0) throw new SyscallError(Errno.EINVAL);
            if (addr + size > AddressSpace.TASK_SIZE || addr + size < addr) throw new SyscallError(Errno.ENOMEM);
            if ((flags & MAP_FIXED) == 0 && !space.isFree(addr, size)) throw new SyscallError(Errno.EEXIST);
            start = addr;
        } else {
            long hint = addr & ~Page.MASK;
            if (hint != 0 && hint + size <= AddressSpace.TASK_SIZE && space.isFree(hint, size)) {
                start = hint;
            } else {
                start = space.findFree(size, space.mmapNext);
                if (start < 0) throw new SyscallError(Errno.ENOMEM);
                if (start == space.mmapNext || start > space.mmapNext) space.mmapNext = start + size;
            }
        }
        byte[] content = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            if (file == null) throw new SyscallError(Errno.EBADF);
            if (!file.readable()) throw new SyscallError(Errno.EACCES);
            if (type != MAP_PRIVATE && (prot & PROT_WRITE) != 0 && !file.writable()) throw new SyscallError(Errno.EACCES);
            if (file.path() == null || file instanceof DirectoryFile) throw new SyscallError(Errno.ENODEV);
            content = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
            int got = 0;
            while (got < content.length) {
                int n = file.pread(content, got, content.length - got, offset + got);
                if (n <= 0) break;
                got += n;
            }
        }
        space.map(start, size, pageProt(prot));
        if (content != null) space.poke(start, content, 0, content.length);
        cpu.mmu.flush();
        return start;
    }

    public void munmap(long addr, long len) throws SyscallError {
        if ((addr & Page.MASK) != 0 || len <= 0) throw new SyscallError(Errno.EINVAL);
        space.unmap(addr, (len + Page.MASK) & ~Page.MASK);
        cpu.mmu.flush();
    }

    public void mprotect(long addr, long len, int prot) throws SyscallError {
        if ((addr & Page.MASK) != 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x3000000)) != 0) {
            throw new SyscallError(Errno.EINVAL);
        }
        if (len == 0) return;
        if (!space.protect(addr, (len + Page.MASK) & ~Page.MASK, pageProt(prot))) throw new SyscallError(Errno.ENOMEM);
        cpu.mmu.flush();
    }

    public long mremap(long old, long oldLen, long newLen, int flags, long newAddr) throws SyscallError {
        if ((old & Page.MASK) != 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0) throw new SyscallError(Errno.EINVAL);
        if ((flags & MREMAP_FIXED) != 0 && (flags & MREMAP_MAYMOVE) == 0) throw new SyscallError(Errno.EINVAL);
        long oldSize = (oldLen + Page.MASK) & ~Page.MASK;
        long newSize = (newLen + Page.MASK) & ~Page.MASK;
        if (newSize == 0) throw new SyscallError(Errno.EINVAL);
        if (oldSize == 0 || !space.isFullyMapped(old, oldSize)) throw new SyscallError(Errno.EFAULT);
        int prot = space.page(old).prot;
        if ((flags & MREMAP_FIXED) != 0) {
            if ((newAddr & Page.MASK) != 0) throw new SyscallError(Errno.EINVAL);
            space.unmap(newAddr, newSize);
            long keep = Math.min(oldSize, newSize);
            space.move(old, newAddr, keep);
            space.unmap(old, oldSize);
            if (newSize > keep) space.map(newAddr + keep, newSize - keep, prot);
            cpu.mmu.flush();
            return newAddr;
        }
        if (newSize <= oldSize) {
            space.unmap(old + newSize, oldSize - newSize);
            cpu.mmu.flush();
            return old;
        }
        if (space.isFree(old + oldSize, newSize - oldSize)) {
            space.map(old + oldSize, newSize - oldSize, prot);
            cpu.mmu.flush();
            return old;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) throw new SyscallError(Errno.ENOMEM);
        long to = space.findFree(newSize, space.mmapNext);
        if (to < 0) throw new SyscallError(Errno.ENOMEM);
        if (to >= space.mmapNext) space.mmapNext = to + newSize;
        space.move(old, to, oldSize);
        space.map(to + oldSize, newSize - oldSize, prot);
        cpu.mmu.flush();
        return to;
    }

    /** madvise(2): MADV_DONTNEED empties private pages (they read back as zeros); the rest are hints. */
    public void madvise(long addr, long len, int advice) throws SyscallError {
        if ((addr & Page.MASK) != 0 || len < 0) throw new SyscallError(Errno.EINVAL);
        long size = (len + Page.MASK) & ~Page.MASK;
        if (!space.isFullyMapped(addr, size)) throw new SyscallError(Errno.ENOMEM);
        if (advice == MADV_DONTNEED) {
            for (long a = addr; a < addr + size; a += Page.SIZE) {
                Page p = space.page(a);
                p.dropCode();
                p.zero();
            }
        }
    }
}
