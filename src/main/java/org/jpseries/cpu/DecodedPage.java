package org.jpseries.cpu;

import org.jpseries.cpu.jit.CompiledBlock;
import org.jpseries.memory.Page;

/**
 * Decoded instructions of one 4 KiB page, filled lazily as addresses are first executed. Made
 * for one byte order (MSR[LE] at fetch) and thrown away when the page is written.
 */
final class DecodedPage implements Page.PageCode {
    static final int SLOTS = Page.SIZE / 4;

    final Page page;
    final boolean littleEndian;
    final Semantics[] handlers = new Semantics[SLOTS];
    final int[] words = new int[SLOTS];
    /** Compiled blocks by the slot of their first instruction; allocated when the page gets hot. */
    CompiledBlock[] blocks;
    /** How often each slot was reached by a branch (a block head), saturating at the compile threshold. */
    byte[] heat;
    /**
     * Cleared when the page is written. Plain, not volatile: the interpreter re-reads it after
     * every instruction (a call it cannot see through), and another vCPU's store only needs to
     * become visible by the next context-synchronising instruction (Book II 1.8: icbi + isync).
     */
    boolean valid = true;

    DecodedPage(Page page, boolean littleEndian) {
        this.page = page;
        this.littleEndian = littleEndian;
    }

    @Override
    public void invalidate() {
        valid = false;
        CompiledBlock[] bs = blocks;
        if (bs != null) {
            for (CompiledBlock b : bs) {
                if (b != null) b.valid = false;
            }
        }
    }

    /** Instruction word at slot {@code i}, read from the page in the fetch byte order. */
    int fetchWord(int i) {
        byte[] d = page.data;
        int o = page.base + 4 * i;
        int le = (d[o] & 0xFF) | (d[o + 1] & 0xFF) << 8 | (d[o + 2] & 0xFF) << 16 | (d[o + 3] & 0xFF) << 24;
        return littleEndian ? le : Integer.reverseBytes(le);
    }
}
