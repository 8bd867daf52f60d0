package org.jpseries.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.mmu.Mmu;
import org.junit.jupiter.api.Test;

/** The decrementer's host timer (Book III 8.2): when the exception becomes pending, and when not. */
class DecrementerTimerTest {
    static final long MS = TimeBase.FREQUENCY / 1000; // time base ticks per millisecond

    private static Cpu cpu(TimeBase tb) {
        Cpu c = new Cpu(CpuModel.POWER9, new Mmu(null));
        c.timeBase = tb;
        c.sys.reset();
        return c;
    }

    private static boolean pending(Cpu c) {
        return (c.pending & Cpu.PENDING_DECREMENTER) != 0;
    }

    private static void awaitPending(Cpu c, long maxMillis, String what) throws InterruptedException {
        long end = System.nanoTime() + maxMillis * 1_000_000L;
        while (!pending(c)) {
            if (System.nanoTime() > end) throw new AssertionError(what + ": no decrementer exception within " + maxMillis + " ms");
            Thread.sleep(1);
        }
    }

    @Test
    void firesWhenTheCountPassesZeroAndNotBefore() throws Exception {
        TimeBase tb = new TimeBase();
        Cpu c = cpu(tb);
        long start = tb.read();
        c.sys.writeDecrementer(30 * MS);
        assertFalse(pending(c));
        awaitPending(c, 5000, "30 ms");
        assertTrue(tb.read() - start >= 30 * MS, "not before the count passed zero");
    }

    @Test
    void aLaterRewriteWithdrawsTheEarlierDeadline() throws Exception {
        TimeBase tb = new TimeBase();
        Cpu c = cpu(tb);
        c.sys.writeDecrementer(5 * MS);
        c.sys.writeDecrementer(400 * MS); // Linux's pattern: maximum first, then the next event
        Thread.sleep(100);
        assertFalse(pending(c), "the 5 ms deadline was replaced");
        awaitPending(c, 5000, "400 ms");
    }

    @Test
    void anEarlierRewriteWakesTheTimer() throws Exception {
        TimeBase tb = new TimeBase();
        Cpu c = cpu(tb);
        c.sys.writeDecrementer(0x7fff_ffffL); // about 4 s
        Thread.sleep(50); // the timer sleeps toward it
        long t0 = System.nanoTime();
        c.sys.writeDecrementer(10 * MS);
        awaitPending(c, 3000, "10 ms after a 4 s deadline");
        assertTrue(System.nanoTime() - t0 < 900_000_000L, "woken for the earlier deadline, not at its next periodic look");
    }

    @Test
    void eachVcpuOnTheTimeBaseHasItsOwnDeadline() throws Exception {
        TimeBase tb = new TimeBase();
        Cpu a = cpu(tb), b = cpu(tb);
        a.sys.writeDecrementer(20 * MS);
        b.sys.writeDecrementer(0x7fff_ffffL);
        awaitPending(a, 3000, "vCPU a");
        assertFalse(pending(b), "vCPU b's deadline is seconds away");
    }

    @Test
    void aNegativeValueIsPendingAtOnceAndAPositiveOneWithdrawsIt() {
        Cpu c = cpu(new TimeBase());
        c.sys.writeDecrementer(-1);
        assertTrue(pending(c));
        c.sys.writeDecrementer(0x7fff_ffffL);
        assertFalse(pending(c));
    }

    @Test
    void noExpiryWhileTheTimeBaseIsStopped() throws Exception {
        TimeBase tb = new TimeBase();
        Cpu c = cpu(tb);
        tb.stop(); // the VM is stopped: the count does not move
        c.sys.writeDecrementer(5 * MS);
        Thread.sleep(100);
        assertFalse(pending(c), "stopped VM");
        tb.resume();
        awaitPending(c, 3000, "after resume");
    }

    @Test
    void resetAndCancelWithdrawTheDeadlineAndTheThreadEnds() throws Exception {
        TimeBase tb = new TimeBase();
        Cpu c = cpu(tb);
        c.sys.writeDecrementer(50 * MS);
        c.sys.cancelTimers();
        Thread.sleep(150);
        assertFalse(pending(c), "cancelled");
        assertTrue(tb.decrementerTimer().serving());
        long end = System.nanoTime() + 5_000_000_000L;
        while (tb.decrementerTimer().serving()) {
            if (System.nanoTime() > end) throw new AssertionError("the timer thread still runs with nothing armed");
            Thread.sleep(20);
        }
        c.sys.writeDecrementer(5 * MS);
        awaitPending(c, 3000, "a new thread after the old one ended");
    }

    /**
     * Four vCPUs on one time base, each doing what Linux's timer interrupt does thousands of times
     * (DEC = maximum, then DEC = the next event a few milliseconds away, wait for the exception):
     * every deadline must be met, none lost in the races between arming and the timer's scans.
     */
    @Test
    void manyVcpusRearmingConcurrentlyLoseNoDeadline() throws Exception {
        TimeBase tb = new TimeBase();
        int vcpus = 4, rounds = 150;
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int v = 0; v < vcpus; v++) {
            Cpu c = cpu(tb);
            java.util.Random random = new java.util.Random(v);
            Thread t = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds && failure.get() == null; r++) {
                        c.sys.writeDecrementer(0x7fff_ffffL);
                        long ticks = (1 + random.nextInt(3)) * MS;
                        long armedAt = tb.read();
                        c.sys.writeDecrementer(ticks);
                        // the timer sleeps up to a second when nothing is near: missing the wake-up shows
                        long end = System.nanoTime() + 700_000_000L;
                        while (!pending(c)) {
                            if (System.nanoTime() > end) {
                                failure.set("round " + r + ": a " + ticks / MS + " ms deadline not met within 0.7 s");
                                return;
                            }
                            Thread.onSpinWait();
                        }
                        if (tb.read() - armedAt < ticks) failure.set("round " + r + ": raised before the deadline");
                    }
                } catch (RuntimeException e) {
                    failure.set(e.toString());
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join(60_000);
        assertTrue(failure.get() == null, String.valueOf(failure.get()));
    }
}
