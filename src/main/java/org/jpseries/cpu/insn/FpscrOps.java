package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Fields;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.fp.Fpscr;
import org.jpseries.isa.Op;

/** FPSCR instructions (PowerISA 3.1 Book I 4.6.10): mffs and its ISA 3.0 variants, mcrfs, mtfsf[i], mtfsb0/1. */
final class FpscrOps {
    private FpscrOps() {}

    /** The FPSCR bits that exist: DRN (29:31) and bits 32:63 except the reserved bit 52. */
    static final long DEFINED = Fpscr.DRN | (0xFFFFFFFFL & ~(1L << (63 - 52)));
    /** mffsl, mffscrn, mffscdrn masks (Book I 4.6.10). */
    static final long CONTROL = Fpscr.DRN | Fpscr.ENABLES | Fpscr.NI | Fpscr.RN;
    static final long LIGHT = CONTROL | Fpscr.FR | Fpscr.FI | Fpscr.FPRF;

    static void register(InstructionTable t) {
        t.on(Op.MFFS, FpscrOps::mffs);
        t.on(Op.MFFSCE, FpscrOps::mffsce);
        t.on(Op.MFFSL, (c, w) -> mffsMasked(c, w, LIGHT, 0, 0));
        t.on(Op.MFFSCRN, (c, w) -> mffsMasked(c, w, CONTROL, Fpscr.RN, FloatingPoint.fpr(c, rb(w))));
        t.on(Op.MFFSCRNI, (c, w) -> mffsMasked(c, w, CONTROL, Fpscr.RN, (w >>> 11) & 3));
        t.on(Op.MFFSCDRN, (c, w) -> mffsMasked(c, w, CONTROL, Fpscr.DRN, FloatingPoint.fpr(c, rb(w))));
        t.on(Op.MFFSCDRNI, (c, w) -> mffsMasked(c, w, CONTROL, Fpscr.DRN, (long) ((w >>> 11) & 7) << 32));
        t.on(Op.MCRFS, FpscrOps::mcrfs);
        t.on(Op.MTFSF, FpscrOps::mtfsf);
        t.on(Op.MTFSFI, FpscrOps::mtfsfi);
        t.on(Op.MTFSB0, (c, w) -> mtfsb(c, w, false));
        t.on(Op.MTFSB1, (c, w) -> mtfsb(c, w, true));
    }

    /** mffs[.] FRT: FRT = FPSCR. */
    static void mffs(Cpu c, int w) {
        FloatingPoint.checkFp(c);
        c.vsr[rt(w) << 1] = c.fpscr;
        if (Fields.rcBit(w)) c.setCrField(1, Fpscr.cr1(c.fpscr));
    }

    /** mffsce FRT: FRT = FPSCR, then the exception enables VE OE UE ZE XE are cleared. */
    static void mffsce(Cpu c, int w) {
        FloatingPoint.checkFp(c);
        c.vsr[rt(w) << 1] = c.fpscr;
        c.fpscr = Fpscr.summarize(c.fpscr & ~Fpscr.ENABLES);
    }

    /** mffsl / mffscrn[i] / mffscdrn[i]: FRT = FPSCR & mask, then the field {@code set} takes {@code v}. */
    static void mffsMasked(Cpu c, int w, long mask, long set, long v) {
        FloatingPoint.checkFp(c);
        c.vsr[rt(w) << 1] = c.fpscr & mask;
        if (set != 0) c.fpscr = (c.fpscr & ~set) | (v & set);
    }

    /** mcrfs BF,BFA: copies an FPSCR field to CR and clears its exception bits (except FEX, VX). */
    static void mcrfs(Cpu c, int w) {
        FloatingPoint.checkFp(c);
        int bfa = Fields.bfa(w);
        int sh = 28 - 4 * bfa;
        c.setCrField(Fields.bf(w), (int) (c.fpscr >>> sh) & 0xF);
        long clear = (0xFL << sh) & (Fpscr.EXC_ALL | Fpscr.FX);
        c.fpscr = Fpscr.summarize(c.fpscr & ~clear);
    }

    /** Stores {@code v} into the FPSCR under {@code mask}; VX and FEX are recomputed, never moved. */
    static void store(Cpu c, int w, long v, long mask) {
        mask &= DEFINED & ~(Fpscr.FEX | Fpscr.VX);
        c.fpscr = Fpscr.summarize((c.fpscr & ~mask) | (v & mask));
        if (Fields.rcBit(w)) c.setCrField(1, Fpscr.cr1(c.fpscr));
        checkInterrupt(c);
    }

    /** mtfsf FLM,FRB,L,W: L=1 moves all of FRB, else the fields FLM selects (of word W). */
    static void mtfsf(Cpu c, int w) {
        FloatingPoint.checkFp(c);
        boolean l = (w & (1 << 25)) != 0;
        int flm = (w >>> 17) & 0xFF;
        boolean wbit = (w & (1 << 16)) != 0;
        long mask = 0;
        if (l) {
            mask = -1L;
        } else {
            for (int i = 0; i < 8; i++) {
                if ((flm & (0x80 >>> i)) != 0) {
                    int field = i + (wbit ? 0 : 8);
                    mask |= 0xFL << (60 - 4 * field);
                }
            }
        }
        store(c, w, FloatingPoint.fpr(c, rb(w)), mask);
    }

    /** mtfsfi BF,U,W: FPSCR field BF + 8*(1-W) = U. */
    static void mtfsfi(Cpu c, int w) {
        FloatingPoint.checkFp(c);
        int field = Fields.bf(w) + ((w & (1 << 16)) != 0 ? 0 : 8);
        int u = (w >>> 12) & 0xF;
        int sh = 60 - 4 * field;
        store(c, w, (long) u << sh, 0xFL << sh);
    }

    /** mtfsb0 / mtfsb1 BT: FPSCR bit 32+BT; setting an exception bit also sets FX (Book I 4.6.10). */
    static void mtfsb(Cpu c, int w, boolean one) {
        FloatingPoint.checkFp(c);
        long b = 1L << (31 - rt(w));
        long v = one ? b : 0;
        if (one && (b & Fpscr.EXC_ALL) != 0 && (c.fpscr & b) == 0) {
            v |= Fpscr.FX;
            b |= Fpscr.FX;
        }
        store(c, w, v, b);
    }

    /** Raises the floating-point enabled exception interrupt if FEX=1 and the MSR enables it. */
    static void checkInterrupt(Cpu c) {
        if ((c.fpscr & Fpscr.FEX) != 0 && (c.msr & (Cpu.MSR_FE0 | Cpu.MSR_FE1)) != 0) {
            throw new GuestInterrupt(Interrupt.PROGRAM, Interrupt.PROGRAM_FP, c.cia);
        }
    }
}
