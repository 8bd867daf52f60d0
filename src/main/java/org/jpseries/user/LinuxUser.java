package org.jpseries.user;

import java.io.PrintStream;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuEnvironment;
import org.jpseries.cpu.GuestInterrupt;
import org.jpseries.cpu.Interrupt;

/**
 * The Linux user-mode ABI for one guest process: system calls (ppc64 {@code sc} convention:
 * number in r0, arguments r3-r8, result in r3 with CR0[SO] set on error; {@code scv 0} returns
 * -errno instead) and synchronous interrupts turned into signals.
 */
public final class LinuxUser implements CpuEnvironment {
    public static final int SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11;

    public final AddressSpace space;
    public final Syscalls syscalls;
    private final PrintStream err;
    /** Exit status once the process has ended (128+signal for a fatal signal). */
    public int exitStatus;

    public LinuxUser(AddressSpace space, Syscalls syscalls, PrintStream err) {
        this.space = space;
        this.syscalls = syscalls;
        this.err = err;
    }

    @Override
    public void systemCall(Cpu cpu, int lev, boolean scv) {
        long nr = cpu.gpr[0];
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
    }

    /** Ends the process with a status (exit_group). */
    public void exit(Cpu cpu, int status) {
        exitStatus = status & 0xFF;
        cpu.halted = true;
    }

    @Override
    public void interrupt(Cpu cpu, GuestInterrupt gi) {
        int sig = switch (gi.kind) {
            case DATA_STORAGE, DATA_SEGMENT, INSTRUCTION_STORAGE, INSTRUCTION_SEGMENT -> SIGSEGV;
            case ALIGNMENT -> SIGBUS;
            case PROGRAM -> (gi.detail & Interrupt.PROGRAM_TRAP) != 0 ? SIGTRAP
                    : (gi.detail & Interrupt.PROGRAM_FP) != 0 ? SIGFPE : SIGILL;
            default -> SIGILL;
        };
        fatalSignal(cpu, sig, gi);
    }

    /** A signal the guest does not handle: report it as qemu-ppc64le does and end with 128+sig. */
    public void fatalSignal(Cpu cpu, int sig, GuestInterrupt gi) {
        if (sig == SIGILL && gi != null) {
            err.printf("jpseries: illegal instruction 0x%08x at 0x%x%n", cpu.mmu.load32(gi.address), gi.address);
        }
        err.printf("qemu: uncaught target signal %d (%s) - core dumped%n", sig, signalName(sig));
        err.flush();
        exitStatus = 128 + sig;
        cpu.halted = true;
    }

    static String signalName(int sig) {
        return switch (sig) {
            case SIGILL -> "Illegal instruction";
            case SIGTRAP -> "Trace/breakpoint trap";
            case SIGBUS -> "Bus error";
            case SIGFPE -> "Floating point exception";
            case SIGSEGV -> "Segmentation fault";
            default -> "Signal " + sig;
        };
    }
}
