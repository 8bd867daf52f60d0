package org.jpseries.user;

import static org.jpseries.user.SyscallNr.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.jpseries.cpu.Cpu;

/** Process, identity, time, signal, resource and system-information calls. */
public final class ProcessSyscalls {
    private final LinuxUser proc;
    private final long startNanos = System.nanoTime();
    private final SecureRandom random = new SecureRandom();
    private long tidAddress;

    public ProcessSyscalls(LinuxUser proc) {
        this.proc = proc;
    }

    long serve(Cpu cpu, long nr, long a0, long a1, long a2, long a3, long a4, long a5) throws SyscallError, IOException {
        GuestMemory m = proc.mem;
        switch ((int) nr) {
            case GETPID, GETTID, GETPGRP, GETSID -> {
                return proc.pid;
            }
            case GETPGID -> {
                if (a0 != 0 && a0 != proc.pid) throw new SyscallError(Errno.ESRCH);
                return proc.pid;
            }
            case GETPPID -> {
                return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
            }
            case SETPGID, SETSID -> {
                return nr == SETSID ? -Errno.EPERM : 0;
            }
            case GETUID, GETEUID -> {
                return LinuxUser.hostUid();
            }
            case GETGID, GETEGID -> {
                return LinuxUser.hostGid();
            }
            case GETRESUID, GETRESGID -> {
                int id = nr == GETRESUID ? LinuxUser.hostUid() : LinuxUser.hostGid();
                m.put32(a0, id);
                m.put32(a1, id);
                m.put32(a2, id);
                return 0;
            }
            case GETGROUPS -> {
                if (a0 < 0) throw new SyscallError(Errno.EINVAL);
                if (a0 == 0) return 1;
                m.put32(a1, LinuxUser.hostGid());
                return 1;
            }
            case SETUID, SETGID, SETREUID, SETREGID, SETRESUID, SETRESGID, SETGROUPS -> {
                return -Errno.EPERM;
            }
            case SET_TID_ADDRESS -> {
                tidAddress = a0;
                return proc.pid;
            }
            case SET_ROBUST_LIST -> {
                return a1 == 24 ? 0 : -Errno.EINVAL;
            }
            case GET_ROBUST_LIST -> {
                return -Errno.ENOSYS;
            }
            case FUTEX -> {
                return futex(a0, (int) a1, (int) a2);
            }
            case PRCTL -> {
                return prctl((int) a0, a1);
            }
            case PERSONALITY -> {
                return 0;
            }
            case SCHED_YIELD -> {
                Thread.yield();
                return 0;
            }
            case SCHED_GETAFFINITY -> {
                // the host's processors, as qemu passes the host's affinity on
                if (a1 < 8 || (a1 & 7) != 0) throw new SyscallError(Errno.EINVAL);
                int cpus = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 64));
                m.checkWritable(a2, 8);
                m.put64(a2, cpus == 64 ? -1L : (1L << cpus) - 1);
                return 8;
            }
            case SCHED_SETAFFINITY -> {
                return 0;
            }
            case GETCPU -> {
                if (a0 != 0) m.put32(a0, 0);
                if (a1 != 0) m.put32(a1, 0);
                return 0;
            }
            case GETPRIORITY -> {
                return 20;
            }
            case SETPRIORITY, NICE -> {
                return 0;
            }
            // ---- time ----
            case CLOCK_GETTIME -> {
                long ns = clock((int) a0);
                m.put64(a1, Math.floorDiv(ns, 1_000_000_000L));
                m.put64(a1 + 8, Math.floorMod(ns, 1_000_000_000L));
                return 0;
            }
            case CLOCK_GETRES -> {
                clock((int) a0);
                if (a1 != 0) {
                    boolean coarse = a0 == 5 || a0 == 6;
                    m.put64(a1, 0);
                    m.put64(a1 + 8, coarse ? 4_000_000 : 1);
                }
                return 0;
            }
            case GETTIMEOFDAY -> {
                long ns = realtime();
                if (a0 != 0) {
                    m.put64(a0, ns / 1_000_000_000L);
                    m.put64(a0 + 8, (ns / 1000) % 1_000_000L);
                }
                if (a1 != 0) {
                    m.put32(a1, 0);
                    m.put32(a1 + 4, 0);
                }
                return 0;
            }
            case TIME -> {
                long s = realtime() / 1_000_000_000L;
                if (a0 != 0) m.put64(a0, s);
                return s;
            }
            case NANOSLEEP -> {
                sleep(m.u64(a0), m.u64(a0 + 8));
                return 0;
            }
            case CLOCK_NANOSLEEP -> {
                clock((int) a0);
                long sec = m.u64(a2), nsec = m.u64(a2 + 8);
                if ((a1 & 1) != 0) { // TIMER_ABSTIME
                    long until = sec * 1_000_000_000L + nsec - clock((int) a0);
                    if (until > 0) sleep(until / 1_000_000_000L, until % 1_000_000_000L);
                } else {
                    sleep(sec, nsec);
                }
                return 0;
            }
            case TIMES -> {
                long ticks = (System.nanoTime() - startNanos) / 10_000_000L;
                if (a0 != 0) {
                    m.put64(a0, ticks);
                    m.put64(a0 + 8, 0);
                    m.put64(a0 + 16, 0);
                    m.put64(a0 + 24, 0);
                }
                return uptimeNanos() / 10_000_000L;
            }
            case GETRUSAGE -> {
                // struct rusage: two timevals then 14 longs (144 bytes)
                m.checkWritable(a1, 144);
                m.zero(a1, 144);
                long ns = System.nanoTime() - startNanos;
                m.put64(a1, ns / 1_000_000_000L);
                m.put64(a1 + 8, (ns / 1000) % 1_000_000L);
                return 0;
            }
            case ALARM -> {
                long old = proc.alarm.set((a0 & 0xffffffffL) * 1_000_000_000L, 0);
                return (old + 999_999_999L) / 1_000_000_000L;
            }
            case SETITIMER -> {
                if (a0 != 0) return -Errno.ENOSYS; // only ITIMER_REAL
                long interval = a1 == 0 ? 0 : timeval(m, a1), value = a1 == 0 ? 0 : timeval(m, a1 + 16);
                long oldInterval = proc.alarm.interval();
                long old = proc.alarm.set(value, interval);
                if (a2 != 0) {
                    putTimeval(m, a2, oldInterval);
                    putTimeval(m, a2 + 16, old);
                }
                return 0;
            }
            case GETITIMER -> {
                if (a0 != 0) return -Errno.ENOSYS;
                putTimeval(m, a1, proc.alarm.interval());
                putTimeval(m, a1 + 16, proc.alarm.remaining());
                return 0;
            }
            case PAUSE, RT_SIGSUSPEND -> {
                // nothing can ever arrive: no other process, no timers
                return -Errno.EINTR;
            }
            // ---- signals ----
            case KILL -> {
                if (a0 != proc.pid && a0 != 0 && a0 != -1) throw new SyscallError(Errno.ESRCH);
                return signal(cpu, (int) a1, 0);
            }
            case TKILL -> {
                if (a0 != proc.pid) throw new SyscallError(Errno.ESRCH);
                return signal(cpu, (int) a1, -6);
            }
            case TGKILL -> {
                if (a0 != proc.pid || a1 != proc.pid) throw new SyscallError(Errno.ESRCH);
                return signal(cpu, (int) a2, -6);
            }
            case RT_SIGACTION -> {
                return sigaction((int) a0, a1, a2, a3);
            }
            case RT_SIGPROCMASK -> {
                return sigprocmask(cpu, (int) a0, a1, a2, a3);
            }
            case RT_SIGPENDING -> {
                m.put64(a0, proc.signals.pending);
                return 0;
            }
            case SIGALTSTACK -> {
                return sigaltstack(a0, a1);
            }
            // ---- resources and system information ----
            case UGETRLIMIT -> {
                long[] l = rlimit((int) a0);
                m.put64(a1, l[0]);
                m.put64(a1 + 8, l[1]);
                return 0;
            }
            case SETRLIMIT -> {
                rlimit((int) a0);
                return 0;
            }
            case PRLIMIT64 -> {
                if (a0 != 0 && a0 != proc.pid) throw new SyscallError(Errno.ESRCH);
                long[] l = rlimit((int) a1);
                if (a3 != 0) {
                    m.put64(a3, l[0]);
                    m.put64(a3 + 8, l[1]);
                }
                return 0;
            }
            case UNAME -> {
                uname(a0);
                return 0;
            }
            case SYSINFO -> {
                sysinfo(a0);
                return 0;
            }
            case GETRANDOM -> {
                if ((a2 & ~7L) != 0) throw new SyscallError(Errno.EINVAL);
                int n = (int) Math.min(a1, 1 << 25);
                byte[] b = new byte[n];
                random.nextBytes(b);
                m.write(a0, b);
                return n;
            }
            case CAPGET -> {
                if (a1 != 0) {
                    m.checkWritable(a1, 24);
                    m.zero(a1, 24);
                }
                return 0;
            }
            case CAPSET, CHROOT, SETHOSTNAME, REBOOT -> {
                return -Errno.EPERM;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    /** struct timeval {long tv_sec; long tv_usec} in nanoseconds. */
    private static long timeval(GuestMemory m, long a) throws SyscallError {
        long sec = m.u64(a), usec = m.u64(a + 8);
        if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new SyscallError(Errno.EINVAL);
        return sec * 1_000_000_000L + usec * 1000;
    }

    private static void putTimeval(GuestMemory m, long a, long nanos) {
        m.put64(a, nanos / 1_000_000_000L);
        m.put64(a + 8, (nanos % 1_000_000_000L) / 1000);
    }

    // ---- prctl ----

    private byte[] comm;

    /** prctl: the task name (PR_SET_NAME 15 / PR_GET_NAME 16, 16 bytes), dumpable, parent-death signal. */
    private long prctl(int option, long arg) throws SyscallError {
        if (comm == null) {
            String base = proc.programPath == null ? "" : proc.programPath.getFileName().toString();
            comm = java.util.Arrays.copyOf(base.getBytes(StandardCharsets.UTF_8), 16);
            comm[15] = 0;
        }
        switch (option) {
            case 15 -> {
                byte[] b = proc.mem.read(arg, 16);
                int n = 0;
                while (n < 15 && b[n] != 0) n++;
                comm = java.util.Arrays.copyOf(java.util.Arrays.copyOf(b, n), 16);
                return 0;
            }
            case 16 -> {
                proc.mem.write(arg, comm);
                return 0;
            }
            case 1, 4 -> {
                return 0; // PR_SET_PDEATHSIG, PR_SET_DUMPABLE
            }
            case 2 -> {
                proc.mem.put32(arg, 0); // PR_GET_PDEATHSIG
                return 0;
            }
            case 3 -> {
                return 1; // PR_GET_DUMPABLE
            }
            default -> throw new SyscallError(Errno.EINVAL);
        }
    }

    // ---- futex (one thread: waits can never be woken) ----

    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;

    private long futex(long uaddr, int op, int val) throws SyscallError {
        int cmd = op & 0x7f;
        switch (cmd) {
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                return 0;
            }
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                if (proc.mem.u32(uaddr) != val) throw new SyscallError(Errno.EAGAIN);
                throw new SyscallError(Errno.ETIMEDOUT);
            }
            default -> throw new SyscallError(Errno.ENOSYS);
        }
    }

    // ---- time ----

    static long realtime() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long uptimeNanos() {
        try {
            String s = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
            return (long) (Double.parseDouble(s) * 1e9);
        } catch (IOException | RuntimeException e) {
            return System.nanoTime();
        }
    }

    /** Nanoseconds on a Linux clock id; EINVAL for unknown clocks. */
    private long clock(int id) throws SyscallError {
        return switch (id) {
            case 0, 5, 11 -> realtime();                    // REALTIME, REALTIME_COARSE, TAI
            case 1, 4, 6, 7 -> System.nanoTime();            // MONOTONIC, _RAW, _COARSE, BOOTTIME
            case 2, 3 -> System.nanoTime() - startNanos;     // PROCESS/THREAD_CPUTIME_ID
            default -> throw new SyscallError(Errno.EINVAL);
        };
    }

    private static void sleep(long sec, long nsec) throws SyscallError {
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) throw new SyscallError(Errno.EINVAL);
        try {
            Thread.sleep(Math.min(sec, Long.MAX_VALUE / 1000) * 1000 + nsec / 1_000_000, (int) (nsec % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyscallError(Errno.EINTR);
        }
    }

    // ---- signals ----

    private long signal(Cpu cpu, int sig, int code) throws SyscallError {
        if (sig < 0 || sig > Signals.NSIG) throw new SyscallError(Errno.EINVAL);
        proc.sendSignal(cpu, sig, code);
        return 0;
    }

    /** rt_sigaction: the kernel's struct sigaction is {handler, flags, restorer, mask} on powerpc. */
    private long sigaction(int sig, long act, long old, long setsize) throws SyscallError {
        if (setsize != 8) throw new SyscallError(Errno.EINVAL);
        if (sig < 1 || sig > Signals.NSIG) throw new SyscallError(Errno.EINVAL);
        Signals s = proc.signals;
        GuestMemory m = proc.mem;
        long h = 0, f = 0, r = 0, mk = 0;
        if (act != 0) {
            if (sig == Signals.SIGKILL || sig == Signals.SIGSTOP) throw new SyscallError(Errno.EINVAL);
            h = m.u64(act);
            f = m.u64(act + 8);
            r = m.u64(act + 16);
            mk = m.u64(act + 24);
        }
        if (old != 0) {
            m.checkWritable(old, 32);
            m.put64(old, s.handler[sig]);
            m.put64(old + 8, s.flags[sig]);
            m.put64(old + 16, s.restorer[sig]);
            m.put64(old + 24, s.mask[sig]);
        }
        if (act != 0) {
            s.handler[sig] = h;
            s.flags[sig] = f;
            s.restorer[sig] = r;
            s.mask[sig] = mk;
            if (s.ignored(sig)) s.pending &= ~Signals.bit(sig);
        }
        return 0;
    }

    private long sigprocmask(Cpu cpu, int how, long set, long old, long setsize) throws SyscallError {
        if (setsize != 8) throw new SyscallError(Errno.EINVAL);
        Signals s = proc.signals;
        long prev = s.blocked;
        if (set != 0) {
            long v = proc.mem.u64(set) & ~(Signals.bit(Signals.SIGKILL) | Signals.bit(Signals.SIGSTOP));
            switch (how) {
                case 0 -> s.blocked |= v;          // SIG_BLOCK
                case 1 -> s.blocked &= ~v;         // SIG_UNBLOCK
                case 2 -> s.blocked = v;           // SIG_SETMASK
                default -> throw new SyscallError(Errno.EINVAL);
            }
        }
        if (old != 0) proc.mem.put64(old, prev);
        if ((s.pending & ~s.blocked) != 0) proc.deliverPending(cpu);
        return 0;
    }

    /** sigaltstack: stack_t is {ss_sp, ss_flags (int), ss_size} = 24 bytes. */
    private long sigaltstack(long ss, long old) throws SyscallError {
        Signals s = proc.signals;
        GuestMemory m = proc.mem;
        long sp = 0, size = 0;
        int flags = 0;
        if (ss != 0) {
            sp = m.u64(ss);
            flags = m.u32(ss + 8);
            size = m.u64(ss + 16);
            if ((flags & ~(2 | (1 << 31))) != 0) throw new SyscallError(Errno.EINVAL);
            if ((flags & 2) == 0 && size < 2048) throw new SyscallError(Errno.ENOMEM);
        }
        if (old != 0) {
            m.checkWritable(old, 24);
            m.put64(old, s.altSp);
            m.put32(old + 8, s.altFlags);
            m.put32(old + 12, 0);
            m.put64(old + 16, s.altSize);
        }
        if (ss != 0) {
            s.altSp = (flags & 2) != 0 ? 0 : sp;
            s.altSize = (flags & 2) != 0 ? 0 : size;
            s.altFlags = flags & 2;
        }
        return 0;
    }

    // ---- resources and system information ----

    /** getrlimit values of the host, which qemu passes through: {soft, hard}. */
    private static long[] rlimit(int resource) throws SyscallError {
        long[] l = HostLimits.get(resource);
        if (l == null) throw new SyscallError(Errno.EINVAL);
        return l;
    }

    private static String hostFile(String path, String fallback) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    /** struct new_utsname: six 65-byte fields; the machine is "ppc64le" (or "ppc64" big-endian). */
    private void uname(long a) {
        String[] f = {
            "Linux",
            hostFile("/proc/sys/kernel/hostname", "localhost"),
            hostFile("/proc/sys/kernel/osrelease", System.getProperty("os.version")),
            hostFile("/proc/sys/kernel/version", "#1 SMP"),
            proc.mem.bigEndian() ? "ppc64" : "ppc64le",
            hostFile("/proc/sys/kernel/domainname", "(none)"),
        };
        byte[] out = new byte[6 * 65];
        for (int i = 0; i < 6; i++) {
            byte[] b = f[i].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, out, 65 * i, Math.min(64, b.length));
        }
        proc.mem.write(a, out);
    }

    /** struct sysinfo for ppc64 (112 bytes), from the host's /proc. */
    private void sysinfo(long a) {
        GuestMemory m = proc.mem;
        m.checkWritable(a, 112);
        m.zero(a, 112);
        m.put64(a, uptimeNanos() / 1_000_000_000L);
        String[] load = hostFile("/proc/loadavg", "0 0 0").split("\\s+");
        for (int i = 0; i < 3 && i < load.length; i++) {
            try {
                m.put64(a + 8 + 8L * i, (long) (Double.parseDouble(load[i]) * 65536));
            } catch (NumberFormatException e) {
                // leave 0
            }
        }
        java.util.Map<String, Long> mi = new java.util.HashMap<>();
        for (String line : hostFile("/proc/meminfo", "").split("\n")) {
            String[] kv = line.split(":\\s+");
            if (kv.length == 2) {
                try {
                    mi.put(kv[0], Long.parseLong(kv[1].replace(" kB", "").trim()) * 1024);
                } catch (NumberFormatException e) {
                    // skip
                }
            }
        }
        m.put64(a + 32, mi.getOrDefault("MemTotal", 0L));
        m.put64(a + 40, mi.getOrDefault("MemFree", 0L));
        m.put64(a + 48, mi.getOrDefault("Shmem", 0L));
        m.put64(a + 56, mi.getOrDefault("Buffers", 0L));
        m.put64(a + 64, mi.getOrDefault("SwapTotal", 0L));
        m.put64(a + 72, mi.getOrDefault("SwapFree", 0L));
        m.put16(a + 80, 1);
        m.put32(a + 104, 1);
    }
}
