package org.jpseries.cpu.insn;

import org.jpseries.cpu.Cpu;
import org.jpseries.isa.Op;

/**
 * Fixed-point facility (PowerISA Book I chapter 3). The instructions live in one class per
 * section group: {@link FixedPointArith} (3.3.9), {@link FixedPointCompare} (3.3.10-3.3.12 and the
 * Set Boolean instructions), {@link FixedPointLogical} (3.3.13), {@link FixedPointRotate} (3.3.14)
 * and {@link FixedPointMove} (3.3.17, move to/from system registers). This class
 * registers them and holds the helpers they share.
 */
public final class FixedPoint {
    private FixedPoint() {}

    public static void register(InstructionTable t) {
        FixedPointArith.register(t);
        FixedPointCompare.register(t);
        FixedPointLogical.register(t);
        FixedPointRotate.register(t);
        FixedPointMove.register(t);
        t.onPrefixed(Op.PNOP, FixedPoint::pnop);
    }

    /** pnop (Book I, Prefixed No-Operation, ISA 3.1): does nothing; the interpreter already stepped past it. */
    static void pnop(Cpu c, int prefix, int suffix) {
    }

    /** (RA|0): the value of GPR RA, or 0 when the RA field is 0 (Book I 1.6.28 notation). */
    static long gprOrZero(Cpu c, int ra) {
        return ra == 0 ? 0 : c.gpr[ra];
    }

    /**
     * Records CR0 for an Rc=1 instruction (Book I 2.3.1): LT/GT/EQ from a signed comparison of the
     * result with zero (the whole 64-bit result in 64-bit mode, bits 32:63 in 32-bit mode) and
     * SO copied from XER.
     */
    static void recordCr0(Cpu c, long result) {
        c.setCr0(c.sf() ? result : (int) result);
    }

    /** True if the model has the ISA 3.0 XER bits OV32 and CA32 (Book I 3.2.2). */
    static boolean hasXer32(Cpu c) {
        return c.model.isaVersion >= 300;
    }

    /** Sets XER[OV] (and OV32 on ISA 3.0), and SO if OV is set (Book I 3.2.2). */
    static void setOv(Cpu c, boolean ov, boolean ov32) {
        c.ov = ov;
        if (hasXer32(c)) c.ov32 = ov32;
        if (ov) c.so = true;
    }

    /** Sets XER[CA] (and CA32 on ISA 3.0). */
    static void setCa(Cpu c, boolean ca, boolean ca32) {
        c.ca = ca;
        if (hasXer32(c)) c.ca32 = ca32;
    }
}
