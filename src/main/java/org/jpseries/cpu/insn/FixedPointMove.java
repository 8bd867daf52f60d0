package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.bf;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.Fields.spr;
import static org.jpseries.cpu.insn.FixedPoint.hasXer32;

import java.security.SecureRandom;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * Moves between GPRs and the CR, XER and problem-state special purpose registers (PowerISA Book I
 * 3.3.17, Book II 6.2 for the time base), Deliver A Random Number (Book I 3.3.9) and wait (Book II 4.6).
 *
 * <p>SPR access follows Book III 5.4.4: an SPR number with bit 0x10 set is privileged, so
 * problem state gets a privileged-instruction program interrupt for it, defined or not; other
 * undefined SPR numbers are illegal instructions, except 808-811 which ISA 2.07 reserves as
 * no-ops. The problem-state SPRs are implemented here, the Book III ones in {@link SupervisorSpr}.
 */
final class FixedPointMove {
    private FixedPointMove() {}

    static final int XER = 1, DSCR_USER = 3, LR = 8, CTR = 9, VRSAVE = 256, TB = 268, TBU = 269, TAR = 815,
            PPR = 896, PPR32 = 898;

    /** Random numbers for darn; SecureRandom is thread-safe and seeded from the host. */
    private static final SecureRandom RANDOM = new SecureRandom();

    static void register(InstructionTable t) {
        t.on(Op.MFCR, FixedPointMove::mfcr);
        t.on(Op.MFOCRF, FixedPointMove::mfocrf);
        t.on(Op.MTCRF, FixedPointMove::mtcrf);
        t.on(Op.MTOCRF, FixedPointMove::mtocrf);
        t.on(Op.MCRXRX, FixedPointMove::mcrxrx);
        t.on(Op.MCRXR, FixedPointMove::mcrxr);
        t.on(Op.MFSPR, FixedPointMove::mfspr);
        t.on(Op.MTSPR, FixedPointMove::mtspr);
        t.on(Op.MFTB, FixedPointMove::mftb);
        t.on(Op.DARN, FixedPointMove::darn);
        t.on(Op.WAIT, FixedPointMove::waitInsn);
    }

    // ---- condition register --------------------------------------------------------------------

    /** FXM, bits 12:19; its leftmost bit selects CR field 0. */
    private static int fxm(int w) {
        return (w >>> 12) & 0xFF;
    }

    /** The CR bits selected by FXM: a nibble of ones per selected field. */
    private static int fieldMask(int fxm) {
        int m = 0;
        for (int i = 0; i < 8; i++) {
            if ((fxm & (0x80 >>> i)) != 0) m |= 0xF0000000 >>> (4 * i);
        }
        return m;
    }

    /** mfcr RT: RT = 0^32 || CR (Book I 3.3.17). */
    static void mfcr(Cpu c, int w) {
        c.gpr[rt(w)] = c.cr & 0xFFFFFFFFL;
    }

    /**
     * mfocrf RT,FXM (Book I 3.3.17): with exactly one FXM bit set, RT receives that CR field in
     * place and zeros elsewhere. Otherwise the ISA leaves RT undefined; like qemu it is unchanged.
     */
    static void mfocrf(Cpu c, int w) {
        int fxm = fxm(w);
        if (Integer.bitCount(fxm) != 1) return;
        c.gpr[rt(w)] = c.cr & fieldMask(fxm) & 0xFFFFFFFFL;
    }

    /** mtcrf FXM,RS: the CR fields selected by FXM take the matching bits of RS(32:63) (Book I 3.3.17). */
    static void mtcrf(Cpu c, int w) {
        int m = fieldMask(fxm(w));
        c.cr = (c.cr & ~m) | ((int) c.gpr[rt(w)] & m);
    }

    /** mtocrf FXM,RS: as mtcrf with exactly one FXM bit; otherwise undefined, and (as qemu) no change. */
    static void mtocrf(Cpu c, int w) {
        int fxm = fxm(w);
        if (Integer.bitCount(fxm) != 1) return;
        int m = fieldMask(fxm);
        c.cr = (c.cr & ~m) | ((int) c.gpr[rt(w)] & m);
    }

    /** mcrxrx BF: CR[BF] = OV || OV32 || CA || CA32 (Book I 3.3.17, ISA 3.0). */
    static void mcrxrx(Cpu c, int w) {
        c.setCrField(bf(w), (c.ov ? 8 : 0) | (c.ov32 ? 4 : 0) | (c.ca ? 2 : 0) | (c.ca32 ? 1 : 0));
    }

    /** mcrxr BF (PowerISA 2.03 3.3.15): CR[BF] = XER(32:35) = SO || OV || CA || 0, then SO, OV, CA = 0. */
    static void mcrxr(Cpu c, int w) {
        c.setCrField(bf(w), (c.so ? 8 : 0) | (c.ov ? 4 : 0) | (c.ca ? 2 : 0));
        c.so = c.ov = c.ca = false;
    }

    // ---- special purpose registers -------------------------------------------------------------

    /** XER as mfxer reads it: OV32 and CA32 exist from ISA 3.0 on (Book I 3.2.2). */
    private static long readXer(Cpu c) {
        long x = c.xer();
        return hasXer32(c) ? x : x & ~((1L << 19) | (1L << 18));
    }

    /** mfspr RT,SPR (Book I 3.3.17; Book III 5.4.4 for access rules). */
    static void mfspr(Cpu c, int w) {
        int spr = spr(w);
        long v;
        switch (spr) {
            case XER -> v = readXer(c);
            case LR -> v = c.lr;
            case CTR -> v = c.ctr;
            case DSCR_USER -> v = c.dscr;
            case VRSAVE -> v = c.vrsave;
            case TB -> v = c.timeBase.read();
            case TBU -> v = c.timeBase.read() >>> 32;
            case TAR -> v = c.tar;
            case PPR -> v = c.ppr;
            case PPR32 -> v = c.ppr >>> 32;
            default -> {
                if (!SupervisorSpr.read(c, spr, rt(w))) undefinedSpr(c, spr);
                return;
            }
        }
        c.gpr[rt(w)] = v;
    }

    /** mtspr SPR,RS (Book I 3.3.17; Book III 5.4.4 for access rules). */
    static void mtspr(Cpu c, int w) {
        int spr = spr(w);
        long v = c.gpr[rt(w)];
        switch (spr) {
            case XER -> c.setXer(hasXer32(c) ? v : v & ~((1L << 19) | (1L << 18)));
            case LR -> c.lr = v;
            case CTR -> c.ctr = v;
            case DSCR_USER -> c.dscr = v;
            case VRSAVE -> c.vrsave = v & 0xFFFFFFFFL;
            case TAR -> c.tar = v;
            case PPR -> c.ppr = v;
            case PPR32 -> c.ppr = (v << 32) | (c.ppr & 0xFFFFFFFFL);
            case TB, TBU -> throw c.programInterrupt(Interrupt.PROGRAM_PRIVILEGED);
            default -> {
                if (!SupervisorSpr.write(c, spr, v)) undefinedSpr(c, spr);
            }
        }
    }

    /** mftb RT,TBR (Book II 6.2.1): TBR 268 reads the time base, 269 its upper word. */
    static void mftb(Cpu c, int w) {
        int tbr = spr(w);
        if (tbr == TB) c.gpr[rt(w)] = c.timeBase.read();
        else if (tbr == TBU) c.gpr[rt(w)] = c.timeBase.read() >>> 32;
        else undefinedSpr(c, tbr);
    }

    /**
     * An SPR the model does not have (Book III 5.4.4, as QEMU's gen_mfspr/gen_mtspr): the 2.07
     * no-op range 808-811 does nothing; in problem state a number with bit 0x10 set is privileged
     * and any other is illegal; in supervisor state it is a no-op, except SPRs 0, 4, 5 and 6,
     * which raise the hypervisor emulation assistance interrupt that a pseries partition receives
     * as an illegal-instruction program interrupt.
     */
    private static void undefinedSpr(Cpu c, int spr) {
        if (spr >= 808 && spr <= 811 && c.model.isaVersion >= 207) return;
        if ((c.msr & Cpu.MSR_PR) != 0) {
            if ((spr & 0x10) != 0) throw c.programInterrupt(Interrupt.PROGRAM_PRIVILEGED);
            throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        }
        if (spr == 0 || (spr >= 4 && spr <= 6)) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
    }


    // ---- darn and wait -------------------------------------------------------------------------

    /**
     * darn RT,L (Book I 3.3.9, ISA 3.0): L=0 a 32-bit random number, L=1 a conditioned and L=2 a
     * raw 64-bit random number; all ones means "no number available", so it is never returned
     * as a value. L=3 is reserved and returns that error value.
     */
    static void darn(Cpu c, int w) {
        int l = (w >>> 16) & 3;
        long v;
        if (l == 0) {
            v = RANDOM.nextInt() & 0xFFFFFFFFL;
        } else if (l <= 2) {
            do {
                v = RANDOM.nextLong();
            } while (v == -1);
        } else {
            v = -1;
        }
        c.gpr[rt(w)] = v;
    }

    /**
     * wait (Book II 4.6.1, ISA 3.0): the thread may resume at any time, so waiting for nothing is
     * a correct implementation for every WC value.
     */
    static void waitInsn(Cpu c, int w) {
    }
}
