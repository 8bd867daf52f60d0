package org.jpseries.user;

import static org.jpseries.user.OpenFlags.*;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The file system calls, served from the host file system by path (relative paths against the
 * process's working directory or a directory descriptor, as the *at() calls define).
 */
public final class FileSyscalls {
    private final LinuxUser proc;

    public FileSyscalls(LinuxUser proc) {
        this.proc = proc;
    }

    // ---- paths ----

    /** The host path of {@code path} relative to dirfd (AT_FDCWD: the working directory). */
    Path resolve(int dirfd, String path) throws SyscallError {
        if (path.isEmpty()) throw new SyscallError(Errno.ENOENT);
        if (path.startsWith("/")) return Path.of(path);
        Path base;
        if (dirfd == AT_FDCWD) {
            base = proc.cwd;
        } else {
            OpenFile f = proc.fds.get(dirfd);
            if (!(f instanceof DirectoryFile)) throw new SyscallError(Errno.ENOTDIR);
            base = f.path();
        }
        return base.resolve(path);
    }

    private static LinkOption[] follow(boolean follow) {
        return follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    // ---- open/close ----

    public long openat(int dirfd, String name, int flags, int mode) throws SyscallError {
        Path p = resolve(dirfd, name);
        String own = ownProcEntry(p);
        if (own != null) {
            if (own.equals("exe")) {
                p = proc.programPath;
            } else {
                byte[] content = procContent(own);
                if (content != null) {
                    if ((flags & O_ACCMODE) != O_RDONLY) throw new SyscallError(Errno.EACCES);
                    return proc.fds.install(new MemoryFile(content, p, flags & O_ACCMODE), (flags & O_CLOEXEC) != 0, 0);
                }
            }
        }
        boolean create = (flags & O_CREAT) != 0;
        boolean excl = create && (flags & O_EXCL) != 0;
        boolean nofollow = (flags & O_NOFOLLOW) != 0 || excl;
        int acc = flags & O_ACCMODE;
        if (acc == 3) throw new SyscallError(Errno.EINVAL);
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        int keep = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME | O_PATH | O_LARGEFILE | O_DSYNC);
        try {
            boolean exists = Files.exists(p, follow(!nofollow));
            if (exists && excl) throw new SyscallError(Errno.EEXIST);
            if (exists && nofollow && Files.isSymbolicLink(p) && (flags & O_PATH) == 0) throw new SyscallError(Errno.ELOOP);
            if (exists && Files.isDirectory(p)) {
                if (acc != O_RDONLY || create) throw new SyscallError(Errno.EISDIR);
                return proc.fds.install(new DirectoryFile(p, keep), cloexec, 0);
            }
            if ((flags & O_DIRECTORY) != 0) throw new SyscallError(exists ? Errno.ENOTDIR : Errno.ENOENT);
            if (!exists && !create) {
                // distinguish a missing file from a missing or non-directory parent as Linux does
                Path parent = p.getParent();
                if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) throw new SyscallError(Errno.ENOTDIR);
                throw new SyscallError(Errno.ENOENT);
            }
            if ((flags & O_PATH) != 0) return proc.fds.install(new HostFile(FileChannel.open(p), p, keep), cloexec, 0);
            Set<OpenOption> opts = new HashSet<>();
            if (acc == O_RDONLY || acc == O_RDWR) opts.add(StandardOpenOption.READ);
            if (acc == O_WRONLY || acc == O_RDWR) opts.add(StandardOpenOption.WRITE);
            if ((flags & O_TRUNC) != 0 && acc != O_RDONLY) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
            if (create) {
                opts.add(excl ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
                if (acc == O_RDONLY) opts.add(StandardOpenOption.WRITE);
            }
            if (nofollow) opts.add(LinkOption.NOFOLLOW_LINKS);
            FileChannel ch = FileChannel.open(p, opts);
            if (create && !exists) setMode(p, mode & ~proc.umask & 07777);
            if (create && acc == O_RDONLY) {
                // a read-only open that created the file: reopen without write access
                ch.close();
                opts.remove(StandardOpenOption.WRITE);
                opts.remove(StandardOpenOption.CREATE);
                opts.remove(StandardOpenOption.CREATE_NEW);
                ch = FileChannel.open(p, opts);
            }
            return proc.fds.install(new HostFile(ch, p, keep), cloexec, 0);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
    }

    /**
     * The entry name if p is /proc/self/NAME or /proc/PID/NAME of this process, whose contents
     * must describe the guest, not the JVM (qemu's is_proc_myself); else null.
     */
    String ownProcEntry(Path p) {
        Path n = p.normalize();
        if (n.getNameCount() != 3 || !n.isAbsolute() || !n.getName(0).toString().equals("proc")) return null;
        String who = n.getName(1).toString();
        if (!who.equals("self") && !who.equals(Integer.toString(proc.pid)) && !who.equals("thread-self")) return null;
        return n.getName(2).toString();
    }

    /** Contents of the emulated /proc/self entries, or null to use the host's. */
    private byte[] procContent(String entry) {
        return switch (entry) {
            case "cmdline" -> proc.cmdline;
            case "auxv" -> proc.mem.read(proc.auxvAddr, proc.auxvLength);
            case "maps" -> proc.space.describeMaps(proc.programPath.toString(), proc.memory.brkStart(), proc.memory.brk())
                    .getBytes(StandardCharsets.UTF_8);
            default -> null;
        };
    }

    private static void setMode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode);
    }

    public long close(int fd) throws SyscallError, IOException {
        proc.fds.close(fd);
        return 0;
    }

    // ---- status ----

    FileStatus statFd(int fd) throws SyscallError, IOException {
        OpenFile f = proc.fds.get(fd);
        Path p = f.path();
        if (p != null) {
            try {
                return FileStatus.of(p, true);
            } catch (IOException e) {
                // the file was removed while open: report what the stream knows
            }
        }
        return f.status();
    }

    FileStatus statPath(int dirfd, String name, int flags) throws SyscallError {
        if (name.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            try {
                return statFd(dirfd);
            } catch (IOException e) {
                throw new SyscallError(Errno.of(e));
            }
        }
        Path p = resolve(dirfd, name);
        try {
            return FileStatus.of(p, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
    }

    public long fstatat(int dirfd, String name, long buf, int flags) throws SyscallError {
        statPath(dirfd, name, flags).writeStat(proc.mem, buf);
        return 0;
    }

    public long fstat(int fd, long buf) throws SyscallError, IOException {
        statFd(fd).writeStat(proc.mem, buf);
        return 0;
    }

    public long statx(int dirfd, String name, int flags, long buf) throws SyscallError {
        statPath(dirfd, name, flags).writeStatx(proc.mem, buf);
        return 0;
    }

    public long faccessat(int dirfd, String name, int mode, int flags) throws SyscallError {
        if ((mode & ~7) != 0) throw new SyscallError(Errno.EINVAL);
        Path p = resolve(dirfd, name);
        if (!Files.exists(p, follow((flags & AT_SYMLINK_NOFOLLOW) == 0))) {
            Path parent = p.getParent();
            if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) throw new SyscallError(Errno.ENOTDIR);
            throw new SyscallError(Errno.ENOENT);
        }
        if ((mode & 4) != 0 && !Files.isReadable(p)) throw new SyscallError(Errno.EACCES);
        if ((mode & 2) != 0 && !Files.isWritable(p)) throw new SyscallError(Errno.EACCES);
        if ((mode & 1) != 0 && !Files.isExecutable(p)) throw new SyscallError(Errno.EACCES);
        return 0;
    }

    public long readlinkat(int dirfd, String name, long buf, long size) throws SyscallError {
        if (size <= 0) throw new SyscallError(Errno.EINVAL);
        String target;
        if ("exe".equals(ownProcEntry(resolve(dirfd, name)))) {
            target = proc.programPath.toString();
        } else if (name.startsWith("/proc/self/fd/")) {
            OpenFile f;
            try {
                f = proc.fds.get(Integer.parseInt(name.substring(14)));
            } catch (NumberFormatException e) {
                throw new SyscallError(Errno.ENOENT);
            }
            target = f.path() != null ? f.path().toString() : "pipe:[0]";
        } else {
            Path p = resolve(dirfd, name);
            try {
                target = Files.readSymbolicLink(p).toString();
            } catch (java.nio.file.NotLinkException e) {
                throw new SyscallError(Errno.EINVAL);
            } catch (IOException e) {
                throw new SyscallError(Errno.of(e));
            }
        }
        byte[] b = target.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(b.length, size);
        proc.mem.write(buf, b, 0, n);
        return n;
    }

    // ---- directory and name operations ----

    public long getdents64(int fd, long buf, long count) throws SyscallError, IOException {
        OpenFile f = proc.fds.get(fd);
        if (!(f instanceof DirectoryFile d)) throw new SyscallError(Errno.ENOTDIR);
        byte[] out = new byte[(int) Math.min(count, 1 << 20)];
        proc.mem.checkWritable(buf, out.length);
        int n = d.getdents64(out, !proc.mem.bigEndian());
        proc.mem.write(buf, out, 0, n);
        return n;
    }

    public long mkdirat(int dirfd, String name, int mode) throws SyscallError {
        Path p = resolve(dirfd, name);
        try {
            Files.createDirectory(p);
            setMode(p, mode & ~proc.umask & 07777);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public long unlinkat(int dirfd, String name, int flags) throws SyscallError {
        Path p = resolve(dirfd, name);
        try {
            boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) throw new SyscallError(Errno.ENOENT);
            if ((flags & AT_REMOVEDIR) != 0) {
                if (!dir) throw new SyscallError(Errno.ENOTDIR);
            } else if (dir) {
                throw new SyscallError(Errno.EISDIR);
            }
            Files.delete(p);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public static final int RENAME_NOREPLACE = 1;

    public long renameat2(int olddirfd, String oldName, int newdirfd, String newName, int flags) throws SyscallError {
        if ((flags & ~RENAME_NOREPLACE) != 0) throw new SyscallError(Errno.EINVAL);
        Path from = resolve(olddirfd, oldName);
        Path to = resolve(newdirfd, newName);
        try {
            if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) throw new SyscallError(Errno.ENOENT);
            if ((flags & RENAME_NOREPLACE) != 0 && Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                throw new SyscallError(Errno.EEXIST);
            }
            // ATOMIC_MOVE is rename(2) itself: it replaces an existing target as Linux does.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            throw new SyscallError(Errno.EXDEV);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public long symlinkat(String target, int newdirfd, String linkName) throws SyscallError {
        Path link = resolve(newdirfd, linkName);
        try {
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public long linkat(int olddirfd, String oldName, int newdirfd, String newName, int flags) throws SyscallError {
        Path from = resolve(olddirfd, oldName);
        Path to = resolve(newdirfd, newName);
        try {
            if ((flags & AT_SYMLINK_FOLLOW) != 0) from = from.toRealPath();
            Files.createLink(to, from);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public long fchmodat(int dirfd, String name, int mode) throws SyscallError {
        Path p = resolve(dirfd, name);
        try {
            setMode(p, mode & 07777);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public long fchmod(int fd, int mode) throws SyscallError {
        Path p = proc.fds.get(fd).path();
        if (p == null) return 0;
        try {
            setMode(p, mode & 07777);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public long fchownat(int dirfd, String name, int uid, int gid, int flags) throws SyscallError {
        Path p;
        if (name.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            p = proc.fds.get(dirfd).path();
            if (p == null) return 0;
        } else {
            p = resolve(dirfd, name);
        }
        LinkOption[] lo = follow((flags & AT_SYMLINK_NOFOLLOW) == 0);
        try {
            if (!Files.exists(p, lo)) throw new SyscallError(Errno.ENOENT);
            if (uid != -1) Files.setAttribute(p, "unix:uid", uid, lo);
            if (gid != -1) Files.setAttribute(p, "unix:gid", gid, lo);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    /** utimensat; a null path means the file of dirfd (futimens). */
    public long utimensat(int dirfd, long pathAddr, long times, int flags) throws SyscallError {
        Path p;
        if (pathAddr == 0) {
            p = proc.fds.get(dirfd).path();
            if (p == null) return 0;
        } else {
            p = resolve(dirfd, proc.mem.cString(pathAddr));
        }
        FileTime now = FileTime.from(java.time.Instant.now());
        FileTime atime = now, mtime = now;
        if (times != 0) {
            atime = time(proc.mem.u64(times), proc.mem.u64(times + 8), now);
            mtime = time(proc.mem.u64(times + 16), proc.mem.u64(times + 24), now);
        }
        LinkOption[] lo = follow((flags & AT_SYMLINK_NOFOLLOW) == 0);
        try {
            if (!Files.exists(p, lo)) throw new SyscallError(Errno.ENOENT);
            Files.getFileAttributeView(p, BasicFileAttributeView.class, lo).setTimes(mtime, atime, null);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    private static FileTime time(long sec, long nsec, FileTime now) throws SyscallError {
        if (nsec == UTIME_NOW) return now;
        if (nsec == UTIME_OMIT) return null;
        if (nsec < 0 || nsec >= 1_000_000_000L) throw new SyscallError(Errno.EINVAL);
        return FileTime.from(sec * 1_000_000_000L + nsec, TimeUnit.NANOSECONDS);
    }

    public long truncate(String name, long size) throws SyscallError {
        if (size < 0) throw new SyscallError(Errno.EINVAL);
        Path p = resolve(AT_FDCWD, name);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            new HostFile(ch, p, O_WRONLY).truncate(size);
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    // ---- working directory ----

    public long chdir(String name) throws SyscallError {
        return changeTo(resolve(AT_FDCWD, name));
    }

    public long fchdir(int fd) throws SyscallError {
        OpenFile f = proc.fds.get(fd);
        if (!(f instanceof DirectoryFile)) throw new SyscallError(Errno.ENOTDIR);
        return changeTo(f.path());
    }

    private long changeTo(Path p) throws SyscallError {
        try {
            Path real = p.toRealPath();
            if (!Files.isDirectory(real)) throw new SyscallError(Errno.ENOTDIR);
            if (!Files.isExecutable(real)) throw new SyscallError(Errno.EACCES);
            proc.cwd = real;
        } catch (IOException e) {
            throw new SyscallError(Errno.of(e));
        }
        return 0;
    }

    public long getcwd(long buf, long size) throws SyscallError {
        byte[] b = proc.cwd.toString().getBytes(StandardCharsets.UTF_8);
        if (size < b.length + 1) throw new SyscallError(Errno.ERANGE);
        byte[] z = java.util.Arrays.copyOf(b, b.length + 1);
        proc.mem.write(buf, z);
        return z.length;
    }
}
