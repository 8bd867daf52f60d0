package org.jpseries.mmu;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jpseries.cpu.Cpu;
import org.jpseries.state.Role;

/**
 * The TLB shoot-down of a partition: its vCPUs, each caching translations in its software TLB,
 * and the count of invalidations they must all have seen before an invalidating hcall or tlbie
 * completes (global completion, as QEMU's tlb_flush_all_cpus_synced / tlb_flush_page_all_cpus).
 *
 * <p>Invalidating asks every vCPU to drop the translations ({@link Cpu#PENDING_TLB_FLUSH} or
 * queued real ranges with {@link Cpu#PENDING_TLB_RANGES}), which it does at its next instruction
 * boundary, recording in {@link Cpu#tlbFlushedSeq} the count it had read before flushing.
 * {@link #awaitFlushed} then waits until every other vCPU has flushed past a count or is outside
 * guest code. The hash page table and the radix tlbie both invalidate through this.
 */
public final class TlbShootdown {
    @Role(kind = Role.Kind.WIRING, why = "the partition's vCPUs, attached by their translators")
    private final CopyOnWriteArrayList<Cpu> cpus = new CopyOnWriteArrayList<>();

    /**
     * Counts invalidations of this partition's translations; each vCPU records the count it has
     * flushed up to ({@link Cpu#tlbFlushedSeq}), so an invalidation can wait for global completion.
     */
    @Role(kind = Role.Kind.CACHE, why = "progress of TLB invalidations, meaningful only while vCPUs cache translations")
    private final AtomicLong flushSeq = new AtomicLong();

    /** Registers a vCPU that caches translations of this partition. */
    public void attach(Cpu cpu) {
        cpu.tlbFlushSeq = flushSeq;
        cpus.addIfAbsent(cpu);
    }

    public void detach(Cpu cpu) {
        cpus.remove(cpu);
    }

    /** The invalidation count now: what {@link #awaitFlushed} waits for after an invalidation. */
    public long seq() {
        return flushSeq.get();
    }

    /** Every vCPU drops its whole software TLB before its next instruction. */
    public void flushAll() {
        flushSeq.incrementAndGet();
        for (Cpu c : cpus) c.raise(Cpu.PENDING_TLB_FLUSH);
    }

    /**
     * Every vCPU drops what it cached of the real range [start, start+size). The range is queued
     * before the count moves, so a vCPU that has flushed up to the new count has dropped it.
     */
    public void invalidateReal(long start, long size) {
        for (Cpu c : cpus) c.invalidateRealRange(start, size);
        flushSeq.incrementAndGet();
        // Raise again after the count moved: a vCPU that consumed the first request may have read
        // the count before it moved, and would otherwise never report having flushed past it
        // while an hcall waits for it (a deadlock when it spins on a lock the waiter holds).
        for (Cpu c : cpus) c.raise(Cpu.PENDING_TLB_RANGES);
    }

    /**
     * A partition-wide tlbie (radix): every vCPU flushes its software TLB, and this returns once
     * each other one has done so or is outside guest code. The caller counts as outside guest
     * code while it waits, so two vCPUs issuing tlbie at once never wait for each other; it
     * flushes its own TLB itself.
     */
    public void flushAllAndWait(Cpu self) {
        flushAll();
        long seq = flushSeq.get();
        boolean wasInGuest = self.inGuest;
        self.inGuest = false;
        try {
            awaitFlushed(self, seq);
        } finally {
            self.inGuest = wasInGuest;
        }
    }

    /**
     * Global completion of invalidations up to {@code seq}: returns once every attached vCPU
     * but {@code self} has flushed its software TLB past it or is not executing guest code (it
     * flushes before its next instruction). The caller must be out of guest code meanwhile
     * ({@code self.inGuest == false}), so two vCPUs waiting at once never wait for each other.
     */
    public void awaitFlushed(Cpu self, long seq) {
        for (Cpu c : cpus) {
            if (c == self) continue;
            for (int spins = 0; c.inGuest && c.tlbFlushedSeq < seq; spins++) {
                if (spins < 100) Thread.onSpinWait();
                else LockSupport.parkNanos(20_000);
            }
        }
    }
}
