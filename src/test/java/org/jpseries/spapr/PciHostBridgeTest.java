package org.jpseries.spapr;

import static org.jpseries.pci.PciRegs.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.MmioRegion;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasTokens;
import org.jpseries.pci.TestFunction;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.spapr.pci.PhbLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default PCI host bridge as the guest reaches it: configuration space through the RTAS
 * calls (argument blocks in guest RAM, as Linux's rtas_pci_read_config), BARs through the MMIO
 * windows, INTx on the bridge's LSIs, and its device-tree node (QEMU 7.2 spapr_pci.c).
 */
class PciHostBridgeTest extends PlatformFixture {
    static final long BLOCK = 0x10_0000, BUID = 0x0800_0000_2000_0000L;
    SpaprPlatform p;
    GuestRam ram;
    TestFunction f;

    @BeforeEach
    void setUp() throws Exception {
        p = platform(CpuModel.POWER9, 0, 0);
        ram = ramOf(p);
        f = new TestFunction();
        assertEquals(devfn(3, 0), p.plugPci(f, devfn(3, 0)));
        p.reset();
    }

    /** An RTAS call through guest RAM; returns the result cells. */
    int[] rtas(int token, int nret, long... args) {
        return rtas(p, ram, token, nret, args);
    }

    /** An RTAS call on {@code p} with its argument block at {@link #BLOCK} in guest RAM, as Linux's rtas_call; returns the result cells. */
    static int[] rtas(SpaprPlatform p, GuestRam ram, int token, int nret, long... args) {
        ram.writeBE32(BLOCK, token);
        ram.writeBE32(BLOCK + 4, args.length);
        ram.writeBE32(BLOCK + 8, nret);
        for (int i = 0; i < args.length; i++) ram.writeBE32(BLOCK + 12 + 4L * i, (int) args[i]);
        for (int i = 0; i < nret; i++) ram.writeBE32(BLOCK + 12 + 4L * (args.length + i), 0x5a5a5a5a);
        assertEquals(0, p.rtas().call(0, BLOCK));
        int[] r = new int[nret];
        for (int i = 0; i < nret; i++) r[i] = ram.readBE32(BLOCK + 12 + 4L * (args.length + i));
        return r;
    }

    static long addr(int devfn, int reg) {
        return (long) devfn << 8 | reg & 0xff | (long) (reg & 0xf00) << 20;
    }

    int[] read(long buid, int devfn, int reg, int size) {
        return rtas(RtasTokens.IBM_READ_PCI_CONFIG, 2, addr(devfn, reg), buid >>> 32, buid & 0xffffffffL, size);
    }

    int write(int devfn, int reg, int size, int value) {
        return rtas(RtasTokens.IBM_WRITE_PCI_CONFIG, 1, addr(devfn, reg), BUID >>> 32, BUID & 0xffffffffL, size, value)[0];
    }

    @Test
    void configSpaceThroughRtas() {
        int d = devfn(3, 0);
        assertArrayEquals(new int[] {0, 0x10051af4}, read(BUID, d, VENDOR_ID, 4));
        assertArrayEquals(new int[] {0, 0x1af4}, read(BUID, d, VENDOR_ID, 2));
        assertArrayEquals(new int[] {0, 0x10}, read(BUID, d, DEVICE_ID + 1, 1));
        assertEquals(0, write(d, BASE_ADDRESS_0, 4, -1));
        assertArrayEquals(new int[] {0, 0xfffff000}, read(BUID, d, BASE_ADDRESS_0, 4));
    }

    @Test
    void whatQemuRefusesIsHardwareError() {
        int d = devfn(3, 0);
        int hw = Rtas.OUT_HW_ERROR;
        assertEquals(hw, read(BUID, devfn(4, 0), VENDOR_ID, 4)[0], "no function there: Linux reads all ones");
        assertEquals(hw, read(BUID, d, VENDOR_ID, 3)[0], "size 3");
        assertEquals(hw, read(BUID, d, VENDOR_ID + 2, 4)[0], "unaligned");
        assertEquals(hw, read(BUID, d, 0x100, 4)[0], "beyond a conventional function's 256 bytes");
        assertEquals(hw, read(BUID + 1, d, VENDOR_ID, 4)[0], "another BUID");
        assertEquals(hw, rtas(RtasTokens.IBM_READ_PCI_CONFIG, 2, addr(d, 0) | 1 << 16, BUID >>> 32, BUID & 0xffffffffL, 4)[0], "bus 1");
        assertEquals(hw, rtas(RtasTokens.READ_PCI_CONFIG, 2, addr(d, 0), 4)[0], "read-pci-config means BUID 0");
        assertEquals(hw, rtas(RtasTokens.IBM_READ_PCI_CONFIG, 1, addr(d, 0), BUID >>> 32, BUID & 0xffffffffL, 4)[0], "nret 1");
        assertEquals(hw, write(d, VENDOR_ID + 1, 2, 0));
    }

    @Test
    void barsAnswerThroughTheWindowsInTheCpusByteOrder() {
        int d = devfn(3, 0);
        write(d, BASE_ADDRESS_0, 4, 0x8000_2000);
        write(d, BASE_ADDRESS_0 + 4, 4, 0x100);
        write(d, BASE_ADDRESS_0 + 8, 4, 0x0001_0000);
        write(d, BASE_ADDRESS_0 + 12, 4, 0x2100);
        write(d, COMMAND, 2, COMMAND_MEMORY | COMMAND_IO);
        PhbLayout l = p.pciHost().layout();
        long ra = l.mem32Window() + 0x2000 + 8; // bus address 0x80002008
        MmioRegion r = ram.mmio().route(ra);
        assertEquals(0x44332211L, r.device.read(ra - r.base, 4, 0), "the bus's little-endian value, as a big-endian CPU load sees it");
        r.device.write(ra - r.base, 2, 0x1234, 0);
        assertEquals(List.of("r 8/4", "w 8/2=3412"), f.bar0.log);
        long ra64 = 0x2100_0001_0000L + 0x10;
        MmioRegion r64 = ram.mmio().route(ra64);
        r64.device.write(ra64 - r64.base, 8, 0x0102030405060708L, 0);
        assertEquals(List.of("w 10/8=807060504030201"), f.bar2.log);
        long io = l.ioWindow() + 0x104;
        MmioRegion rio = ram.mmio().route(io);
        rio.device.write(io - rio.base, 1, 0xab, 0);
        assertEquals(List.of("w 4/1=ab"), f.bar1.log);
    }

    @Test
    void intxRaisesTheSwizzledLsi() {
        int lsi = PhbLayout.IRQ_PCI_LSI + (3 + 1 - 1) % 4; // slot 3, INTA
        assertTrue(p.irqSources().isLsi(lsi));
        f.irq(true);
        assertTrue(p.irqSources().asserted(lsi));
        write(devfn(3, 0), COMMAND, 2, COMMAND_INTX_DISABLE);
        assertFalse(p.irqSources().asserted(lsi));
        write(devfn(3, 0), COMMAND, 2, 0);
        assertTrue(p.irqSources().asserted(lsi));
        f.irq(false);
        assertFalse(p.irqSources().asserted(lsi));
    }

    @Test
    void machineResetResetsTheFunction() {
        write(devfn(3, 0), COMMAND, 2, COMMAND_MEMORY);
        f.irq(true);
        p.reset();
        assertEquals(0, f.readConfig(COMMAND, 2));
        assertFalse(p.irqSources().asserted(PhbLayout.IRQ_PCI_LSI + 3));
    }

    @Test
    void theTreeDescribesTheBridgeAndItsFunctions() {
        Node n = p.tree().find("/pci@800000020000000");
        assertNotNull(n);
        assertEquals("IBM,Logical_PHB", n.getString("compatible"));
        java.nio.IntBuffer map = java.nio.ByteBuffer.wrap(n.get("interrupt-map")).asIntBuffer();
        assertEquals(32 * 4 * 7, map.remaining(), "32 slots x INTA-INTD, 7 cells each");
        int[] slot1IntB = new int[7];
        map.position((1 * 4 + 1) * 7).get(slot1IntB);
        assertArrayEquals(new int[] {0x800, 0, 0, 2, SpaprTree.PHANDLE_XICP, 0x1202, 1}, slot1IntB, "slot 1 INTB -> LSI (1 + 2 - 1) % 4");
        Node c = n.child("legacy-device@3");
        assertNotNull(c, "class 0x00ff00 is a legacy-device (QEMU's name for virtio-rng)");
        assertEquals(0x1af4, c.getCell("vendor-id", 0));
        assertEquals(1, c.getCell("interrupts", 0));
        assertEquals("qemu_test-pci:0000:00:03.0", c.getString("ibm,loc-code"));
        assertEquals(0x4000_0018, c.getCell("ibm,my-drc-index", 0));
        // config space, then BAR0 (32-bit), BAR1 (I/O), BAR2 (64-bit) with their sizes
        assertArrayEquals(cells(0x1800, 0, 0, 0, 0, 0x02001810, 0, 0, 0, 0x1000, 0x01001814, 0, 0, 0, 0x20, 0x03001818, 0, 0, 0, 0x4000),
                c.get("reg"));
        assertEquals(0, p.tree().find("/chosen").getCell("linux,pci-probe-only", -1));
    }

    static byte[] cells(int... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length);
        for (int x : v) b.putInt(x);
        return b.array();
    }
}
