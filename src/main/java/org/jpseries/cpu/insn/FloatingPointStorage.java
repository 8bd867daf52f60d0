package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Fields;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.fp.Formats;
import org.jpseries.isa.Op;

/**
 * Floating-point loads and stores (PowerISA 3.1 Book I 4.6.2, 4.6.3), including the pair forms
 * and the prefixed plfs/plfd/pstfs/pstfd (Book I 4.6.2.1). Single-precision loads widen with
 * DOUBLE(WORD) and stores narrow with SINGLE(FRS), bit-exact for denormals and NaNs.
 */
final class FloatingPointStorage {
    private FloatingPointStorage() {}

    static void register(InstructionTable t) {
        t.on(Op.LFS, (c, w) -> lfs(c, w, dform(c, w, false)));
        t.on(Op.LFSU, (c, w) -> update(c, w, dform(c, w, true), 0));
        t.on(Op.LFSX, (c, w) -> lfs(c, w, xform(c, w, false)));
        t.on(Op.LFSUX, (c, w) -> update(c, w, xform(c, w, true), 0));
        t.on(Op.LFD, (c, w) -> lfd(c, w, dform(c, w, false)));
        t.on(Op.LFDU, (c, w) -> update(c, w, dform(c, w, true), 1));
        t.on(Op.LFDX, (c, w) -> lfd(c, w, xform(c, w, false)));
        t.on(Op.LFDUX, (c, w) -> update(c, w, xform(c, w, true), 1));
        t.on(Op.LFIWAX, (c, w) -> c.vsr[rt(w) << 1] = c.mmu.load32(xform(c, w, false)));
        t.on(Op.LFIWZX, (c, w) -> c.vsr[rt(w) << 1] = c.mmu.load32(xform(c, w, false)) & 0xFFFFFFFFL);
        t.on(Op.STFS, (c, w) -> stfs(c, w, dform(c, w, false)));
        t.on(Op.STFSU, (c, w) -> update(c, w, dform(c, w, true), 2));
        t.on(Op.STFSX, (c, w) -> stfs(c, w, xform(c, w, false)));
        t.on(Op.STFSUX, (c, w) -> update(c, w, xform(c, w, true), 2));
        t.on(Op.STFD, (c, w) -> stfd(c, w, dform(c, w, false)));
        t.on(Op.STFDU, (c, w) -> update(c, w, dform(c, w, true), 3));
        t.on(Op.STFDX, (c, w) -> stfd(c, w, xform(c, w, false)));
        t.on(Op.STFDUX, (c, w) -> update(c, w, xform(c, w, true), 3));
        t.on(Op.STFIWX, (c, w) -> c.mmu.store32(xform(c, w, false), (int) c.vsr[rt(w) << 1]));
        t.on(Op.LFDP, (c, w) -> pair(c, w, dsform(c, w), true));
        t.on(Op.LFDPX, (c, w) -> pair(c, w, xform(c, w, false), true));
        t.on(Op.STFDP, (c, w) -> pair(c, w, dsform(c, w), false));
        t.on(Op.STFDPX, (c, w) -> pair(c, w, xform(c, w, false), false));
        t.onPrefixed(Op.PLFS, (c, p, s) -> lfs(c, s, pform(c, p, s)));
        t.onPrefixed(Op.PLFD, (c, p, s) -> lfd(c, s, pform(c, p, s)));
        t.onPrefixed(Op.PSTFS, (c, p, s) -> stfs(c, s, pform(c, p, s)));
        t.onPrefixed(Op.PSTFD, (c, p, s) -> stfd(c, s, pform(c, p, s)));
    }

    /** D-form EA = (RA|0) + EXTS(D); update forms need RA != 0 (else an invalid form: illegal). */
    static long dform(Cpu c, int w, boolean upd) {
        FloatingPoint.checkFp(c);
        int ra = ra(w);
        if (upd && ra == 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        return c.ea((ra == 0 ? 0 : c.gpr[ra]) + Fields.si(w));
    }

    static long dsform(Cpu c, int w) {
        FloatingPoint.checkFp(c);
        int ra = ra(w);
        return c.ea((ra == 0 ? 0 : c.gpr[ra]) + Fields.ds(w));
    }

    static long xform(Cpu c, int w, boolean upd) {
        FloatingPoint.checkFp(c);
        int ra = ra(w);
        if (upd && ra == 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        return c.ea((ra == 0 ? 0 : c.gpr[ra]) + c.gpr[rb(w)]);
    }

    /** Prefixed MLS:D-form EA: CIA + d34 when R=1 (RA must be 0), else (RA|0) + d34. */
    static long pform(Cpu c, int p, int s) {
        FloatingPoint.checkFp(c);
        int ra = ra(s);
        long d = Fields.d34(p, s);
        if (Fields.r(p)) {
            if (ra != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
            return c.ea(c.cia + d);
        }
        return c.ea((ra == 0 ? 0 : c.gpr[ra]) + d);
    }

    static void lfs(Cpu c, int w, long ea) {
        c.vsr[rt(w) << 1] = Formats.singleToDouble(c.mmu.load32(ea));
    }

    static void lfd(Cpu c, int w, long ea) {
        c.vsr[rt(w) << 1] = c.mmu.load64(ea);
    }

    static void stfs(Cpu c, int w, long ea) {
        c.mmu.store32(ea, Formats.doubleToSingle(c.vsr[rt(w) << 1]));
    }

    static void stfd(Cpu c, int w, long ea) {
        c.mmu.store64(ea, c.vsr[rt(w) << 1]);
    }

    /** Update forms: the access first (it may fault), then RA = EA. */
    static void update(Cpu c, int w, long ea, int kind) {
        switch (kind) {
            case 0 -> lfs(c, w, ea);
            case 1 -> lfd(c, w, ea);
            case 2 -> stfs(c, w, ea);
            default -> stfd(c, w, ea);
        }
        c.gpr[ra(w)] = ea;
    }

    /**
     * lfdp/lfdpx/stfdp/stfdpx: an even-odd FPR pair; an odd FRTp is an invalid form. In
     * little-endian mode the quadword is byte-reversed as a whole, so the pair's halves swap.
     */
    static void pair(Cpu c, int w, long ea, boolean load) {
        int t = rt(w);
        if ((t & 1) != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        int first = c.littleEndian() ? t + 1 : t, second = c.littleEndian() ? t : t + 1;
        if (load) {
            long a = c.mmu.load64(ea), b = c.mmu.load64(ea + 8);
            c.vsr[first << 1] = a;
            c.vsr[second << 1] = b;
        } else {
            long a = c.vsr[first << 1], b = c.vsr[second << 1];
            c.mmu.store64(ea, a);
            c.mmu.store64(ea + 8, b);
        }
    }
}
