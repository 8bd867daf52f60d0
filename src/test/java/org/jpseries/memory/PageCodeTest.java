package org.jpseries.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * A page's decoded copy is attached by compare-and-set and detached by an atomic swap: with
 * vCPU threads attaching copies and a writer dropping them at the same time, every copy that
 * was ever attached and is no longer the page's has been invalidated, so no vCPU keeps running
 * a copy a store cannot reach.
 */
class PageCodeTest {
    static final class Copy implements Page.PageCode {
        volatile boolean invalid;

        @Override
        public void invalidate() {
            invalid = true;
        }
    }

    @Test
    void publishReplacesOnlyTheExpectedCopyAndInvalidatesIt() {
        Page p = new Page(Page.PROT_READ);
        Copy a = new Copy(), b = new Copy(), c = new Copy();
        assertTrue(p.publishCode(null, a));
        assertFalse(p.publishCode(null, b), "another thread attached a copy meanwhile");
        assertSame(a, p.code);
        assertFalse(a.invalid);
        assertTrue(p.publishCode(a, c), "replacing a copy (another byte order)");
        assertTrue(a.invalid, "the replaced copy must stop running");
        assertTrue(p.dropCode());
        assertTrue(c.invalid);
        assertNull(p.code);
        assertFalse(p.dropCode());
    }

    @Test
    void noAttachedCopyEscapesInvalidationUnderRaces() throws Exception {
        int threads = 4, rounds = 500_000;
        Page p = new Page(Page.PROT_READ);
        ConcurrentLinkedQueue<Copy> attached = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(new Thread(() -> {
                await(start);
                for (int i = 0; i < rounds; i++) {
                    Page.PageCode cur = p.code;
                    if (cur instanceof Copy c && !c.invalid) continue;
                    Copy fresh = new Copy();
                    if (p.publishCode(cur, fresh)) attached.add(fresh);
                }
            }));
        }
        all.add(new Thread(() -> {
            await(start);
            for (int i = 0; i < rounds; i++) p.dropCode(); // a writer's stores
        }));
        for (Thread t : all) t.start();
        for (Thread t : all) t.join();
        Page.PageCode last = p.code;
        int live = 0;
        for (Copy c : attached) {
            if (c == last) assertFalse(c.invalid, "the attached copy is valid");
            else if (!c.invalid) live++;
        }
        assertEquals(0, live, "copies detached without being invalidated");
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
