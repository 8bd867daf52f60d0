package org.jpseries.user;

import static org.jpseries.user.SyscallNr.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;

/**
 * Linux system calls for ppc64 (numbers from arch/powerpc/kernel/syscalls/syscall.tbl), served
 * from the host. Unknown calls return -ENOSYS. A bad guest pointer fails the call with EFAULT;
 * no Java exception escapes to the guest. {@code -d strace} prints each call to stderr the way
 * qemu's -strace does.
 */
public final class Syscalls {
    public boolean strace;
    private final PrintStream log;
    final StreamFile stdin, stdout, stderr;
    private LinuxUser proc;
    private FileSyscalls files;
    private IoSyscalls io;
    private ProcessSyscalls process;

    /** Standard streams that are only JVM streams (in-process runs, tests). */
    public Syscalls(InputStream stdin, OutputStream stdout, OutputStream stderr) {
        this(stdin, stdout, stderr, false);
    }

    /** hostStdio: the streams are the host's descriptors 0, 1 and 2 (terminal checks, fstat). */
    public Syscalls(InputStream stdin, OutputStream stdout, OutputStream stderr, boolean hostStdio) {
        this(stdin, stdout, stderr, hostStdio, stderr instanceof PrintStream ps ? ps : new PrintStream(stderr, true));
    }

    /** log: where -d strace writes (stderr, or the -D file). */
    public Syscalls(InputStream stdin, OutputStream stdout, OutputStream stderr, boolean hostStdio, PrintStream log) {
        this.stdin = new StreamFile(stdin, hostStdio ? 0 : -1);
        this.stdout = new StreamFile(stdout, hostStdio ? 1 : -1);
        this.stderr = new StreamFile(stderr, hostStdio ? 2 : -1);
        this.log = log;
    }

    /** Called by the process once: installs descriptors 0, 1 and 2. */
    void bind(LinuxUser p) {
        this.proc = p;
        this.files = new FileSyscalls(p);
        this.io = new IoSyscalls(p);
        this.process = new ProcessSyscalls(p);
        try {
            p.fds.install(stdin, false, 0);
            p.fds.install(stdout, false, 1);
            p.fds.install(stderr, false, 2);
        } catch (SyscallError e) {
            throw new IllegalStateException(e);
        }
    }

    public void flush() {
        stdout.flush();
        stderr.flush();
    }

    void traceSigreturn(LinuxUser p) {
        if (strace) {
            log.printf("%d rt_sigreturn()%n", p.pid);
            log.flush();
        }
    }

    public long dispatch(Cpu cpu, LinuxUser p, long nr) {
        if (!strace) return call(cpu, p, nr);
        String name = SyscallNr.name(nr);
        if (name == null) {
            log.printf("%d Unknown syscall %d%n", p.pid, nr);
            return call(cpu, p, nr);
        }
        String args = Strace.args(p, cpu, (int) nr);
        if (nr == EXIT || nr == EXIT_GROUP) {
            log.printf("%d %s(%s)%n", p.pid, name, args);
            log.flush();
        }
        long r = call(cpu, p, nr);
        if (!p.exited) {
            log.printf("%d %s(%s) = %s%n", p.pid, name, args, Strace.result((int) nr, r));
            log.flush();
        }
        return r;
    }

    private long call(Cpu cpu, LinuxUser p, long nr) {
        try {
            return serve(cpu, p, nr);
        } catch (SyscallError e) {
            return -e.errno;
        } catch (GuestInterrupt e) {
            return -Errno.EFAULT;
        } catch (IOException e) {
            int errno = Errno.of(e);
            if (errno == Errno.EPIPE) p.sendSignal(cpu, Signals.SIGPIPE);
            return -errno;
        }
    }

    private long serve(Cpu cpu, LinuxUser p, long nr) throws SyscallError, IOException {
        long a0 = cpu.gpr[3], a1 = cpu.gpr[4], a2 = cpu.gpr[5], a3 = cpu.gpr[6], a4 = cpu.gpr[7], a5 = cpu.gpr[8];
        GuestMemory m = p.mem;
        int at = OpenFlags.AT_FDCWD;
        switch ((int) nr) {
            // ---- process ----
            case EXIT, EXIT_GROUP -> {
                flush();
                p.exit(cpu, (int) a0);
                return 0;
            }
            case FORK, VFORK, CLONE, CLONE3 -> {
                // one guest process per run: creating another is refused as under a process limit
                return -Errno.EAGAIN;
            }
            case EXECVE, EXECVEAT -> {
                return -Errno.ENOSYS;
            }
            case WAIT4, WAITPID -> {
                return -Errno.ECHILD;
            }
            // ---- memory ----
            case BRK -> {
                return p.memory.brk(a0);
            }
            case MMAP -> {
                int flags = (int) a3;
                OpenFile f = (flags & MemoryManager.MAP_ANONYMOUS) != 0 ? null : p.fds.get((int) a4);
                return p.memory.mmap(a0, a1, (int) a2, flags, f, a5);
            }
            case MUNMAP -> {
                p.memory.munmap(a0, a1);
                return 0;
            }
            case MPROTECT -> {
                p.memory.mprotect(a0, a1, (int) a2);
                return 0;
            }
            case MREMAP -> {
                return p.memory.mremap(a0, a1, a2, (int) a3, a4);
            }
            case MADVISE -> {
                p.memory.madvise(a0, a1, (int) a2);
                return 0;
            }
            case MSYNC, MLOCK2, MEMBARRIER -> {
                return 0;
            }
            // ---- descriptors and I/O ----
            case READ -> {
                return io.read((int) a0, a1, a2);
            }
            case WRITE -> {
                return io.write(cpu, (int) a0, a1, a2);
            }
            case READV -> {
                return io.readv((int) a0, a1, (int) a2, -1);
            }
            case WRITEV -> {
                return io.writev(cpu, (int) a0, a1, (int) a2, -1);
            }
            case PREADV, PREADV2 -> {
                return io.readv((int) a0, a1, (int) a2, a3);
            }
            case PWRITEV, PWRITEV2 -> {
                return io.writev(cpu, (int) a0, a1, (int) a2, a3);
            }
            case PREAD64 -> {
                return io.pread((int) a0, a1, a2, a3);
            }
            case PWRITE64 -> {
                return io.pwrite((int) a0, a1, a2, a3);
            }
            case LSEEK -> {
                return p.fds.get((int) a0).seek(a1, (int) a2);
            }
            case LLSEEK -> {
                // _llseek(fd, offset_high, offset_low, loff_t *result, whence): glibc's lseek on powerpc64
                OpenFile f = p.fds.get((int) a0);
                m.checkWritable(a3, 8);
                long pos = f.seek((a1 << 32) | (a2 & 0xffffffffL), (int) a4);
                m.put64(a3, pos);
                return 0;
            }
            case OPEN -> {
                return files.openat(at, m.cString(a0), (int) a1, (int) a2);
            }
            case CREAT -> {
                return files.openat(at, m.cString(a0),
                        OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_TRUNC, (int) a1);
            }
            case OPENAT -> {
                return files.openat((int) a0, m.cString(a1), (int) a2, (int) a3);
            }
            case CLOSE -> {
                return files.close((int) a0);
            }
            case CLOSE_RANGE -> {
                return io.closeRange((int) a0, (int) a1, (int) a2);
            }
            case DUP -> {
                return io.dup((int) a0);
            }
            case DUP2 -> {
                return io.dup2((int) a0, (int) a1);
            }
            case DUP3 -> {
                return io.dup3((int) a0, (int) a1, (int) a2);
            }
            case PIPE -> {
                return io.pipe2(a0, 0);
            }
            case PIPE2 -> {
                return io.pipe2(a0, (int) a1);
            }
            case FCNTL -> {
                return io.fcntl((int) a0, (int) a1, a2);
            }
            case IOCTL -> {
                return io.ioctl((int) a0, (int) a1, a2);
            }
            case POLL -> {
                return io.poll(a0, (int) a1, (int) a2);
            }
            case PPOLL -> {
                long timeout = a2 == 0 ? -1 : m.u64(a2) * 1000 + m.u64(a2 + 8) / 1_000_000;
                return io.poll(a0, (int) a1, timeout);
            }
            case NEWSELECT -> {
                long timeout = a4 == 0 ? -1 : m.u64(a4) * 1000 + m.u64(a4 + 8) / 1000;
                return io.select((int) a0, a1, a2, a3, timeout);
            }
            case PSELECT6 -> {
                long timeout = a4 == 0 ? -1 : m.u64(a4) * 1000 + m.u64(a4 + 8) / 1_000_000;
                return io.select((int) a0, a1, a2, a3, timeout);
            }
            case GETDENTS64 -> {
                return files.getdents64((int) a0, a1, a2);
            }
            case FSYNC, FDATASYNC -> {
                p.fds.get((int) a0).sync();
                return 0;
            }
            case SYNC, SYNCFS -> {
                return 0;
            }
            case FTRUNCATE -> {
                if (a1 < 0) return -Errno.EINVAL;
                p.fds.get((int) a0).truncate(a1);
                return 0;
            }
            case TRUNCATE -> {
                return files.truncate(m.cString(a0), a1);
            }
            case FADVISE64, READAHEAD, FLOCK -> {
                p.fds.get((int) a0);
                return 0;
            }
            case SENDFILE -> {
                return io.sendfile((int) a0, (int) a1, a2, a3);
            }
            case FALLOCATE, COPY_FILE_RANGE -> {
                return -Errno.EOPNOTSUPP;
            }
            // ---- file status and names ----
            case STAT -> {
                return files.fstatat(at, m.cString(a0), a1, 0);
            }
            case LSTAT -> {
                return files.fstatat(at, m.cString(a0), a1, OpenFlags.AT_SYMLINK_NOFOLLOW);
            }
            case FSTAT -> {
                return files.fstat((int) a0, a1);
            }
            case NEWFSTATAT -> {
                return files.fstatat((int) a0, m.cString(a1), a2, (int) a3);
            }
            case STATX -> {
                return files.statx((int) a0, m.cString(a1), (int) a2, a4);
            }
            case ACCESS -> {
                return files.faccessat(at, m.cString(a0), (int) a1, 0);
            }
            case FACCESSAT -> {
                return files.faccessat((int) a0, m.cString(a1), (int) a2, 0);
            }
            case FACCESSAT2 -> {
                return files.faccessat((int) a0, m.cString(a1), (int) a2, (int) a3);
            }
            case READLINK -> {
                return files.readlinkat(at, m.cString(a0), a1, a2);
            }
            case READLINKAT -> {
                return files.readlinkat((int) a0, m.cString(a1), a2, a3);
            }
            case UNLINK -> {
                return files.unlinkat(at, m.cString(a0), 0);
            }
            case RMDIR -> {
                return files.unlinkat(at, m.cString(a0), OpenFlags.AT_REMOVEDIR);
            }
            case UNLINKAT -> {
                return files.unlinkat((int) a0, m.cString(a1), (int) a2);
            }
            case RENAME -> {
                return files.renameat2(at, m.cString(a0), at, m.cString(a1), 0);
            }
            case RENAMEAT -> {
                return files.renameat2((int) a0, m.cString(a1), (int) a2, m.cString(a3), 0);
            }
            case RENAMEAT2 -> {
                return files.renameat2((int) a0, m.cString(a1), (int) a2, m.cString(a3), (int) a4);
            }
            case MKDIR -> {
                return files.mkdirat(at, m.cString(a0), (int) a1);
            }
            case MKDIRAT -> {
                return files.mkdirat((int) a0, m.cString(a1), (int) a2);
            }
            case SYMLINK -> {
                return files.symlinkat(m.cString(a0), at, m.cString(a1));
            }
            case SYMLINKAT -> {
                return files.symlinkat(m.cString(a0), (int) a1, m.cString(a2));
            }
            case LINK -> {
                return files.linkat(at, m.cString(a0), at, m.cString(a1), 0);
            }
            case LINKAT -> {
                return files.linkat((int) a0, m.cString(a1), (int) a2, m.cString(a3), (int) a4);
            }
            case CHMOD -> {
                return files.fchmodat(at, m.cString(a0), (int) a1);
            }
            case FCHMODAT -> {
                return files.fchmodat((int) a0, m.cString(a1), (int) a2);
            }
            case FCHMOD -> {
                return files.fchmod((int) a0, (int) a1);
            }
            case CHOWN -> {
                return files.fchownat(at, m.cString(a0), (int) a1, (int) a2, 0);
            }
            case LCHOWN -> {
                return files.fchownat(at, m.cString(a0), (int) a1, (int) a2, OpenFlags.AT_SYMLINK_NOFOLLOW);
            }
            case FCHOWNAT -> {
                return files.fchownat((int) a0, m.cString(a1), (int) a2, (int) a3, (int) a4);
            }
            case FCHOWN -> {
                return files.fchownat((int) a0, "", (int) a1, (int) a2, OpenFlags.AT_EMPTY_PATH);
            }
            case UTIMENSAT -> {
                return files.utimensat((int) a0, a1, a2, (int) a3);
            }
            case MKNOD, MKNODAT -> {
                return -Errno.EPERM;
            }
            case CHDIR -> {
                return files.chdir(m.cString(a0));
            }
            case FCHDIR -> {
                return files.fchdir((int) a0);
            }
            case GETCWD -> {
                return files.getcwd(a0, a1);
            }
            case UMASK -> {
                int old = p.umask;
                p.umask = (int) a0 & 0777;
                return old;
            }
            case STATFS -> {
                HostStatfs.statfs(files.resolve(at, m.cString(a0)), m, a1);
                return 0;
            }
            case STATFS64 -> {
                HostStatfs.statfs(files.resolve(at, m.cString(a0)), m, a2);
                return 0;
            }
            case FSTATFS, FSTATFS64 -> {
                java.nio.file.Path fp = p.fds.get((int) a0).path();
                HostStatfs.statfs(fp != null ? fp : java.nio.file.Path.of("/proc/self"), m, nr == FSTATFS ? a1 : a2);
                return 0;
            }
            // ---- sockets and other facilities not offered ----
            case SOCKET, SOCKETPAIR -> {
                return -Errno.EAFNOSUPPORT;
            }
            case SOCKETCALL, BIND, CONNECT -> {
                return -Errno.ENOTSOCK;
            }
            case RSEQ -> {
                return -Errno.ENOSYS;
            }
            default -> {
                return process.serve(cpu, nr, a0, a1, a2, a3, a4, a5);
            }
        }
    }
}
