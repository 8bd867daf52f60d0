package org.jpseries.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The pages of guest RAM written since the last pass of an outgoing migration (QEMU's dirty
 * bitmap: migration/ram.c migration_bitmap_sync, the TLB_NOTDIRTY write path of
 * accel/tcg/cputlb.c). While it is on, every writer marks the 4 KiB page it writes: a vCPU when
 * it installs a write translation ({@code Mmu}: a store through an entry made before the last
 * {@link #take} is impossible, because the migration drops every vCPU's translations after each
 * take), host writes ({@link GuestRam#write}: hcalls, RTAS, the client interface, XIVE queues,
 * device DMA) and the radix walk's reference/change updates.
 *
 * <p>Thread safety: marks from any thread are atomic bit sets; {@link #take} swaps each word
 * with zero, so a mark is either in the returned set or in the next one, never lost.
 */
public final class DirtyLog {
    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);
    private final long[] bits;
    private final long pages;
    private volatile boolean on;

    DirtyLog(long pages) {
        this.pages = pages;
        this.bits = new long[Math.toIntExact((pages + 63) >>> 6)];
    }

    /** The number of pages the log covers. */
    public long pages() {
        return pages;
    }

    /** Whether writes are being logged. */
    public boolean on() {
        return on;
    }

    /** Marks page {@code pn} written, if the log is on. */
    public void mark(long pn) {
        if (!on) return;
        int w = (int) (pn >>> 6);
        long m = 1L << (pn & 63);
        if (((long) WORD.getVolatile(bits, w) & m) == 0) WORD.getAndBitwiseOr(bits, w, m);
    }

    /** Marks the pages of real range [pa, pa+len), if the log is on. */
    public void markRange(long pa, long len) {
        if (!on || len <= 0) return;
        for (long pn = pa >>> Page.SHIFT, last = (pa + len - 1) >>> Page.SHIFT; pn <= last; pn++) mark(pn);
    }

    /** The pages a page bitmap names (as {@link #take} returns, or a RAM section's "present"). */
    public static long count(long[] bits) {
        long n = 0;
        for (long b : bits) n += Long.bitCount(b);
        return n;
    }

    /** Starts logging with no page marked. */
    public void start() {
        for (int i = 0; i < bits.length; i++) WORD.setVolatile(bits, i, 0L);
        on = true;
    }

    /** Stops logging; the marks are dropped. */
    public void stop() {
        on = false;
        for (int i = 0; i < bits.length; i++) WORD.setVolatile(bits, i, 0L);
    }

    /**
     * The pages marked since the last take (bit k of word k/64 is page k), and clears them: a
     * mark made meanwhile lands in this set or in the next one.
     */
    public long[] take() {
        long[] out = new long[bits.length];
        for (int i = 0; i < out.length; i++) {
            if ((long) WORD.getVolatile(bits, i) != 0) out[i] = (long) WORD.getAndSet(bits, i, 0L);
        }
        return out;
    }
}
