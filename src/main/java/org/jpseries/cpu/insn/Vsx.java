package org.jpseries.cpu.insn;

/**
 * Vector-scalar facility (PowerISA Book I chapter 7): moves, logical, permute and splat
 * instructions. VSX loads and stores are registered with the vector ones (see {@link Vmx});
 * floating-point VSX arithmetic belongs to the floating-point facility.
 */
public final class Vsx {
    private Vsx() {}

    public static void register(InstructionTable t) {
        VsxPermute.register(t);
    }
}
