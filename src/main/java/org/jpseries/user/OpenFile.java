package org.jpseries.user;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An open file description (Linux {@code struct file}): what one or more descriptors refer to,
 * with its status flags and, for seekable files, its offset. Subclasses serve host files,
 * directories, the JVM's standard streams and in-process pipes.
 */
public abstract class OpenFile {
    /** O_ACCMODE, O_APPEND, O_NONBLOCK... as the guest set them (ppc64 values). */
    public int statusFlags;
    private int refs = 1;

    protected OpenFile(int statusFlags) {
        this.statusFlags = statusFlags;
    }

    public final boolean readable() {
        return (statusFlags & OpenFlags.O_ACCMODE) != OpenFlags.O_WRONLY && (statusFlags & OpenFlags.O_PATH) == 0;
    }

    public final boolean writable() {
        return (statusFlags & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY && (statusFlags & OpenFlags.O_PATH) == 0;
    }

    /** Reads up to len bytes; 0 at end of file. */
    public int read(byte[] b, int off, int len) throws IOException, SyscallError {
        throw new SyscallError(Errno.EINVAL);
    }

    public int write(byte[] b, int off, int len) throws IOException, SyscallError {
        throw new SyscallError(Errno.EINVAL);
    }

    public int pread(byte[] b, int off, int len, long pos) throws IOException, SyscallError {
        throw new SyscallError(Errno.ESPIPE);
    }

    public int pwrite(byte[] b, int off, int len, long pos) throws IOException, SyscallError {
        throw new SyscallError(Errno.ESPIPE);
    }

    /** lseek with SEEK_SET/CUR/END (0/1/2); returns the new offset. */
    public long seek(long offset, int whence) throws IOException, SyscallError {
        throw new SyscallError(Errno.ESPIPE);
    }

    /** The host path for stat, fchdir and /proc/self/fd, or null (pipes, in-process streams). */
    public Path path() {
        return null;
    }

    /** File status for fstat when there is no host path. */
    public FileStatus status() throws IOException, SyscallError {
        return FileStatus.fifo();
    }

    /** Bytes readable without blocking (FIONREAD, poll); -1 if unknown. */
    public int available() throws IOException {
        return 0;
    }

    /** True if a write would not block (poll). */
    public boolean writeReady() {
        return writable();
    }

    /** The host file descriptor behind this file if it is a host terminal, else -1. */
    public int terminalFd() {
        return -1;
    }

    public final void retain() {
        refs++;
    }

    /** Drops one reference; the last one closes the host resource. */
    public final void release() throws IOException {
        if (--refs == 0) close();
    }

    protected void close() throws IOException {}

    public void truncate(long size) throws IOException, SyscallError {
        throw new SyscallError(Errno.EINVAL);
    }

    public void sync() throws IOException {}
}
