package org.jpseries.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An owned host file descriptor: one received with SCM_RIGHTS, inherited from the parent
 * (libvirt's {@code fd=N}) or made here (a pipe, a pty master). It is closed exactly once: a
 * close while another thread is inside a call on it is deferred until that call returns, so the
 * number can never be reused under a running read or write. Reads and writes go straight to
 * read(2)/write(2); {@link #inputStream()} and {@link #outputStream()} are views on them.
 */
public final class HostFd implements AutoCloseable {
    private static final long FORGOTTEN = 1L << 61, CLOSED = 1L << 62, USERS = FORGOTTEN - 1;

    private final int fd;
    /** CLOSED once closed (FORGOTTEN too if another owner took the number), plus the number of calls in progress. */
    private final AtomicLong state = new AtomicLong();
    private final Runnable beforeClose;

    HostFd(int fd, Runnable beforeClose) {
        this.fd = fd;
        this.beforeClose = beforeClose;
    }

    HostFd(int fd) {
        this(fd, null);
    }

    /**
     * Takes ownership of descriptor {@code fd} of this process (one inherited from the parent),
     * after checking it is open; it is marked close-on-exec.
     */
    public static HostFd adopt(int fd, String what) throws IOException {
        if (fd < 0) throw new IOException(what + ": file descriptor " + fd + " is negative");
        int flags;
        try {
            flags = Libc.fcntl(fd, Libc.F_GETFD, 0, what + ": file descriptor " + fd);
        } catch (Libc.Failure e) {
            throw new IOException(e.getMessage() + " (not an open descriptor inherited by jpseries)");
        }
        Libc.fcntl(fd, Libc.F_SETFD, flags | Libc.FD_CLOEXEC, what + ": fcntl F_SETFD");
        return new HostFd(fd);
    }

    /** A pipe: {read end, write end}, both close-on-exec. */
    public static HostFd[] pipe() throws IOException {
        int[] p = Libc.pipe();
        return new HostFd[] {new HostFd(p[0]), new HostFd(p[1])};
    }

    /** The descriptor's number (for messages and /proc; the owner stays this object). */
    public int number() {
        return fd;
    }

    public boolean isOpen() {
        return (state.get() & CLOSED) == 0;
    }

    /** Enters a call on the descriptor; fails if it is closed. Pair with {@link #release}. */
    int acquire() throws IOException {
        while (true) {
            long s = state.get();
            if ((s & CLOSED) != 0) throw new IOException("file descriptor " + fd + " is closed");
            if (state.compareAndSet(s, s + 1)) return fd;
        }
    }

    void release() {
        if ((state.decrementAndGet() & (USERS | CLOSED)) == CLOSED) closeNow();
    }

    /**
     * Closes the descriptor (once; later calls do nothing). A call in progress on another thread
     * finishes first; for a socket the owner's hook (shutdown) wakes it.
     */
    @Override
    public void close() {
        long s = state.getAndUpdate(v -> v | CLOSED);
        if ((s & CLOSED) != 0) return;
        if ((s & USERS) == 0) closeNow();
        else if (beforeClose != null) beforeClose.run();
    }

    /** Marks the descriptor closed without closing it: another owner has taken the number. */
    void forget() {
        state.getAndUpdate(v -> v | CLOSED | FORGOTTEN);
    }

    private void closeNow() {
        if ((state.get() & FORGOTTEN) != 0) return;
        try {
            Libc.close(fd);
        } catch (IOException e) {
            // the descriptor is released by Linux even when close reports an error
        }
    }

    /**
     * read(2): up to {@code len} bytes, 0 at end of file. On a non-blocking descriptor (one
     * passed in that mode) it waits with poll until data arrives.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        int n = acquire();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, len));
            int r;
            while (true) {
                try {
                    r = (int) Libc.read(n, buf.asSlice(0, len));
                    break;
                } catch (Libc.Failure e) {
                    if (e.errno != Libc.EAGAIN) throw e;
                    Libc.poll(n, Libc.POLLIN, -1);
                }
            }
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, off, r);
            return r;
        } finally {
            release();
        }
    }

    /** write(2) until every byte is written (waiting with poll on a full non-blocking descriptor). */
    public void write(byte[] b, int off, int len) throws IOException {
        int n = acquire();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, len));
            MemorySegment.copy(b, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                try {
                    done += Libc.write(n, buf.asSlice(done, len - done));
                } catch (Libc.Failure e) {
                    if (e.errno != Libc.EAGAIN) throw e;
                    Libc.poll(n, Libc.POLLOUT, -1);
                }
            }
        } finally {
            release();
        }
    }

    /** poll(2) for {@code events}: the returned events, 0 on timeout. */
    short poll(short events, int timeoutMillis) throws IOException {
        int n = acquire();
        try {
            return Libc.poll(n, events, timeoutMillis);
        } finally {
            release();
        }
    }

    /** An InputStream reading the descriptor (-1 at end of file); closing it closes the descriptor. */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) return 0;
                int r = HostFd.this.read(b, off, len);
                return r == 0 ? -1 : r;
            }

            @Override
            public void close() {
                HostFd.this.close();
            }
        };
    }

    /** An OutputStream writing the descriptor; closing it closes the descriptor. */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                HostFd.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                HostFd.this.write(b, off, len);
            }

            @Override
            public void close() {
                HostFd.this.close();
            }
        };
    }

    @Override
    public String toString() {
        return "fd " + fd + (isOpen() ? "" : " (closed)");
    }
}
