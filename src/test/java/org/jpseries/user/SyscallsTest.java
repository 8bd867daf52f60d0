package org.jpseries.user;

import static org.jpseries.user.SyscallNr.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** System calls issued with registers set as the guest's {@code sc} would, checked against Linux semantics. */
class SyscallsTest {
    @TempDir
    Path tmp;

    private static final int AT_FDCWD = -100;

    @Test
    void writeGoesToStdoutAndStderr() {
        GuestProcess g = new GuestProcess();
        long s = g.string("hello\n");
        assertEquals(6, g.call(WRITE, 1, s, 6));
        assertEquals(3, g.call(WRITE, 2, s, 3));
        assertEquals("hello\n", g.stdout());
        assertEquals("hel", g.stderr());
        assertEquals(-Errno.EBADF, g.call(WRITE, 7, s, 6));
        assertEquals(-Errno.EBADF, g.call(WRITE, 0, s, 6));
    }

    @Test
    void readFromStdinUntilEof() {
        GuestProcess g = new GuestProcess("abc");
        long b = g.alloc(16);
        assertEquals(3, g.call(READ, 0, b, 16));
        assertEquals("abc", g.readString(b, 3));
        assertEquals(0, g.call(READ, 0, b, 16));
    }

    @Test
    void badPointerIsEfaultNotACrash() {
        GuestProcess g = new GuestProcess("abc");
        assertEquals(-Errno.EFAULT, g.call(WRITE, 1, 0x10, 4));
        assertEquals(-Errno.EFAULT, g.call(READ, 0, 0x7000_0000L, 4));
        assertEquals(-Errno.EFAULT, g.call(OPENAT, AT_FDCWD, 0x10, 0));
        assertEquals("", g.stdout());
    }

    @Test
    void unknownSyscallIsEnosys() {
        GuestProcess g = new GuestProcess();
        assertEquals(-Errno.ENOSYS, g.call(9999));
        assertEquals(-Errno.ENOSYS, g.call(RSEQ, 0, 0, 0, 0));
        assertEquals(-Errno.EAFNOSUPPORT, g.call(SOCKET, 2, 1, 0));
        assertEquals(-Errno.EAGAIN, g.call(CLONE, 17, 0));
        assertEquals(-Errno.ECHILD, g.call(WAIT4, -1, 0, 0, 0));
    }

    @Test
    void scvReturnsNegativeErrnoAndScSetsSummaryOverflow() {
        GuestProcess g = new GuestProcess();
        g.cpu.gpr[0] = 9999;
        g.proc.systemCall(g.cpu, 0, true);
        assertEquals(-Errno.ENOSYS, g.cpu.gpr[3]);
        g.cpu.gpr[0] = 9999;
        g.proc.systemCall(g.cpu, 0, false);
        assertEquals(Errno.ENOSYS, g.cpu.gpr[3]);
        assertNotEquals(0, g.cpu.cr & (1 << 28));
        g.cpu.gpr[0] = GETPID;
        g.proc.systemCall(g.cpu, 0, false);
        assertEquals(0, g.cpu.cr & (1 << 28));
    }

    @Test
    void openReadSeekStatClose() throws Exception {
        Path f = tmp.resolve("data.txt");
        Files.writeString(f, "0123456789");
        GuestProcess g = new GuestProcess();
        long fd = g.call(OPENAT, AT_FDCWD, g.string(f.toString()), OpenFlags.O_RDONLY);
        assertEquals(3, fd);
        long b = g.alloc(32);
        assertEquals(4, g.call(READ, fd, b, 4));
        assertEquals("0123", g.readString(b, 4));
        assertEquals(8, g.call(LSEEK, fd, -2, 2));
        assertEquals(2, g.call(READ, fd, b, 32));
        assertEquals("89", g.readString(b, 2));
        assertEquals(3, g.call(PREAD64, fd, b, 3, 5));
        assertEquals("567", g.readString(b, 3));
        long st = g.alloc(144);
        assertEquals(0, g.call(FSTAT, fd, st));
        // ppc64 struct stat: st_nlink at 16, st_mode at 24 (32-bit), st_size at 48, st_blksize at 56
        assertEquals(1, g.proc.mem.u64(st + 16));
        assertEquals(FileStatus.S_IFREG, g.proc.mem.u32(st + 24) & FileStatus.S_IFMT);
        assertEquals(10, g.proc.mem.u64(st + 48));
        assertEquals((long) Files.getAttribute(f, "unix:ino"), g.proc.mem.u64(st + 8));
        assertEquals(0, g.call(CLOSE, fd));
        assertEquals(-Errno.EBADF, g.call(CLOSE, fd));
        assertEquals(-Errno.ENOENT, g.call(OPENAT, AT_FDCWD, g.string(tmp.resolve("nope").toString()), 0));
    }

    @Test
    void createWriteAppendTruncateAndUmask() throws Exception {
        GuestProcess g = new GuestProcess();
        Path f = tmp.resolve("new.txt");
        long p = g.string(f.toString());
        assertEquals(022, g.call(UMASK, 027));
        long fd = g.call(OPENAT, AT_FDCWD, p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, 0666);
        assertTrue(fd >= 3);
        assertEquals(3, g.call(WRITE, fd, g.string("abc"), 3));
        assertEquals(0, g.call(CLOSE, fd));
        assertEquals(0640, (int) Files.getAttribute(f, "unix:mode") & 0777);
        assertEquals(-Errno.EEXIST, g.call(OPENAT, AT_FDCWD, p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, 0666));
        fd = g.call(OPENAT, AT_FDCWD, p, OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
        assertEquals(2, g.call(WRITE, fd, g.string("de"), 2));
        assertEquals("abcde", Files.readString(f));
        assertEquals(0, g.call(FTRUNCATE, fd, 1));
        assertEquals("a", Files.readString(f));
        assertEquals(-Errno.EBADF, g.call(READ, fd, g.alloc(4), 4));
    }

    @Test
    void relativePathsFollowTheEmulatedCwd() throws Exception {
        Files.createDirectory(tmp.resolve("d"));
        Files.writeString(tmp.resolve("d/f"), "x");
        GuestProcess g = new GuestProcess();
        assertEquals(0, g.call(CHDIR, g.string(tmp.resolve("d").toString())));
        long b = g.alloc(4096);
        long n = g.call(GETCWD, b, 4096);
        assertEquals(tmp.resolve("d").toRealPath().toString(), g.readString(b, (int) n - 1));
        assertEquals(-Errno.ERANGE, g.call(GETCWD, b, 2));
        long fd = g.call(OPEN, g.string("f"), 0);
        assertTrue(fd >= 3);
        assertEquals(0, g.call(ACCESS, g.string("f"), 4));
        assertEquals(-Errno.ENOENT, g.call(ACCESS, g.string("g"), 0));
        long dfd = g.call(OPEN, g.string(".."), OpenFlags.O_DIRECTORY);
        assertEquals(0, g.call(MKDIRAT, dfd, g.string("e"), 0755));
        assertTrue(Files.isDirectory(tmp.resolve("e")));
        assertEquals(0, g.call(FCHDIR, dfd));
        assertEquals(0, g.call(RENAMEAT, AT_FDCWD, g.string("d/f"), dfd, g.string("e/g")));
        assertTrue(Files.exists(tmp.resolve("e/g")));
        assertEquals(-Errno.EISDIR, g.call(UNLINKAT, AT_FDCWD, g.string("e"), 0));
        assertEquals(-Errno.ENOTEMPTY, g.call(UNLINKAT, AT_FDCWD, g.string("e"), OpenFlags.AT_REMOVEDIR));
        assertEquals(0, g.call(UNLINK, g.string("e/g")));
        assertEquals(0, g.call(RMDIR, g.string("e")));
        assertFalse(Files.exists(tmp.resolve("e")));
    }

    @Test
    void getdents64ListsEveryEntryOnce() throws Exception {
        for (String n : new String[] {"a", "bb", "ccc"}) Files.writeString(tmp.resolve(n), n);
        Files.createDirectory(tmp.resolve("sub"));
        GuestProcess g = new GuestProcess();
        long fd = g.call(OPENAT, AT_FDCWD, g.string(tmp.toString()), OpenFlags.O_DIRECTORY);
        long buf = g.alloc(64);
        java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
        while (true) {
            long n = g.call(GETDENTS64, fd, buf, 64);
            assertTrue(n >= 0);
            if (n == 0) break;
            for (long o = 0; o < n; ) {
                int reclen = g.proc.mem.u16(buf + o + 16);
                int type = g.proc.mem.u8(buf + o + 18);
                String name = g.proc.mem.cStringOrNull(buf + o + 19);
                assertNull(seen.put(name, type), "duplicate " + name);
                assertEquals(0, reclen % 8);
                o += reclen;
            }
        }
        assertEquals(java.util.Set.of(".", "..", "a", "bb", "ccc", "sub"), seen.keySet());
        assertEquals(DirectoryFile.DT_DIR, seen.get("sub"));
        assertEquals(DirectoryFile.DT_REG, seen.get("bb"));
        assertEquals(-Errno.ENOTDIR, g.call(GETDENTS64, 1, buf, 64));
    }

    @Test
    void pipeCarriesBytesBetweenDescriptors() {
        GuestProcess g = new GuestProcess();
        long fds = g.alloc(8);
        assertEquals(0, g.call(PIPE2, fds, OpenFlags.O_CLOEXEC));
        int r = g.proc.mem.u32(fds), w = g.proc.mem.u32(fds + 4);
        assertEquals(3, r);
        assertEquals(4, w);
        assertEquals(1, g.call(FCNTL, r, IoSyscalls.F_GETFD));
        assertEquals(5, g.call(WRITE, w, g.string("pipe!"), 5));
        long b = g.alloc(8);
        long nread = g.alloc(4);
        assertEquals(0, g.call(IOCTL, r, IoSyscalls.FIONREAD, nread));
        assertEquals(5, g.proc.mem.u32(nread));
        assertEquals(5, g.call(READ, r, b, 8));
        assertEquals("pipe!", g.readString(b, 5));
        assertEquals(-Errno.EAGAIN, g.call(READ, r, b, 8));
        assertEquals(0, g.call(CLOSE, w));
        assertEquals(0, g.call(READ, r, b, 8));
        // a write to a pipe without readers raises SIGPIPE (default: terminate, status 141)
        assertEquals(0, g.call(PIPE2, fds, 0));
        g.call(CLOSE, g.proc.mem.u32(fds));
        g.call(WRITE, g.proc.mem.u32(fds + 4), b, 1);
        assertTrue(g.proc.exited);
        assertEquals(128 + 13, g.proc.exitStatus);
        assertEquals("", g.stderr());
    }

    @Test
    void dupFamilyShareTheOpenFile() throws Exception {
        Path f = tmp.resolve("x");
        Files.writeString(f, "abcdef");
        GuestProcess g = new GuestProcess();
        long fd = g.call(OPEN, g.string(f.toString()), 0);
        long d = g.call(DUP, fd);
        assertEquals(fd + 1, d);
        long b = g.alloc(8);
        g.call(READ, fd, b, 2);
        assertEquals(1, g.call(READ, d, b, 1));
        assertEquals("c", g.readString(b, 1));
        assertEquals(10, g.call(DUP2, fd, 10));
        assertEquals(-Errno.EINVAL, g.call(DUP3, 10, 10, 0));
        assertEquals(11, g.call(DUP3, fd, 11, OpenFlags.O_CLOEXEC));
        assertEquals(1, g.call(FCNTL, 11, IoSyscalls.F_GETFD));
        assertEquals(20, g.call(FCNTL, fd, IoSyscalls.F_DUPFD_CLOEXEC, 20));
        assertEquals(0, g.call(CLOSE, fd));
        assertEquals(1, g.call(READ, 10, b, 1));
        assertEquals("d", g.readString(b, 1));
        long fl = g.call(FCNTL, 10, IoSyscalls.F_GETFL);
        assertEquals(0, fl & OpenFlags.O_ACCMODE);
        assertEquals(0, g.call(FCNTL, 10, IoSyscalls.F_SETFL, OpenFlags.O_NONBLOCK));
        assertNotEquals(0, g.call(FCNTL, 10, IoSyscalls.F_GETFL) & OpenFlags.O_NONBLOCK);
    }

    @Test
    void mmapPlacesMappingsAsQemuDoes() throws Exception {
        GuestProcess g = new GuestProcess();
        int prw = 3, anon = MemoryManager.MAP_PRIVATE | MemoryManager.MAP_ANONYMOUS;
        // qemu-ppc64le 7.2 (x86-64 host): first anonymous mmap at 0x4000802000, then upwards,
        // freed holes below the last mapping are not reused.
        long p = g.call(MMAP, 0, 8192, prw, anon, -1, 0);
        assertEquals(0x4000802000L, p);
        long q = g.call(MMAP, 0, 3 * 4096, prw, anon, -1, 0);
        assertEquals(0x4000804000L, q);
        assertEquals(0, g.call(MUNMAP, p, 8192));
        assertEquals(0x4000807000L, g.call(MMAP, 0, 100, prw, anon, -1, 0));
        g.proc.mem.put64(q, 42);
        assertEquals(42, g.proc.mem.u64(q));
        assertEquals(-Errno.EINVAL, g.call(MMAP, 0, 0, prw, anon, -1, 0));
        assertEquals(-Errno.EINVAL, g.call(MUNMAP, q + 1, 4096));
        // fixed mapping replaces, fixed_noreplace refuses
        assertEquals(q, g.call(MMAP, q, 4096, prw, anon | MemoryManager.MAP_FIXED, -1, 0));
        assertEquals(0, g.proc.mem.u64(q));
        assertEquals(-Errno.EEXIST, g.call(MMAP, q, 4096, prw, anon | MemoryManager.MAP_FIXED_NOREPLACE, -1, 0));
        // mprotect read-only makes stores fault (EFAULT for a syscall writing there)
        assertEquals(0, g.call(MPROTECT, q, 4096, 1));
        assertEquals(-Errno.EFAULT, g.call(READ, 0, q, 1));
        assertEquals(-Errno.ENOMEM, g.call(MPROTECT, 0x7000_0000_0000L, 4096, 1));
        // mremap grows in place when free, else moves
        long r = g.call(MREMAP, q + 4096, 8192, 16384, MemoryManager.MREMAP_MAYMOVE, 0);
        assertTrue(r > 0);
        // file-backed private mapping sees the file's bytes
        Path f = tmp.resolve("m");
        Files.writeString(f, "mapped file");
        long fd = g.call(OPEN, g.string(f.toString()), 0);
        long m = g.call(MMAP, 0, 11, 1, MemoryManager.MAP_PRIVATE, fd, 0);
        assertEquals("mapped file", g.readString(m, 11));
        assertEquals(0, g.proc.mem.u8(m + 11));
        assertEquals(-Errno.EBADF, g.call(MMAP, 0, 11, 1, MemoryManager.MAP_PRIVATE, 99, 0));
    }

    @Test
    void brkGrowsAndShrinksInPages() {
        GuestProcess g = new GuestProcess();
        long start = g.call(BRK, 0);
        assertEquals(0x1010_0000L, start);
        assertEquals(start + 0x1b60, g.call(BRK, start + 0x1b60));
        g.proc.mem.put64(start + 0x1b00, 7);
        assertEquals(start + 0x1b60, g.call(BRK, 0));
        assertEquals(start + 0x1000, g.call(BRK, start + 0x1000));
        assertEquals(-Errno.EFAULT, g.call(READ, 0, start + 0x1000, 1));
        assertEquals(start + 0x1000, g.call(BRK, start - 0x1000));
    }

    @Test
    void unameAndIdentity() {
        GuestProcess g = new GuestProcess();
        long u = g.alloc(390);
        assertEquals(0, g.call(UNAME, u));
        assertEquals("Linux", g.proc.mem.cStringOrNull(u));
        assertEquals("ppc64le", g.proc.mem.cStringOrNull(u + 4 * 65));
        assertEquals(ProcessHandle.current().pid(), g.call(GETPID));
        assertEquals(g.call(GETPID), g.call(GETTID));
        assertEquals(g.call(GETPID), g.call(SET_TID_ADDRESS, g.alloc(8)));
        assertEquals(0, g.call(SET_ROBUST_LIST, g.alloc(24), 24));
        long mask = g.alloc(128);
        assertEquals(8, g.call(SCHED_GETAFFINITY, 0, 128, mask));
        assertEquals(Long.bitCount(g.proc.mem.u64(mask)), Runtime.getRuntime().availableProcessors());
    }

    @Test
    void clocksAndRandom() {
        GuestProcess g = new GuestProcess();
        long ts = g.alloc(16);
        assertEquals(0, g.call(CLOCK_GETTIME, 0, ts));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(g.proc.mem.u64(ts) - now) <= 2);
        assertTrue(g.proc.mem.u64(ts + 8) < 1_000_000_000L);
        assertEquals(-Errno.EINVAL, g.call(CLOCK_GETTIME, 99, ts));
        assertEquals(0, g.call(CLOCK_GETRES, 1, ts));
        assertEquals(1, g.proc.mem.u64(ts + 8));
        long tv = g.alloc(16);
        assertEquals(0, g.call(GETTIMEOFDAY, tv, 0));
        assertTrue(g.proc.mem.u64(tv + 8) < 1_000_000L);
        long r = g.alloc(64);
        assertEquals(64, g.call(GETRANDOM, r, 64, 0));
        ts = g.alloc(16);
        g.proc.mem.put64(ts + 8, 1_000_000);
        assertEquals(0, g.call(NANOSLEEP, ts, 0));
    }

    @Test
    void prlimitAndSysinfo() {
        GuestProcess g = new GuestProcess();
        long l = g.alloc(16);
        assertEquals(0, g.call(PRLIMIT64, 0, 3, 0, l));
        assertEquals(8L << 20, g.proc.mem.u64(l));
        assertEquals(0, g.call(UGETRLIMIT, 7, l));
        assertEquals(FdTable.MAX_FDS, g.proc.mem.u64(l));
        assertEquals(-Errno.EINVAL, g.call(UGETRLIMIT, 99, l));
        long si = g.alloc(112);
        assertEquals(0, g.call(SYSINFO, si));
        assertTrue(g.proc.mem.u64(si + 32) > 0, "totalram");
        assertEquals(1, g.proc.mem.u32(si + 104), "mem_unit");
    }

    @Test
    void readlinkProcSelfExeIsTheProgram() {
        GuestProcess g = new GuestProcess();
        long b = g.alloc(256);
        long n = g.call(READLINKAT, AT_FDCWD, g.string("/proc/self/exe"), b, 256);
        assertEquals("/bin/true", g.readString(b, (int) n));
        assertEquals(4, g.call(READLINK, g.string("/proc/self/exe"), b, 4));
    }

    @Test
    void terminalIoctlsOnAPipeAreEnotty() {
        GuestProcess g = new GuestProcess();
        long t = g.alloc(64);
        assertEquals(-Errno.ENOTTY, g.call(IOCTL, 0, Terminal.TCGETS, t));
        assertEquals(-Errno.ENOTTY, g.call(IOCTL, 1, Terminal.TIOCGWINSZ, t));
    }

    @Test
    void sigactionRecordsAndReturnsOldHandler() {
        GuestProcess g = new GuestProcess();
        long act = g.alloc(32), old = g.alloc(32);
        g.proc.mem.put64(act, 0x10001234L);
        g.proc.mem.put64(act + 8, 0x04000000L);
        g.proc.mem.put64(act + 24, 0x5L);
        assertEquals(0, g.call(RT_SIGACTION, 2, act, 0, 8));
        assertEquals(0, g.call(RT_SIGACTION, 2, 0, old, 8));
        assertEquals(0x10001234L, g.proc.mem.u64(old));
        assertEquals(0x04000000L, g.proc.mem.u64(old + 8));
        assertEquals(5, g.proc.mem.u64(old + 24));
        assertEquals(-Errno.EINVAL, g.call(RT_SIGACTION, 9, act, 0, 8));
        assertEquals(-Errno.EINVAL, g.call(RT_SIGACTION, 2, act, 0, 16));
    }

    @Test
    void abortRaisesSigabrtWithQemusMessage() {
        GuestProcess g = new GuestProcess();
        long set = g.alloc(8);
        g.proc.mem.put64(set, Signals.bit(Signals.SIGABRT));
        // blocked: stays pending; unblocking delivers it
        assertEquals(0, g.call(RT_SIGPROCMASK, 0, set, 0, 8));
        long pid = g.call(GETPID);
        assertEquals(0, g.call(TGKILL, pid, pid, Signals.SIGABRT));
        assertFalse(g.proc.exited);
        g.call(RT_SIGPROCMASK, 1, set, 0, 8);
        assertTrue(g.proc.exited);
        assertEquals(134, g.proc.exitStatus);
        assertEquals("qemu: uncaught target signal 6 (Aborted) - core dumped\n", g.stderr());
    }

    @Test
    void ignoredSignalsDoNothingAndSigtermIsSilent() {
        GuestProcess g = new GuestProcess();
        long pid = g.call(GETPID);
        assertEquals(0, g.call(KILL, pid, Signals.SIGCHLD));
        long act = g.alloc(32);
        g.proc.mem.put64(act, Signals.SIG_IGN);
        g.call(RT_SIGACTION, Signals.SIGTERM, act, 0, 8);
        assertEquals(0, g.call(KILL, pid, Signals.SIGTERM));
        assertFalse(g.proc.exited);
        g.proc.mem.put64(act, Signals.SIG_DFL);
        g.call(RT_SIGACTION, Signals.SIGTERM, act, 0, 8);
        g.call(KILL, pid, Signals.SIGTERM);
        assertEquals(143, g.proc.exitStatus);
        assertEquals("", g.stderr());
    }

    @Test
    void exitGroupEndsWithStatus() {
        GuestProcess g = new GuestProcess();
        g.call(EXIT_GROUP, 0x1234);
        assertTrue(g.cpu.halted);
        assertEquals(0x34, g.proc.exitStatus);
    }

    @Test
    void straceLogsNameArgumentsAndResult() {
        GuestProcess g = new GuestProcess();
        g.sys.strace = true;
        g.call(OPENAT, AT_FDCWD, g.string("/nonexistent/x"), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        g.call(9999);
        String log = g.stderr();
        assertTrue(log.contains(" openat(AT_FDCWD,\"/nonexistent/x\",O_RDONLY|O_CLOEXEC) = -1 errno=2 (No such file or directory)"), log);
        assertTrue(log.contains(" Unknown syscall 9999"), log);
    }

    @Test
    void pollAndSelectOnFilesAndPipes() throws Exception {
        GuestProcess g = new GuestProcess("x");
        long fds = g.alloc(8);
        g.call(PIPE2, fds, 0);
        int r = g.proc.mem.u32(fds), w = g.proc.mem.u32(fds + 4);
        long pfd = g.alloc(16);
        g.proc.mem.put32(pfd, r);
        g.proc.mem.put16(pfd + 4, IoSyscalls.POLLIN);
        g.proc.mem.put32(pfd + 8, 0);
        g.proc.mem.put16(pfd + 12, IoSyscalls.POLLIN);
        assertEquals(1, g.call(POLL, pfd, 2, 0), "stdin ready, empty pipe not");
        assertEquals(0, g.proc.mem.u16(pfd + 6));
        assertEquals(IoSyscalls.POLLIN, g.proc.mem.u16(pfd + 14));
        g.call(WRITE, w, g.string("z"), 1);
        assertEquals(2, g.call(POLL, pfd, 2, 0));
        long set = g.alloc(8);
        g.proc.mem.put64(set, 1L << r);
        assertEquals(1, g.call(PSELECT6, r + 1, set, 0, 0, 0, 0));
        assertEquals(1L << r, g.proc.mem.u64(set));
    }

    @Test
    void statxAndNewfstatatAgree() throws Exception {
        Path f = tmp.resolve("s");
        Files.writeString(f, "12345");
        Files.createSymbolicLink(tmp.resolve("l"), f);
        GuestProcess g = new GuestProcess();
        long sx = g.alloc(256), st = g.alloc(144);
        assertEquals(0, g.call(STATX, AT_FDCWD, g.string(f.toString()), 0, 0x7ff, sx));
        assertEquals(5, g.proc.mem.u64(sx + 40));
        assertEquals(0, g.call(NEWFSTATAT, AT_FDCWD, g.string(tmp.resolve("l").toString()), st, OpenFlags.AT_SYMLINK_NOFOLLOW));
        assertEquals(FileStatus.S_IFLNK, g.proc.mem.u32(st + 24) & FileStatus.S_IFMT);
        assertEquals(0, g.call(NEWFSTATAT, AT_FDCWD, g.string(tmp.resolve("l").toString()), st, 0));
        assertEquals(5, g.proc.mem.u64(st + 48));
        assertEquals(g.proc.mem.u64(sx + 32), g.proc.mem.u64(st + 8));
        long b = g.alloc(256);
        long n = g.call(READLINKAT, AT_FDCWD, g.string(tmp.resolve("l").toString()), b, 256);
        assertEquals(f.toString(), g.readString(b, (int) n));
        assertEquals(-Errno.EINVAL, g.call(READLINK, g.string(f.toString()), b, 256));
    }

    @Test
    void handlerRunsOnASignalFrameAndSigreturnRestoresTheContext() {
        GuestProcess g = new GuestProcess();
        long stack = GuestProcess.SCRATCH + GuestProcess.SCRATCH_SIZE - 64;
        long act = g.alloc(32);
        g.proc.mem.put64(act, 0x10002000L);
        g.proc.mem.put64(act + 8, SignalFrame.SA_SIGINFO);
        assertEquals(0, g.call(RT_SIGACTION, Signals.SIGUSR1, act, 0, 8));
        for (int i = 14; i < 32; i++) g.cpu.gpr[i] = 0x1111L * i;
        g.cpu.lr = 0x10000abcL;
        g.cpu.ctr = 77;
        g.cpu.nip = 0x10000104L; // as after the sc at 0x10000100
        long pid = g.call(GETPID);
        g.cpu.gpr[1] = stack;
        g.call(TGKILL, pid, pid, Signals.SIGUSR1);
        assertFalse(g.proc.exited);
        assertEquals(0x10002000L, g.cpu.nip, "in the handler");
        assertEquals(0x10002000L, g.cpu.gpr[12]);
        assertEquals(Signals.SIGUSR1, g.cpu.gpr[3]);
        assertEquals(AddressSpace.SIGTRAMP_PAGE, g.cpu.lr);
        long info = g.cpu.gpr[4];
        assertEquals(Signals.SIGUSR1, g.proc.mem.u32(info));
        assertEquals(-6, g.proc.mem.u32(info + 8), "SI_TKILL");
        assertEquals(stack, g.proc.mem.u64(g.cpu.gpr[1]), "back chain");
        assertEquals(0, g.cpu.gpr[1] & 15);
        assertNotEquals(0, g.proc.signals.blocked & Signals.bit(Signals.SIGUSR1), "blocked while handled");
        // the handler clobbers registers and returns through the trampoline's rt_sigreturn
        for (int i = 14; i < 32; i++) g.cpu.gpr[i] = -1;
        g.cpu.gpr[0] = RT_SIGRETURN;
        g.proc.systemCall(g.cpu, 0, false);
        assertEquals(0x10000104L, g.cpu.nip);
        assertEquals(0, g.cpu.gpr[3], "tgkill's result");
        for (int i = 14; i < 32; i++) assertEquals(0x1111L * i, g.cpu.gpr[i]);
        assertEquals(0x10000abcL, g.cpu.lr);
        assertEquals(77, g.cpu.ctr);
        assertEquals(stack, g.cpu.gpr[1]);
        assertEquals(0, g.proc.signals.blocked);
    }

    @Test
    void statfsReportsTheHostFileSystem() {
        GuestProcess g = new GuestProcess();
        long b = g.alloc(120);
        assertEquals(0, g.call(STATFS, g.string("/"), b));
        assertTrue(g.proc.mem.u64(b + 8) > 0, "f_bsize");
        assertTrue(g.proc.mem.u64(b + 16) > 0, "f_blocks");
        assertEquals(-Errno.ENOENT, g.call(STATFS, g.string("/no/such/dir"), b));
        assertEquals(0, g.call(FSTATFS, 1, b));
    }

    @Test
    void procSelfDescribesTheGuestNotTheJvm() {
        GuestProcess g = new GuestProcess();
        g.proc.cmdline = "prog\0arg\0".getBytes(StandardCharsets.UTF_8);
        long fd = g.call(OPENAT, AT_FDCWD, g.string("/proc/self/cmdline"), 0);
        long b = g.alloc(64);
        assertEquals(9, g.call(READ, fd, b, 64));
        assertEquals("prog\0arg\0", g.readString(b, 9));
        assertEquals(-Errno.EACCES, g.call(OPENAT, AT_FDCWD, g.string("/proc/self/cmdline"), OpenFlags.O_WRONLY));
        fd = g.call(OPENAT, AT_FDCWD, g.string("/proc/" + g.call(GETPID) + "/maps"), 0);
        long n = g.call(READ, fd, b, 64);
        assertTrue(n > 0);
        assertTrue(g.readString(b, (int) n).startsWith(String.format("%08x-", GuestProcess.SCRATCH)), g.readString(b, (int) n));
    }

    @Test
    void alarmInterruptsARunningLoop() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.jpseries.cpu.insn.InstructionTable
                .forModel(org.jpseries.cpu.CpuModel.POWER9).implemented(org.jpseries.isa.Op.B), "needs b");
        GuestProcess g = new GuestProcess();
        long code = 0x3000_0000L;
        g.space.map(code, 4096, org.jpseries.memory.Page.PROT_READ | org.jpseries.memory.Page.PROT_EXEC);
        g.space.poke(code, new byte[] {0, 0, 0, 0x48}, 0, 4); // b .
        assertEquals(0, g.call(ALARM, 1));
        long it = g.alloc(32);
        g.proc.mem.put64(it + 24, 30_000); // it_value = 30 ms, no interval
        assertEquals(0, g.call(SETITIMER, 0, it, 0));
        g.cpu.nip = code;
        org.jpseries.cpu.exec.Interpreter interp = new org.jpseries.cpu.exec.Interpreter(g.cpu);
        long t0 = System.nanoTime();
        do {
            interp.run();
        } while (g.proc.takeAsync(g.cpu));
        assertTrue(g.proc.exited);
        assertEquals(128 + Signals.SIGALRM, g.proc.exitStatus);
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertEquals("", g.stderr());
    }
}
