package org.jpseries.block;

import java.lang.foreign.MemorySegment;

/**
 * The host calls a {@link BlockBackend} makes on its image's descriptor (QEMU block/file-posix.c
 * makes the same ones). {@link BlockLibc#HOST} makes them; tests wrap it to count or hold calls.
 * Every failure is a {@link BlockIoException} carrying errno and "call: strerror".
 */
interface HostIo {
    /** open(2) with {@code flags} (O_CLOEXEC added); the descriptor. */
    int open(String path, int flags) throws BlockIoException;

    void close(int fd) throws BlockIoException;

    /** lseek(fd, 0, SEEK_END): the size of a regular file or a block device. */
    long size(int fd) throws BlockIoException;

    /** One pread(2) into {@code buf} (heap or native), retried on EINTR: the count read, 0 at end of file. */
    long pread(int fd, MemorySegment buf, long offset) throws BlockIoException;

    /** One pwrite(2) of {@code buf}, retried on EINTR: the count written. */
    long pwrite(int fd, MemorySegment buf, long offset) throws BlockIoException;

    /** fdatasync(2) (QEMU qemu_fdatasync, handle_aiocb_flush). */
    void fdatasync(int fd) throws BlockIoException;

    /** fallocate(2). */
    void fallocate(int fd, int mode, long offset, long length) throws BlockIoException;

    /** fcntl(fd, F_OFD_SETLK, l_type over [start, start + len)). */
    void ofdSetLock(int fd, short type, long start, long len) throws BlockIoException;

    /** fcntl(fd, F_OFD_GETLK) for a lock of {@code type}: whether another open file description holds a conflicting one. */
    boolean ofdConflict(int fd, short type, long start, long len) throws BlockIoException;
}
