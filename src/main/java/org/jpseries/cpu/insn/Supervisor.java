package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.isa.Op;

/**
 * Book III instructions of a partition (PowerISA 3.0 Book III 4.4, 5.9, 7.6; QEMU translate.c
 * for their privilege checks under a virtual hypervisor): MSR moves, the return-from-interrupt
 * family, SLB and TLB management and the privileged doorbells. Supervisor-only instructions give
 * the privileged-instruction program interrupt in problem state; hypervisor-only ones (hrfid,
 * slbieg/slbiag, msgsnd/msgclr, tlbie without LPCR[GTSE]) give it in supervisor state too, as
 * QEMU's pseries does.
 */
public final class Supervisor {
    private Supervisor() {}

    public static void register(InstructionTable t) {
        t.on(Op.MFMSR, Supervisor::mfmsr);
        t.on(Op.MTMSR, Supervisor::mtmsr);
        t.on(Op.MTMSRD, Supervisor::mtmsrd);
        t.on(Op.RFID, Supervisor::rfid);
        t.on(Op.RFSCV, Supervisor::rfscv);
        t.on(Op.HRFID, Supervisor::hypervisorOnly);
        t.on(Op.SLBMTE, Supervisor::slbmte);
        t.on(Op.SLBIE, Supervisor::slbie);
        t.on(Op.SLBIA, Supervisor::slbia);
        t.on(Op.SLBMFEE, Supervisor::slbmfee);
        t.on(Op.SLBMFEV, Supervisor::slbmfev);
        t.on(Op.SLBFEE_DOT, Supervisor::slbfee);
        t.on(Op.SLBSYNC, Supervisor::slbsync);
        t.on(Op.SLBIEG, Supervisor::hypervisorOnly);
        t.on(Op.SLBIAG, Supervisor::hypervisorOnly);
        t.on(Op.TLBIE, Supervisor::tlbie);
        t.on(Op.TLBIEL, Supervisor::tlbie);
        t.on(Op.TLBSYNC, Supervisor::tlbsync);
        t.on(Op.MSGSNDP, Supervisor::msgsndp);
        t.on(Op.MSGCLRP, Supervisor::msgclrp);
        t.on(Op.MSGSND, Supervisor::hypervisorOnly);
        t.on(Op.MSGCLR, Supervisor::hypervisorOnly);
    }

    /** Supervisor-only: a privileged-instruction program interrupt in problem state. */
    private static void supervisor(Cpu c) {
        if ((c.msr & Cpu.MSR_PR) != 0) throw c.programInterrupt(Interrupt.PROGRAM_PRIVILEGED);
    }

    /** An instruction only the hypervisor may execute; the partition never runs with MSR[HV]=1. */
    static void hypervisorOnly(Cpu c, int w) {
        throw c.programInterrupt(Interrupt.PROGRAM_PRIVILEGED);
    }

    // ---- MSR ----------------------------------------------------------------------------------

    /** mfmsr RT (Book III 4.4.4). */
    static void mfmsr(Cpu c, int w) {
        supervisor(c);
        c.gpr[rt(w)] = c.msr;
    }

    private static final long EE_RI = Cpu.MSR_EE | Cpu.MSR_RI;
    /** MSR bits a partition cannot change by mtmsr(d) or rfid: HV and ME (Book III 4.4.4, 7.6). */
    private static final long KEPT = Cpu.MSR_HV | Cpu.MSR_ME;

    /**
     * The MSR after writing {@code v} into the bits {@code mask} selects: HV and ME stay, and
     * problem state forces EE, IR and DR on (Book III 4.4.4).
     */
    static long mergeMsr(long old, long v, long mask) {
        mask &= ~KEPT;
        long m = (old & ~mask) | (v & mask);
        if ((m & Cpu.MSR_PR) != 0) m |= Cpu.MSR_EE | Cpu.MSR_IR | Cpu.MSR_DR;
        return m;
    }

    /**
     * mtmsrd RS,L (Book III 4.4.4): L=0 writes the MSR from RS; L=1 only EE and RI. Enabling EE
     * with an interrupt pending takes it after this instruction (the interpreter checks pending
     * conditions at every boundary).
     */
    static void mtmsrd(Cpu c, int w) {
        supervisor(c);
        long v = c.gpr[rt(w)];
        boolean l = (w & (1 << 16)) != 0;
        c.writeMsr(mergeMsr(c.msr, v, l ? EE_RI : -1L));
    }

    /** mtmsr RS,L (Book III 4.4.4): as mtmsrd on MSR bits 32:63 only. */
    static void mtmsr(Cpu c, int w) {
        supervisor(c);
        long v = c.gpr[rt(w)];
        boolean l = (w & (1 << 16)) != 0;
        c.writeMsr(mergeMsr(c.msr, v, l ? EE_RI : 0xFFFF_FFFFL));
    }

    /**
     * Return to the context in (addr, msr): the MSR merges as mtmsrd, and the next instruction
     * address drops its low two bits and, in 32-bit mode, its high word (Book III 7.6).
     */
    private static void returnTo(Cpu c, long addr, long msr) {
        long m = mergeMsr(c.msr, msr, -1L);
        c.writeMsr(m);
        addr &= ~3L;
        c.nip = (m & Cpu.MSR_SF) != 0 ? addr : addr & 0xFFFF_FFFFL;
    }

    /** rfid (Book III 7.6): MSR from SRR1, continue at SRR0. */
    static void rfid(Cpu c, int w) {
        supervisor(c);
        long[] s = c.sys.spr;
        returnTo(c, s[Spr.SRR0], s[Spr.SRR1]);
    }

    /** rfscv (Book III 7.6, ISA 3.0): return from a vectored system call, MSR from CTR, to LR. */
    static void rfscv(Cpu c, int w) {
        supervisor(c);
        returnTo(c, c.lr, c.ctr);
    }

    // ---- SLB (Book III 5.9.3) -------------------------------------------------------------------

    /** slbmte RS,RB: an invalid entry number, reserved bits or an unknown page size are illegal (as QEMU). */
    static void slbmte(Cpu c, int w) {
        supervisor(c);
        if (!c.slb.move(c.gpr[rt(w)], c.gpr[rb(w)])) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        translationsChanged(c);
    }

    /** slbie RB. */
    static void slbie(Cpu c, int w) {
        supervisor(c);
        if (c.slb.invalidate(c.gpr[rb(w)])) translationsChanged(c);
    }

    /** slbia IH: IH in bits 8:10. */
    static void slbia(Cpu c, int w) {
        supervisor(c);
        c.slb.invalidateAll((w >>> 21) & 7);
        translationsChanged(c);
    }

    /** slbmfee RT,RB. */
    static void slbmfee(Cpu c, int w) {
        supervisor(c);
        c.gpr[rt(w)] = c.slb.readEsid(c.gpr[rb(w)]);
    }

    /** slbmfev RT,RB. */
    static void slbmfev(Cpu c, int w) {
        supervisor(c);
        c.gpr[rt(w)] = c.slb.readVsid(c.gpr[rb(w)]);
    }

    /**
     * slbfee. RT,RB: the VSID word of the entry translating the EA in RB with CR0[EQ]=1, or
     * RT=0 with CR0[EQ]=0; CR0[SO] copies XER[SO].
     */
    static void slbfee(Cpu c, int w) {
        supervisor(c);
        int i = c.slb.find(c.gpr[rb(w)]);
        c.gpr[rt(w)] = i < 0 ? 0 : c.slb.vsidAt(i);
        c.setCrField(0, (i < 0 ? 0 : 2) | (c.so ? 1 : 0));
    }

    /** slbsync (ISA 3.0): SLB changes are complete when made. */
    static void slbsync(Cpu c, int w) {
        supervisor(c);
    }

    // ---- TLB (Book III 5.9.3.3) -----------------------------------------------------------------

    /**
     * tlbie/tlbiel RB,RS,RIC,PRS,R (ISA 3.0 Book III, TLB management instructions): the
     * partition may issue them only when the hypervisor set LPCR[GTSE] (radix guests); otherwise
     * they are hypervisor-privileged (QEMU's CHK_HV). RIC selects TLB (0), page-walk cache (1),
     * both (2); PRS process- or partition-scoped; IS (RB bits 52:53) one page, a PID, an LPID or
     * everything. With LPCR[HR] the forms QEMU's helper_tlbie_isa300 calls invalid (RIC 3, a
     * page-walk-cache or "all" invalidation of one page, a PID invalidation that is not process
     * scoped, a page size other than 4K/64K/2M/1G, a tlbiel of a page-walk-cache set other than
     * 0) are an illegal-instruction program interrupt; the page walk is not cached, so RIC 1
     * does nothing. Every other form drops the whole software TLB (it keeps no finer tags): this
     * vCPU's for tlbiel, every vCPU's of the partition for tlbie (they drop theirs at their next
     * instruction boundary). A hash partition's tlbie drops them all as well.
     */
    static void tlbie(Cpu c, int w) {
        gtse(c);
        boolean local = ((w >>> 1) & 0x3FF) == TLBIEL_XO;
        if ((c.sys.spr[Spr.LPCR] & Spr.LPCR_HR) != 0) {
            int ric = (w >>> 18) & 3;
            boolean prs = ((w >>> 17) & 1) != 0;
            long rb = c.gpr[rb(w)];
            int is = (int) (rb >>> 10) & 3;
            if (ric == RIC_RESERVED || (ric != RIC_TLB && is == IS_VA) || (!prs && is == IS_PID)) {
                throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
            }
            if (ric == RIC_PWC) {
                if (local && ((rb >>> 12) & 0xFFF) != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
                return;
            }
            if (is == IS_VA) {
                int ap = (int) (rb >>> 5) & 7;
                if (ap != AP_4K && ap != AP_64K && ap != AP_2M && ap != AP_1G) {
                    throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
                }
            }
        }
        translationsChanged(c);
        if (!local) c.mmu.translator().invalidateGlobal();
    }

    private static final int TLBIEL_XO = 274;
    /** Radix invalidation control, invalidation selector and actual page size codes (ISA 3.0 tlbie). */
    private static final int RIC_TLB = 0, RIC_PWC = 1, RIC_RESERVED = 3, IS_VA = 0, IS_PID = 1, AP_4K = 0, AP_64K = 5,
            AP_2M = 1, AP_1G = 2;

    /** tlbsync: as tlbie for its privilege; the invalidations are already complete. */
    static void tlbsync(Cpu c, int w) {
        gtse(c);
    }

    private static void gtse(Cpu c) {
        supervisor(c);
        if ((c.sys.spr[Spr.LPCR] & Spr.LPCR_GTSE) == 0) throw c.programInterrupt(Interrupt.PROGRAM_PRIVILEGED);
    }

    private static void translationsChanged(Cpu c) {
        c.mmu.flush();
        c.raise(Cpu.PENDING_REFETCH);
    }

    // ---- privileged doorbells (Book II 5.9, ISA 2.07) -------------------------------------------

    /** Message type 5 in RB(32:36): directed privileged doorbell. */
    private static boolean privilegedDoorbell(long rb) {
        return ((rb >>> 27) & 0x1F) == 5;
    }

    /**
     * msgsndp RB: a privileged doorbell to thread RB(57:63) of this core. A vCPU is a core of
     * one thread (QEMU's pseries default), so only thread 0, this one, exists.
     */
    static void msgsndp(Cpu c, int w) {
        supervisor(c);
        long rb = c.gpr[rb(w)];
        if (privilegedDoorbell(rb) && (rb & 0x7F) == 0) c.raise(Cpu.PENDING_DOORBELL);
    }

    /** msgclrp RB: withdraws a pending privileged doorbell of this thread. */
    static void msgclrp(Cpu c, int w) {
        supervisor(c);
        if (privilegedDoorbell(c.gpr[rb(w)])) c.lower(Cpu.PENDING_DOORBELL);
    }
}
