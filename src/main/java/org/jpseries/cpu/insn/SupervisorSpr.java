package org.jpseries.cpu.insn;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.SystemRegisters;

/**
 * mfspr/mtspr of the Book III SPRs {@link Spr} defines (PowerISA 3.0 Book III 5.4.4 for the
 * access rules): an access the current privilege does not have is a privileged-instruction
 * program interrupt, hypervisor-only registers included (what QEMU's pseries gives a partition).
 * The problem-state SPRs of Book I/II (XER, LR, CTR, TB...) stay in {@link FixedPointMove}.
 */
final class SupervisorSpr {
    private SupervisorSpr() {}

    /** The PMU's problem-state read-only copies are 16 below the privileged registers. */
    private static final int PMU_USER_FIRST = Spr.USPRG_SIER, PMU_USER_LAST = Spr.USPRG_SIER + 14;

    /** mfspr of a Book III SPR: returns false if the model has no such SPR. */
    static boolean read(Cpu c, int spr, int rt) {
        if (!Spr.defined(spr, c.model.isaVersion)) return false;
        int access = Spr.access(spr);
        if ((access & (c.problemState() ? Spr.UR : Spr.SR)) == 0) throw c.programInterrupt(Interrupt.PROGRAM_PRIVILEGED);
        SystemRegisters s = c.sys;
        long v;
        if ((access & Spr.SPECIAL) == 0) {
            v = s.spr[spr];
        } else if (spr == Spr.AMR_USER) {
            v = s.spr[Spr.AMR];
        } else if (spr == Spr.DSCR) {
            v = c.dscr;
        } else if (spr == Spr.DEC) {
            v = s.readDecrementer();
        } else if (spr == Spr.CTRL_READ) {
            v = s.spr[Spr.CTRL_READ];
        } else if (spr == Spr.SPRG3_USER) {
            v = s.spr[Spr.SPRG3];
        } else if (spr == Spr.PURR || spr == Spr.SPURR) {
            // the partition's processor is never shared: its utilisation counts the time base
            v = c.timeBase.read();
        } else if (spr >= PMU_USER_FIRST && spr <= PMU_USER_LAST) {
            v = s.spr[spr + 16];
        } else {
            throw new IllegalStateException("SPR " + spr + " marked special without a reader");
        }
        c.gpr[rt] = v;
        return true;
    }

    /** mtspr of a Book III SPR: returns false if the model has no such SPR. */
    static boolean write(Cpu c, int spr, long v) {
        if (!Spr.defined(spr, c.model.isaVersion)) return false;
        int access = Spr.access(spr);
        if ((access & (c.problemState() ? Spr.UW : Spr.SW)) == 0) throw c.programInterrupt(Interrupt.PROGRAM_PRIVILEGED);
        SystemRegisters s = c.sys;
        long[] r = s.spr;
        switch (spr) {
            // AMR (Book III 5.7.13): problem state changes only the bits UAMOR allows, supervisor
            // state those the hypervisor's AMOR allows
            case Spr.AMR_USER, Spr.AMR -> {
                long mask = c.problemState() ? r[Spr.UAMOR] : r[Spr.AMOR];
                r[Spr.AMR] = (r[Spr.AMR] & ~mask) | (v & mask);
            }
            case Spr.UAMOR -> r[Spr.UAMOR] = v & r[Spr.AMOR];
            case Spr.DSCR -> c.dscr = v;
            case Spr.DEC -> s.writeDecrementer(v);
            case Spr.CTRL_WRITE -> r[Spr.CTRL_READ] = v & 1; // only the run latch is writable
            case Spr.DSISR, Spr.PSPB -> r[spr] = v & 0xFFFFFFFFL;
            // PIDR (Book III 6.7.10.1): the process quadrant 0 translates for. The software TLB
            // is not tagged by PID, so the previous process's translations go (QEMU
            // helper_store_pidr flushes too); rewriting the same PID keeps them, as a tagged TLB would
            case Spr.PIDR -> {
                long pid = v & 0xFFFFFFFFL;
                if (pid != r[spr]) {
                    r[spr] = pid;
                    c.mmu.flush();
                    c.raise(Cpu.PENDING_REFETCH);
                }
            }
            default -> {
                if ((access & Spr.SPECIAL) != 0) throw new IllegalStateException("SPR " + spr + " has no writer");
                r[spr] = v;
            }
        }
        return true;
    }
}
