package org.jpseries.user;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A regular file or device of the host opened through a {@link FileChannel}. */
public final class HostFile extends OpenFile {
    private final FileChannel ch;
    private final Path path;

    public HostFile(FileChannel ch, Path path, int statusFlags) {
        super(statusFlags);
        this.ch = ch;
        this.path = path;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException, SyscallError {
        if (!readable()) throw new SyscallError(Errno.EBADF);
        int n = ch.read(ByteBuffer.wrap(b, off, len));
        return Math.max(n, 0);
    }

    @Override
    public int write(byte[] b, int off, int len) throws IOException, SyscallError {
        if (!writable()) throw new SyscallError(Errno.EBADF);
        if ((statusFlags & OpenFlags.O_APPEND) != 0) ch.position(ch.size());
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        while (bb.hasRemaining()) ch.write(bb);
        return len;
    }

    @Override
    public int pread(byte[] b, int off, int len, long pos) throws IOException, SyscallError {
        if (!readable()) throw new SyscallError(Errno.EBADF);
        if (pos < 0) throw new SyscallError(Errno.EINVAL);
        int n = ch.read(ByteBuffer.wrap(b, off, len), pos);
        return Math.max(n, 0);
    }

    @Override
    public int pwrite(byte[] b, int off, int len, long pos) throws IOException, SyscallError {
        if (!writable()) throw new SyscallError(Errno.EBADF);
        if (pos < 0) throw new SyscallError(Errno.EINVAL);
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        long p = pos;
        while (bb.hasRemaining()) p += ch.write(bb, p);
        return len;
    }

    @Override
    public long seek(long offset, int whence) throws IOException, SyscallError {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> ch.position();
            case 2 -> ch.size();
            default -> throw new SyscallError(Errno.EINVAL);
        };
        long np = base + offset;
        if (np < 0) throw new SyscallError(Errno.EINVAL);
        ch.position(np);
        return np;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public int available() throws IOException {
        long n = ch.size() - ch.position();
        return (int) Math.max(0, Math.min(n, Integer.MAX_VALUE));
    }

    @Override
    public void truncate(long size) throws IOException, SyscallError {
        if (!writable()) throw new SyscallError(Errno.EINVAL);
        if (size < ch.size()) {
            ch.truncate(size);
        } else if (size > ch.size()) {
            long pos = ch.position();
            ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
            ch.position(pos);
        }
    }

    @Override
    public void sync() throws IOException {
        ch.force(true);
    }

    @Override
    protected void close() throws IOException {
        ch.close();
    }
}
