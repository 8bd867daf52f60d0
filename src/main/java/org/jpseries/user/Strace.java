package org.jpseries.user;

import static org.jpseries.user.SyscallNr.*;

import java.util.HashMap;
import java.util.Map;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;

/**
 * Formats system calls for {@code -d strace} in the style of qemu's -strace: decimal integers,
 * pointers in hex, strings quoted, AT_FDCWD, open and mmap flags by name; errors as
 * {@code -1 errno=N (text)}.
 */
final class Strace {
    private Strace() {}

    /**
     * Argument kinds: d int, l long, p pointer (padded), b buffer address, s string, o octal, x hex, f directory fd,
     * O open flags, P mmap protection, M mmap flags.
     */
    private static final Map<Integer, String> SPEC = new HashMap<>();

    static {
        String[][] s = {
            {"" + EXIT, "d"}, {"" + EXIT_GROUP, "d"}, {"" + READ, "dbl"}, {"" + WRITE, "dbl"}, {"" + OPEN, "sOo"},
            {"" + CLOSE, "d"}, {"" + OPENAT, "fsOo"}, {"" + BRK, "p"}, {"" + MMAP, "plPMdl"}, {"" + MUNMAP, "pl"},
            {"" + MPROTECT, "plP"}, {"" + MREMAP, "pllxp"}, {"" + STAT, "sp"}, {"" + LSTAT, "sp"}, {"" + FSTAT, "dp"},
            {"" + NEWFSTATAT, "fspx"}, {"" + STATX, "fsxxp"}, {"" + LSEEK, "dld"}, {"" + IOCTL, "dIp"},
            {"" + FCNTL, "ddl"}, {"" + DUP, "d"}, {"" + DUP2, "dd"}, {"" + DUP3, "ddx"}, {"" + PIPE2, "px"},
            {"" + GETCWD, "pl"}, {"" + CHDIR, "s"}, {"" + FCHDIR, "d"}, {"" + ACCESS, "so"}, {"" + FACCESSAT, "fso"},
            {"" + READLINK, "spl"}, {"" + READLINKAT, "fspl"}, {"" + UNLINK, "s"}, {"" + UNLINKAT, "fsx"},
            {"" + RENAME, "ss"}, {"" + RENAMEAT, "fsfs"}, {"" + RENAMEAT2, "fsfsx"}, {"" + MKDIR, "so"},
            {"" + MKDIRAT, "fso"}, {"" + RMDIR, "s"}, {"" + CHMOD, "so"}, {"" + FCHMODAT, "fso"}, {"" + FCHMOD, "do"},
            {"" + GETDENTS64, "dpl"}, {"" + READV, "dpd"}, {"" + WRITEV, "dpd"}, {"" + PREAD64, "dbll"},
            {"" + PWRITE64, "dbll"}, {"" + KILL, "dd"}, {"" + TGKILL, "ddd"}, {"" + TKILL, "dd"},
            {"" + RT_SIGACTION, "dppl"}, {"" + RT_SIGPROCMASK, "dppl"}, {"" + CLOCK_GETTIME, "dp"},
            {"" + GETRANDOM, "bld"}, {"" + UMASK, "o"}, {"" + LLSEEK, "dllpd"}, {"" + POLL, "pdd"}, {"" + SYMLINK, "ss"},
            {"" + SYMLINKAT, "sfs"}, {"" + LINK, "ss"}, {"" + LINKAT, "fsfsx"}, {"" + UTIMENSAT, "fspx"},
            {"" + FCHOWNAT, "fsddx"}, {"" + CHOWN, "sdd"}, {"" + FTRUNCATE, "dl"}, {"" + TRUNCATE, "sl"},
            {"" + MADVISE, "pld"}, {"" + FACCESSAT2, "fsox"},
        };
        for (String[] e : s) SPEC.put(Integer.parseInt(e[0]), e[1]);
    }

    static String args(LinuxUser p, Cpu cpu, int nr) {
        String spec = SPEC.getOrDefault(nr, "llllll");
        // as qemu: the mode of open/openat only when the call can create a file
        int flagsArg = nr == OPEN ? 1 : nr == OPENAT ? 2 : -1;
        if (flagsArg >= 0 && (cpu.gpr[3 + flagsArg] & (OpenFlags.O_CREAT | OpenFlags.O_TMPFILE)) == 0) {
            spec = spec.substring(0, spec.length() - 1);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            if (i > 0) b.append(',');
            long v = cpu.gpr[3 + i];
            switch (spec.charAt(i)) {
                case 'd' -> b.append((int) v);
                case 'l' -> b.append(v);
                case 'p' -> b.append(v == 0 ? "NULL" : String.format("0x%016x", v));
                case 'b' -> b.append("0x").append(Long.toHexString(v));
                case 'x' -> b.append("0x").append(Long.toHexString(v));
                case 'o' -> b.append(v == 0 ? "0" : "0" + Long.toOctalString(v & 0xffffffffL));
                case 'f' -> b.append((int) v == OpenFlags.AT_FDCWD ? "AT_FDCWD" : Integer.toString((int) v));
                case 's' -> b.append(string(p, v));
                case 'O' -> b.append(openFlags((int) v));
                case 'P' -> b.append(prot((int) v));
                case 'M' -> b.append(mapFlags((int) v));
                case 'I' -> b.append(ioctlName((int) v));
                default -> b.append(v);
            }
        }
        return b.toString();
    }

    private static String string(LinuxUser p, long addr) {
        if (addr == 0) return "NULL";
        try {
            return "\"" + p.mem.cString(addr) + "\"";
        } catch (SyscallError | GuestInterrupt e) {
            return "0x" + Long.toHexString(addr);
        }
    }

    static String openFlags(int f) {
        StringBuilder b = new StringBuilder(switch (f & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "3";
        });
        String[] names = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_DSYNC", null,
            "O_DIRECTORY", "O_NOFOLLOW", "O_LARGEFILE", "O_DIRECT", "O_NOATIME", "O_CLOEXEC", null, "O_PATH"};
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && (f & (0100 << i)) != 0) b.append('|').append(names[i]);
        }
        return b.toString();
    }

    static String prot(int v) {
        if (v == 0) return "PROT_NONE";
        StringBuilder b = new StringBuilder();
        if ((v & 1) != 0) b.append("PROT_READ|");
        if ((v & 2) != 0) b.append("PROT_WRITE|");
        if ((v & 4) != 0) b.append("PROT_EXEC|");
        return b.substring(0, b.length() - 1);
    }

    static String mapFlags(int v) {
        StringBuilder b = new StringBuilder((v & 3) == 1 ? "MAP_SHARED" : (v & 3) == 2 ? "MAP_PRIVATE" : "MAP_SHARED_VALIDATE");
        if ((v & MemoryManager.MAP_FIXED) != 0) b.append("|MAP_FIXED");
        if ((v & MemoryManager.MAP_ANONYMOUS) != 0) b.append("|MAP_ANONYMOUS");
        if ((v & MemoryManager.MAP_NORESERVE) != 0) b.append("|MAP_NORESERVE");
        if ((v & MemoryManager.MAP_FIXED_NOREPLACE) != 0) b.append("|MAP_FIXED_NOREPLACE");
        return b.toString();
    }

    static String ioctlName(int req) {
        return switch (req) {
            case Terminal.TCGETS -> "TCGETS";
            case Terminal.TCSETS -> "TCSETS";
            case Terminal.TCSETSW -> "TCSETSW";
            case Terminal.TCSETSF -> "TCSETSF";
            case Terminal.TIOCGWINSZ -> "TIOCGWINSZ";
            case Terminal.TIOCSWINSZ -> "TIOCSWINSZ";
            case Terminal.TIOCGPGRP -> "TIOCGPGRP";
            case Terminal.TIOCSPGRP -> "TIOCSPGRP";
            case IoSyscalls.FIONREAD -> "FIONREAD";
            case IoSyscalls.FIONBIO -> "FIONBIO";
            default -> "0x" + Integer.toHexString(req);
        };
    }

    static String result(int nr, long r) {
        if (r < 0 && r >= -4095) return "-1 errno=" + (-r) + " (" + Errno.text((int) -r) + ")";
        if (nr == MMAP || nr == BRK || nr == MREMAP) return String.format("0x%016x", r);
        return Long.toString(r);
    }
}
