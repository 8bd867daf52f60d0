package org.jpseries.intc.xics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.device.Device;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IrqLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The XICS state machine, checked against the behaviour of QEMU's hw/intc/xics.c. */
class XicsTest {
    static final int MSI = 0x1100, LSI = 0x1200, MSI2 = 0x1101;
    final List<String> lines = new ArrayList<>();
    Xics x;
    IrqLine msi, msi2, lsi;

    /** The machine reset of XICS through its devices, as the registry's INTC phase runs it: the ICS, then every presenter. */
    static void reset(Xics x) {
        x.reset(ResetReason.HOST);
        for (Device d : x.presenters()) d.reset(ResetReason.HOST);
    }

    @BeforeEach
    void setUp() {
        x = new Xics(new Object(), 2, (s, a) -> lines.add(s + (a ? "+" : "-")));
        msi = x.claim(MSI, false);
        msi2 = x.claim(MSI2, false);
        lsi = x.claim(LSI, true);
        reset(x);
        lines.clear();
        x.setCppr(0, 0xff);
        x.setCppr(1, 0xff);
    }

    @Test
    void maskedMsiIsRememberedAndDeliveredWhenUnmasked() {
        msi.set(true);
        assertFalse(x.outputAsserted(0));
        x.setXive(MSI, 0, 5);
        assertTrue(x.outputAsserted(0));
        assertEquals(0xff00_0000 | MSI, x.poll(0)[0]);
        assertEquals(0xff00_0000 | MSI, x.accept(0));
        assertEquals(0x0500_0000, x.poll(0)[0], "accept moves the priority into CPPR and clears XISR");
        assertFalse(x.outputAsserted(0));
        x.eoi(0, 0xff00_0000 | MSI);
        assertEquals(0xff00_0000, x.poll(0)[0]);
        assertFalse(x.outputAsserted(0), "an MSI is an edge: nothing re-presented after EOI");
    }

    @Test
    void priorityFiltersAndRejectedMsiIsResentWhenCpprDrops() {
        x.setXive(MSI, 0, 5);
        x.setCppr(0, 5); // only priorities < 5 get through
        msi.pulse();
        assertFalse(x.outputAsserted(0));
        assertEquals(0x0500_0000, x.poll(0)[0]);
        x.setCppr(0, 6); // less favoured CPPR: the rejected source is resent
        assertTrue(x.outputAsserted(0));
        assertEquals(0x0600_0000 | MSI, x.poll(0)[0]);
    }

    @Test
    void cpprZeroBlocksEverythingAndPriorityFfIsMasked() {
        x.setXive(MSI, 0, 0xff);
        msi.pulse();
        assertFalse(x.outputAsserted(0));
        x.setCppr(0, 0);
        x.setXive(MSI, 0, 0);
        assertFalse(x.outputAsserted(0), "priority 0 is not more favoured than CPPR 0");
        x.setCppr(0, 1);
        assertTrue(x.outputAsserted(0));
    }

    @Test
    void moreFavouredSourceDisplacesAndTheDisplacedOneComesBackAfterEoi() {
        x.setXive(MSI, 0, 6);
        x.setXive(MSI2, 0, 3);
        msi.pulse();
        assertEquals(MSI, x.poll(0)[0] & 0xffffff);
        msi2.pulse();
        assertEquals(MSI2, x.poll(0)[0] & 0xffffff, "priority 3 beats pending 6");
        int xirr = x.accept(0);
        assertEquals(0xff00_0000 | MSI2, xirr);
        assertEquals(0x0300_0000, x.poll(0)[0], "the displaced 6 is not presented through CPPR 3");
        x.eoi(0, xirr);
        assertEquals(0xff00_0000 | MSI, x.poll(0)[0], "after EOI the rejected MSI is resent");
        assertTrue(x.outputAsserted(0));
    }

    @Test
    void lessFavouredSourceIsRejectedNotQueuedOverPending() {
        x.setXive(MSI, 0, 3);
        x.setXive(MSI2, 0, 6);
        msi.pulse();
        msi2.pulse();
        assertEquals(MSI, x.poll(0)[0] & 0xffffff);
        int xirr = x.accept(0);
        x.eoi(0, xirr);
        assertEquals(0xff00_0000 | MSI2, x.poll(0)[0]);
    }

    @Test
    void assertedLsiIsRepresentedAfterEoiUntilLowered() {
        x.setXive(LSI, 1, 4);
        lsi.set(true);
        assertTrue(x.outputAsserted(1));
        assertFalse(x.outputAsserted(0));
        int xirr = x.accept(1);
        assertEquals(0xff00_0000 | LSI, xirr);
        x.eoi(1, xirr);
        assertEquals(0xff00_0000 | LSI, x.poll(1)[0], "still asserted: presented again");
        xirr = x.accept(1);
        lsi.set(false);
        x.eoi(1, xirr);
        assertEquals(0xff00_0000, x.poll(1)[0]);
        assertFalse(x.outputAsserted(1));
    }

    @Test
    void lsiLevelIsLatchedWhileMaskedAndIntOnRestoresSavedPriority() {
        x.setXive(LSI, 0, 5);
        x.intOff(LSI);
        assertArrayEquals(new int[] {0, 0xff}, x.getXive(LSI));
        lsi.set(true);
        assertFalse(x.outputAsserted(0));
        x.intOn(LSI);
        assertArrayEquals(new int[] {0, 5}, x.getXive(LSI));
        assertTrue(x.outputAsserted(0));
        assertEquals(LSI, x.poll(0)[0] & 0xffffff);
    }

    @Test
    void ipiThroughMfrrAndIpiLosesToMoreFavouredSource() {
        x.setMfrr(1, 5);
        assertTrue(x.outputAsserted(1));
        assertArrayEquals(new int[] {0xff00_0000 | Icp.XICS_IPI, 5}, x.poll(1));
        int xirr = x.accept(1);
        assertEquals(0xff00_0002, xirr);
        x.setMfrr(1, 0xff);
        x.eoi(1, xirr);
        assertFalse(x.outputAsserted(1));
        // an IPI while a more favoured source is pending stays in MFRR
        x.setXive(MSI, 1, 2);
        msi.pulse();
        x.setMfrr(1, 5);
        assertEquals(MSI, x.poll(1)[0] & 0xffffff);
        xirr = x.accept(1);
        x.eoi(1, xirr);
        assertEquals(0xff00_0002, x.poll(1)[0], "the IPI is found on EOI");
    }

    @Test
    void ipiDisplacesLessFavouredSourceWhichIsResentLater() {
        x.setXive(MSI, 0, 6);
        msi.pulse();
        x.setMfrr(0, 2);
        assertEquals(0xff00_0002, x.poll(0)[0]);
        int xirr = x.accept(0);
        x.setMfrr(0, 0xff);
        x.eoi(0, xirr);
        assertEquals(0xff00_0000 | MSI, x.poll(0)[0]);
    }

    @Test
    void raisingCpprOverPendingRejectsIt() {
        x.setXive(MSI, 0, 5);
        msi.pulse();
        assertTrue(x.outputAsserted(0));
        x.setCppr(0, 4);
        assertFalse(x.outputAsserted(0));
        assertEquals(0x0400_0000, x.poll(0)[0]);
        x.setCppr(0, 0xff);
        assertEquals(0xff00_0000 | MSI, x.poll(0)[0], "rejected source resent when CPPR is lowered");
    }

    @Test
    void setXiveRetargetsToAnotherServer() {
        x.setXive(MSI, 0, 5);
        x.setCppr(0, 0); // server 0 refuses everything
        msi.pulse();
        assertFalse(x.outputAsserted(0));
        x.setXive(MSI, 1, 5);
        x.setCppr(1, 0xff); // resend on server 1 picks up the rejected source
        x.setCppr(1, 0xfe);
        assertTrue(x.outputAsserted(1));
        assertEquals(MSI, x.poll(1)[0] & 0xffffff);
        assertEquals(0, x.poll(0)[0] & 0xffffff);
    }

    @Test
    void resetLowersOutputsAndMasks() {
        x.setXive(MSI, 0, 5);
        msi.pulse();
        reset(x);
        assertFalse(x.outputAsserted(0));
        assertArrayEquals(new int[] {0, 0xff}, x.getXive(MSI));
        assertArrayEquals(new int[] {0, 0xff}, x.poll(0));
        assertEquals("0-", lines.get(lines.size() - 2));
    }

    @Test
    void deviceThreadAgainstVcpuThreadLosesNoFinalEdge() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean line = new java.util.concurrent.atomic.AtomicBoolean();
        Object lock = new Object();
        Xics xc = new Xics(lock, 1, (s, a) -> line.set(a));
        IrqLine xmsi = xc.claim(MSI, false);
        reset(xc);
        xc.setCppr(0, 0xff);
        xc.setXive(MSI, 0, 5);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread device = new Thread(() -> {
            for (int i = 0; i < 20000; i++) xmsi.pulse();
            done.set(true);
        });
        device.start();
        int delivered = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean finished = done.get();
            if (line.get()) {
                int xirr = xc.accept(0);
                if ((xirr & 0xffffff) == MSI) delivered++;
                xc.eoi(0, xirr);
            } else if (finished) {
                break;
            }
        }
        device.join();
        assertTrue(delivered >= 1);
        assertFalse(line.get());
        // the last pulse was either delivered or is still pending: one more accept finds nothing
        assertEquals(0xff00_0000, xc.poll(0)[0]);
        xmsi.pulse();
        assertTrue(line.get(), "the source still works");
    }

    @Test
    void sourcesOutsideTheIcsCannotBeClaimedAndClaimsAreChecked() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> x.claim(0x999, false));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> x.claim(0x2000, false));
        assertFalse(x.validIrq(0x2000));
        assertTrue(x.validIrq(0x1fff));
        assertTrue(x.isLsi(LSI));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> x.claim(MSI, false));
    }
}
