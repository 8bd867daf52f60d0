package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.jpseries.virtio.TestDriver.Queue;
import org.jpseries.virtio.rng.VirtioRng;
import org.junit.jupiter.api.Test;

/** virtio-rng (§5.4): buffers filled from the host source, QEMU's max-bytes/period limit. */
class VirtioRngTest {
    @Test
    void fillsBuffersFromTheSource() {
        try (Rig r = new Rig(new VirtioRng(new Random(42), VirtioRng.DEFAULT_MAX_BYTES, VirtioRng.DEFAULT_PERIOD_MS))) {
            TestDriver drv = r.modern();
            drv.init(1L << 32, 1);
            Queue q = drv.queues.get(0);
            long a = drv.alloc(64), b = drv.alloc(100);
            drv.add(q, TestDriver.in(a, 64));
            drv.add(q, TestDriver.in(b, 100));
            drv.kick(q);
            assertEquals(64, drv.waitUsed(q)[1]);
            assertEquals(100, drv.waitUsed(q)[1]);
            byte[] expect = new byte[64];
            Random src = new Random(42);
            src.nextBytes(expect);
            assertArrayEquals(expect, drv.read(a, 64));
            byte[] next = new byte[100];
            src.nextBytes(next);
            assertArrayEquals(next, drv.read(b, 100));
        }
    }

    @Test
    void legacyLittleEndianDriver() {
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.legacy(false);
            drv.init(1L << 28, 1);
            Queue q = drv.queues.get(0);
            drv.add(q, TestDriver.in(drv.alloc(32), 32));
            drv.kick(q);
            assertEquals(32, drv.waitUsed(q)[1]);
            VirtQueueTest.awaitIrq(r);
            assertEquals(1, drv.readIsr());
        }
    }

    @Test
    void maxBytesPerPeriod() {
        try (Rig r = new Rig(new VirtioRng(new Random(1), 16, 300))) {
            TestDriver drv = r.modern();
            drv.init(1L << 32, 1);
            Queue q = drv.queues.get(0);
            drv.add(q, TestDriver.in(drv.alloc(64), 64));
            drv.add(q, TestDriver.in(drv.alloc(64), 64));
            drv.kick(q);
            long t0 = System.nanoTime();
            assertEquals(16, drv.waitUsed(q)[1], "the period's 16 bytes");
            assertEquals(16, drv.waitUsed(q)[1], "16 more in the next period");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(true, ms >= 250, "the second waited for the period (" + ms + " ms)");
        }
    }

    @Test
    void badLimitsAreRefusedWithQemusMessages() {
        assertEquals("'period' parameter expects a positive integer",
                assertThrows(IllegalArgumentException.class, () -> new VirtioRng(new Random(), 1, 0)).getMessage());
    }
}
