package org.jpseries.cpu.insn;

/**
 * Vector facility (VMX/Altivec, PowerISA Book I chapter 6): integer, logical, permute, bit
 * manipulation, cryptographic and decimal instructions, and the vector loads and stores of both
 * the vector and VSX facilities. Floating-point vector arithmetic is registered by the
 * floating-point facility.
 */
public final class Vmx {
    private Vmx() {}

    public static void register(InstructionTable t) {
        VectorLoadStore.register(t);
        VmxPermute.register(t);
        VmxInteger.register(t);
        VmxBits.register(t);
        VmxCrypto.register(t);
        VmxQuad.register(t);
        VmxDecimal.register(t);
    }
}
