package org.jpseries.block;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The request alignment O_DIRECT needs on an image (QEMU block/file-posix.c raw_probe_alignment):
 * the smallest of 512, 1024, 2048, 4096 bytes that a read at offset 0 into a page-aligned buffer
 * accepts (Linux answers EINVAL to a misaligned O_DIRECT read; any other answer counts as
 * accepted). A 1-byte read that succeeds proves nothing (QEMU: the probe failed) and gives the
 * safe {@link #MAX}. jpseries uses the same alignment for memory, as QEMU does when it cannot
 * probe the buffer alignment apart.
 */
final class DirectAlignment {
    private DirectAlignment() {}

    /** MAX_BLOCKSIZE, and the host page size jpseries assumes (x86-64, arm64 4 KiB pages). */
    static final int MAX = 4096;
    private static final int[] CANDIDATES = {1, 512, 1024, 2048, 4096};

    static int probe(HostIo io, int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(MAX, MAX);
            for (int align : CANDIDATES) {
                try {
                    io.pread(fd, buf.asSlice(0, align), 0);
                    return align == 1 ? MAX : align;
                } catch (BlockIoException e) {
                    if (e.errno() != BlockIoException.EINVAL) return align == 1 ? MAX : align;
                }
            }
        }
        return MAX;
    }
}
