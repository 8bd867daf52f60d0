package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.CpuModel;
import org.jpseries.intc.IcMode;
import org.jpseries.intc.xive.XiveHcalls;
import org.jpseries.intc.xive.XiveTree;
import org.jpseries.memory.GuestRam;
import org.jpseries.spapr.cas.CasVectors;
import org.jpseries.spapr.devtree.Node;
import org.junit.jupiter.api.Test;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.Hcall;

/**
 * ic-mode=xics|xive|dual on the platform: what CAS may pick, the active backend and the device
 * tree's interrupt-controller node before and after CAS, and machine reset going back to the
 * pre-CAS controller (QEMU spapr_irq_update_active_intc, spapr_machine_reset).
 */
class InterruptControllerChoiceTest extends PlatformFixture {
    GuestRam ram;

    SpaprPlatform platform(CpuModel cpu, int maxCompat, IcMode mode) throws BootException {
        ram = new GuestRam(256L << 20);
        byte[] text = new byte[0x2000];
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, text, 0x800000, 0x100), "vmlinux");
        return new SpaprPlatform(new SpaprPlatform.Options(cpu, 2, ram.size(), maxCompat, "", mode), ram, k, null, console, vcpus,
                machine, (s, a) -> events.add("irq " + s + (a ? "+" : "-")), () -> 1234, GuestLog.silent());
    }

    int cas(SpaprPlatform p, int intarch) {
        byte[] vec = CasVectors.linux61(intarch, 0, 0);
        ram.write(0x60000, vec, 0, vec.length);
        return p.clientArchitectureSupport(0x60000);
    }

    long hcall(SpaprPlatform p, long... r3up) {
        Regs r = new Regs(0, r3up);
        p.hcalls().dispatch(r);
        return r.gpr[3];
    }

    static int platformSupport23(Node root) {
        byte[] pairs = root.find("/chosen").get("ibm,arch-vec-5-platform-support");
        for (int i = 0; i < pairs.length; i += 2) if (pairs[i] == 23) return pairs[i + 1] & 0xff;
        throw new AssertionError("no byte 23");
    }

    void assertXicsShown(SpaprPlatform p) {
        Node ic = p.tree().child("interrupt-controller");
        assertNotNull(ic);
        assertEquals("IBM,ppc-xicp", ic.getString("compatible"));
        assertNull(p.tree().child(XiveTree.nodeName()));
        assertTrue(!p.tree().has("ibm,plat-res-int-priorities"));
    }

    void assertXiveShown(SpaprPlatform p) {
        assertNull(p.tree().child("interrupt-controller"), "no XICS node");
        Node ic = p.tree().child(XiveTree.nodeName());
        assertNotNull(ic);
        assertEquals("ibm,power-ivpe", ic.getString("compatible"));
        assertEquals(2, ic.get("ibm,xive-lisn-ranges").length / 4);
        assertEquals(2, p.tree().get("ibm,plat-res-int-priorities").length / 4);
        assertEquals(SpaprTree.PHANDLE_XICP, p.clientInterface().phandle(ic), "the client sees the node's own phandle");
    }

    @Test
    void dualStartsOnXicsCasSwitchesToXiveAndResetGoesBack() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0, IcMode.DUAL);
        p.reset();
        assertSame(p.xics(), p.irqSources().active());
        assertEquals(XiveTree.OV5_PLATFORM_BOTH, platformSupport23(p.tree()));
        assertXicsShown(p);
        assertEquals(Hcall.H_FUNCTION, hcall(p, XiveHcalls.H_INT_GET_SOURCE_INFO, 0, org.jpseries.hw.SpaprVty.DEFAULT_IRQ));

        assertEquals(0, cas(p, 0x40));
        assertSame(p.xive(), p.irqSources().active());
        assertTrue(p.xive().isActive());
        assertXiveShown(p);
        assertEquals(Hcall.H_SUCCESS, hcall(p, XiveHcalls.H_INT_GET_SOURCE_INFO, 0, org.jpseries.hw.SpaprVty.DEFAULT_IRQ), "the console's source");
        assertNotNull(ram.mmio().find(org.jpseries.intc.xive.SpaprXive.TM_BASE));

        p.reset();
        assertSame(p.xics(), p.irqSources().active(), "machine reset returns to the pre-CAS controller");
        assertXicsShown(p);
        assertEquals(Hcall.H_FUNCTION, hcall(p, XiveHcalls.H_INT_GET_SOURCE_INFO, 0, org.jpseries.hw.SpaprVty.DEFAULT_IRQ));
        assertNull(ram.mmio().find(org.jpseries.intc.xive.SpaprXive.TM_BASE), "no XIVE MMIO under XICS");
    }

    @Test
    void dualGuestThatAsksForXicsKeepsXics() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0, IcMode.DUAL);
        p.reset();
        assertEquals(0, cas(p, 0));
        assertSame(p.xics(), p.irqSources().active());
        assertXicsShown(p);
    }

    @Test
    void xiveOnlyIsActiveFromResetButItsHcallsWaitForCas() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0, IcMode.XIVE);
        p.reset();
        assertSame(p.xive(), p.irqSources().active());
        assertEquals(XiveTree.OV5_PLATFORM_XIVE, platformSupport23(p.tree()));
        assertXiveShown(p);
        assertEquals(Hcall.H_FUNCTION, hcall(p, XiveHcalls.H_INT_GET_SOURCE_INFO, 0, org.jpseries.hw.SpaprVty.DEFAULT_IRQ));
        assertEquals(0, cas(p, 0x40));
        assertEquals(Hcall.H_SUCCESS, hcall(p, XiveHcalls.H_INT_GET_SOURCE_INFO, 0, org.jpseries.hw.SpaprVty.DEFAULT_IRQ));
        assertEquals(Hcall.H_FUNCTION, hcall(p, Hcall.H_XIRR), "no XICS hcalls on an XIVE-only machine");
    }

    @Test
    void xiveOnlyGuestAskingForXicsIsFatal() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0, IcMode.XIVE);
        p.reset();
        assertTrue(cas(p, 0) != 0);
        assertTrue(p.casFatal().contains("XICS"));
    }

    @Test
    void withoutIsa300DualIsXicsOnly() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0x0f000004, IcMode.DUAL);
        assertEquals(IcMode.XICS, p.icMode());
        assertNull(p.xive());
        p.reset();
        assertEquals(XiveTree.OV5_PLATFORM_XICS, platformSupport23(p.tree()));
        assertTrue(cas(p, 0x40) != 0, "a guest asking for XIVE anyway");
        assertEquals(IcMode.XICS, platform(CpuModel.POWER8, 0, IcMode.DUAL).icMode());
        assertThrows(BootException.class, () -> platform(CpuModel.POWER8, 0, IcMode.XIVE));
    }

    @Test
    void consoleInterruptRaisedDuringResetIsLatchedNotDelivered() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0, IcMode.DUAL);
        p.reset();
        assertEquals(0, cas(p, 0x40));
        int vtyIrq = org.jpseries.hw.SpaprVty.DEFAULT_IRQ;
        p.irqSources().setActive(null); // as machine reset does first
        events.clear();
        p.console().receive((byte) 'x');
        assertTrue(p.irqSources().latched(vtyIrq), "the console's event waits in the shared source");
        assertEquals(org.jpseries.intc.xive.Esb.OFF, p.xive().pq(vtyIrq) & 3);
        p.reset();
        assertTrue(!p.irqSources().latched(vtyIrq), "handed to the re-selected controller");
        assertTrue(events.stream().noneMatch(e -> e.endsWith("+")), "the reset (masked) XICS does not present it: " + events);
    }

    @Test
    void resetsAndCasSwitchesWhileADeviceThreadPulsesNeverThrow() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0, IcMode.DUAL);
        p.reset();
        int vtyIrq = org.jpseries.hw.SpaprVty.DEFAULT_IRQ;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread device = new Thread(() -> {
            try {
                while (!stop.get()) {
                    p.irqSources().line(vtyIrq).pulse();
                    p.irqSources().line(SpaprPlatform.EPOW_IRQ).pulse();
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        device.start();
        try {
            for (int round = 0; round < 60; round++) {
                // route the console on whichever controller is active, as the guest would
                if (round % 2 == 0) {
                    assertEquals(0, cas(p, 0x40));
                    assertSame(p.xive(), p.irqSources().active());
                    ram.writeBE32(0x200000, 0); // the OS clears its queue page
                    assertEquals(Hcall.H_SUCCESS, hcall(p, XiveHcalls.H_INT_SET_QUEUE_CONFIG, 0, 0, 6, 0x200000, 16));
                    assertEquals(Hcall.H_SUCCESS, hcall(p, XiveHcalls.H_INT_SET_SOURCE_CONFIG, 1L << 1, vtyIrq, 0, 6, 0x12));
                    assertEquals(Hcall.H_SUCCESS, hcall(p, XiveHcalls.H_INT_ESB, 0, vtyIrq, 0xc00, 0)); // PQ 00: enabled
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (ram.readBE32(0x200000) == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
                    assertEquals(0x8000_0012, ram.readBE32(0x200000), "the device's events reach the XIVE queue");
                } else {
                    assertEquals(0, cas(p, 0));
                    assertSame(p.xics(), p.irqSources().active());
                }
                p.reset();
                assertSame(p.xics(), p.irqSources().active());
            }
        } finally {
            stop.set(true);
            device.join();
        }
        assertNull(failed.get());
    }
}
