package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jpseries.pci.PciRegs;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.virtio.TestDriver.Queue;
import org.jpseries.virtio.blk.FileBackend;
import org.jpseries.virtio.blk.VirtioBlk;
import org.jpseries.virtio.net.NetPeer;
import org.jpseries.virtio.net.VirtioNet;
import org.jpseries.virtio.rng.VirtioRng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MSI-X on the virtio PCI transport as QEMU 7.2's virtio-pci.c and msix.c: the vectors property's
 * defaults, a driver that enables MSI-X as Linux's vp_find_vqs_msix gets each queue's and the
 * configuration's interrupts as that vector's message (and no INTx), invalid vectors read back
 * VIRTIO_MSI_NO_VECTOR, masked vectors stay pending, the legacy configuration moves to 24, and
 * the vectors travel in the function's section.
 */
class VirtioMsixTest {
    @TempDir
    java.nio.file.Path tmp;

    static void awaitMsis(Rig r, int n) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (r.msis.size() < n) {
            assertTrue(System.nanoTime() < end, n + " MSI-X messages within 5 s, got " + r.msis);
            Thread.onSpinWait();
        }
    }

    /** Gives queue 0 a 32-byte buffer and waits for it to be used. */
    static void entropy(TestDriver drv) {
        Queue q = drv.queues.get(0);
        drv.add(q, TestDriver.in(drv.alloc(32), 32));
        drv.kick(q);
        assertEquals(32, drv.waitUsed(q)[1]);
    }

    @Test
    void vectorsDefaultToOnePerQueueAndOneForTheConfiguration() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("d"), 1 << 20, false); Rig rng = new Rig(new VirtioRng());
                Rig blk = new Rig(new VirtioBlk(f, "")); Rig net = new Rig(new VirtioNet(new byte[6], NetPeer.NONE));
                Rig three = new Rig(new VirtioRng(), false, 3)) {
            // QEMU: virtio-rng-pci 2, virtio-blk-pci num-queues + 1, virtio-net-pci 2 x 1 pair + config + ctrl
            for (var c : List.of(new Object[] {rng, 2}, new Object[] {blk, 2}, new Object[] {net, 4}, new Object[] {three, 3})) {
                Rig r = (Rig) c[0];
                TestDriver drv = r.modern();
                int cap = drv.msixCap();
                assertEquals(0x98, cap);
                assertEquals((int) c[1] - 1, r.dev.readConfig(cap + 2, 2), "table size");
                assertEquals((int) c[1], r.dev.vectors());
            }
        }
    }

    @Test
    void queueInterruptsAreTheirVectorsMessages() {
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.modern();
            drv.msiAddress = Rig.MSI_WINDOW;
            drv.init(1L << 32, 1);
            entropy(drv);
            awaitMsis(r, 1);
            assertEquals(List.of(1), r.msis, "queue 0's vector 1");
            assertFalse(r.irq(), "no INTx with MSI-X enabled");
            assertEquals(1, drv.readIsr(), "the ISR is still set (QEMU virtio_notify)");
        }
    }

    @Test
    void legacyDriverWithMsixFindsTheConfigurationAt24() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("d"), 3 << 20, false); Rig r = new Rig(new VirtioBlk(f, ""))) {
            TestDriver drv = r.legacy(false);
            drv.enable();
            long capacity = 3 << 11;
            assertEquals(capacity, drv.devCfg(0, 4), "capacity at 20 while MSI-X is disabled");
            drv.enableMsix(Rig.MSI_WINDOW);
            assertEquals(capacity, drv.devCfg(0, 4), "capacity at 24 once MSI-X is enabled");
            assertEquals(0xffff, drv.rd(20, 2), "offset 20 is VIRTIO_MSI_CONFIG_VECTOR");
            assertEquals(1, drv.setConfigVector(1));
            assertEquals(0xffff, drv.setConfigVector(2), "vector 2 of 2: NO_VECTOR reads back");
            assertEquals(0, drv.setQueueVector(0, 0));
            assertEquals(0xffff, drv.setQueueVector(0, 7));
        }
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.legacy(false);
            drv.msiAddress = Rig.MSI_WINDOW;
            drv.init(1L << 28, 1);
            entropy(drv);
            awaitMsis(r, 1);
            assertEquals(List.of(1), r.msis);
        }
    }

    @Test
    void invalidVectorsReadBackNoVector() {
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.modern();
            drv.enable();
            drv.findCapabilities();
            assertEquals(0xffff, drv.rd(0x10, 2), "msix_config starts at NO_VECTOR");
            assertEquals(1, drv.setConfigVector(1));
            assertEquals(0xffff, drv.setConfigVector(2));
            assertEquals(0, drv.setQueueVector(0, 0));
            assertEquals(0xffff, drv.setQueueVector(0, 0x8000));
            assertEquals(0xffff, drv.setQueueVector(5, 0), "a queue the device lacks keeps none");
            assertEquals(1, drv.setQueueVector(0, 1));
            drv.setStatus(0);
            assertEquals(0xffff, drv.rd(0x10, 2), "a reset forgets the vectors");
            assertEquals(0xffff, drv.setQueueVector(0, 0xffff));
        }
    }

    @Test
    void withMsixDisabledInterruptsStayOnIntx() {
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.modern();
            drv.init(1L << 32, 1);
            assertEquals(0, drv.setConfigVector(0), "vectors can be set before MSI-X is enabled");
            entropy(drv);
            VirtQueueTest.awaitIrq(r);
            assertEquals(List.of(), r.msis);
        }
        try (Rig r = new Rig(new VirtioRng(), false, 0)) {
            TestDriver drv = r.legacy(false);
            drv.init(1L << 28, 1);
            entropy(drv);
            VirtQueueTest.awaitIrq(r);
            assertEquals(1, drv.readIsr());
            assertFalse(r.irq());
        }
    }

    @Test
    void aMaskedVectorIsPendingUntilUnmaskedAndForgottenWhenUnused() {
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.modern();
            drv.msiAddress = Rig.MSI_WINDOW;
            drv.init(1L << 32, 1);
            long ctrl1 = TestDriver.MSIX_BAR + 16 + 12, pba = TestDriver.MSIX_BAR + 0x800;
            r.bus.writeMemory(ctrl1, 4, 1); // mask vector 1
            entropy(drv);
            long end = System.nanoTime() + 5_000_000_000L;
            while ((r.bus.readMemory(pba, 4) & 2) == 0) {
                assertTrue(System.nanoTime() < end, "vector 1 pending");
                Thread.onSpinWait();
            }
            assertEquals(List.of(), r.msis);
            r.bus.writeMemory(ctrl1, 4, 0);
            assertEquals(List.of(1), r.msis, "unmasking sends it");
            assertEquals(0, r.bus.readMemory(pba, 4));
            // masked and pending again, then the queue moves to vector 0: vector 1 is unused, its pending bit goes (msix_vector_unuse)
            r.bus.writeMemory(ctrl1, 4, 1);
            entropy(drv);
            end = System.nanoTime() + 5_000_000_000L;
            while ((r.bus.readMemory(pba, 4) & 2) == 0) {
                assertTrue(System.nanoTime() < end, "vector 1 pending");
                Thread.onSpinWait();
            }
            assertEquals(1, drv.setConfigVector(1), "the configuration uses vector 1 too");
            assertEquals(0, drv.setQueueVector(0, 0));
            assertEquals(2, r.bus.readMemory(pba, 4), "still used by the configuration: still pending");
            assertEquals(0, drv.setConfigVector(0));
            assertEquals(0, r.bus.readMemory(pba, 4), "unused: no longer pending");
        }
    }

    @Test
    void aConfigurationInterruptIsTheConfigVectorsMessage() {
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.modern();
            drv.msiAddress = Rig.MSI_WINDOW;
            drv.init(1L << 32, 1);
            Queue q = drv.queues.get(0);
            drv.put(q.avail + 2, 2, 100); // the avail index 100 ahead in a queue of 8: the device needs a reset
            drv.kick(q);
            awaitMsis(r, 1);
            assertEquals(List.of(0), r.msis, "the configuration's vector 0");
            assertTrue((drv.status() & 0x40) != 0, "DEVICE_NEEDS_RESET");
        }
    }

    @Test
    void theVectorsTravelWithTheFunction() throws Exception {
        try (Rig a = new Rig(new VirtioRng()); Rig b = new Rig(new VirtioRng())) {
            TestDriver drv = a.modern();
            drv.msiAddress = Rig.MSI_WINDOW;
            drv.init(1L << 32, 1);
            Section s = VirtioStateTest.save(a);
            assertEquals(List.of(1), java.util.Arrays.stream(s.ints("queue-vectors")).boxed().toList());
            VirtioStateTest.copyRam(a, b);
            b.dev.loadState(s);
            b.bus.remap();
            assertEquals(List.of(), s.diff(VirtioStateTest.save(b)));
            TestDriver d2 = b.modern();
            d2.findCapabilities();
            d2.msixEnabled = true;
            d2.queues.add(drv.queues.get(0));
            d2.features = drv.features;
            assertEquals(0, d2.rd(0x10, 2));
            d2.wr(0x16, 2, 0);
            assertEquals(1, d2.rd(0x1a, 2));
            entropy(d2);
            awaitMsis(b, 1);
            assertEquals(List.of(1), b.msis, "the loaded function sends queue 0's vector");
            // a vector the function does not have
            Section bad = VirtioStateTest.copyWith(s, "config-vector", 2);
            try (Rig c = new Rig(new VirtioRng())) {
                StateException e = assertThrows(StateException.class, () -> c.dev.loadState(bad));
                assertTrue(e.getMessage().endsWith("config vector 2 >= nvectors 2"), e.getMessage());
            }
            // a function without MSI-X cannot take one that has it
            try (Rig c = new Rig(new VirtioRng(), false, 0)) {
                assertThrows(StateException.class, () -> c.dev.loadState(s));
            }
        }
    }

    @Test
    void tooManyVectorsLeaveTheFunctionWithoutMsix() {
        List<String> warnings = new java.util.ArrayList<>();
        var dev = new org.jpseries.virtio.pci.VirtioPciDevice(new VirtioRng(), new org.jpseries.virtio.pci.VirtioPciDevice.Options(false, null,
                null, () -> false, 5000, warnings::add));
        try {
            assertEquals(0, dev.vectors());
            assertEquals(List.of("unable to init msix vectors to 5000"), warnings, "QEMU's warning");
            assertEquals(0x84, dev.readConfig(PciRegs.CAPABILITY_LIST, 1), "no MSI-X capability");
        } finally {
            dev.close();
        }
        try (Rig r = new Rig(new VirtioRng(), false, PciRegs.MSIX_FLAGS_QSIZE + 1)) {
            assertEquals(PciRegs.MSIX_FLAGS_QSIZE + 1, r.dev.vectors(), "2048 is the most");
            assertEquals(0x98, r.modern().msixCap());
        }
    }
}
