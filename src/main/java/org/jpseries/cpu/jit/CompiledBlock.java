package org.jpseries.cpu.jit;

import org.jpseries.cpu.Cpu;

/**
 * A straight-line run of guest instructions compiled to JVM bytecode. {@link #run} executes them
 * in order exactly as the interpreter would (the same {@code Semantics}, the same {@code cia}/
 * {@code nip} protocol), so an interrupt thrown by the k-th instruction leaves the state the
 * interpreter would have left.
 */
public abstract class CompiledBlock {
    /** Number of instructions in the block (for the retired-instruction count). */
    public final int length;
    /** Effective address of the first instruction: the block is valid only when entered there. */
    public final long pc;

    protected CompiledBlock(int length, long pc) {
        this.length = length;
        this.pc = pc;
    }

    public abstract void run(Cpu c);
}
