package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.bf;
import static org.jpseries.cpu.Fields.bfa;
import static org.jpseries.cpu.Fields.lk;
import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;

import java.lang.invoke.VarHandle;
import org.jpseries.cpu.Cpu;
import org.jpseries.isa.Op;

/**
 * Branch facility (PowerISA Book I chapter 2): branches, system calls, CR logical instructions.
 *
 * <p>Branch targets and the link address are effective addresses, so outside 64-bit mode they
 * wrap to 32 bits ({@link Cpu#ea}); the CTR is always decremented as 64 bits, but only its low
 * word is tested in 32-bit mode (Book I 2.4).
 */
public final class Branch {
    private Branch() {}

    public static void register(InstructionTable t) {
        t.on(Op.B, Branch::b);
        t.on(Op.BC, Branch::bc);
        t.on(Op.BCLR, Branch::bclr);
        t.on(Op.BCCTR, Branch::bcctr);
        t.on(Op.BCTAR, Branch::bctar);
        t.on(Op.SC, Branch::sc);
        t.on(Op.SCV, Branch::scv);
        t.on(Op.CRAND, Branch::crand);
        t.on(Op.CROR, Branch::cror);
        t.on(Op.CRXOR, Branch::crxor);
        t.on(Op.CRNAND, Branch::crnand);
        t.on(Op.CRNOR, Branch::crnor);
        t.on(Op.CREQV, Branch::creqv);
        t.on(Op.CRANDC, Branch::crandc);
        t.on(Op.CRORC, Branch::crorc);
        t.on(Op.MCRF, Branch::mcrf);
        t.on(Op.ISYNC, Branch::isync);
    }

    /** Sets LR to the address of the next instruction (the LK=1 forms). */
    private static void link(Cpu c) {
        c.lr = c.ea(c.cia + 4);
    }

    /**
     * The branch condition of BO and BI (Book I 2.4): BO(2)=0 decrements CTR and tests it against
     * zero as BO(3) says; BO(0)=0 tests CR[BI] against BO(1). BO(4) is only a prediction hint.
     */
    private static boolean condition(Cpu c, int bo, int bi) {
        if ((bo & 4) == 0) {
            long ctr = --c.ctr;
            boolean zero = c.sf() ? ctr == 0 : (int) ctr == 0;
            if (zero != ((bo & 2) != 0)) return false;
        }
        return (bo & 16) != 0 || c.crBit(bi) == ((bo & 8) != 0);
    }

    /** b/ba/bl/bla target_addr: LI is bits 6:29, sign-extended and scaled by 4 (Book I 2.4). */
    static void b(Cpu c, int w) {
        long li = ((w << 6) >> 6) & ~3L;
        long target = (w & 2) != 0 ? li : c.cia + li;
        if (lk(w)) link(c);
        c.nip = c.ea(target);
    }

    /** bc/bca/bcl/bcla BO,BI,target_addr: BD is bits 16:29, sign-extended and scaled by 4 (Book I 2.4). */
    static void bc(Cpu c, int w) {
        boolean taken = condition(c, rt(w), ra(w));
        if (lk(w)) link(c);
        if (taken) {
            long bd = (short) (w & 0xFFFC);
            c.nip = c.ea((w & 2) != 0 ? bd : c.cia + bd);
        }
    }

    /** bclr[l] BO,BI,BH: branch to LR(0:61) || 0b00; the target is read before LK updates LR (Book I 2.4). */
    static void bclr(Cpu c, int w) {
        boolean taken = condition(c, rt(w), ra(w));
        long target = c.lr & ~3L;
        if (lk(w)) link(c);
        if (taken) c.nip = c.ea(target);
    }

    /**
     * bcctr[l] BO,BI,BH: branch to CTR(0:61) || 0b00 (Book I 2.4). The ISA calls the BO(2)=0 form
     * invalid; 64-bit server processors of ISA 2.x and later (and qemu) implement it as "test and
     * decrement": the target is the old CTR, the CTR test is made on the old value, and CTR is
     * decremented only if that test passes. Linux uses it for its Spectre v2 count-cache flush.
     */
    static void bcctr(Cpu c, int w) {
        int bo = rt(w), bi = ra(w);
        long target = c.ctr & ~3L;
        boolean taken;
        if ((bo & 4) == 0) {
            long ctr = c.ctr;
            boolean zero = c.sf() ? ctr == 0 : (int) ctr == 0;
            taken = zero == ((bo & 2) != 0);
            if (taken) {
                c.ctr = ctr - 1;
                taken = (bo & 16) != 0 || c.crBit(bi) == ((bo & 8) != 0);
            }
        } else {
            taken = condition(c, bo, bi);
        }
        if (lk(w)) link(c);
        if (taken) c.nip = c.ea(target);
    }

    /** bctar[l] BO,BI,BH: branch to TAR(0:61) || 0b00 (Book I 2.4, ISA 2.07). */
    static void bctar(Cpu c, int w) {
        boolean taken = condition(c, rt(w), ra(w));
        long target = c.tar & ~3L;
        if (lk(w)) link(c);
        if (taken) c.nip = c.ea(target);
    }

    /** sc LEV (Book I 2.4.3): LEV=1 is the hypercall; the environment decides. */
    static void sc(Cpu c, int w) {
        c.env.systemCall(c, (w >>> 5) & 0x7F, false);
    }

    /**
     * scv LEV (Book I 2.4.3, ISA 3.0): LR receives the address of the next instruction. The
     * environment may refuse it first (system mode: FSCR[SCV]=0 is a facility unavailable
     * interrupt, Book III 7.5.18).
     */
    static void scv(Cpu c, int w) {
        c.env.checkScv(c);
        link(c);
        c.env.systemCall(c, (w >>> 5) & 0x7F, true);
    }

    // ---- CR logical (Book I 2.5.1): BT bits 6:10, BA 11:15, BB 16:20 ----------------------------

    /** crand BT,BA,BB. */
    static void crand(Cpu c, int w) {
        c.setCrBit(rt(w), c.crBit(ra(w)) & c.crBit(rb(w)));
    }

    /** cror BT,BA,BB. */
    static void cror(Cpu c, int w) {
        c.setCrBit(rt(w), c.crBit(ra(w)) | c.crBit(rb(w)));
    }

    /** crxor BT,BA,BB. */
    static void crxor(Cpu c, int w) {
        c.setCrBit(rt(w), c.crBit(ra(w)) ^ c.crBit(rb(w)));
    }

    /** crnand BT,BA,BB. */
    static void crnand(Cpu c, int w) {
        c.setCrBit(rt(w), !(c.crBit(ra(w)) & c.crBit(rb(w))));
    }

    /** crnor BT,BA,BB. */
    static void crnor(Cpu c, int w) {
        c.setCrBit(rt(w), !(c.crBit(ra(w)) | c.crBit(rb(w))));
    }

    /** creqv BT,BA,BB. */
    static void creqv(Cpu c, int w) {
        c.setCrBit(rt(w), c.crBit(ra(w)) == c.crBit(rb(w)));
    }

    /** crandc BT,BA,BB. */
    static void crandc(Cpu c, int w) {
        c.setCrBit(rt(w), c.crBit(ra(w)) & !c.crBit(rb(w)));
    }

    /** crorc BT,BA,BB. */
    static void crorc(Cpu c, int w) {
        c.setCrBit(rt(w), c.crBit(ra(w)) | !c.crBit(rb(w)));
    }

    /** mcrf BF,BFA: CR field BF = CR field BFA (Book I 2.5.2). */
    static void mcrf(Cpu c, int w) {
        c.setCrField(bf(w), c.crField(bfa(w)));
    }

    /**
     * isync (Book II 1.7.1): instructions are fetched and decoded afresh anyway (a store drops the
     * decoded copy). After a load and a branch that depends on it, isync orders the loads that
     * follow after that load (the acquire idiom of Book II B.2.1.1), here an acquire fence: what
     * makes the interpreter's plain read of a decoded page's valid flag see the clearing store
     * of the vCPU that modified the code (see cpu.exec.DecodedPage).
     */
    static void isync(Cpu c, int w) {
        VarHandle.acquireFence();
    }
}
