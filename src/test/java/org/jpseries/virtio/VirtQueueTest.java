package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.virtio.TestDriver.Queue;
import org.junit.jupiter.api.Test;

/** The split ring as §2.7 describes it, driven through the PCI transport: chains, indirect tables, notification suppression both ways, and the driver mistakes that must stop only the device. */
class VirtQueueTest {
    static final long VERSION_1 = 1L << 32, INDIRECT = 1L << 28, EVENT_IDX = 1L << 29;

    @Test
    void aChainArrivesWhole() {
        TestDevice d = new TestDevice(false);
        try (Rig r = new Rig(d)) {
            TestDriver drv = r.modern();
            drv.init(VERSION_1, 1);
            Queue q = drv.queues.get(0);
            int head = drv.add(q, TestDriver.out(drv.alloc(8), 8), TestDriver.out(drv.alloc(4), 4), TestDriver.in(drv.alloc(16), 16));
            drv.kick(q);
            long[] used = drv.waitUsed(q);
            assertEquals(head, used[0]);
            VirtQueueElement e = d.seen.get(0);
            assertEquals(2, e.outCount());
            assertEquals(1, e.inCount());
            assertEquals(12, e.outSize());
            assertEquals(16, e.inSize());
        }
    }

    @Test
    void indirectDescriptors() {
        TestDevice d = new TestDevice(false);
        try (Rig r = new Rig(d)) {
            TestDriver drv = r.modern();
            assertEquals(VERSION_1 | INDIRECT, drv.init(VERSION_1 | INDIRECT, 1));
            Queue q = drv.queues.get(0);
            int head = drv.addIndirect(q, TestDriver.out(drv.alloc(16), 16), TestDriver.in(drv.alloc(8), 8), TestDriver.in(drv.alloc(8), 8));
            drv.kick(q);
            assertEquals(head, drv.waitUsed(q)[0]);
            VirtQueueElement e = d.seen.get(0);
            assertEquals(1, e.outCount());
            assertEquals(2, e.inCount());
            assertEquals(16, e.inSize());
            assertEquals(0, drv.status() & 0x40);
        }
    }

    @Test
    void indirectWithoutTheFeatureIsAnError() {
        try (Rig r = new Rig(new TestDevice(false))) {
            TestDriver drv = r.modern();
            drv.init(VERSION_1, 1);
            Queue q = drv.queues.get(0);
            drv.addIndirect(q, TestDriver.in(drv.alloc(8), 8));
            drv.kick(q);
            awaitNeedsReset(drv);
        }
    }

    @Test
    void noInterruptFlagSuppressesTheInterrupt() {
        try (Rig r = new Rig(new TestDevice(false))) {
            TestDriver drv = r.modern();
            drv.init(VERSION_1, 1);
            Queue q = drv.queues.get(0);
            drv.suppressInterrupts(q, true);
            drv.add(q, TestDriver.in(drv.alloc(8), 8));
            drv.kick(q);
            drv.waitUsed(q);
            TestDriver.settle();
            assertFalse(r.irq(), "no interrupt while NO_INTERRUPT is set");
            drv.suppressInterrupts(q, false);
            drv.add(q, TestDriver.in(drv.alloc(8), 8));
            drv.kick(q);
            drv.waitUsed(q);
            awaitIrq(r);
            assertEquals(1, drv.readIsr(), "ISR bit 0: a used buffer");
            assertFalse(r.irq(), "reading the ISR lowers INTx");
            assertEquals(0, drv.readIsr(), "and clears it");
        }
    }

    @Test
    void eventIndexBothWays() {
        try (Rig r = new Rig(new TestDevice(false))) {
            TestDriver drv = r.modern();
            assertEquals(VERSION_1 | EVENT_IDX, drv.init(VERSION_1 | EVENT_IDX, 1));
            Queue q = drv.queues.get(0);
            int old = q.availIdx;
            drv.add(q, TestDriver.in(drv.alloc(8), 8));
            assertTrue(drv.needsKick(q, old), "avail_event starts at 0: the first buffer needs a kick");
            drv.kick(q);
            drv.waitUsed(q);
            awaitIrq(r); // the first use after a reset always interrupts (signalled_used not yet valid)
            drv.readIsr();
            // used_event = 2: the driver wants an interrupt only once the third buffer is used
            drv.setUsedEvent(q, 2);
            old = q.availIdx;
            drv.add(q, TestDriver.in(drv.alloc(8), 8));
            assertTrue(drv.needsKick(q, old), "the device re-armed avail_event at the index it saw");
            drv.kick(q);
            drv.waitUsed(q);
            TestDriver.settle();
            assertFalse(r.irq(), "used idx 2 has not passed used_event 2");
            drv.add(q, TestDriver.in(drv.alloc(8), 8));
            drv.kick(q);
            drv.waitUsed(q);
            awaitIrq(r);
        }
    }

    @Test
    void aDescriptorLoopNeedsResetAndTheDeviceRecovers() {
        TestDevice d = new TestDevice(false);
        try (Rig r = new Rig(d)) {
            TestDriver drv = r.modern();
            drv.init(VERSION_1, 1);
            Queue q = drv.queues.get(0);
            int head = drv.add(q, TestDriver.in(drv.alloc(8), 8));
            drv.put(q.desc + 16L * head + 12, 2, 1 | 2); // NEXT
            drv.put(q.desc + 16L * head + 14, 2, head); // ... to itself
            drv.kick(q);
            awaitNeedsReset(drv);
            awaitIrq(r); // the configuration interrupt
            assertEquals(3, drv.readIsr(), "a configuration change");
            assertTrue(r.log().contains("virtio-test: Looped descriptor"), r.log());
            assertEquals(1, r.log().lines().count(), "one line");
            // nothing else happens until the driver resets the device; then it works again
            drv.kick(q);
            TestDriver.settle();
            assertEquals(0, drv.usedIdx(q));
            drv.queues.clear();
            drv.init(VERSION_1, 1);
            q = drv.queues.get(0);
            drv.add(q, TestDriver.in(drv.alloc(8), 8));
            drv.kick(q);
            drv.waitUsed(q);
            assertEquals(0, drv.status() & 0x40);
        }
    }

    @Test
    void headOutOfRange() {
        malformed((drv, q) -> {
            drv.add(q, TestDriver.in(drv.alloc(8), 8));
            drv.put(q.avail + 4, 2, 99);
        }, "Guest says index 99 is available");
    }

    @Test
    void availIndexBeyondTheRing() {
        malformed((drv, q) -> drv.put(q.avail + 2, 2, 17), "Guest moved used index from 0 to 17");
    }

    @Test
    void bufferOutsideRam() {
        malformed((drv, q) -> drv.add(q, TestDriver.in(0xfff_0000_0000L, 8)), "virtio: bogus descriptor or out of resources");
    }

    @Test
    void nextOutOfRange() {
        malformed((drv, q) -> {
            int head = drv.add(q, TestDriver.in(drv.alloc(8), 8));
            drv.put(q.desc + 16L * head + 12, 2, 3);
            drv.put(q.desc + 16L * head + 14, 2, 16);
        }, "Desc next is 16");
    }

    @Test
    void readableAfterWritable() {
        malformed((drv, q) -> drv.add(q, TestDriver.in(drv.alloc(8), 8), TestDriver.out(drv.alloc(8), 8)), "Incorrect order for descriptors");
    }

    @Test
    void ringOutsideRam() {
        malformed((drv, q) -> {
            drv.add(q, TestDriver.in(drv.alloc(8), 8));
            drv.wr(0x16, 2, 0);
        }, null);
        try (Rig r = new Rig(new TestDevice(false))) {
            TestDriver drv = r.modern();
            drv.enable();
            drv.findCapabilities();
            drv.setStatus(1 | 2);
            drv.wr(0x0c, 4, 0);
            drv.wr(0x08, 4, 1);
            drv.wr(0x0c, 4, 1);
            drv.setStatus(1 | 2 | 8);
            drv.wr(0x16, 2, 0);
            drv.wr(0x20, 4, 0);
            drv.wr(0x24, 4, 0x100); // desc at 1 TiB
            drv.wr(0x28, 4, 0x1000);
            drv.wr(0x30, 4, 0x2000);
            drv.wr(0x1c, 2, 1);
            drv.setStatus(1 | 2 | 8 | 4);
            drv.bus.writeMemory(drv.notify, 2, 0);
            awaitNeedsReset(drv);
            assertTrue(r.log().contains("Cannot map desc"), r.log());
        }
    }

    interface Corruption {
        void apply(TestDriver drv, Queue q);
    }

    static void malformed(Corruption c, String message) {
        try (Rig r = new Rig(new TestDevice(false))) {
            TestDriver drv = r.modern();
            drv.init(VERSION_1, 1);
            Queue q = drv.queues.get(0);
            c.apply(drv, q);
            drv.kick(q);
            if (message == null) return;
            awaitNeedsReset(drv);
            assertTrue(r.log().contains(message), r.log());
            assertEquals(0, drv.usedIdx(q), "nothing used");
        }
    }

    static void awaitNeedsReset(TestDriver drv) {
        long end = System.nanoTime() + 5_000_000_000L;
        while ((drv.status() & 0x40) == 0) {
            assertTrue(System.nanoTime() < end, "DEVICE_NEEDS_RESET within 5 s");
            Thread.onSpinWait();
        }
    }

    static void awaitIrq(Rig r) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!r.irq()) {
            assertTrue(System.nanoTime() < end, "INTx within 5 s");
            Thread.onSpinWait();
        }
    }
}
