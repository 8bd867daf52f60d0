package org.jpseries.user;

import java.nio.charset.StandardCharsets;
import org.jpseries.cpu.Cpu;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Access;

/**
 * System-call access to the guest's memory: bulk copies a page at a time through the
 * {@link AddressSpace} (with the same permission checks as the CPU; a buffer is checked without
 * giving its untouched pages storage), scalars through the CPU's
 * MMU so they follow the guest byte order. A bad pointer raises the storage interrupt, which
 * {@link Syscalls} turns into EFAULT.
 */
public final class GuestMemory {
    public static final int PATH_MAX = 4096;

    private final Cpu cpu;
    private final AddressSpace space;

    public GuestMemory(Cpu cpu, AddressSpace space) {
        this.cpu = cpu;
        this.space = space;
    }

    public void read(long addr, byte[] dst, int off, int len) {
        int k = 0;
        while (k < len) {
            long a = addr + k;
            Page p = space.translate(a & ~Page.MASK, Access.LOAD);
            int po = (int) (a & Page.MASK);
            int n = Math.min(len - k, Page.SIZE - po);
            p.copyOut(po, dst, off + k, n);
            k += n;
        }
    }

    public byte[] read(long addr, int len) {
        byte[] b = new byte[len];
        read(addr, b, 0, len);
        return b;
    }

    public void write(long addr, byte[] src, int off, int len) {
        // Check every page first so that a fault leaves memory unchanged.
        for (long a = addr & ~Page.MASK; a < addr + len; a += Page.SIZE) space.check(a, Access.STORE);
        int k = 0;
        while (k < len) {
            long a = addr + k;
            Page p = space.translate(a & ~Page.MASK, Access.STORE);
            p.dropCode();
            int po = (int) (a & Page.MASK);
            int n = Math.min(len - k, Page.SIZE - po);
            p.copyIn(po, src, off + k, n);
            k += n;
        }
    }

    public void write(long addr, byte[] src) {
        write(addr, src, 0, src.length);
    }

    /** Fails with EFAULT unless [addr, addr+len) is writable (before doing I/O into it). */
    public void checkWritable(long addr, long len) {
        for (long a = addr & ~Page.MASK; a < addr + len; a += Page.SIZE) space.check(a, Access.STORE);
    }

    /** A NUL-terminated string (at most PATH_MAX bytes; longer is ENAMETOOLONG). */
    public String cString(long addr) throws SyscallError {
        if (addr == 0) throw new SyscallError(Errno.EFAULT);
        byte[] b = new byte[64];
        int n = 0;
        while (true) {
            int c = cpu.mmu.load8(addr + n);
            if (c == 0) break;
            if (n == b.length) {
                if (n >= PATH_MAX) throw new SyscallError(Errno.ENAMETOOLONG);
                b = java.util.Arrays.copyOf(b, n * 2);
            }
            b[n++] = (byte) c;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** A NUL-terminated string, or null if it cannot be read (tests, tracing). */
    public String cStringOrNull(long addr) {
        try {
            return cString(addr);
        } catch (SyscallError | org.jpseries.cpu.arch.GuestInterrupt e) {
            return null;
        }
    }

    public boolean bigEndian() {
        return cpu.mmu.bigEndian();
    }

    public int u8(long a) {
        return cpu.mmu.load8(a);
    }

    public int u16(long a) {
        return cpu.mmu.load16(a);
    }

    public int u32(long a) {
        return cpu.mmu.load32(a);
    }

    public long u64(long a) {
        return cpu.mmu.load64(a);
    }

    public void put8(long a, int v) {
        cpu.mmu.store8(a, v);
    }

    public void put16(long a, int v) {
        cpu.mmu.store16(a, v);
    }

    public void put32(long a, int v) {
        cpu.mmu.store32(a, v);
    }

    public void put64(long a, long v) {
        cpu.mmu.store64(a, v);
    }

    /** Zero-fills a guest range. */
    public void zero(long a, int len) {
        write(a, new byte[len]);
    }
}
