package org.jpseries.user;

/** open(2) and *at() flags as the powerpc ABI defines them (arch/powerpc/include/uapi/asm/fcntl.h). */
public final class OpenFlags {
    private OpenFlags() {}

    public static final int O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    public static final int O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000, O_APPEND = 02000,
            O_NONBLOCK = 04000, O_DSYNC = 010000, O_DIRECTORY = 040000, O_NOFOLLOW = 0100000,
            O_LARGEFILE = 0200000, O_DIRECT = 0400000, O_NOATIME = 01000000, O_CLOEXEC = 02000000,
            O_PATH = 010000000, O_TMPFILE = 020000000;
    /** Flags F_SETFL may change. */
    public static final int SETFL_MASK = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME;

    public static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200,
            AT_SYMLINK_FOLLOW = 0x400, AT_EACCESS = 0x200, AT_EMPTY_PATH = 0x1000;
}
