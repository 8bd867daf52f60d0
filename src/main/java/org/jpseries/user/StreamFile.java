package org.jpseries.user;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of the process's standard streams, backed by a JVM stream: the host's own descriptor 0, 1
 * or 2 when run from the command line, or any stream when run in-process (tests, harness).
 * Writes are passed on at once, as the guest's own write(2) would be.
 */
public final class StreamFile extends OpenFile {
    private final InputStream in;
    private final OutputStream out;
    /** The host descriptor number the stream is, or -1 when it is only a JVM stream. */
    private final int hostFd;
    /** A byte read ahead by {@link #waitReadable} (-1: end of stream), or NONE. */
    private int peeked = NONE;
    private static final int NONE = -2;

    public StreamFile(InputStream in, int hostFd) {
        super(OpenFlags.O_RDONLY);
        this.in = in;
        this.out = null;
        this.hostFd = hostFd;
    }

    public StreamFile(OutputStream out, int hostFd) {
        super(OpenFlags.O_WRONLY);
        this.in = null;
        this.out = out;
        this.hostFd = hostFd;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException, SyscallError {
        if (in == null) throw new SyscallError(Errno.EBADF);
        if (len == 0) return 0;
        if (peeked != NONE) {
            int c = peeked;
            peeked = NONE;
            if (c < 0) return 0;
            b[off] = (byte) c;
            if (len == 1 || in.available() <= 0) return 1;
            int n = in.read(b, off + 1, Math.min(len - 1, in.available()));
            return 1 + Math.max(n, 0);
        }
        int n = in.read(b, off, len);
        return Math.max(n, 0);
    }

    @Override
    public int write(byte[] b, int off, int len) throws IOException, SyscallError {
        if (out == null) throw new SyscallError(Errno.EBADF);
        out.write(b, off, len);
        out.flush();
        return len;
    }

    @Override
    public FileStatus status() throws IOException {
        if (hostFd >= 0) {
            try {
                return FileStatus.of(Path.of("/proc/self/fd/" + hostFd), true);
            } catch (IOException | RuntimeException e) {
                // fall through: describe it as a pipe
            }
        }
        return FileStatus.fifo();
    }

    @Override
    public Path path() {
        return null;
    }

    @Override
    public int available() throws IOException {
        if (in == null) return 0;
        if (peeked != NONE) return peeked < 0 ? 0 : 1 + Math.max(0, in.available());
        return in.available();
    }

    /**
     * Blocks until input is readable (data or end of stream), reading one byte ahead: the JVM
     * cannot otherwise tell an idle pipe from one at end of file. Returns true.
     */
    public boolean waitReadable() throws IOException {
        if (in == null) return false;
        if (peeked == NONE) peeked = in.read();
        return true;
    }

    @Override
    public int terminalFd() {
        if (hostFd < 0) return -1;
        try {
            String t = Files.readSymbolicLink(Path.of("/proc/self/fd/" + hostFd)).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console") ? hostFd : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public void flush() {
        if (out == null) return;
        try {
            out.flush();
        } catch (IOException ignored) {
            // the reader went away; a later write reports EPIPE
        }
    }

    @Override
    protected void close() {
        flush();
    }
}
