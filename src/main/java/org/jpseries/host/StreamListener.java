package org.jpseries.host;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A listening stream socket: bound here to a unix socket path, or adopted from the parent as an
 * already-listening descriptor (libvirt's {@code -chardev socket,fd=N,server=on}; QEMU's
 * socket_listen with a SocketAddress of type fd, util/qemu-sockets.c). {@link #accept} hands out
 * {@link StreamConnection}s; {@link #close} wakes a blocked accept (shutdown) and, for a socket
 * bound here, removes its file. A socket file made here is also registered with
 * {@link ExitActions}, so it is removed however the process ends (signal, fatal error).
 */
public final class StreamListener implements AutoCloseable {
    /** QEMU's monitor backlog is 1; a few more let a second client wait its turn. */
    static final int BACKLOG = 8;

    private final HostFd fd;
    /** The socket file this listener created (removed at close), or null for an adopted socket. */
    private final Path ownPath;
    private final int domain;
    /** Removes the socket file at exit (null for an adopted socket). */
    private final ExitActions.Action removeFile;

    private StreamListener(int fd, Path ownPath, int domain) {
        this.fd = new HostFd(fd, () -> Libc.shutdown(fd));
        this.ownPath = ownPath;
        this.domain = domain;
        if (ownPath != null) {
            MemorySegment cPath = Arena.ofAuto().allocateFrom(ownPath.toString()); // made now: the exit path allocates nothing
            removeFile = () -> Libc.unlinkQuietly(cPath);
            ExitActions.add(removeFile);
        } else {
            removeFile = null;
        }
    }

    /**
     * Listens on the unix socket {@code path}. As QEMU's unix_listen_saddr (util/qemu-sockets.c),
     * whatever file is there is unlinked first (a stale socket is replaced), and a path that
     * cannot be unlinked, a directory say, is refused: "Failed to unlink socket PATH: Is a
     * directory".
     */
    public static StreamListener listen(Path path) throws IOException {
        int s = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            var addr = Libc.sockaddrUn(a, path.toString());
            Libc.unlink(path.toString(), "Failed to unlink socket " + path);
            Libc.bind(s, addr, "Failed to bind socket to " + path);
            Libc.listen(s, BACKLOG);
            return new StreamListener(s, path, Libc.AF_UNIX);
        } catch (IOException | RuntimeException e) {
            Libc.close(s);
            throw e;
        }
    }

    /**
     * Takes over inherited descriptor {@code fd}, which must be a listening AF_UNIX or AF_INET(6)
     * stream socket (getsockopt SO_ACCEPTCONN, SO_DOMAIN, SO_TYPE). On any error the descriptor is
     * left as it was and the message names it: "fd=N is not a socket", "... is not listening".
     */
    public static StreamListener adopt(int fd) throws IOException {
        String what = "fd=" + fd;
        if (fd < 0) throw new IOException(what + ": a file descriptor number cannot be negative");
        try {
            Libc.fcntl(fd, Libc.F_GETFD, 0, what);
        } catch (Libc.Failure e) {
            throw new IOException(what + " is not an open file descriptor of jpseries (" + Libc.strerror(e.errno) + ")");
        }
        int listening;
        try {
            listening = Libc.getsockoptInt(fd, Libc.SO_ACCEPTCONN, what);
        } catch (Libc.Failure e) {
            throw new IOException(what + " is not a socket (" + Libc.strerror(e.errno) + ")");
        }
        int domain = Libc.getsockoptInt(fd, Libc.SO_DOMAIN, what);
        if (domain != Libc.AF_UNIX && domain != Libc.AF_INET && domain != Libc.AF_INET6) {
            throw new IOException(what + " is a socket of address family " + domain + ", not AF_UNIX or AF_INET");
        }
        if (Libc.getsockoptInt(fd, Libc.SO_TYPE, what) != Libc.SOCK_STREAM) throw new IOException(what + " is not a stream socket");
        if (listening == 0) throw new IOException(what + " is a socket that is not listening (call listen() before passing it)");
        int flags = Libc.fcntl(fd, Libc.F_GETFD, 0, what);
        Libc.fcntl(fd, Libc.F_SETFD, flags | Libc.FD_CLOEXEC, what);
        return new StreamListener(fd, null, domain);
    }

    /** Waits for the next client; fails once the listener is closed. */
    public StreamConnection accept() throws IOException {
        int n = fd.acquire();
        try {
            return new StreamConnection(Libc.accept(n));
        } finally {
            fd.release();
        }
    }

    /** The descriptor's number. */
    public int number() {
        return fd.number();
    }

    /** Whether this is a unix socket (so clients can pass descriptors with SCM_RIGHTS). */
    public boolean isUnix() {
        return domain == Libc.AF_UNIX;
    }

    /** The unix socket path it is bound to (getsockname), or null for TCP or an unnamed socket. */
    public String unixPath() throws IOException {
        if (!isUnix()) return null;
        int n = fd.acquire();
        try {
            return Libc.unixSocketPath(n);
        } finally {
            fd.release();
        }
    }

    /**
     * Gives up ownership without closing: the number is the caller's to hand on (to a child
     * process, or to {@link #adopt}). The listener is unusable afterwards; a socket file it made
     * stays.
     */
    public int release() throws IOException {
        int n = fd.acquire();
        try {
            fd.forget();
            if (removeFile != null) ExitActions.remove(removeFile);
            return n;
        } finally {
            fd.release();
        }
    }

    @Override
    public void close() {
        fd.close();
        if (removeFile != null && ExitActions.remove(removeFile)) removeFile.undo(); // once, here or at exit
    }
}
