package org.jpseries.user;

import org.jpseries.cpu.Cpu;

/**
 * Runs a guest signal handler and returns from it, with the 64-bit PowerPC signal frame of
 * Linux (arch/powerpc/kernel/signal_64.c): {@code struct rt_sigframe} holds the ucontext
 * (flags, link, stack_t, the old signal mask, then the sigcontext with gp_regs[48] in pt_regs
 * order and fp_regs[33]), the trampoline words, pointers to the siginfo and the ucontext, and
 * the siginfo; 128 bytes below it the handler's own stack frame with the back chain. The
 * handler returns through the trampoline page, whose {@code sc} is rt_sigreturn.
 */
final class SignalFrame {
    private SignalFrame() {}

    // offsets inside struct rt_sigframe
    static final int UC_FLAGS = 0, UC_LINK = 8, UC_STACK = 16, UC_SIGMASK = 40, UC_MCONTEXT = 168;
    static final int SC_SIGNAL = UC_MCONTEXT + 32, SC_HANDLER = UC_MCONTEXT + 40, SC_OLDMASK = UC_MCONTEXT + 48,
            SC_REGS = UC_MCONTEXT + 56, SC_GP_REGS = UC_MCONTEXT + 64, SC_FP_REGS = SC_GP_REGS + 48 * 8,
            SC_V_REGS = SC_FP_REGS + 33 * 8;
    static final int UCONTEXT_SIZE = SC_V_REGS + 8 + 101 * 8;
    static final int TRAMP = UCONTEXT_SIZE + 16, PINFO = TRAMP + 7 * 4 + 4, PUC = PINFO + 8, INFO = PUC + 8;
    static final int FRAME_SIZE = (INFO + 128 + 512 + 15) & ~15;
    /** __SIGNAL_FRAMESIZE: the handler's minimal stack frame below the signal frame. */
    static final int SIGNAL_FRAMESIZE = 128;

    // pt_regs indices
    static final int PT_NIP = 32, PT_MSR = 33, PT_ORIG_R3 = 34, PT_CTR = 35, PT_LNK = 36, PT_XER = 37, PT_CCR = 38,
            PT_TRAP = 40, PT_DAR = 41, PT_RESULT = 43;

    static final long SA_SIGINFO = 4, SA_ONSTACK = 0x08000000L, SA_RESTART = 0x10000000L, SA_NODEFER = 0x40000000L,
            SA_RESETHAND = 0x80000000L;

    /**
     * Builds the frame for signal {@code sig} and redirects the CPU to the handler. The saved
     * context resumes at {@code resumeNip}. code/addr fill the siginfo (si_code; si_addr or, for
     * signals sent by a process, si_pid).
     */
    static void deliver(LinuxUser proc, Cpu cpu, int sig, long resumeNip, int code, long addr) {
        Signals s = proc.signals;
        GuestMemory m = proc.mem;
        long sp = cpu.gpr[1];
        boolean onAlt = (s.flags[sig] & SA_ONSTACK) != 0 && s.altSize != 0
                && !(sp > s.altSp && sp <= s.altSp + s.altSize);
        long top = onAlt ? s.altSp + s.altSize : sp - 512; // keep the ABI's red zone
        long frame = (top - FRAME_SIZE) & ~15L;
        long newSp = frame - SIGNAL_FRAMESIZE;
        m.checkWritable(newSp, FRAME_SIZE + SIGNAL_FRAMESIZE);
        m.zero(frame, FRAME_SIZE);

        m.put64(frame + UC_STACK, s.altSp);
        m.put32(frame + UC_STACK + 8, s.altSize == 0 ? 2 : onAlt ? 1 : 0);
        m.put64(frame + UC_STACK + 16, s.altSize);
        m.put64(frame + UC_SIGMASK, s.blocked);
        m.put32(frame + SC_SIGNAL, sig);
        m.put64(frame + SC_HANDLER, s.handler[sig]);
        m.put64(frame + SC_OLDMASK, s.blocked);
        m.put64(frame + SC_REGS, frame + SC_GP_REGS);
        long g = frame + SC_GP_REGS;
        for (int i = 0; i < 32; i++) m.put64(g + 8L * i, cpu.gpr[i]);
        m.put64(g + 8L * PT_NIP, resumeNip);
        m.put64(g + 8L * PT_MSR, cpu.msr);
        m.put64(g + 8L * PT_ORIG_R3, cpu.gpr[3]);
        m.put64(g + 8L * PT_CTR, cpu.ctr);
        m.put64(g + 8L * PT_LNK, cpu.lr);
        m.put64(g + 8L * PT_XER, cpu.xer());
        m.put64(g + 8L * PT_CCR, cpu.cr & 0xFFFFFFFFL);
        m.put64(g + 8L * PT_DAR, addr);
        for (int i = 0; i < 32; i++) m.put64(frame + SC_FP_REGS + 8L * i, cpu.vsr[2 * i]);
        m.put64(frame + SC_FP_REGS + 8L * 32, cpu.fpscr);
        // The vector registers are saved after the pointer, in the vmx_reserve area, 16-aligned.
        long v = (frame + SC_V_REGS + 8 + 15) & ~15L;
        m.put64(frame + SC_V_REGS, v);
        for (int i = 0; i < 32; i++) {
            m.put64(v + 16L * i, cpu.vsr[2 * (32 + i) + 1]);
            m.put64(v + 16L * i + 8, cpu.vsr[2 * (32 + i)]);
        }
        m.put32(v + 16L * 32 + 12, cpu.vscr);
        m.put64(frame + PINFO, frame + INFO);
        m.put64(frame + PUC, frame);
        m.put32(frame + INFO, sig);
        m.put32(frame + INFO + 8, code);
        if (addr != 0 || code > 0) {
            m.put64(frame + INFO + 16, addr);
        } else {
            m.put32(frame + INFO + 16, proc.pid);
            m.put32(frame + INFO + 20, LinuxUser.hostUid());
        }
        m.put64(newSp, sp); // back chain

        long handler = s.handler[sig];
        boolean siginfo = (s.flags[sig] & SA_SIGINFO) != 0;
        long mask = s.mask[sig];
        if ((s.flags[sig] & SA_NODEFER) == 0) mask |= Signals.bit(sig);
        s.blocked |= mask & ~(Signals.bit(Signals.SIGKILL) | Signals.bit(Signals.SIGSTOP));
        if ((s.flags[sig] & SA_RESETHAND) != 0) {
            s.handler[sig] = Signals.SIG_DFL;
            s.flags[sig] &= ~SA_SIGINFO;
        }

        cpu.gpr[1] = newSp;
        cpu.gpr[3] = sig;
        if (siginfo) {
            cpu.gpr[4] = frame + INFO;
            cpu.gpr[5] = frame;
        } else {
            cpu.gpr[4] = frame + UC_MCONTEXT;
        }
        cpu.gpr[6] = frame;
        cpu.lr = AddressSpace.SIGTRAMP_PAGE;
        cpu.gpr[12] = handler;
        cpu.ctr = handler;
        cpu.nip = handler;
        cpu.reserveAddr = -1;
    }

    /** rt_sigreturn: restores the context saved in the frame above r1; false if it cannot be read. */
    static boolean sigreturn(LinuxUser proc, Cpu cpu) {
        GuestMemory m = proc.mem;
        long frame = cpu.gpr[1] + SIGNAL_FRAMESIZE;
        long g = frame + SC_GP_REGS;
        long[] gpr = new long[32];
        for (int i = 0; i < 32; i++) gpr[i] = m.u64(g + 8L * i);
        long nip = m.u64(g + 8L * PT_NIP);
        long ctr = m.u64(g + 8L * PT_CTR), lr = m.u64(g + 8L * PT_LNK), xer = m.u64(g + 8L * PT_XER);
        long cr = m.u64(g + 8L * PT_CCR);
        long mask = m.u64(frame + UC_SIGMASK);
        System.arraycopy(gpr, 0, cpu.gpr, 0, 32);
        for (int i = 0; i < 32; i++) cpu.vsr[2 * i] = m.u64(frame + SC_FP_REGS + 8L * i);
        cpu.fpscr = m.u64(frame + SC_FP_REGS + 8L * 32);
        long v = m.u64(frame + SC_V_REGS);
        if (v != 0) {
            for (int i = 0; i < 32; i++) {
                cpu.vsr[2 * (32 + i) + 1] = m.u64(v + 16L * i);
                cpu.vsr[2 * (32 + i)] = m.u64(v + 16L * i + 8);
            }
            cpu.vscr = m.u32(v + 16L * 32 + 12);
        }
        cpu.ctr = ctr;
        cpu.lr = lr;
        cpu.setXer(xer);
        cpu.cr = (int) cr;
        cpu.nip = nip;
        proc.signals.blocked = mask & ~(Signals.bit(Signals.SIGKILL) | Signals.bit(Signals.SIGSTOP));
        return true;
    }
}
