package org.jpseries.intc.xive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.intc.IrqLine;
import org.jpseries.intc.xics.Xics;
import org.junit.jupiter.api.Test;

/** Routing, event queues, the TIMA OS ring and the shared source table, against QEMU's xive.c behaviour. */
class SpaprXiveTest {
    final XiveTestBench b = new XiveTestBench();

    @Test
    void sourcesStartOffAndEventsAreDroppedThere() {
        assertEquals(Esb.OFF, b.xive.pq(XiveTestBench.MSI));
        b.queue(0, 6, XiveTestBench.QADDR, 12);
        b.msi.pulse();
        assertEquals(0, b.queueWord(XiveTestBench.QADDR, 0), "nothing queued from an unconfigured source");
        assertFalse(b.line[0]);
    }

    @Test
    void eventGoesToTheQueueWithTheGenerationBitThenTheTimaAcks() {
        b.setCppr(0, 0xff);
        b.queue(0, 6, XiveTestBench.QADDR, 12);
        b.route(XiveTestBench.MSI, 0, 6, 0x1234);
        b.msi.pulse();
        assertEquals(0x8000_0000 | 0x1234, b.queueWord(XiveTestBench.QADDR, 0), "generation 1, then the EISN");
        assertTrue(b.line[0], "vCPU 0's external interrupt line");
        assertFalse(b.line[1]);
        // OS ring: NSR[EO], CPPR 0xff, IPB bit for priority 6, PIPR 6
        assertArrayEquals(new int[] {0x80, 0xff, 0x02, 6}, b.xive.osRing(0));
        assertEquals(Esb.PENDING, b.xive.pq(XiveTestBench.MSI));
        // acknowledge: old NSR and the new CPPR; the line drops
        assertEquals(0x80 << 8 | 6, b.ackOs(0));
        assertFalse(b.line[0]);
        assertArrayEquals(new int[] {0, 6, 0, 0xff}, b.xive.osRing(0));
        // an event while P is set only sets Q; the EOI load replays it
        b.msi.pulse();
        assertEquals(Esb.QUEUED, b.xive.pq(XiveTestBench.MSI));
        assertEquals(0, b.queueWord(XiveTestBench.QADDR, 1));
        assertEquals(1, b.esbLoadEoi(XiveTestBench.MSI), "EOI reports the queued event");
        assertEquals(0x8000_1234, b.queueWord(XiveTestBench.QADDR, 1));
        assertEquals(Esb.PENDING, b.xive.pq(XiveTestBench.MSI));
        // CPPR 6 masks priority 6: no exception until the OS opens CPPR again
        assertFalse(b.line[0]);
        b.setCppr(0, 0xff);
        assertTrue(b.line[0]);
    }

    @Test
    void queueIndexWrapsAndFlipsTheGeneration() {
        b.setCppr(0, 0xff);
        b.queue(0, 6, XiveTestBench.QADDR, 12); // 4 KiB: 1024 entries
        b.route(XiveTestBench.MSI, 0, 6, 7);
        for (int i = 0; i < 1026; i++) {
            b.msi.pulse();
            assertEquals(0, b.esbLoadEoi(XiveTestBench.MSI));
        }
        assertEquals(7, b.queueWord(XiveTestBench.QADDR, 0), "second lap: generation 0");
        assertEquals(7, b.queueWord(XiveTestBench.QADDR, 1));
        assertEquals(0x8000_0007, b.queueWord(XiveTestBench.QADDR, 2), "not yet overwritten");
        assertEquals(0x8000_0007, b.queueWord(XiveTestBench.QADDR, 1023));
        assertEquals(0, b.queueWord(XiveTestBench.QADDR, 1024), "nothing past the queue");
        EventQueue q = b.xive.end(0, 6);
        assertEquals(2, q.index);
        assertEquals(0, q.generation);
    }

    @Test
    void maskedEasDropsButPqKeepsTheEvent() {
        b.queue(0, 6, XiveTestBench.QADDR, 12);
        b.route(XiveTestBench.MSI, 0, 6, 1);
        org.jpseries.spapr.Regs r = new org.jpseries.spapr.Regs(0, XiveHcalls.H_INT_SET_SOURCE_CONFIG,
                XiveHcalls.SRC_SET_EISN | XiveHcalls.SRC_MASK, XiveTestBench.MSI, 0, 6, 1);
        assertEquals(0, b.hcalls.setSourceConfig(r));
        b.msi.pulse();
        assertEquals(0, b.queueWord(XiveTestBench.QADDR, 0));
        assertEquals(Esb.PENDING, b.xive.pq(XiveTestBench.MSI));
    }

    @Test
    void lsiRefiresOnEoiWhileItsLineIsHigh() {
        b.setCppr(0, 0xff);
        b.queue(0, 5, XiveTestBench.QADDR, 12);
        b.route(XiveTestBench.LSI, 0, 5, 0x55);
        b.lsi.set(true);
        assertEquals(0x8000_0055, b.queueWord(XiveTestBench.QADDR, 0));
        assertEquals(Esb.PENDING, b.xive.pq(XiveTestBench.LSI));
        assertEquals(1, b.esbLoadEoi(XiveTestBench.LSI), "still asserted: fires again");
        assertEquals(0x8000_0055, b.queueWord(XiveTestBench.QADDR, 1));
        b.lsi.set(false);
        assertEquals(0, b.esbLoadEoi(XiveTestBench.LSI));
        assertEquals(Esb.RESET, b.xive.pq(XiveTestBench.LSI));
        assertEquals(0, b.queueWord(XiveTestBench.QADDR, 2));
    }

    @Test
    void ipiByATriggerPageStoreReachesTheOtherVcpu() {
        b.setCppr(1, 0xff);
        b.queue(1, 6, XiveTestBench.QADDR, 16);
        b.route(1, 1, 6, 0x11);
        b.esb().write(XiveSource.triggerPage(1), 8, 0, 0); // from vCPU 0
        assertTrue(b.line[1]);
        assertFalse(b.line[0]);
        assertEquals(0x8000_0011, b.queueWord(XiveTestBench.QADDR, 0));
    }

    @Test
    void esbPageOperations() {
        long mgmt = XiveSource.managementPage(XiveTestBench.MSI);
        assertEquals(Esb.OFF, b.esb().read(mgmt + Esb.GET, 8, 0));
        assertEquals(Esb.OFF, b.esb().read(mgmt + 0xe00, 8, 0), "set PQ 10 returns the old PQ");
        assertEquals(Esb.PENDING, b.esb().read(mgmt + Esb.GET, 8, 0));
        b.esb().write(mgmt + 0xf00, 8, 0, 0);
        assertEquals(Esb.QUEUED, b.xive.pq(XiveTestBench.MSI));
        assertEquals(-1L, b.esb().read(XiveSource.triggerPage(XiveTestBench.MSI), 8, 0), "the trigger page cannot be read");
        assertEquals(Esb.QUEUED, b.xive.pq(XiveTestBench.MSI));
    }

    @Test
    void timaOsPageViewAndCppr() {
        long os = (long) SpaprXive.TM_OS_PAGE << SpaprXive.TM_SHIFT;
        // word 2 of QW1: the OS CAM line (VO | NVT 0x400 + vCPU), not readable through the OS page
        assertEquals(0, b.tima().read(os + 0x18, 4, 1));
        assertEquals(0, b.tima().read(os + 0x10, 2, 0), "NSR 0, CPPR 0 after reset");
        assertEquals(0x00ff, b.tima().read(os + 0x12, 2, 0), "IPB 0, LSMFB 0xff");
        b.setCppr(0, 3);
        assertEquals(3, b.tima().read(os + 0x11, 1, 0));
        b.setCppr(0, 9);
        assertEquals(0xff, b.tima().read(os + 0x11, 1, 0), "above 7 means all masked");
        assertEquals(-1L, b.tima().read(os + 0x900, 8, 0), "unknown special operation");
        assertEquals(-1L, b.tima().read(((long) SpaprXive.TM_HV_PAGE << SpaprXive.TM_SHIFT) + 0x10, 8, 0), "no hypervisor page for the guest");
    }

    @Test
    void setOsPendingRaisesTheLine() {
        b.setCppr(0, 0xff);
        b.tima().write(((long) SpaprXive.TM_OS_PAGE << SpaprXive.TM_SHIFT) + 0x812, 1, 4, 0);
        assertTrue(b.line[0]);
        assertEquals(0x80 << 8 | 4, b.ackOs(0));
    }

    // ---- the shared source table ------------------------------------------------------------

    @Test
    void aPulseWhileNoBackendIsActiveIsLatchedThenDelivered() {
        b.setCppr(0, 0xff);
        b.queue(0, 6, XiveTestBench.QADDR, 12);
        b.route(XiveTestBench.MSI, 0, 6, 9);
        b.sources.setActive(null);
        b.msi.pulse();
        assertTrue(b.sources.latched(XiveTestBench.MSI));
        assertEquals(0, b.queueWord(XiveTestBench.QADDR, 0), "nothing reaches an inactive controller");
        assertEquals(Esb.RESET, b.xive.pq(XiveTestBench.MSI));
        assertFalse(b.line[0]);
        b.sources.setActive(b.xive);
        assertFalse(b.sources.latched(XiveTestBench.MSI));
        assertEquals(0x8000_0009, b.queueWord(XiveTestBench.QADDR, 0));
        assertTrue(b.line[0]);
    }

    @Test
    void anLsiLevelRaisedDuringTheSwitchIsSeenByTheNewBackend() {
        b.queue(0, 6, XiveTestBench.QADDR, 12);
        b.route(XiveTestBench.LSI, 0, 6, 3);
        b.sources.setActive(null);
        b.lsi.set(true);
        assertTrue(b.sources.asserted(XiveTestBench.LSI));
        assertEquals(0, b.queueWord(XiveTestBench.QADDR, 0));
        b.sources.setActive(b.xive);
        assertEquals(0x8000_0003, b.queueWord(XiveTestBench.QADDR, 0));
    }

    @Test
    void switchingBackendsMovesTheLineAndTheMmio() {
        Xics xics = new Xics(b.sources, 2, (s, a) -> b.line[s] = a);
        xics.reset(org.jpseries.device.ResetReason.COLD);
        for (org.jpseries.device.Device d : xics.presenters()) d.reset(org.jpseries.device.ResetReason.COLD);
        xics.setCppr(0, 0xff);
        xics.setXive(Xics.IRQ_BASE + 2, 0, 5);
        IrqLine dev = xics.claim(Xics.IRQ_BASE + 2, false);
        b.sources.setActive(xics);
        assertTrue(b.ram.mmio().find(SpaprXive.TM_BASE) == null, "no TIMA while XICS is active");
        dev.pulse();
        assertTrue(b.line[0]);
        assertEquals(Xics.IRQ_BASE + 2, xics.poll(0)[0] & 0xffffff);
        b.sources.setActive(b.xive);
        assertFalse(b.line[0], "the inactive XICS no longer drives the line");
        assertTrue(b.ram.mmio().find(SpaprXive.TM_BASE) != null);
        dev.pulse(); // off in XIVE: dropped there, XICS untouched
        assertEquals(Esb.OFF, b.xive.pq(Xics.IRQ_BASE + 2));
        assertFalse(b.line[0]);
    }

    @Test
    void picInfoShowsRingsAndRoutedSources() {
        b.setCppr(0, 0xff);
        b.queue(0, 6, XiveTestBench.QADDR, 16);
        b.route(XiveTestBench.MSI, 0, 6, 0x1000);
        b.msi.pulse();
        String info = b.xive.info();
        assertTrue(info.contains("CPU[0000]:   OS    80   ff  02    ff   ff  00  ff   06  80000400"), info);
        assertTrue(info.contains("CPU[0001]:   OS    00   00  00    ff   ff  00  ff   ff  80000401"), info);
        assertTrue(info.contains("  00001000 MSI P-    00001000   0/6      1/16384 @10000 ^1"), info);
        assertTrue(info.contains("  00001001 LSI -Q  M 00000000"), info);
    }

    @Test
    void machineResetMasksEverythingAndLowersTheLines() {
        b.setCppr(0, 0xff);
        b.queue(0, 6, XiveTestBench.QADDR, 12);
        b.route(XiveTestBench.MSI, 0, 6, 1);
        b.msi.pulse();
        assertTrue(b.line[0]);
        b.registry.reset(org.jpseries.device.ResetPhase.INTC, org.jpseries.device.ResetReason.HOST);
        assertFalse(b.line[0]);
        assertEquals(Esb.OFF, b.xive.pq(XiveTestBench.MSI));
        assertFalse(b.xive.end(0, 6).valid);
        assertTrue(b.xive.easMasked(XiveTestBench.MSI));
        assertArrayEquals(new int[] {0, 0, 0, 0xff}, b.xive.osRing(0));
    }
}
