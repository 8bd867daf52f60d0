package org.jpseries.host;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C library calls the JDK does not offer (SCM_RIGHTS, adopting an inherited socket, ptys),
 * bound with the foreign-function API. Every call returns its result or throws an
 * {@link IOException} "what: strerror text"; errno is captured by the linker at the call
 * ({@code Linker.Option.captureCallState}), never read later. Constants are Linux's generic ABI
 * (x86-64, arm64, ppc64le: include/uapi/asm-generic/socket.h, fcntl.h, poll.h).
 */
final class Libc {
    private Libc() {}

    static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
    static final int SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1, SO_TYPE = 3, SO_ACCEPTCONN = 30, SO_DOMAIN = 39, SCM_RIGHTS = 1;
    static final int MSG_CTRUNC = 0x8, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    static final int SHUT_RDWR = 2;
    static final int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1;
    static final int O_RDWR = 2, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    static final short POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 0x10, POLLNVAL = 0x20;
    static final int EINTR = 4, EIO = 5, EAGAIN = 11, EINVAL = 22;
    static final int TCSANOW = 0;
    /** mmap(2)/madvise(2) (include/uapi/asm-generic/mman-common.h, mman.h). */
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20, MADV_DONTNEED = 4;
    /** sizeof(struct sockaddr_un): sa_family_t then sun_path[108]. */
    static final int SOCKADDR_UN_SIZE = 110, SUN_PATH_MAX = 107;
    /** struct msghdr (56 bytes on LP64) and its field offsets. */
    static final int MSGHDR_SIZE = 56, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32, MSG_CONTROLLEN = 40, MSG_FLAGS = 48;
    /** struct cmsghdr: size_t cmsg_len, int level, int type, then the data at CMSG_DATA. */
    static final int CMSG_HDR = 16;
    /** Room for any libc's struct termios (glibc x86-64: 60 bytes). */
    static final int TERMIOS_ROOM = 256;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = Downcalls.errnoCall("socket", FunctionDescriptor.of(I, I, I, I));
    private static final MethodHandle BIND = Downcalls.errnoCall("bind", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle CONNECT = Downcalls.errnoCall("connect", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle LISTEN = Downcalls.errnoCall("listen", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle ACCEPT4 = Downcalls.errnoCall("accept4", FunctionDescriptor.of(I, I, P, P, I));
    private static final MethodHandle SHUTDOWN = Downcalls.errnoCall("shutdown", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle GETSOCKOPT = Downcalls.errnoCall("getsockopt", FunctionDescriptor.of(I, I, I, I, P, P));
    private static final MethodHandle GETSOCKNAME = Downcalls.errnoCall("getsockname", FunctionDescriptor.of(I, I, P, P));
    private static final MethodHandle RECVMSG = Downcalls.errnoCall("recvmsg", FunctionDescriptor.of(L, I, P, I));
    private static final MethodHandle SENDMSG = Downcalls.errnoCall("sendmsg", FunctionDescriptor.of(L, I, P, I));
    private static final MethodHandle CLOSE = Downcalls.errnoCall("close", FunctionDescriptor.of(I, I));
    private static final MethodHandle READ = Downcalls.errnoCall("read", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle WRITE = Downcalls.errnoCall("write", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle POLL = Downcalls.errnoCall("poll", FunctionDescriptor.of(I, P, L, I));
    private static final MethodHandle FCNTL = Downcalls.errnoCall("fcntl", FunctionDescriptor.of(I, I, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle UNLINK = Downcalls.errnoCall("unlink", FunctionDescriptor.of(I, P));
    private static final MethodHandle PIPE2 = Downcalls.errnoCall("pipe2", FunctionDescriptor.of(I, P, I));
    private static final MethodHandle OPEN = Downcalls.errnoCall("open", FunctionDescriptor.of(I, P, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POSIX_OPENPT = Downcalls.errnoCall("posix_openpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle GRANTPT = Downcalls.errnoCall("grantpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle UNLOCKPT = Downcalls.errnoCall("unlockpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle PTSNAME_R = Downcalls.errnoCall("ptsname_r", FunctionDescriptor.of(I, I, P, L));
    private static final MethodHandle TCGETATTR = Downcalls.errnoCall("tcgetattr", FunctionDescriptor.of(I, I, P));
    private static final MethodHandle TCSETATTR = Downcalls.errnoCall("tcsetattr", FunctionDescriptor.of(I, I, I, P));
    private static final MethodHandle MMAP = Downcalls.errnoCall("mmap", FunctionDescriptor.of(P, P, L, I, I, I, L));
    private static final MethodHandle MUNMAP = Downcalls.errnoCall("munmap", FunctionDescriptor.of(I, P, L));
    private static final MethodHandle MADVISE = Downcalls.errnoCall("madvise", FunctionDescriptor.of(I, P, L, I));
    private static final MethodHandle CFMAKERAW = Downcalls.plainCall("cfmakeraw", FunctionDescriptor.ofVoid(P));
    /*
     * The same calls without errno capture, for the exit path (ExitActions, FatalErrors): they use
     * no per-thread state, so a thread with no Java heap left can still make them.
     */
    private static final MethodHandle UNLINK_PLAIN = Downcalls.plainCall("unlink", FunctionDescriptor.of(I, P));
    private static final MethodHandle WRITE_PLAIN = Downcalls.plainCall("write", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle TCGETATTR_PLAIN = Downcalls.plainCall("tcgetattr", FunctionDescriptor.of(I, I, P));
    private static final MethodHandle TCSETATTR_PLAIN = Downcalls.plainCall("tcsetattr", FunctionDescriptor.of(I, I, I, P));
    /** The text of an errno value, as strerror(3) gives it. */
    static String strerror(int errno) {
        return Downcalls.strerror(errno);
    }

    /** A failed call: its errno and the message "what: strerror". */
    static final class Failure extends IOException {
        final int errno;

        Failure(String what, int errno) {
            super(what + ": " + strerror(errno));
            this.errno = errno;
        }
    }

    private static long check(String what, long r, MemorySegment st) throws Failure {
        if (r < 0) throw new Failure(what, Downcalls.errno(st));
        return r;
    }

    private static RuntimeException bug(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    static int socket(int domain, int type) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            return (int) check("socket", (int) SOCKET.invokeExact(st, domain, type, 0), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    static void bind(int fd, MemorySegment addr, String what) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            check(what, (int) BIND.invokeExact(st, fd, addr, (int) addr.byteSize()), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    static void connect(int fd, MemorySegment addr, String what) throws IOException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                check(what, (int) CONNECT.invokeExact(st, fd, addr, (int) addr.byteSize()), st);
                return;
            } catch (Failure f) {
                if (f.errno != EINTR) throw f;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    static void listen(int fd, int backlog) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            check("listen", (int) LISTEN.invokeExact(st, fd, backlog), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** accept4(fd, NULL, NULL, SOCK_CLOEXEC), retried on EINTR. */
    static int accept(int fd) throws IOException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                return (int) check("accept4", (int) ACCEPT4.invokeExact(st, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC), st);
            } catch (Failure f) {
                if (f.errno != EINTR) throw f;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    /** shutdown(fd, SHUT_RDWR): wakes a thread blocked in accept or recvmsg on it; failures ignored. */
    static void shutdown(int fd) {
        try {
            int ignored = (int) SHUTDOWN.invokeExact(Downcalls.callState(), fd, SHUT_RDWR); // ENOTCONN on an idle socket is fine
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** getsockopt(fd, SOL_SOCKET, opt) for an int option. */
    static int getsockoptInt(int fd, int opt, String what) throws IOException {
        MemorySegment st = Downcalls.callState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(I);
            MemorySegment len = a.allocate(I);
            len.set(I, 0, 4);
            check(what, (int) GETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, opt, v, len), st);
            return v.get(I, 0);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** The path a unix socket is bound to (getsockname), or null for another family or an unnamed socket. */
    static String unixSocketPath(int fd) throws IOException {
        MemorySegment st = Downcalls.callState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(128);
            MemorySegment len = a.allocate(I);
            len.set(I, 0, 128);
            check("getsockname", (int) GETSOCKNAME.invokeExact(st, fd, addr, len), st);
            if (addr.get(ValueLayout.JAVA_SHORT, 0) != AF_UNIX || len.get(I, 0) <= 2 || addr.get(ValueLayout.JAVA_BYTE, 2) == 0) return null;
            return addr.getString(2);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    static long recvmsg(int fd, MemorySegment msg, int flags) throws IOException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                return check("recvmsg", (long) RECVMSG.invokeExact(st, fd, msg, flags), st);
            } catch (Failure f) {
                if (f.errno != EINTR) throw f;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    static long sendmsg(int fd, MemorySegment msg, int flags) throws IOException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                return check("sendmsg", (long) SENDMSG.invokeExact(st, fd, msg, flags), st);
            } catch (Failure f) {
                if (f.errno != EINTR) throw f;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    static void close(int fd) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            // Linux releases the descriptor even when close fails (EINTR included): never retry
            check("close", (int) CLOSE.invokeExact(st, fd), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** read(2) into {@code buf}, retried on EINTR; 0 at end of file. */
    static long read(int fd, MemorySegment buf) throws IOException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                return check("read", (long) READ.invokeExact(st, fd, buf, buf.byteSize()), st);
            } catch (Failure f) {
                if (f.errno != EINTR) throw f;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    /** write(2) of {@code buf}, retried on EINTR; returns the count written (may be short). */
    static long write(int fd, MemorySegment buf) throws IOException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                return check("write", (long) WRITE.invokeExact(st, fd, buf, buf.byteSize()), st);
            } catch (Failure f) {
                if (f.errno != EINTR) throw f;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    /** poll(2) of one descriptor: its revents, 0 on timeout (EINTR counts as a timeout). */
    static short poll(int fd, short events, int timeoutMillis) throws IOException {
        MemorySegment st = Downcalls.callState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(8);
            p.set(I, 0, fd);
            p.set(ValueLayout.JAVA_SHORT, 4, events);
            int r = (int) POLL.invokeExact(st, p, 1L, timeoutMillis);
            if (r < 0) {
                int errno = Downcalls.errno(st);
                if (errno == EINTR) return 0;
                throw new Failure("poll", errno);
            }
            return r == 0 ? 0 : p.get(ValueLayout.JAVA_SHORT, 6);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    static int fcntl(int fd, int cmd, int arg, String what) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            return (int) check(what, (int) FCNTL.invokeExact(st, fd, cmd, arg), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** unlink(2); a missing file is not an error; a failure is "what: strerror". */
    static void unlink(String path, String what) throws IOException {
        MemorySegment st = Downcalls.callState();
        try (Arena a = Arena.ofConfined()) {
            int r = (int) UNLINK.invokeExact(st, a.allocateFrom(path));
            if (r < 0 && Downcalls.errno(st) != 2 /* ENOENT */) throw new Failure(what, Downcalls.errno(st));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** unlink(2) of a NUL-terminated path made beforehand; no allocation, failures ignored (exit path). */
    static void unlinkQuietly(MemorySegment cPath) {
        try {
            int ignored = (int) UNLINK_PLAIN.invokeExact(cPath);
        } catch (Throwable t) {
            // nothing more can be done on the way out
        }
    }

    /** write(2) of the first {@code len} bytes of {@code buf}, whole; no allocation, failures ignored (exit path). */
    static void writeQuietly(int fd, MemorySegment buf, long len) {
        long done = 0;
        try {
            do { // at least one call: a write of 0 bytes links the handle ahead of need
                MemorySegment rest = done == 0 ? buf : buf.asSlice(done);
                long n = (long) WRITE_PLAIN.invokeExact(fd, rest, len - done);
                if (n <= 0) return;
                done += n;
            } while (done < len);
        } catch (Throwable t) {
            // stderr is gone: nothing more can be done on the way out
        }
    }

    /** tcgetattr(2) into {@code termios} (TERMIOS_ROOM bytes): false when {@code fd} is not a terminal. */
    static boolean tcgetattr(int fd, MemorySegment termios) {
        try {
            return (int) TCGETATTR_PLAIN.invokeExact(fd, termios) == 0;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** tcsetattr(fd, TCSANOW, termios); no allocation, so a terminal can be restored on the way out. */
    static boolean tcsetattr(int fd, MemorySegment termios) {
        try {
            return (int) TCSETATTR_PLAIN.invokeExact(fd, TCSANOW, termios) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** cfmakeraw(3) on a struct termios in memory. */
    static void cfmakeraw(MemorySegment termios) {
        try {
            CFMAKERAW.invokeExact(termios);
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** pipe2(O_CLOEXEC): {read end, write end}. */
    static int[] pipe() throws IOException {
        MemorySegment st = Downcalls.callState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(8);
            check("pipe2", (int) PIPE2.invokeExact(st, fds, O_CLOEXEC), st);
            return new int[] {fds.get(I, 0), fds.get(I, 4)};
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    static int open(String path, int flags) throws IOException {
        MemorySegment st = Downcalls.callState();
        try (Arena a = Arena.ofConfined()) {
            return (int) check("open " + path, (int) OPEN.invokeExact(st, a.allocateFrom(path), flags, 0), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    static int posixOpenpt(int flags) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            return (int) check("posix_openpt", (int) POSIX_OPENPT.invokeExact(st, flags), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    static void grantpt(int fd) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            check("grantpt", (int) GRANTPT.invokeExact(st, fd), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    static void unlockpt(int fd) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            check("unlockpt", (int) UNLOCKPT.invokeExact(st, fd), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** ptsname_r: the slave's path. It returns an error number instead of setting errno. */
    static String ptsname(int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(128);
            int r = (int) PTSNAME_R.invokeExact(Downcalls.callState(), fd, buf, 128L);
            if (r != 0) throw new Failure("ptsname_r", r);
            return buf.getString(0);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** cfmakeraw on the terminal {@code fd} (tcgetattr, cfmakeraw, tcsetattr TCSANOW). */
    static void makeRaw(int fd) throws IOException {
        MemorySegment st = Downcalls.callState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS_ROOM);
            check("tcgetattr", (int) TCGETATTR.invokeExact(st, fd, t), st);
            CFMAKERAW.invokeExact(t);
            check("tcsetattr", (int) TCSETATTR.invokeExact(st, fd, TCSANOW, t), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /**
     * mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0): zero-filled
     * memory the kernel backs on first touch. Without MAP_NORESERVE, the kernel's overcommit
     * policy refuses a length the host can never back (ENOMEM), as it does for QEMU's RAM.
     */
    static MemorySegment mmapAnonymous(long length, String what) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            MemorySegment p = (MemorySegment) MMAP.invokeExact(st, MemorySegment.NULL, length, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            if (p.address() == -1L) throw new Failure(what, Downcalls.errno(st));
            return p;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** munmap(address, length); a failure (only a bad range) is a bug. */
    static void munmap(long address, long length) {
        MemorySegment st = Downcalls.callState();
        try {
            check("munmap", (int) MUNMAP.invokeExact(st, MemorySegment.ofAddress(address), length), st);
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** madvise(address, length, advice). */
    static void madvise(MemorySegment address, long length, int advice) throws IOException {
        MemorySegment st = Downcalls.callState();
        try {
            check("madvise", (int) MADVISE.invokeExact(st, address, length, advice), st);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    /** A struct sockaddr_un for {@code path} (at most 107 bytes, NUL-terminated). */
    static MemorySegment sockaddrUn(Arena a, String path) throws IOException {
        byte[] p = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (p.length == 0 || p.length > SUN_PATH_MAX) {
            throw new IOException(path + ": a unix socket path must be 1.." + SUN_PATH_MAX + " bytes long (it is " + p.length + ")");
        }
        MemorySegment s = a.allocate(SOCKADDR_UN_SIZE);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(p, 0, s, ValueLayout.JAVA_BYTE, 2, p.length);
        return s;
    }
}
