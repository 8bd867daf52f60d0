package org.jpseries.host;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Host memory outside the Java heap for guest storage: one anonymous private mapping per region,
 * committed by the host kernel page by page on first touch (untouched guest RAM costs nothing,
 * as under QEMU, whose RAM blocks are such mappings: util/mmap-alloc.c qemu_ram_mmap). A
 * region lives in a shared arena: {@link #close} unmaps it after every thread has left its
 * accesses (the JDK's handshake), and an access after that throws instead of touching freed
 * memory.
 */
public final class HostMemory implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;

    private HostMemory(long size, String what) throws IOException {
        MemorySegment raw;
        try {
            raw = Libc.mmapAnonymous(size, what);
        } catch (IOException e) {
            arena.close();
            throw e;
        }
        long address = raw.address();
        this.segment = raw.reinterpret(size, arena, s -> Libc.munmap(address, size));
    }

    /**
     * Maps {@code size} bytes of zeroed memory; an {@link IOException} "what: strerror" (for
     * example "...: Cannot allocate memory") when the host refuses it.
     */
    public static HostMemory map(long size, String what) throws IOException {
        if (size <= 0) throw new IllegalArgumentException("size " + size);
        return new HostMemory(size, what);
    }

    /** The whole region; 4096-byte aligned, so aligned 8-byte accesses support compare-and-set. */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Gives [offset, offset + length) back to the host (madvise MADV_DONTNEED): the range reads
     * as zeros again and no longer counts in the process's resident memory. Both ends must be
     * multiples of the host page size.
     */
    public void discard(long offset, long length) throws IOException {
        Libc.madvise(segment.asSlice(offset, length), length, Libc.MADV_DONTNEED);
    }

    /** Unmaps the region (once; again does nothing); later accesses throw IllegalStateException. */
    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
