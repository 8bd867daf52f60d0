package org.jpseries.user;

import java.io.IOException;
import org.jpseries.cpu.Cpu;
import org.jpseries.memory.Page;

/**
 * The memory system calls: brk, mmap, munmap, mprotect, mremap and madvise over the process's
 * {@link AddressSpace} (Linux mm/mmap.c, mm/mremap.c semantics; placement as qemu-ppc64le 7.2
 * does it). Every change of mappings or permissions flushes the CPU's software TLB.
 *
 * <p>Nothing is allocated here: pages get host storage when first touched, file pages read the
 * file then. A request is refused with ENOMEM where qemu-ppc64le's host mmap would be: when
 * no free range is left below {@link AddressSpace#TASK_SIZE}, or when it charges more than the
 * host's overcommit policy allows ({@link HostCommit}).
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
    /** The host's overcommit policy (tests set another). */
    HostCommit commit = HostCommit.HOST;
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
        if (newBrk < brkStart || newBrk > AddressSpace.TASK_SIZE) return brk;
        long oldTop = (brk + Page.MASK) & ~Page.MASK;
        long newTop = (newBrk + Page.MASK) & ~Page.MASK;
        if (newTop > oldTop) {
            // qemu maps the growth like mmap(MAP_FIXED_NOREPLACE), a private writable mapping
            if (!space.isFree(oldTop, newTop - oldTop) || !commit.allows(newTop - oldTop, space.committed())) return brk;
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
        OpenFile mapped = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            if (file == null) throw new SyscallError(Errno.EBADF);
            if (!file.readable()) throw new SyscallError(Errno.EACCES);
            if (type != MAP_PRIVATE && (prot & PROT_WRITE) != 0 && !file.writable()) throw new SyscallError(Errno.EACCES);
            if (file.path() == null || file instanceof DirectoryFile) throw new SyscallError(Errno.ENODEV);
            mapped = file;
        }
        boolean noreserve = (flags & MAP_NORESERVE) != 0 && commit.honoursNoreserve();
        Mapping m = new Mapping(start, start + size, pageProt(prot), type != MAP_PRIVATE, noreserve, mapped, offset);
        if (m.accounted && !commit.allows(size, space.committed())) throw new SyscallError(Errno.ENOMEM);
        if (mapped != null) mapped.retain();
        space.insert(m);
        cpu.mmu.flush();
        return start;
    }

    public void munmap(long addr, long len) throws SyscallError {
        // do_vmi_munmap's range check
        if ((addr & Page.MASK) != 0 || len <= 0 || addr < 0 || addr > AddressSpace.TASK_SIZE
                || len > AddressSpace.TASK_SIZE - addr) {
            throw new SyscallError(Errno.EINVAL);
        }
        space.unmap(addr, (len + Page.MASK) & ~Page.MASK);
        cpu.mmu.flush();
    }

    public void mprotect(long addr, long len, int prot) throws SyscallError {
        if ((addr & Page.MASK) != 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x3000000)) != 0) {
            throw new SyscallError(Errno.EINVAL);
        }
        if (len == 0) return;
        long size = (len + Page.MASK) & ~Page.MASK;
        int p = pageProt(prot);
        if (len < 0 || !space.isFullyMapped(addr, size)) throw new SyscallError(Errno.ENOMEM);
        // making a private mapping writable charges it (mprotect_fixup)
        long charge = space.bytesIn(addr, size, m -> m.chargedBy(p));
        if (charge > 0 && !commit.allows(charge, space.committed())) throw new SyscallError(Errno.ENOMEM);
        space.protect(addr, size, p);
        cpu.mmu.flush();
    }

    public long mremap(long old, long oldLen, long newLen, int flags, long newAddr) throws SyscallError {
        if ((old & Page.MASK) != 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0) throw new SyscallError(Errno.EINVAL);
        if ((flags & MREMAP_FIXED) != 0 && (flags & MREMAP_MAYMOVE) == 0) throw new SyscallError(Errno.EINVAL);
        long oldSize = (oldLen + Page.MASK) & ~Page.MASK;
        long newSize = (newLen + Page.MASK) & ~Page.MASK;
        if (newSize == 0) throw new SyscallError(Errno.EINVAL);
        if (newSize < 0 || newSize > AddressSpace.TASK_SIZE) throw new SyscallError(Errno.ENOMEM);
        // the old range lies in one mapping (vma_to_resize)
        Mapping vm = space.mappingAt(old);
        if (oldSize <= 0 || vm == null || vm.end - old < oldSize) throw new SyscallError(Errno.EFAULT);
        // growing a charged mapping charges the growth
        if (newSize > oldSize && vm.accounted
                && !commit.allows(newSize - oldSize, space.committed())) {
            throw new SyscallError(Errno.ENOMEM);
        }
        if ((flags & MREMAP_FIXED) != 0) {
            // mremap_to: inside the user range, not overlapping the old one
            if ((newAddr & Page.MASK) != 0 || newAddr < 0 || newAddr > AddressSpace.TASK_SIZE - newSize
                    || newAddr < old + oldSize && old < newAddr + newSize) {
                throw new SyscallError(Errno.EINVAL);
            }
            space.unmap(newAddr, newSize);
            long keep = Math.min(oldSize, newSize);
            space.move(old, newAddr, keep);
            space.unmap(old, oldSize);
            if (newSize > keep) space.extend(newAddr + keep, newSize - keep);
            cpu.mmu.flush();
            return newAddr;
        }
        if (newSize <= oldSize) {
            space.unmap(old + newSize, oldSize - newSize);
            cpu.mmu.flush();
            return old;
        }
        if (old + newSize <= AddressSpace.TASK_SIZE && space.isFree(old + oldSize, newSize - oldSize)) {
            space.extend(old + oldSize, newSize - oldSize);
            cpu.mmu.flush();
            return old;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) throw new SyscallError(Errno.ENOMEM);
        long to = space.findFree(newSize, space.mmapNext);
        if (to < 0) throw new SyscallError(Errno.ENOMEM);
        if (to >= space.mmapNext) space.mmapNext = to + newSize;
        space.move(old, to, oldSize);
        space.extend(to + oldSize, newSize - oldSize);
        cpu.mmu.flush();
        return to;
    }

    /**
     * madvise(2): MADV_DONTNEED gives up the storage of private pages, which read back as zeros
     * (or as the file's bytes); shared pages keep their contents. The other advice values are hints.
     */
    public void madvise(long addr, long len, int advice) throws SyscallError {
        if ((addr & Page.MASK) != 0 || len < 0) throw new SyscallError(Errno.EINVAL);
        long size = (len + Page.MASK) & ~Page.MASK;
        if (!space.isFullyMapped(addr, size)) throw new SyscallError(Errno.ENOMEM);
        if (advice == MADV_DONTNEED) {
            space.discard(addr, size);
            cpu.mmu.flush();
        }
    }
}
