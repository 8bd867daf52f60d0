package org.jpseries.user;

import java.io.IOException;
import org.jpseries.memory.Page;

/**
 * One mapping of the guest process, Linux's {@code struct vm_area_struct}: the page-aligned
 * range [start, end), its PROT_* bits, whether it is shared, and for a file mapping the file and
 * the offset of {@code start} in it. A mapping costs only this object: {@link AddressSpace} gives
 * a page host storage when the guest first touches it ({@link #fill}).
 *
 * <p>{@code accounted} is Linux's VM_ACCOUNT: the mapping is charged against the host's commit
 * limit ({@link HostCommit}). Private mappings are charged once writable (at mmap, or at the
 * mprotect that makes them writable: mm/mprotect.c mprotect_fixup), shared anonymous ones at mmap
 * (shmem_acct_size), never with MAP_NORESERVE where the host honours it.
 *
 * <p>Every mapping object holds one reference to its file ({@link OpenFile#retain}), so that
 * closing the descriptor keeps the mapping readable, as in Linux; {@link #release} drops it.
 */
final class Mapping {
    long start, end;
    int prot;
    boolean accounted;
    final boolean shared;
    final boolean noreserve;
    /** The mapped file, or null for an anonymous mapping. */
    final OpenFile file;
    /** The file offset of {@link #start}. */
    long offset;

    Mapping(long start, long end, int prot, boolean shared, boolean noreserve, OpenFile file, long offset) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.shared = shared;
        this.noreserve = noreserve;
        this.file = file;
        this.offset = offset;
        this.accounted = !noreserve && (shared ? file == null : (prot & Page.PROT_WRITE) != 0);
    }

    /** An anonymous private mapping (the loader's segments, the stack, brk). */
    static Mapping anonymous(long start, long end, int prot) {
        return new Mapping(start, end, prot, false, false, null, 0);
    }

    long size() {
        return end - start;
    }

    /** A copy of this mapping's attributes for [from, to), holding its own file reference. */
    Mapping slice(long from, long to) {
        if (file != null) file.retain();
        Mapping m = new Mapping(from, to, prot, shared, noreserve, file, offset + (from - start));
        m.accounted = accounted;
        return m;
    }

    /** True if changing the protection to {@code newProt} charges this mapping (mprotect_fixup). */
    boolean chargedBy(int newProt) {
        return !accounted && !shared && !noreserve && (newProt & Page.PROT_WRITE) != 0;
    }

    void protect(int newProt) {
        if (chargedBy(newProt)) accounted = true;
        prot = newProt;
    }

    /** True if {@code next} starts where this ends and could be one mapping with it (vma_merge). */
    boolean joins(Mapping next) {
        return next.start == end && next.prot == prot && next.shared == shared && next.noreserve == noreserve
                && next.accounted == accounted && next.file == file
                && (file == null || next.offset == offset + size());
    }

    /**
     * Gives the page at {@code address} its initial contents: zeros for an anonymous page, the
     * file's bytes for a file page (zeros past the end of the file, and where the file cannot be
     * read: the guest learns nothing more from a short page than from a short read).
     */
    void fill(Page page, long address) {
        if (file == null) return;
        long pos = offset + (address - start);
        byte[] b = new byte[Page.SIZE];
        int got = 0;
        try {
            while (got < Page.SIZE) {
                int n = file.pread(b, got, Page.SIZE - got, pos + got);
                if (n <= 0) break;
                got += n;
            }
        } catch (IOException | SyscallError e) {
            // the rest of the page stays zero
        }
        page.copyIn(0, b, 0, got);
    }

    /** Drops this mapping's reference to its file. */
    void release() {
        if (file == null) return;
        try {
            file.release();
        } catch (IOException e) {
            // closing a host file the guest no longer names: nothing to report
        }
    }
}
