package org.jpseries.user;

import java.nio.file.Path;

/** A read-only file whose bytes are made when it is opened: the emulated /proc/self entries. */
final class MemoryFile extends OpenFile {
    private final byte[] content;
    private final Path path;
    private long pos;

    MemoryFile(byte[] content, Path path, int flags) {
        super(flags);
        this.content = content;
        this.path = path;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n = pread(b, off, len, pos);
        pos += n;
        return n;
    }

    @Override
    public int pread(byte[] b, int off, int len, long at) {
        if (at >= content.length) return 0;
        int n = (int) Math.min(len, content.length - at);
        System.arraycopy(content, (int) at, b, off, n);
        return n;
    }

    @Override
    public int write(byte[] b, int off, int len) throws SyscallError {
        throw new SyscallError(Errno.EBADF);
    }

    @Override
    public long seek(long offset, int whence) throws SyscallError {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> pos;
            case 2 -> content.length;
            default -> throw new SyscallError(Errno.EINVAL);
        };
        if (base + offset < 0) throw new SyscallError(Errno.EINVAL);
        pos = base + offset;
        return pos;
    }

    @Override
    public int available() {
        return (int) Math.max(0, content.length - pos);
    }

    /** Not the host's /proc path: fstat describes a read-only regular file of size 0, as procfs does. */
    @Override
    public Path path() {
        return null;
    }

    @Override
    public FileStatus status() {
        long now = System.currentTimeMillis() / 1000;
        return new FileStatus(0x16, 1, FileStatus.S_IFREG | 0444, 1, LinuxUser.hostUid(), LinuxUser.hostGid(), 0, 0,
                1024, 0, now, 0, now, 0, now, 0);
    }

    Path name() {
        return path;
    }
}
