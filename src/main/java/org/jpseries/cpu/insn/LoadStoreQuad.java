package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.dq;
import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * Load/Store Quadword (Book I 3.3.4 in 3.1, Book II 3.3 before it): an even/odd register pair.
 * RTp (even) takes the high-order doubleword of the quadword and RTp+1 the low-order one. In
 * Big-Endian mode the high-order doubleword is at EA; in Little-Endian mode the quadword is
 * byte-reversed as a whole, so the low-order doubleword is at EA (read little-endian) and the
 * high-order one at EA+8. The prefixed forms (plq/pstq, {@link PrefixedLoadStore}) do not swap:
 * RTp is at EA in both modes, as qemu-ppc64le does.
 *
 * <p>Like qemu-ppc64le, a quadword that is not 16-byte aligned is accessed without an alignment
 * interrupt (only lqarx/stqcx. insist on alignment).
 */
final class LoadStoreQuad {
    private LoadStoreQuad() {}

    static void register(InstructionTable t) {
        t.on(Op.LQ, LoadStoreQuad::lq);
        t.on(Op.STQ, LoadStoreQuad::stq);
    }

    /** lq RTp,DQ(RA) (Book I 3.3.4): RTp odd or RTp=RA is an invalid form (illegal, as in qemu). */
    static void lq(Cpu c, int w) {
        int rt = rt(w);
        if ((rt & 1) != 0 || rt == ra(w)) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        long ea = c.ea(LoadStore.base(c, ra(w)) + dq(w));
        loadPair(c, ea, rt, c.littleEndian());
    }

    /** stq RSp,DS(RA) (Book I 3.3.4): RSp odd is an invalid form. */
    static void stq(Cpu c, int w) {
        int rs = rt(w);
        if ((rs & 1) != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        storePair(c, LoadStore.eaDS(c, w), rs, c.littleEndian());
    }

    /** Loads the pair; {@code swap} puts RT+1 (low-order doubleword) at EA. Both loads precede the writes. */
    static void loadPair(Cpu c, long ea, int rt, boolean swap) {
        long first = c.mmu.load64(ea);
        long second = c.mmu.load64(c.ea(ea + 8));
        c.gpr[rt] = swap ? second : first;
        c.gpr[rt + 1] = swap ? first : second;
    }

    /** Stores the pair; both pages are translated first so a fault stores nothing. */
    static void storePair(Cpu c, long ea, int rs, boolean swap) {
        long hi = c.gpr[rs], lo = c.gpr[rs + 1];
        LoadStore.probeStore(c, ea, 16);
        c.mmu.store64(ea, swap ? lo : hi);
        c.mmu.store64(c.ea(ea + 8), swap ? hi : lo);
    }
}
