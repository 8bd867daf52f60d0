package org.jpseries.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A pseudo-terminal for a character device (QEMU chardev/char-pty.c): the master stays here,
 * the slave's path ({@code /dev/pts/N}) is for the user (screen, minicom, virsh console). As
 * qemu_openpty_raw does, the slave is put in raw mode once (cfmakeraw), so bytes pass unchanged.
 * Like QEMU's pty chardev, output is dropped while no one has the slave open (the master polls
 * POLLHUP) and input waits for a reader to connect.
 */
public final class Pty implements AutoCloseable {
    /** How often a disconnected pty is checked for a new reader (QEMU's pty_chr_rearm_timer uses 1 s). */
    static final int RECONNECT_POLL_MILLIS = 100;

    private final HostFd master;
    private final Path slave;

    private Pty(HostFd master, Path slave) {
        this.master = master;
        this.slave = slave;
    }

    /** posix_openpt, grantpt, unlockpt, ptsname_r, then the slave in raw mode. */
    public static Pty open() throws IOException {
        int m = Libc.posixOpenpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        try {
            Libc.grantpt(m);
            Libc.unlockpt(m);
            String name = Libc.ptsname(m);
            int s = Libc.open(name, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
            try {
                Libc.makeRaw(s);
            } finally {
                Libc.close(s);
            }
            Libc.fcntl(m, Libc.F_SETFL, Libc.fcntl(m, Libc.F_GETFL, 0, "fcntl F_GETFL") | Libc.O_NONBLOCK, "fcntl F_SETFL");
            return new Pty(new HostFd(m), Path.of(name));
        } catch (IOException | RuntimeException e) {
            Libc.close(m);
            throw e;
        }
    }

    /** The slave's path, e.g. /dev/pts/3. */
    public Path slavePath() {
        return slave;
    }

    /** The master side (non-blocking). */
    public HostFd master() {
        return master;
    }

    /** Whether someone has the slave open (the master does not report POLLHUP). */
    public boolean connected() throws IOException {
        return (master.poll((short) 0, 0) & Libc.POLLHUP) == 0;
    }

    /**
     * What the user types: blocks until a byte arrives from a connected reader of the slave;
     * -1 once the pty is closed.
     */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) return 0;
                while (master.isOpen()) {
                    short ev;
                    try {
                        ev = master.poll(Libc.POLLIN, RECONNECT_POLL_MILLIS);
                    } catch (IOException e) {
                        if (!master.isOpen()) break;
                        throw e;
                    }
                    if ((ev & Libc.POLLIN) != 0) {
                        try {
                            int r = master.read(b, off, len);
                            if (r > 0) return r;
                        } catch (Libc.Failure e) {
                            if (e.errno != Libc.EAGAIN && e.errno != Libc.EIO) throw e;
                        }
                    } else if ((ev & Libc.POLLHUP) != 0) {
                        sleep(); // no reader on the slave: poll returns at once, so wait here
                    }
                }
                return -1;
            }

            @Override
            public void close() {
                Pty.this.close();
            }
        };
    }

    /**
     * What the guest prints: dropped while no one has the slave open (QEMU pty_chr_write),
     * otherwise written in full, waiting while the reader is slow (qemu_chr_fe_write_all).
     */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                int done = 0;
                while (done < len && master.isOpen()) {
                    short ev = master.poll(Libc.POLLOUT, RECONNECT_POLL_MILLIS);
                    if ((ev & Libc.POLLHUP) != 0) return; // nobody is listening
                    if ((ev & Libc.POLLOUT) == 0) continue;
                    done += writeSome(b, off + done, len - done);
                }
            }

            @Override
            public void close() {
                Pty.this.close();
            }
        };
    }

    /** One non-blocking write on the master: how much went (0 when its buffer is full). */
    private int writeSome(byte[] b, int off, int len) throws IOException {
        int n = master.acquire();
        try (var a = java.lang.foreign.Arena.ofConfined()) {
            var buf = a.allocate(len);
            java.lang.foreign.MemorySegment.copy(b, off, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, len);
            return (int) Libc.write(n, buf);
        } catch (Libc.Failure e) {
            if (e.errno == Libc.EAGAIN || e.errno == Libc.EIO) return 0;
            throw e;
        } finally {
            master.release();
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(RECONNECT_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the pty's reader");
        }
    }

    @Override
    public void close() {
        master.close();
    }
}
