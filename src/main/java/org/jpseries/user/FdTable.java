package org.jpseries.user;

import java.io.IOException;
import java.util.Arrays;

/** The process's file descriptor table: descriptors to shared {@link OpenFile}s plus FD_CLOEXEC. */
public final class FdTable {
    /** RLIMIT_NOFILE's soft limit of the host, which qemu-ppc64le passes on. */
    public static final int MAX_FDS = HostLimits.openFiles();

    private OpenFile[] files = new OpenFile[64];
    private boolean[] cloexec = new boolean[64];

    public OpenFile get(int fd) throws SyscallError {
        if (fd < 0 || fd >= files.length || files[fd] == null) throw new SyscallError(Errno.EBADF);
        return files[fd];
    }

    public boolean isOpen(int fd) {
        return fd >= 0 && fd < files.length && files[fd] != null;
    }

    /** Installs a file at the lowest free descriptor >= min. */
    public int install(OpenFile f, boolean closeOnExec, int min) throws SyscallError {
        for (int fd = Math.max(0, min); fd < MAX_FDS; fd++) {
            if (fd >= files.length) grow(fd);
            if (files[fd] == null) {
                files[fd] = f;
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        throw new SyscallError(Errno.EMFILE);
    }

    /** dup2/dup3: puts f at fd, closing what was there. */
    public void installAt(int fd, OpenFile f, boolean closeOnExec) throws SyscallError, IOException {
        if (fd < 0 || fd >= MAX_FDS) throw new SyscallError(Errno.EBADF);
        if (fd >= files.length) grow(fd);
        OpenFile old = files[fd];
        files[fd] = f;
        cloexec[fd] = closeOnExec;
        if (old != null) old.release();
    }

    public void close(int fd) throws SyscallError, IOException {
        OpenFile f = get(fd);
        files[fd] = null;
        cloexec[fd] = false;
        f.release();
    }

    public boolean cloexec(int fd) {
        return cloexec[fd];
    }

    public void setCloexec(int fd, boolean v) {
        cloexec[fd] = v;
    }

    public void closeAll() {
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                try {
                    close(fd);
                } catch (SyscallError | IOException ignored) {
                    // nothing to report at exit
                }
            }
        }
    }

    private void grow(int fd) {
        int n = Math.min(MAX_FDS, Math.max(files.length * 2, fd + 1));
        files = Arrays.copyOf(files, n);
        cloexec = Arrays.copyOf(cloexec, n);
    }
}
