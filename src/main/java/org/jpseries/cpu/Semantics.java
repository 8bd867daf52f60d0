package org.jpseries.cpu;

/**
 * The behaviour of one instruction: reads and writes {@link Cpu} state given the instruction
 * word. Implementations are static methods of the facility classes (FixedPoint, Branch, ...),
 * bound per {@link org.jpseries.isa.Op} in {@link org.jpseries.cpu.insn.InstructionTable}. No allocation on this path.
 */
@FunctionalInterface
public interface Semantics {
    void exec(Cpu cpu, int insn);

    /** A 64-bit prefixed instruction (PowerISA 3.1 Book I 1.6.3): prefix word and suffix word. */
    @FunctionalInterface
    interface Prefixed {
        void exec(Cpu cpu, int prefix, int suffix);
    }
}
