package org.jpseries.user;

import java.io.IOException;
import org.jpseries.cpu.Cpu;

/** Descriptor I/O: read/write and their vector and positioned forms, dup, pipe2, fcntl, ioctl, poll, select. */
public final class IoSyscalls {
    /** Largest single transfer, as Linux's MAX_RW_COUNT bounds it (one buffer per call here). */
    static final int MAX_RW = 1 << 24;

    private final LinuxUser proc;

    public IoSyscalls(LinuxUser proc) {
        this.proc = proc;
    }

    private static int clamp(long len) throws SyscallError {
        if (len < 0) throw new SyscallError(Errno.EINVAL);
        return (int) Math.min(len, MAX_RW);
    }

    public long read(int fd, long buf, long len) throws SyscallError, IOException {
        OpenFile f = proc.fds.get(fd);
        if (!f.readable()) throw new SyscallError(Errno.EBADF);
        int n = clamp(len);
        proc.mem.checkWritable(buf, n);
        if (f instanceof StreamFile) proc.syscalls.flush();
        byte[] b = new byte[Math.min(n, 1 << 20)];
        int got = f.read(b, 0, b.length);
        proc.mem.write(buf, b, 0, got);
        return got;
    }

    public long write(Cpu cpu, int fd, long buf, long len) throws SyscallError, IOException {
        OpenFile f = proc.fds.get(fd);
        if (!f.writable()) throw new SyscallError(Errno.EBADF);
        int n = clamp(len);
        byte[] b = proc.mem.read(buf, n);
        return writeAll(cpu, f, b);
    }

    private long writeAll(Cpu cpu, OpenFile f, byte[] b) throws SyscallError, IOException {
        try {
            return f.write(b, 0, b.length);
        } catch (SyscallError e) {
            if (e.errno == Errno.EPIPE) proc.sendSignal(cpu, Signals.SIGPIPE);
            throw e;
        }
    }

    public long pread(int fd, long buf, long len, long pos) throws SyscallError, IOException {
        OpenFile f = proc.fds.get(fd);
        if (!f.readable()) throw new SyscallError(Errno.EBADF);
        int n = clamp(len);
        proc.mem.checkWritable(buf, n);
        byte[] b = new byte[n];
        int got = f.pread(b, 0, n, pos);
        proc.mem.write(buf, b, 0, got);
        return got;
    }

    public long pwrite(int fd, long buf, long len, long pos) throws SyscallError, IOException {
        OpenFile f = proc.fds.get(fd);
        if (!f.writable()) throw new SyscallError(Errno.EBADF);
        byte[] b = proc.mem.read(buf, clamp(len));
        return f.pwrite(b, 0, b.length, pos);
    }

    /** readv/preadv (pos -1: the file offset): struct iovec is {base, len}, 16 bytes. */
    public long readv(int fd, long iov, int cnt, long pos) throws SyscallError, IOException {
        if (cnt < 0 || cnt > 1024) throw new SyscallError(Errno.EINVAL);
        OpenFile f = proc.fds.get(fd);
        if (!f.readable()) throw new SyscallError(Errno.EBADF);
        long total = 0;
        for (int i = 0; i < cnt; i++) {
            long base = proc.mem.u64(iov + 16L * i), len = proc.mem.u64(iov + 16L * i + 8);
            if (len == 0) continue;
            int n = clamp(len);
            proc.mem.checkWritable(base, n);
            byte[] b = new byte[n];
            int got = pos < 0 ? f.read(b, 0, n) : f.pread(b, 0, n, pos + total);
            proc.mem.write(base, b, 0, got);
            total += got;
            if (got < n) break;
        }
        return total;
    }

    /** writev/pwritev: gathers all buffers into one write so that it reaches the host at once. */
    public long writev(Cpu cpu, int fd, long iov, int cnt, long pos) throws SyscallError, IOException {
        if (cnt < 0 || cnt > 1024) throw new SyscallError(Errno.EINVAL);
        OpenFile f = proc.fds.get(fd);
        if (!f.writable()) throw new SyscallError(Errno.EBADF);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < cnt; i++) {
            long base = proc.mem.u64(iov + 16L * i), len = proc.mem.u64(iov + 16L * i + 8);
            if (len == 0) continue;
            all.write(proc.mem.read(base, clamp(len)));
        }
        byte[] b = all.toByteArray();
        return pos < 0 ? writeAll(cpu, f, b) : f.pwrite(b, 0, b.length, pos);
    }

    public long sendfile(int outFd, int inFd, long offPtr, long count) throws SyscallError, IOException {
        OpenFile out = proc.fds.get(outFd), in = proc.fds.get(inFd);
        if (!in.readable() || !out.writable()) throw new SyscallError(Errno.EBADF);
        byte[] b = new byte[clamp(count)];
        int n;
        if (offPtr != 0) {
            long off = proc.mem.u64(offPtr);
            n = in.pread(b, 0, b.length, off);
            proc.mem.put64(offPtr, off + n);
        } else {
            n = in.read(b, 0, b.length);
        }
        return n == 0 ? 0 : out.write(b, 0, n);
    }

    // ---- descriptors ----

    public long dup(int fd) throws SyscallError {
        OpenFile f = proc.fds.get(fd);
        int nfd = proc.fds.install(f, false, 0);
        f.retain();
        return nfd;
    }

    public long dup2(int fd, int nfd) throws SyscallError, IOException {
        OpenFile f = proc.fds.get(fd);
        if (fd == nfd) return nfd;
        f.retain();
        proc.fds.installAt(nfd, f, false);
        return nfd;
    }

    public long dup3(int fd, int nfd, int flags) throws SyscallError, IOException {
        if (fd == nfd || (flags & ~OpenFlags.O_CLOEXEC) != 0) throw new SyscallError(Errno.EINVAL);
        OpenFile f = proc.fds.get(fd);
        f.retain();
        proc.fds.installAt(nfd, f, (flags & OpenFlags.O_CLOEXEC) != 0);
        return nfd;
    }

    public long closeRange(int first, int last, int flags) throws SyscallError {
        if (Integer.compareUnsigned(first, last) > 0) throw new SyscallError(Errno.EINVAL);
        long hi = Math.min(Integer.toUnsignedLong(last), FdTable.MAX_FDS - 1);
        for (long fd = first; fd <= hi; fd++) {
            if (!proc.fds.isOpen((int) fd)) continue;
            if ((flags & 4) != 0) { // CLOSE_RANGE_CLOEXEC
                proc.fds.setCloexec((int) fd, true);
            } else {
                try {
                    proc.fds.close((int) fd);
                } catch (IOException e) {
                    // close errors are not reported by close_range
                }
            }
        }
        return 0;
    }

    public long pipe2(long fdsAddr, int flags) throws SyscallError {
        if ((flags & ~(OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT)) != 0) {
            throw new SyscallError(Errno.EINVAL);
        }
        proc.mem.checkWritable(fdsAddr, 8);
        Pipe pipe = new Pipe();
        boolean cloexec = (flags & OpenFlags.O_CLOEXEC) != 0;
        pipe.readEnd.statusFlags |= flags & OpenFlags.O_NONBLOCK;
        pipe.writeEnd.statusFlags |= flags & OpenFlags.O_NONBLOCK;
        int r = proc.fds.install(pipe.readEnd, cloexec, 0);
        int w;
        try {
            w = proc.fds.install(pipe.writeEnd, cloexec, 0);
        } catch (SyscallError e) {
            try {
                proc.fds.close(r);
            } catch (IOException ignored) {
                // an in-process pipe cannot fail to close
            }
            throw e;
        }
        proc.mem.put32(fdsAddr, r);
        proc.mem.put32(fdsAddr + 4, w);
        return 0;
    }

    public static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5,
            F_SETLK = 6, F_SETLKW = 7, F_DUPFD_CLOEXEC = 1030, F_GETPIPE_SZ = 1032, FD_CLOEXEC = 1;

    public long fcntl(int fd, int cmd, long arg) throws SyscallError {
        OpenFile f = proc.fds.get(fd);
        switch (cmd) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> {
                if (arg < 0 || arg >= FdTable.MAX_FDS) throw new SyscallError(Errno.EINVAL);
                int nfd = proc.fds.install(f, cmd == F_DUPFD_CLOEXEC, (int) arg);
                f.retain();
                return nfd;
            }
            case F_GETFD -> {
                return proc.fds.cloexec(fd) ? FD_CLOEXEC : 0;
            }
            case F_SETFD -> {
                proc.fds.setCloexec(fd, (arg & FD_CLOEXEC) != 0);
                return 0;
            }
            case F_GETFL -> {
                return f.statusFlags | OpenFlags.O_LARGEFILE;
            }
            case F_SETFL -> {
                f.statusFlags = (f.statusFlags & ~OpenFlags.SETFL_MASK) | ((int) arg & OpenFlags.SETFL_MASK);
                return 0;
            }
            case F_GETLK -> {
                // struct flock: l_type (short) first; nothing else holds locks: F_UNLCK (2)
                proc.mem.put16(arg, 2);
                return 0;
            }
            case F_SETLK, F_SETLKW -> {
                return 0;
            }
            case F_GETPIPE_SZ -> {
                if (!(f instanceof Pipe.End)) throw new SyscallError(Errno.EBADF);
                return 65536;
            }
            default -> throw new SyscallError(Errno.EINVAL);
        }
    }

    // ---- ioctl (powerpc numbers, arch/powerpc/include/uapi/asm/ioctls.h) ----

    public static final int FIOCLEX = 0x20006601, FIONCLEX = 0x20006602, FIONBIO = 0x8004667e, FIONREAD = 0x4004667f;

    public long ioctl(int fd, int cmd, long arg) throws SyscallError, IOException {
        OpenFile f = proc.fds.get(fd);
        switch (cmd) {
            case FIOCLEX -> {
                proc.fds.setCloexec(fd, true);
                return 0;
            }
            case FIONCLEX -> {
                proc.fds.setCloexec(fd, false);
                return 0;
            }
            case FIONBIO -> {
                int on = proc.mem.u32(arg);
                f.statusFlags = on != 0 ? f.statusFlags | OpenFlags.O_NONBLOCK : f.statusFlags & ~OpenFlags.O_NONBLOCK;
                return 0;
            }
            case FIONREAD -> {
                if (f instanceof DirectoryFile) throw new SyscallError(Errno.ENOTTY);
                int n = f.available();
                proc.mem.put32(arg, Math.max(n, 0));
                return 0;
            }
            default -> {
                int tty = f.terminalFd();
                if (tty < 0) throw new SyscallError(Errno.ENOTTY);
                return Terminal.ioctl(tty, cmd, arg, proc.mem, proc.pid);
            }
        }
    }

    // ---- readiness ----

    public static final int POLLIN = 1, POLLPRI = 2, POLLOUT = 4, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;

    /** Current readiness of a descriptor as poll bits (without POLLNVAL). */
    int readiness(OpenFile f, boolean block) throws IOException {
        int r = 0;
        if (f instanceof Pipe.End pe) {
            if (pe.readable()) {
                if (pe.available() > 0) r |= POLLIN;
                if (pe.readReady() && pe.available() == 0) r |= POLLHUP;
            } else {
                r |= POLLOUT;
            }
            return r;
        }
        if (f instanceof StreamFile s) {
            if (s.readable()) {
                if (s.available() > 0 || (block && s.waitReadable())) r |= POLLIN;
            }
            if (s.writable()) r |= POLLOUT;
            return r;
        }
        if (f.readable()) r |= POLLIN;
        if (f.writable()) r |= POLLOUT;
        return r;
    }

    /** poll/ppoll: timeout in ms, -1 forever. */
    public long poll(long fdsAddr, int nfds, long timeoutMs) throws SyscallError, IOException {
        if (nfds < 0 || nfds > FdTable.MAX_FDS) throw new SyscallError(Errno.EINVAL);
        proc.mem.checkWritable(fdsAddr, 8L * nfds);
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int ready = 0;
            int blockers = 0;
            for (int i = 0; i < nfds; i++) {
                long a = fdsAddr + 8L * i;
                int fd = proc.mem.u32(a);
                int events = proc.mem.u16(a + 4);
                int rev = 0;
                if (fd >= 0) {
                    if (!proc.fds.isOpen(fd)) {
                        rev = POLLNVAL;
                    } else {
                        OpenFile f = proc.fds.get(fd);
                        if (f instanceof StreamFile) blockers++;
                        // with nothing else to wait for, a single stream may block in its read
                        boolean block = timeoutMs < 0 && nfds == 1;
                        rev = readiness(f, block) & (events | POLLERR | POLLHUP);
                    }
                }
                proc.mem.put16(a + 6, rev);
                if (rev != 0) ready++;
            }
            if (ready > 0 || timeoutMs == 0 || blockers == 0 || System.nanoTime() >= deadline) return ready;
            sleepBriefly();
        }
    }

    /** select/pselect6 over fd_set bitmaps (arrays of 64-bit words); timeout in ms, -1 forever. */
    public long select(int nfds, long rset, long wset, long eset, long timeoutMs) throws SyscallError, IOException {
        if (nfds < 0 || nfds > FdTable.MAX_FDS) throw new SyscallError(Errno.EINVAL);
        int words = (nfds + 63) / 64;
        long[] rin = loadSet(rset, words), win = loadSet(wset, words), ein = loadSet(eset, words);
        for (int fd = 0; fd < nfds; fd++) {
            if ((isSet(rin, fd) || isSet(win, fd) || isSet(ein, fd)) && !proc.fds.isOpen(fd)) {
                throw new SyscallError(Errno.EBADF);
            }
        }
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            long[] rout = new long[words], wout = new long[words];
            int ready = 0, blockers = 0, watched = 0;
            for (int fd = 0; fd < nfds; fd++) {
                boolean wr = isSet(rin, fd), ww = isSet(win, fd);
                if (!wr && !ww) continue;
                OpenFile f = proc.fds.get(fd);
                watched++;
                if (f instanceof StreamFile) blockers++;
                int rev = readiness(f, false);
                if (wr && (rev & (POLLIN | POLLHUP)) != 0) {
                    rout[fd / 64] |= 1L << (fd % 64);
                    ready++;
                }
                if (ww && (rev & POLLOUT) != 0) {
                    wout[fd / 64] |= 1L << (fd % 64);
                    ready++;
                }
            }
            if (ready == 0 && timeoutMs < 0 && watched == 1 && blockers == 1) {
                // only one stream to wait for: block in it
                for (int fd = 0; fd < nfds; fd++) {
                    if (isSet(rin, fd) && proc.fds.get(fd) instanceof StreamFile s && s.waitReadable()) {
                        rout[fd / 64] |= 1L << (fd % 64);
                        ready++;
                    }
                }
            }
            if (ready > 0 || timeoutMs == 0 || blockers == 0 || System.nanoTime() >= deadline) {
                storeSet(rset, rout);
                storeSet(wset, wout);
                storeSet(eset, new long[words]);
                return ready;
            }
            sleepBriefly();
        }
    }

    private long[] loadSet(long addr, int words) {
        long[] s = new long[words];
        if (addr != 0) for (int i = 0; i < words; i++) s[i] = proc.mem.u64(addr + 8L * i);
        return s;
    }

    private void storeSet(long addr, long[] s) {
        if (addr != 0) for (int i = 0; i < s.length; i++) proc.mem.put64(addr + 8L * i, s[i]);
    }

    private static boolean isSet(long[] s, int fd) {
        return (s[fd / 64] & (1L << (fd % 64))) != 0;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
