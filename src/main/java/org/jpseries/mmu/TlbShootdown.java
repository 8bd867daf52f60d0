package org.jpseries.mmu;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jpseries.state.Role;

/**
 * The TLB shoot-down of a partition: its vCPUs, each caching translations in its software TLB,
 * and the count of invalidations they must all have seen before an invalidating hcall or tlbie
 * completes (global completion, as QEMU's tlb_flush_all_cpus_synced / tlb_flush_page_all_cpus).
 *
 * <p>Invalidating asks every vCPU to drop the translations ({@link Target#requestTlbFlush} or
 * queued real ranges with {@link Target#invalidateRealRange}), which it does at its next instruction
 * boundary, recording in {@link Target#tlbFlushedSeq} the count it had read before flushing.
 * {@link #awaitFlushed} then waits until every other vCPU has flushed past a count or is outside
 * guest code. The hash page table and the radix tlbie both invalidate through this.
 */
public final class TlbShootdown {
    /**
     * What the shoot-down needs of a vCPU that caches this partition's translations
     * ({@code org.jpseries.cpu.Cpu}): the MMU sits below the CPU, so it reaches it only through this.
     */
    public interface Target {
        /** Shares the partition's invalidation count with the vCPU. */
        void attachFlushSeq(AtomicLong flushSeq);

        /** The vCPU drops its whole software TLB before its next instruction. */
        void requestTlbFlush();

        /** The vCPU queues [start, start+length) to drop before its next instruction. */
        void invalidateRealRange(long start, long length);

        /** The vCPU looks at its queued ranges again before its next instruction. */
        void requestRangeFlush();

        /** The invalidation count the vCPU had seen when it last flushed its software TLB. */
        long tlbFlushedSeq();

        /** Whether the vCPU's host thread executes guest code now. */
        boolean inGuest();

        void inGuest(boolean inGuest);
    }

    @Role(kind = Role.Kind.WIRING, why = "the partition's vCPUs, attached by their translators")
    private final CopyOnWriteArrayList<Target> cpus = new CopyOnWriteArrayList<>();

    /**
     * Counts invalidations of this partition's translations; each vCPU records the count it has
     * flushed up to ({@link Target#tlbFlushedSeq}), so an invalidation can wait for global completion.
     */
    @Role(kind = Role.Kind.CACHE, why = "progress of TLB invalidations, meaningful only while vCPUs cache translations")
    private final AtomicLong flushSeq = new AtomicLong();

    /** Registers a vCPU that caches translations of this partition. */
    public void attach(Target cpu) {
        cpu.attachFlushSeq(flushSeq);
        cpus.addIfAbsent(cpu);
    }

    public void detach(Target cpu) {
        cpus.remove(cpu);
    }

    /** The invalidation count now: what {@link #awaitFlushed} waits for after an invalidation. */
    public long seq() {
        return flushSeq.get();
    }

    /** Every vCPU drops its whole software TLB before its next instruction. */
    public void flushAll() {
        flushSeq.incrementAndGet();
        for (Target c : cpus) c.requestTlbFlush();
    }

    /**
     * Every vCPU drops what it cached of the real range [start, start+size). The range is queued
     * before the count moves, so a vCPU that has flushed up to the new count has dropped it.
     */
    public void invalidateReal(long start, long size) {
        for (Target c : cpus) c.invalidateRealRange(start, size);
        flushSeq.incrementAndGet();
        // Raise again after the count moved: a vCPU that consumed the first request may have read
        // the count before it moved, and would otherwise never report having flushed past it
        // while an hcall waits for it (a deadlock when it spins on a lock the waiter holds).
        for (Target c : cpus) c.requestRangeFlush();
    }

    /**
     * A partition-wide tlbie (radix): every vCPU flushes its software TLB, and this returns once
     * each other one has done so or is outside guest code. The caller counts as outside guest
     * code while it waits, so two vCPUs issuing tlbie at once never wait for each other; it
     * flushes its own TLB itself.
     */
    public void flushAllAndWait(Target self) {
        flushAll();
        long seq = flushSeq.get();
        boolean wasInGuest = self.inGuest();
        self.inGuest(false);
        try {
            awaitFlushed(self, seq);
        } finally {
            self.inGuest(wasInGuest);
        }
    }

    /**
     * Global completion of invalidations up to {@code seq}: returns once every attached vCPU
     * but {@code self} has flushed its software TLB past it or is not executing guest code (it
     * flushes before its next instruction). The caller must be out of guest code meanwhile
     * ({@code self.inGuest() == false}), so two vCPUs waiting at once never wait for each other.
     */
    public void awaitFlushed(Target self, long seq) {
        for (Target c : cpus) {
            if (c == self) continue;
            for (int spins = 0; c.inGuest() && c.tlbFlushedSeq() < seq; spins++) {
                if (spins < 100) Thread.onSpinWait();
                else LockSupport.parkNanos(20_000);
            }
        }
    }
}
