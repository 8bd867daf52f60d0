package org.jpseries.user;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuEnvironment;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.insn.InstructionTable;
import org.jpseries.cpu.exec.Interpreter;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * One guest Linux process: its address space, descriptors, working directory, signal state,
 * and the ppc64 system-call convention (number in r0, arguments r3-r8, result in r3 with
 * CR0[SO] set on error; {@code scv 0} returns -errno instead). Synchronous interrupts become
 * signals.
 */
public final class LinuxUser implements CpuEnvironment {
    public final AddressSpace space;
    public final Syscalls syscalls;
    public final FdTable fds = new FdTable();
    public final Signals signals = new Signals();
    public MemoryManager memory;
    public GuestMemory mem;
    private final PrintStream err;
    /** The working directory, absolute. */
    public Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    public int umask = 022;
    /** Absolute path of the program, for /proc/self/exe. */
    public Path programPath;
    /** /proc/self/cmdline: the arguments, each NUL-terminated. */
    public byte[] cmdline = new byte[0];
    /** Where the auxiliary vector is in the guest's memory, for /proc/self/auxv. */
    public long auxvAddr;
    public int auxvLength;
    public final int pid = (int) ProcessHandle.current().pid();
    /** Exit status once the process has ended (128+signal for a fatal signal). */
    public int exitStatus;
    public boolean exited;

    public LinuxUser(AddressSpace space, Syscalls syscalls, PrintStream err) {
        this.space = space;
        this.syscalls = syscalls;
        this.err = err;
        syscalls.bind(this);
    }

    /** Connects the process to the CPU that runs it (memory access for system calls). */
    public void attach(Cpu cpu) {
        cpu.env = this;
        synchronized (this) {
            runningCpu = cpu;
        }
        this.mem = new GuestMemory(cpu, space);
        this.memory = new MemoryManager(space, cpu);
    }

    /** The real-time interval timer (alarm, setitimer). */
    final AlarmTimer alarm = new AlarmTimer(this);
    /** Signals raised by other threads (timers, the host), bit (sig-1); guarded by this. */
    private long async;
    private Cpu runningCpu;

    /**
     * Raises a signal from another thread: it is taken at the next instruction boundary, when the
     * run loop sees the CPU halted and calls {@link #takeAsync}.
     */
    public void raiseAsync(int sig) {
        synchronized (this) {
            async |= Signals.bit(sig);
            if (runningCpu != null) runningCpu.halted = true;
        }
    }

    /**
     * Called by the run loop when the CPU stopped: takes the asynchronous signals and returns true
     * if the guest is to go on running (false when it ended or was stopped for another reason).
     */
    public boolean takeAsync(Cpu cpu) {
        long sigs;
        synchronized (this) {
            if (exited || async == 0) return false;
            sigs = async;
            async = 0;
            cpu.halted = false;
        }
        for (int sig = 1; sig <= Signals.NSIG && !exited; sig++) {
            if ((sigs & Signals.bit(sig)) != 0) sendSignal(cpu, sig, 0x80); // SI_KERNEL
        }
        if (!exited && queued != 0) runQueued(cpu);
        return !exited;
    }

    /** Signals with a guest handler that are to be run when the current system call returns, bit (sig-1). */
    private long queued;
    private final int[] queuedCode = new int[Signals.NSIG + 1];

    @Override
    public void systemCall(Cpu cpu, int lev, boolean scv) {
        long nr = cpu.gpr[0];
        if (nr == SyscallNr.RT_SIGRETURN) {
            syscalls.traceSigreturn(this);
            try {
                SignalFrame.sigreturn(this, cpu);
            } catch (GuestInterrupt e) {
                terminate(cpu, Signals.SIGSEGV);
                return;
            }
            runQueued(cpu);
            return;
        }
        long ret = syscalls.dispatch(cpu, this, nr);
        if (cpu.halted) return;
        if (scv) {
            cpu.gpr[3] = ret;
        } else if (ret < 0 && ret >= -4095) {
            cpu.gpr[3] = -ret;
            cpu.cr |= 1 << 28;
        } else {
            cpu.gpr[3] = ret;
            cpu.cr &= ~(1 << 28);
        }
        if (queued != 0) runQueued(cpu);
    }

    /** Enters the handler of the lowest queued signal (the others wait for its rt_sigreturn). */
    private void runQueued(Cpu cpu) {
        long ready = queued & ~signals.blocked;
        if (ready == 0) return;
        int sig = Long.numberOfTrailingZeros(ready) + 1;
        queued &= ~Signals.bit(sig);
        if (!hasHandler(sig)) {
            if (!signals.ignored(sig)) takeDefault(cpu, sig);
            return;
        }
        try {
            SignalFrame.deliver(this, cpu, sig, cpu.nip, queuedCode[sig], 0);
        } catch (GuestInterrupt e) {
            terminate(cpu, Signals.SIGSEGV);
        }
    }

    private boolean hasHandler(int sig) {
        long h = signals.handler[sig];
        return h != Signals.SIG_DFL && h != Signals.SIG_IGN;
    }

    /** Ends the process with a status (exit_group). */
    public void exit(Cpu cpu, int status) {
        exitStatus = status & 0xFF;
        exited = true;
        cpu.halted = true;
        alarm.stop();
    }

    @Override
    public void interrupt(Cpu cpu, GuestInterrupt gi) {
        int sig = switch (gi.kind) {
            case DATA_STORAGE, DATA_SEGMENT, INSTRUCTION_STORAGE, INSTRUCTION_SEGMENT -> Signals.SIGSEGV;
            case ALIGNMENT -> Signals.SIGBUS;
            case PROGRAM -> (gi.detail & Interrupt.PROGRAM_TRAP) != 0 ? Signals.SIGTRAP
                    : (gi.detail & Interrupt.PROGRAM_FP) != 0 ? Signals.SIGFPE : Signals.SIGILL;
            default -> Signals.SIGILL;
        };
        if (hasHandler(sig) && !signals.isBlocked(sig)) {
            boolean data = sig == Signals.SIGSEGV || sig == Signals.SIGBUS;
            int code = sig == Signals.SIGSEGV ? ((gi.detail & AddressSpace.FAULT_PROTECTION) != 0 ? 2 : 1) : 1;
            try {
                SignalFrame.deliver(this, cpu, sig, cpu.cia, code, data ? gi.address : cpu.cia);
                return;
            } catch (GuestInterrupt e) {
                sig = Signals.SIGSEGV; // no room for the frame: the kernel forces SIGSEGV
            }
        }
        if (sig == Signals.SIGILL && gi.kind == Interrupt.PROGRAM) reportUnimplemented(cpu, gi.address);
        terminate(cpu, sig);
    }

    /**
     * qemu prints nothing but the signal line for an illegal instruction. When the word is a
     * valid instruction of the CPU model that jpseries does not implement yet, that is our gap,
     * not the program's: say so (address and word) on the line before.
     */
    private void reportUnimplemented(Cpu cpu, long address) {
        try {
            Op op = Interpreter.decodeAt(cpu, address);
            if (op != null && cpu.model.implementsIsa(op.level.version)
                    && !InstructionTable.forModel(cpu.model).implemented(op)) {
                err.printf("jpseries-user: unimplemented instruction %s (0x%08x) at 0x%x%n",
                        op.name().toLowerCase(java.util.Locale.ROOT), cpu.mmu.load32(address), address);
            }
        } catch (GuestInterrupt e) {
            // the instruction cannot be read again: nothing to add
        }
    }

    /**
     * A signal sent to the process by itself (kill, tgkill, a write to a closed pipe): ignored,
     * left pending while blocked, or its default action. Returns true if the process ended.
     */
    public boolean sendSignal(Cpu cpu, int sig) {
        return sendSignal(cpu, sig, 0);
    }

    /** As {@link #sendSignal(Cpu, int)} with the siginfo si_code (SI_USER 0, SI_TKILL -6). */
    public boolean sendSignal(Cpu cpu, int sig, int code) {
        if (sig == 0) return false;
        if (signals.ignored(sig)) return false;
        if (signals.isBlocked(sig)) {
            signals.pending |= Signals.bit(sig);
            queuedCode[sig] = code;
            return false;
        }
        if (hasHandler(sig)) {
            queued |= Signals.bit(sig);
            queuedCode[sig] = code;
            return false;
        }
        return takeDefault(cpu, sig);
    }

    /** Delivers pending signals that are no longer blocked (after rt_sigprocmask). */
    public void deliverPending(Cpu cpu) {
        long ready = signals.pending & ~signals.blocked;
        for (int sig = 1; sig <= Signals.NSIG && ready != 0; sig++) {
            if ((ready & Signals.bit(sig)) != 0) {
                signals.pending &= ~Signals.bit(sig);
                ready &= ~Signals.bit(sig);
                if (signals.ignored(sig)) continue;
                if (hasHandler(sig)) {
                    queued |= Signals.bit(sig);
                } else if (takeDefault(cpu, sig)) {
                    return;
                }
            }
        }
    }

    private boolean takeDefault(Cpu cpu, int sig) {
        if (Signals.defaultAction(sig) == Signals.Action.STOP || Signals.defaultAction(sig) == Signals.Action.IGNORE) {
            return false;
        }
        terminate(cpu, sig);
        return true;
    }

    /** Ends the process by a signal as qemu-ppc64le 7.2 does: the core-dump message, status 128+sig. */
    public void terminate(Cpu cpu, int sig) {
        syscalls.flush();
        if (Signals.defaultAction(sig) == Signals.Action.CORE) {
            err.printf("qemu: uncaught target signal %d (%s) - core dumped%n", sig, Signals.name(sig));
        }
        err.flush();
        exitStatus = 128 + sig;
        exited = true;
        cpu.halted = true;
        alarm.stop();
    }

    /** The host's uid and gid (qemu passes them through). */
    static int hostUid() {
        return HostIds.UID;
    }

    static int hostGid() {
        return HostIds.GID;
    }

    private static final class HostIds {
        static final int UID = attr("unix:uid");
        static final int GID = attr("unix:gid");

        private static int attr(String name) {
            try {
                // /proc/self is owned by the process's real and effective ids.
                return (Integer) Files.getAttribute(Path.of("/proc/self"), name);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
