package org.jpseries.user;

/** A system call failing with an errno; caught by {@link Syscalls} and returned as -errno. No stack trace. */
public final class SyscallError extends Exception {
    public final int errno;

    public SyscallError(int errno) {
        super(null, null, false, false);
        this.errno = errno;
    }
}
