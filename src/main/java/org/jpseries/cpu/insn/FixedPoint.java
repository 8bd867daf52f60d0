package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.Fields.si;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.InstructionTable;
import org.jpseries.isa.Op;

/** Fixed-point facility (PowerISA Book I chapter 3): arithmetic, logical, compare, rotate, shift, trap. */
public final class FixedPoint {
    private FixedPoint() {}

    public static void register(InstructionTable t) {
        t.on(Op.ADDI, FixedPoint::addi);
    }

    /** addi RT,RA,SI: RT = (RA|0) + EXTS(SI) (Book I 3.3.9). */
    static void addi(Cpu c, int w) {
        int ra = ra(w);
        c.gpr[rt(w)] = (ra == 0 ? 0 : c.gpr[ra]) + si(w);
    }
}
