package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * Load And Reserve and Store Conditional (Book II 4.4.2). A larx records the reserved address
 * and the value it loaded; a stcx. to that address stores only if storage still holds that value
 * (a compare-and-set, so a store by another thread in between makes it fail) and records the
 * outcome in CR0 = 0b00 || n || XER[SO]. Every stcx. clears the reservation. As in
 * qemu-ppc64le, a stcx. to another address fails without accessing storage, and the reservation
 * length is not compared. The EH hint of larx is ignored. Unaligned operands of both raise an
 * alignment interrupt.
 */
final class Reservation {
    private Reservation() {}

    static void register(InstructionTable t) {
        t.on(Op.LBARX, (c, w) -> larx(c, w, 1));
        t.on(Op.LHARX, (c, w) -> larx(c, w, 2));
        t.on(Op.LWARX, (c, w) -> larx(c, w, 4));
        t.on(Op.LDARX, (c, w) -> larx(c, w, 8));
        t.on(Op.STBCX_DOT, (c, w) -> stcx(c, w, 1));
        t.on(Op.STHCX_DOT, (c, w) -> stcx(c, w, 2));
        t.on(Op.STWCX_DOT, (c, w) -> stcx(c, w, 4));
        t.on(Op.STDCX_DOT, (c, w) -> stcx(c, w, 8));
        t.on(Op.LQARX, Reservation::lqarx);
        t.on(Op.STQCX_DOT, Reservation::stqcx);
    }

    /** lbarx/lharx/lwarx/ldarx RT,RA,RB,EH (Book II 4.4.2): zero-extended load that sets a reservation. */
    static void larx(Cpu c, int w, int size) {
        long ea = LoadStore.eaX(c, w);
        LoadStore.requireAligned(c, ea, size);
        long v = switch (size) {
            case 1 -> c.mmu.load8(ea);
            case 2 -> c.mmu.load16(ea);
            case 4 -> c.mmu.load32(ea) & 0xFFFFFFFFL;
            default -> c.mmu.load64(ea);
        };
        c.gpr[rt(w)] = v;
        c.reserveAddr = ea;
        c.reserveLength = size;
        c.reserveValue = v;
    }

    /** stbcx./sthcx./stwcx./stdcx. RS,RA,RB (Book II 4.4.2). */
    static void stcx(Cpu c, int w, int size) {
        long ea = LoadStore.eaX(c, w);
        boolean stored = false;
        if (c.reserveAddr == ea) {
            LoadStore.requireAligned(c, ea, size);
            long v = c.gpr[rt(w)];
            if (size < 8) v &= (1L << (8 * size)) - 1;
            stored = c.mmu.compareAndSet(ea, size, c.reserveValue, v);
        }
        c.reserveAddr = -1;
        setCr0(c, stored);
    }

    static void setCr0(Cpu c, boolean stored) {
        c.cr = (c.cr & 0x0FFFFFFF) | ((stored ? 2 : 0) | (c.so ? 1 : 0)) << 28;
    }

    /**
     * lqarx RTp,RA,RB,EH (Book II 4.4.2): RTp odd, or equal to RA or RB, is an invalid form. Both
     * doublewords are read inside the quadword's exclusive section, so a concurrent stqcx. (which
     * writes them inside the same section) is seen entirely or not at all.
     */
    static void lqarx(Cpu c, int w) {
        int rt = rt(w);
        if ((rt & 1) != 0 || rt == ra(w) || rt == rb(w)) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        long ea = LoadStore.eaX(c, w);
        LoadStore.requireAligned(c, ea, 16);
        synchronized (c.mmu.section(ea)) {
            LoadStoreQuad.loadPair(c, ea, rt, c.littleEndian());
        }
        c.reserveAddr = ea;
        c.reserveLength = 16;
        c.reserveValue = c.gpr[rt];
        c.reserveValue2 = c.gpr[rt + 1];
    }

    /**
     * stqcx. RSp,RA,RB (Book II 4.4.2): RSp odd is an invalid form. The comparison with what
     * lqarx loaded and the two doubleword stores are one step inside the quadword's exclusive
     * section, which every other atomic update of the quadword also holds.
     */
    static void stqcx(Cpu c, int w) {
        int rs = rt(w);
        if ((rs & 1) != 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        long ea = LoadStore.eaX(c, w);
        boolean stored = false;
        if (c.reserveAddr == ea) {
            LoadStore.requireAligned(c, ea, 16);
            boolean le = c.littleEndian();
            LoadStore.probeStore(c, ea, 16);
            synchronized (c.mmu.section(ea)) {
                long first = c.mmu.load64(ea);
                long second = c.mmu.load64(c.ea(ea + 8));
                long hi = le ? second : first, lo = le ? first : second;
                if (hi == c.reserveValue && lo == c.reserveValue2) {
                    LoadStoreQuad.storePair(c, ea, rs, le);
                    stored = true;
                }
            }
        }
        c.reserveAddr = -1;
        setCr0(c, stored);
    }
}
