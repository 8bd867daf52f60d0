package org.jpseries.user;

/** ppc64 system call numbers (Linux arch/powerpc/kernel/syscalls/syscall.tbl, 64-bit and common ABIs). */
public final class SyscallNr {
    private SyscallNr() {}

    public static final int RESTART_SYSCALL = 0, EXIT = 1, FORK = 2, READ = 3, WRITE = 4, OPEN = 5, CLOSE = 6,
            WAITPID = 7, CREAT = 8, LINK = 9, UNLINK = 10, EXECVE = 11, CHDIR = 12, TIME = 13, MKNOD = 14,
            CHMOD = 15, LCHOWN = 16, LSEEK = 19, GETPID = 20, SETUID = 23, GETUID = 24, ALARM = 27, PAUSE = 29,
            UTIME = 30, ACCESS = 33, NICE = 34, SYNC = 36, KILL = 37, RENAME = 38, MKDIR = 39, RMDIR = 40, DUP = 41,
            PIPE = 42, TIMES = 43, BRK = 45, SETGID = 46, GETGID = 47, GETEUID = 49, GETEGID = 50, IOCTL = 54,
            FCNTL = 55, SETPGID = 57, UMASK = 60, CHROOT = 61, DUP2 = 63, GETPPID = 64, GETPGRP = 65, SETSID = 66,
            SETREUID = 70, SETREGID = 71, SETHOSTNAME = 74, SETRLIMIT = 75, GETRUSAGE = 77, GETTIMEOFDAY = 78,
            SETTIMEOFDAY = 79, GETGROUPS = 80, SETGROUPS = 81, SYMLINK = 83, READLINK = 85, REBOOT = 88,
            MMAP = 90, MUNMAP = 91, TRUNCATE = 92, FTRUNCATE = 93, FCHMOD = 94, FCHOWN = 95, GETPRIORITY = 96,
            SETPRIORITY = 97, STATFS = 99, FSTATFS = 100, SOCKETCALL = 102, SETITIMER = 104, GETITIMER = 105,
            STAT = 106, LSTAT = 107, FSTAT = 108, WAIT4 = 114, SYSINFO = 116, FSYNC = 118, CLONE = 120,
            UNAME = 122, MPROTECT = 125, GETPGID = 132, FCHDIR = 133, PERSONALITY = 136, GETDENTS = 141, LLSEEK = 140,
            NEWSELECT = 142, FLOCK = 143, MSYNC = 144, READV = 145, WRITEV = 146, GETSID = 147, FDATASYNC = 148,
            SCHED_YIELD = 158, NANOSLEEP = 162, MREMAP = 163, SETRESUID = 164, GETRESUID = 165, POLL = 167,
            SETRESGID = 169, GETRESGID = 170, PRCTL = 171, RT_SIGRETURN = 172, RT_SIGACTION = 173,
            RT_SIGPROCMASK = 174, RT_SIGPENDING = 175, RT_SIGTIMEDWAIT = 176, RT_SIGSUSPEND = 178, PREAD64 = 179,
            PWRITE64 = 180, CHOWN = 181, GETCWD = 182, CAPGET = 183, CAPSET = 184, SIGALTSTACK = 185,
            SENDFILE = 186, VFORK = 189, UGETRLIMIT = 190, READAHEAD = 191, GETDENTS64 = 202, MADVISE = 205,
            MINCORE = 206, GETTID = 207, TKILL = 208, FUTEX = 221, SCHED_SETAFFINITY = 222,
            SCHED_GETAFFINITY = 223, SET_TID_ADDRESS = 232, FADVISE64 = 233, EXIT_GROUP = 234,
            EPOLL_CREATE = 236, CLOCK_GETTIME = 246, CLOCK_GETRES = 247, CLOCK_NANOSLEEP = 248, TGKILL = 250,
            UTIMES = 251, STATFS64 = 252, FSTATFS64 = 253, PSELECT6 = 280, PPOLL = 281, OPENAT = 286,
            MKDIRAT = 287, MKNODAT = 288, FCHOWNAT = 289, FUTIMESAT = 290, NEWFSTATAT = 291, UNLINKAT = 292,
            RENAMEAT = 293, LINKAT = 294, SYMLINKAT = 295, READLINKAT = 296, FCHMODAT = 297, FACCESSAT = 298,
            GET_ROBUST_LIST = 299, SET_ROBUST_LIST = 300, GETCPU = 302, UTIMENSAT = 304, EVENTFD = 307,
            FALLOCATE = 309, EVENTFD2 = 314, EPOLL_CREATE1 = 315, DUP3 = 316, PIPE2 = 317, PREADV = 320,
            PWRITEV = 321, PRLIMIT64 = 325, SOCKET = 326, BIND = 327, CONNECT = 328, SOCKETPAIR = 333,
            SYNCFS = 348, RENAMEAT2 = 357, GETRANDOM = 359, MEMFD_CREATE = 360, EXECVEAT = 362, MEMBARRIER = 365,
            MLOCK2 = 378, COPY_FILE_RANGE = 379, PREADV2 = 380, PWRITEV2 = 381, STATX = 383, RSEQ = 387,
            CLONE3 = 435, CLOSE_RANGE = 436, FACCESSAT2 = 439;

    private static final String[] NAMES = new String[450];

    static {
        try {
            for (java.lang.reflect.Field f : SyscallNr.class.getFields()) {
                if (f.getType() == int.class) NAMES[f.getInt(null)] = f.getName().toLowerCase(java.util.Locale.ROOT);
            }
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        NAMES[NEWSELECT] = "_newselect";
        NAMES[LLSEEK] = "_llseek";
        NAMES[UGETRLIMIT] = "ugetrlimit";
    }

    /** The syscall's name as strace prints it, or null if this table does not know it. */
    public static String name(long nr) {
        return nr >= 0 && nr < NAMES.length ? NAMES[(int) nr] : null;
    }
}
