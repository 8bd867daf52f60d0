package org.jpseries.cpu.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jpseries.cpu.jit.CompiledBlock;
import org.jpseries.memory.Page;
import org.jpseries.cpu.Semantics;

/**
 * Decoded instructions of one 4 KiB page, filled lazily as addresses are first executed. Made
 * for one byte order (MSR[LE] at fetch) and thrown away when the page is written.
 *
 * <p>One copy per page is shared by every vCPU thread (it is attached with
 * {@link Page#publishCode}, a compare-and-set, and read from {@link Page#code}, a volatile
 * field). What each thread may write, and how the others see it:
 * <ul>
 * <li>{@link #page}, {@link #littleEndian} and the two slot arrays are final: safe to read in
 * any thread that got the copy from the page.</li>
 * <li>A slot is decoded by whichever vCPU reaches it first, maybe by two at once (both write
 * the same word and semantics): {@link #decoded} stores the word plainly and then the semantics
 * with a release store; {@link #handler} reads the semantics with an acquire load, so a vCPU
 * that sees another's semantics sees its word too. On x86 and with HotSpot an acquire load is a
 * plain load that later loads are not hoisted above.</li>
 * <li>{@link #blocks} is allocated once and each of its slots set once, both by
 * compare-and-set ({@link #blocks()}, {@link #install}): a block compiled by a losing vCPU is
 * dropped, so that every block that can run is one {@link #invalidate} reaches.
 * {@link CompiledBlock}'s address, length and code are final.</li>
 * <li>{@link #heat} is a racy counter: a lost count or array only delays a compilation.</li>
 * <li>{@link #valid} is cleared by the thread that writes the page, before it writes (a
 * volatile store, then a store-store fence, so the new instructions are never visible before the
 * cleared flag); the writer's icbi after its stores clears it again for a copy decoded
 * in between (see StorageControl.icbi). The interpreter reads it plainly before every instruction: the read is never
 * hoisted out of the loop (each instruction is a call the JIT cannot see through), and a guest
 * that runs code another processor modified executes a context-synchronising instruction after
 * seeing the modifier's flag (Book II, Instruction Storage: isync, an interrupt or rfid), which orders it
 * like an acquire (isync is {@code VarHandle.acquireFence()}; interrupts and rfid end the run of
 * a block and read {@code Cpu.pending}, a volatile).</li>
 * </ul>
 */
final class DecodedPage implements Page.PageCode {
    static final int SLOTS = Page.SIZE / 4;
    private static final VarHandle HANDLER = MethodHandles.arrayElementVarHandle(Semantics[].class);
    private static final VarHandle BLOCK = MethodHandles.arrayElementVarHandle(CompiledBlock[].class);
    private static final VarHandle BLOCKS, VALID;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BLOCKS = l.findVarHandle(DecodedPage.class, "blocks", CompiledBlock[].class);
            VALID = l.findVarHandle(DecodedPage.class, "valid", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Page page;
    final boolean littleEndian;
    /** The semantics of each slot, or null before it is decoded: read with {@link #handler}. */
    final Semantics[] handlers = new Semantics[SLOTS];
    /** The word of each decoded slot; read after its {@link #handler}. */
    final int[] words = new int[SLOTS];
    /** Compiled blocks by the slot of their first instruction; allocated when the page gets hot. */
    CompiledBlock[] blocks;
    /** How often each slot was reached by a branch (a block head), counted up to the compile threshold (a char: at most 65,535). */
    char[] heat;
    /** Cleared when the page is written (see the class comment for who reads it how). */
    boolean valid = true;

    DecodedPage(Page page, boolean littleEndian) {
        this.page = page;
        this.littleEndian = littleEndian;
    }

    /** The semantics of slot {@code i} of {@code handlers}, or null; an acquire load (see the class comment). */
    static Semantics handler(Semantics[] handlers, int i) {
        return (Semantics) HANDLER.getAcquire(handlers, i);
    }

    Semantics handler(int i) {
        return handler(handlers, i);
    }

    /** Records slot {@code i}'s decoding: the word, then the semantics with a release store. */
    void decoded(int i, int word, Semantics s) {
        words[i] = word;
        HANDLER.setRelease(handlers, i, s);
    }

    /** The block array, allocated once for all vCPUs. */
    CompiledBlock[] blocks() {
        CompiledBlock[] bs = blocks;
        if (bs != null) return bs;
        bs = new CompiledBlock[SLOTS];
        CompiledBlock[] won = (CompiledBlock[]) BLOCKS.compareAndExchange(this, (CompiledBlock[]) null, bs);
        return won == null ? bs : won;
    }

    /**
     * Sets slot {@code i} of the block array to {@code b} unless another vCPU did first; returns
     * the block the slot holds. A block installed while the page is being invalidated is
     * invalidated here: either {@link #invalidate} sees it or this sees the cleared flag (both
     * sides write, then read, volatile variables).
     */
    CompiledBlock install(int i, CompiledBlock b) {
        CompiledBlock won = (CompiledBlock) BLOCK.compareAndExchange(blocks(), i, (CompiledBlock) null, b);
        if (won != null) return won;
        if (!(boolean) VALID.getVolatile(this)) b.valid = false;
        return b;
    }

    @Override
    public void invalidate() {
        VALID.setVolatile(this, false);
        CompiledBlock[] bs = (CompiledBlock[]) BLOCKS.getVolatile(this);
        if (bs != null) {
            for (int k = 0; k < bs.length; k++) {
                CompiledBlock b = (CompiledBlock) BLOCK.getVolatile(bs, k);
                if (b != null) b.valid = false;
            }
        }
        VarHandle.storeStoreFence(); // the writer stores the page's new contents after this
    }

    /** Instruction word at slot {@code i}, read from the page in the fetch byte order. */
    int fetchWord(int i) {
        int le = page.wordLE(4 * i);
        return littleEndian ? le : Integer.reverseBytes(le);
    }
}
