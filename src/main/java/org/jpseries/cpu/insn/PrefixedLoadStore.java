package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.d34;
import static org.jpseries.cpu.Fields.r;
import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * Prefixed fixed-point loads and stores of ISA 3.1 (Book I 3.3.2-3.3.4, MLS:D and 8LS:D forms):
 * EA = (RA|0) + EXTS(d0||d1), or with R=1 the address of the prefixed instruction plus the
 * displacement, in which case RA must be 0 (otherwise an invalid form, illegal as in qemu).
 */
final class PrefixedLoadStore {
    private PrefixedLoadStore() {}

    static void register(InstructionTable t) {
        t.onPrefixed(Op.PLBZ, (c, p, s) -> c.gpr[rt(s)] = c.mmu.load8(ea(c, p, s)));
        t.onPrefixed(Op.PLHZ, (c, p, s) -> c.gpr[rt(s)] = c.mmu.load16(ea(c, p, s)));
        t.onPrefixed(Op.PLHA, (c, p, s) -> c.gpr[rt(s)] = (short) c.mmu.load16(ea(c, p, s)));
        t.onPrefixed(Op.PLWZ, (c, p, s) -> c.gpr[rt(s)] = c.mmu.load32(ea(c, p, s)) & 0xFFFFFFFFL);
        t.onPrefixed(Op.PLWA, (c, p, s) -> c.gpr[rt(s)] = c.mmu.load32(ea(c, p, s)));
        t.onPrefixed(Op.PLD, (c, p, s) -> c.gpr[rt(s)] = c.mmu.load64(ea(c, p, s)));
        t.onPrefixed(Op.PSTB, (c, p, s) -> c.mmu.store8(ea(c, p, s), (int) c.gpr[rt(s)]));
        t.onPrefixed(Op.PSTH, (c, p, s) -> c.mmu.store16(ea(c, p, s), (int) c.gpr[rt(s)]));
        t.onPrefixed(Op.PSTW, (c, p, s) -> c.mmu.store32(ea(c, p, s), (int) c.gpr[rt(s)]));
        t.onPrefixed(Op.PSTD, (c, p, s) -> c.mmu.store64(ea(c, p, s), c.gpr[rt(s)]));
        t.onPrefixed(Op.PLQ, PrefixedLoadStore::plq);
        t.onPrefixed(Op.PSTQ, PrefixedLoadStore::pstq);
    }

    /** EA of an MLS:D/8LS:D form; c.cia is the address of the prefix word. */
    static long ea(Cpu c, int prefix, int suffix) {
        long d = d34(prefix, suffix);
        int ra = ra(suffix);
        if (r(prefix)) {
            if (ra != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
            return c.ea(c.cia + d);
        }
        return c.ea(LoadStore.base(c, ra) + d);
    }

    /** plq RTp,D(RA),R (Book I 3.3.4): RTp odd or RTp=RA is an invalid form. No doubleword swap in LE. */
    static void plq(Cpu c, int prefix, int suffix) {
        int rt = rt(suffix);
        if ((rt & 1) != 0 || rt == ra(suffix)) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        LoadStoreQuad.loadPair(c, ea(c, prefix, suffix), rt, false);
    }

    /** pstq RSp,D(RA),R (Book I 3.3.4): RSp odd is an invalid form. No doubleword swap in LE. */
    static void pstq(Cpu c, int prefix, int suffix) {
        int rs = rt(suffix);
        if ((rs & 1) != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        LoadStoreQuad.storePair(c, ea(c, prefix, suffix), rs, false);
    }
}
