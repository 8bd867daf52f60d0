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

    /**
     * Cleared when the page holding the block is written; a chain never enters an invalid block.
     * Cleared by the writing thread before its store (DecodedPage.invalidate: a store-store fence
     * follows) and read plainly between chained blocks, ordered by the guest's own context
     * synchronisation as DecodedPage explains. A block is published to other vCPUs through
     * DecodedPage's compare-and-set; its address, length and code are final.
     */
    public boolean valid = true;
    /** The blocks seen to follow this one (taken and fall-through), to chain without a look-up. */
    private CompiledBlock next0, next1;

    /**
     * Runs the block; returns how many of its instructions completed: all of them, or fewer when
     * a store ended it early because it wrote over the block's own code ({@code c.nip} is then
     * the next instruction, to be fetched anew).
     */
    public abstract int run(Cpu c);

    /** Bit k set when the k-th instruction is prefixed (8 bytes); set by {@link BlockCompiler} before the block is published. */
    long prefixed;

    /**
     * How many of the block's instructions precede the one at {@code cia}: those that completed
     * when the instruction at {@code cia} raised an interrupt, for the retired-instruction count.
     */
    public final int completedBefore(long cia) {
        long a = pc;
        int k = 0;
        while (k < length && a != cia) {
            a += (prefixed >>> k & 1) != 0 ? 8 : 4;
            k++;
        }
        return k;
    }

    /** The known successor starting at {@code nip}, or null. */
    public final CompiledBlock successor(long nip) {
        CompiledBlock s = next0;
        if (s != null && s.pc == nip) return s;
        s = next1;
        return s != null && s.pc == nip ? s : null;
    }

    /** Records that {@code next} ran right after this block. */
    public final void link(CompiledBlock next) {
        if (next0 == null || next0 == next) next0 = next;
        else next1 = next;
    }
}
