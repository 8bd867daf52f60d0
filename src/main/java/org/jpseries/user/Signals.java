package org.jpseries.user;

/**
 * Signal dispositions and the blocked mask of the process (rt_sigaction, rt_sigprocmask,
 * sigaltstack), and the default action of a signal sent to the process itself. Guest handlers
 * are run by {@link SignalFrame}.
 */
public final class Signals {
    public static final int NSIG = 64;
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
            SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
            SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21,
            SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28,
            SIGIO = 29, SIGPWR = 30, SIGSYS = 31;
    public static final long SIG_DFL = 0, SIG_IGN = 1;

    /** sa_handler, sa_flags, sa_restorer and sa_mask per signal (index = signal number). */
    public final long[] handler = new long[NSIG + 1];
    public final long[] flags = new long[NSIG + 1];
    public final long[] restorer = new long[NSIG + 1];
    public final long[] mask = new long[NSIG + 1];
    /** Blocked signals, bit (sig-1). */
    public long blocked;
    /** Signals sent while blocked, bit (sig-1). */
    public long pending;
    /** sigaltstack: ss_sp, ss_flags, ss_size. */
    public long altSp, altSize;
    public int altFlags = 2; // SS_DISABLE

    public static long bit(int sig) {
        return 1L << (sig - 1);
    }

    /** What happens to the process when a signal takes its default action. */
    public enum Action { IGNORE, TERMINATE, CORE, STOP }

    public static Action defaultAction(int sig) {
        return switch (sig) {
            case SIGCHLD, SIGCONT, SIGURG, SIGWINCH -> Action.IGNORE;
            case SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU -> Action.STOP;
            case SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS -> Action.CORE;
            default -> Action.TERMINATE;
        };
    }

    /** strsignal() text of the host C library, which qemu prints for a fatal signal. */
    public static String name(int sig) {
        return switch (sig) {
            case SIGHUP -> "Hangup";
            case SIGINT -> "Interrupt";
            case SIGQUIT -> "Quit";
            case SIGILL -> "Illegal instruction";
            case SIGTRAP -> "Trace/breakpoint trap";
            case SIGABRT -> "Aborted";
            case SIGBUS -> "Bus error";
            case SIGFPE -> "Floating point exception";
            case SIGKILL -> "Killed";
            case SIGUSR1 -> "User defined signal 1";
            case SIGSEGV -> "Segmentation fault";
            case SIGUSR2 -> "User defined signal 2";
            case SIGPIPE -> "Broken pipe";
            case SIGALRM -> "Alarm clock";
            case SIGTERM -> "Terminated";
            case SIGXCPU -> "CPU time limit exceeded";
            case SIGXFSZ -> "File size limit exceeded";
            case SIGSYS -> "Bad system call";
            default -> "Real-time signal " + (sig - 34);
        };
    }

    /** True if sending sig now has no effect on the process (ignored, or ignored by default). */
    public boolean ignored(int sig) {
        if (sig == SIGKILL || sig == SIGSTOP) return false;
        if (handler[sig] == SIG_IGN) return true;
        return handler[sig] == SIG_DFL && defaultAction(sig) == Action.IGNORE;
    }

    public boolean isBlocked(int sig) {
        return sig != SIGKILL && sig != SIGSTOP && (blocked & bit(sig)) != 0;
    }
}
