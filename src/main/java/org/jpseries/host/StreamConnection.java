package org.jpseries.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One connected stream socket (accepted by a {@link StreamListener} or connected to a unix
 * socket path). Data is read with recvmsg(2), so descriptors a unix peer sends with SCM_RIGHTS
 * alongside its bytes are collected, close-on-exec, into a per-connection queue in arrival
 * order ({@link #takeReceivedFd}), as QEMU's tcp_chr_recv keeps them for getfd. The input view
 * is buffered: descriptors arrive no later than the bytes they came with.
 */
public final class StreamConnection implements AutoCloseable {
    /** Descriptors one recvmsg accepts (QEMU's TCP_MAX_FDS); more are closed by the kernel (MSG_CTRUNC). */
    static final int MAX_FDS_PER_MESSAGE = 16;
    /** Descriptors kept waiting for a getfd; beyond this the oldest is closed. */
    static final int MAX_QUEUED_FDS = 64;
    private static final int BUFFER = 4096;

    private final HostFd fd;
    private final ArrayDeque<HostFd> received = new ArrayDeque<>();
    private final byte[] buf = new byte[BUFFER];
    private int pos, limit;

    StreamConnection(int fd) {
        this.fd = new HostFd(fd, () -> Libc.shutdown(fd));
    }

    /** Connects to the unix stream socket at {@code path}. */
    public static StreamConnection connect(Path path) throws IOException {
        int s = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            Libc.connect(s, Libc.sockaddrUn(a, path.toString()), "connect " + path);
            return new StreamConnection(s);
        } catch (IOException | RuntimeException e) {
            Libc.close(s);
            throw e;
        }
    }

    /** The socket's descriptor number (for messages). */
    public int number() {
        return fd.number();
    }

    /**
     * Receives up to {@code len} bytes with their descriptors (recvmsg, MSG_CMSG_CLOEXEC);
     * 0 at end of stream.
     */
    public int receive(byte[] b, int off, int len) throws IOException {
        int n = fd.acquire();
        List<HostFd> fds = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment data = a.allocate(Math.max(1, len));
            MemorySegment iov = a.allocate(16);
            iov.set(ValueLayout.ADDRESS, 0, data);
            iov.set(ValueLayout.JAVA_LONG, 8, len);
            long controlLen = Libc.CMSG_HDR + 4L * MAX_FDS_PER_MESSAGE;
            MemorySegment control = a.allocate(controlLen, 8);
            MemorySegment msg = a.allocate(Libc.MSGHDR_SIZE, 8);
            msg.set(ValueLayout.ADDRESS, Libc.MSG_IOV, iov);
            msg.set(ValueLayout.JAVA_LONG, Libc.MSG_IOVLEN, 1);
            msg.set(ValueLayout.ADDRESS, Libc.MSG_CONTROL, control);
            msg.set(ValueLayout.JAVA_LONG, Libc.MSG_CONTROLLEN, controlLen);
            int r = (int) Libc.recvmsg(n, msg, Libc.MSG_CMSG_CLOEXEC);
            collect(control, msg.get(ValueLayout.JAVA_LONG, Libc.MSG_CONTROLLEN), fds);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, b, off, r);
            return r;
        } finally {
            fd.release();
            queue(fds);
        }
    }

    /** The SCM_RIGHTS descriptors of a control buffer (Linux CMSG_FIRSTHDR/CMSG_NXTHDR walk). */
    private static void collect(MemorySegment control, long used, List<HostFd> out) {
        long at = 0;
        while (at + Libc.CMSG_HDR <= used) {
            long len = control.get(ValueLayout.JAVA_LONG, at);
            if (len < Libc.CMSG_HDR || at + len > used) break;
            if (control.get(ValueLayout.JAVA_INT, at + 8) == Libc.SOL_SOCKET && control.get(ValueLayout.JAVA_INT, at + 12) == Libc.SCM_RIGHTS) {
                for (long p = at + Libc.CMSG_HDR; p + 4 <= at + len; p += 4) out.add(new HostFd(control.get(ValueLayout.JAVA_INT, p)));
            }
            at += (len + 7) & ~7L; // CMSG_ALIGN
        }
    }

    private void queue(List<HostFd> fds) {
        if (fds.isEmpty()) return;
        List<HostFd> dropped = new ArrayList<>();
        synchronized (received) {
            for (HostFd f : fds) {
                if (!fd.isOpen()) dropped.add(f);
                else received.addLast(f);
                if (received.size() > MAX_QUEUED_FDS) dropped.add(received.removeFirst());
            }
        }
        for (HostFd f : dropped) f.close();
    }

    /** The oldest descriptor received and not yet taken (the caller owns it), or null. */
    public HostFd takeReceivedFd() {
        synchronized (received) {
            return received.pollFirst();
        }
    }

    /**
     * Sends {@code len} bytes with the descriptors {@code fds} (SCM_RIGHTS on the first sendmsg;
     * the caller keeps its own copies). MSG_NOSIGNAL: a gone peer is an error, not SIGPIPE.
     */
    public void send(byte[] b, int off, int len, HostFd... fds) throws IOException {
        int n = fd.acquire();
        List<HostFd> held = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment data = a.allocate(Math.max(1, len));
            MemorySegment.copy(b, off, data, ValueLayout.JAVA_BYTE, 0, len);
            MemorySegment iov = a.allocate(16);
            MemorySegment msg = a.allocate(Libc.MSGHDR_SIZE, 8);
            long done = 0;
            boolean first = true;
            while (done < len || first) {
                iov.set(ValueLayout.ADDRESS, 0, data.asSlice(done));
                iov.set(ValueLayout.JAVA_LONG, 8, len - done);
                msg.fill((byte) 0);
                msg.set(ValueLayout.ADDRESS, Libc.MSG_IOV, iov);
                msg.set(ValueLayout.JAVA_LONG, Libc.MSG_IOVLEN, 1);
                if (first && fds.length > 0) {
                    long clen = Libc.CMSG_HDR + 4L * fds.length;
                    MemorySegment control = a.allocate((clen + 7) & ~7L, 8);
                    control.set(ValueLayout.JAVA_LONG, 0, clen);
                    control.set(ValueLayout.JAVA_INT, 8, Libc.SOL_SOCKET);
                    control.set(ValueLayout.JAVA_INT, 12, Libc.SCM_RIGHTS);
                    for (int i = 0; i < fds.length; i++) {
                        control.set(ValueLayout.JAVA_INT, Libc.CMSG_HDR + 4L * i, fds[i].acquire());
                        held.add(fds[i]);
                    }
                    msg.set(ValueLayout.ADDRESS, Libc.MSG_CONTROL, control);
                    msg.set(ValueLayout.JAVA_LONG, Libc.MSG_CONTROLLEN, control.byteSize());
                }
                done += Libc.sendmsg(n, msg, Libc.MSG_NOSIGNAL);
                first = false;
                for (HostFd h : held) h.release();
                held.clear();
            }
        } finally {
            for (HostFd h : held) h.release();
            fd.release();
        }
    }

    /** A buffered view of {@link #receive}: -1 at end of stream. */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (!fill()) return -1;
                return buf[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) return 0;
                if (!fill()) return -1;
                int k = Math.min(len, limit - pos);
                System.arraycopy(buf, pos, b, off, k);
                pos += k;
                return k;
            }

            @Override
            public int available() {
                return limit - pos;
            }

            @Override
            public void close() {
                StreamConnection.this.close();
            }
        };
    }

    private boolean fill() throws IOException {
        if (pos < limit) return true;
        int r = receive(buf, 0, buf.length);
        if (r <= 0) return false;
        pos = 0;
        limit = r;
        return true;
    }

    /** An unbuffered view of {@link #send} without descriptors. */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                send(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len > 0) send(b, off, len);
            }

            @Override
            public void close() {
                StreamConnection.this.close();
            }
        };
    }

    /** Closes the socket (waking a blocked reader) and every descriptor still queued. */
    @Override
    public void close() {
        fd.close();
        List<HostFd> left;
        synchronized (received) {
            left = new ArrayList<>(received);
            received.clear();
        }
        for (HostFd f : left) f.close();
    }
}
