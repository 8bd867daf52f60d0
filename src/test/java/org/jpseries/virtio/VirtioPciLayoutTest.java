package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.pci.PciRegs;
import org.jpseries.virtio.blk.FileBackend;
import org.jpseries.virtio.blk.VirtioBlk;
import org.jpseries.virtio.net.NetPeer;
import org.jpseries.virtio.net.VirtioNet;
import org.jpseries.virtio.rng.VirtioRng;
import org.jpseries.virtio.pci.VirtioPciDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions look as QEMU 7.2 builds them on pseries (qemu-system-ppc64 -M pseries,x-vof=on
 * -device virtio-{rng,blk,net}-pci, "info pci": rng 1af4:1005 class 0x00ff subsystem 1af4:0004,
 * BAR0 I/O 0x20, BAR4 64-bit prefetchable 0x4000; blk 1af4:1001 class 0x0100 subsystem 0002,
 * BAR0 0x80; net 1af4:1000 class 0x0200 subsystem 0001, BAR0 0x20; each a 4 KiB 32-bit BAR 1 for
 * MSI-X); the vendor capabilities in virtio_pci_device_plugged's order, the MSI-X one last.
 */
class VirtioPciLayoutTest {
    @TempDir
    java.nio.file.Path tmp;

    record Ids(int vendor, int device, int classCode, int subVendor, int sub, int revision, long bar0) {}

    static Ids ids(Rig r) {
        var d = r.dev;
        d.writeConfig(PciRegs.BASE_ADDRESS_0, 4, -1);
        long bar0 = (~d.readConfig(PciRegs.BASE_ADDRESS_0, 4) | 3) + 1 & 0xffffffffL;
        return new Ids(d.readConfig(0, 2), d.readConfig(2, 2), d.readConfig(0x0a, 2), d.readConfig(0x2c, 2), d.readConfig(0x2e, 2),
                d.readConfig(8, 1), bar0);
    }

    @Test
    void idsClassesAndBarsAreQemus() throws Exception {
        try (Rig rng = new Rig(new VirtioRng()); Rig net = new Rig(new VirtioNet(org.jpseries.net.MacAddress.parse("52:54:00:12:34:56", "mac").bytes(), NetPeer.NONE));
                FileBackend f = FileBackend.create(tmp.resolve("d.img"), 16 << 20, false); Rig blk = new Rig(new VirtioBlk(f, ""))) {
            assertEquals(new Ids(0x1af4, 0x1005, 0x00ff, 0x1af4, 4, 0, 0x20), ids(rng));
            assertEquals(new Ids(0x1af4, 0x1001, 0x0100, 0x1af4, 2, 0, 0x80), ids(blk));
            assertEquals(new Ids(0x1af4, 0x1000, 0x0200, 0x1af4, 1, 0, 0x20), ids(net));
            for (Rig r : List.of(rng, blk, net)) {
                var d = r.dev;
                assertEquals(1, d.readConfig(PciRegs.INTERRUPT_PIN, 1), "INTA");
                assertEquals(1, d.readConfig(PciRegs.BASE_ADDRESS_0, 4) & 1, "BAR0 is I/O");
                d.writeConfig(PciRegs.BASE_ADDRESS_0 + 4, 4, -1);
                assertEquals(0xfffff000, d.readConfig(PciRegs.BASE_ADDRESS_0 + 4, 4), "BAR1: 4 KiB, 32-bit memory (MSI-X)");
                int bar4 = PciRegs.BASE_ADDRESS_0 + 16;
                d.writeConfig(bar4, 4, -1);
                d.writeConfig(bar4 + 4, 4, -1);
                assertEquals(0xffffc00c, d.readConfig(bar4, 4), "BAR4: 16 KiB, 64-bit, prefetchable");
                assertEquals(0xffffffff, d.readConfig(bar4 + 4, 4));
            }
        }
    }

    @Test
    void vendorCapabilitiesInQemusOrderAndLayout() {
        try (Rig r = new Rig(new VirtioRng())) {
            var d = r.dev;
            assertTrue((d.readConfig(PciRegs.STATUS, 2) & PciRegs.STATUS_CAP_LIST) != 0);
            List<String> caps = new ArrayList<>();
            for (int p = d.readConfig(PciRegs.CAPABILITY_LIST, 1); p != 0; p = d.readConfig(p + 1, 1)) {
                caps.add(String.format("%02x:id=%02x len=%d type=%d bar=%d off=%x size=%x", p, d.readConfig(p, 1), d.readConfig(p + 2, 1),
                        d.readConfig(p + 3, 1), d.readConfig(p + 4, 1), d.readConfig(p + 8, 4), d.readConfig(p + 12, 4)));
            }
            // pci_add_capability links each new capability at the head: MSI-X (added last) comes first
            assertEquals(List.of("98:id=11 len=1 type=0 bar=1 off=801 size=0", "84:id=09 len=20 type=5 bar=0 off=0 size=0", "70:id=09 len=20 type=2 bar=4 off=3000 size=1000",
                    "60:id=09 len=16 type=4 bar=4 off=2000 size=1000", "50:id=09 len=16 type=3 bar=4 off=1000 size=1000",
                    "40:id=09 len=16 type=1 bar=4 off=0 size=1000"), caps);
            assertEquals(4, d.readConfig(0x70 + 16, 4), "notify_off_multiplier");
            // qemu-system-ppc64 7.2, -device virtio-rng-pci, a Linux guest's hexdump of its config 0x34 and 0x40..0xff,
            // MSI-X enabled by the guest (control 0x8001: 2 vectors), table at BAR 1 + 0, PBA at BAR 1 + 0x800
            d.writeConfig(0x9a, 2, 0x8000);
            assertEquals(0x98, d.readConfig(PciRegs.CAPABILITY_LIST, 1));
            String qemu = "09 00 10 01 04 00 00 00 00 00 00 00 00 10 00 00 09 40 10 03 04 00 00 00 00 10 00 00 00 10 00 00 "
                    + "09 50 10 04 04 00 00 00 00 20 00 00 00 10 00 00 09 60 14 02 04 00 00 00 00 30 00 00 00 10 00 00 "
                    + "04 00 00 00 09 70 14 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 11 84 01 80 01 00 00 00 "
                    + "01 08 00 00" + " 00".repeat(0x100 - 0xa4);
            StringBuilder ours = new StringBuilder();
            for (int i = 0x40; i < 0x100; i++) ours.append(String.format("%02x ", d.readConfig(i, 1)));
            assertEquals(qemu, ours.toString().trim());
        }
    }

    @Test
    void modernOnlyAndIommuPlatform() {
        try (Rig r = new Rig(new VirtioRng(), true)) {
            assertEquals(new Ids(0x1af4, 0x1044, 0x00ff, 0x1af4, 0x1100, 1, 0), ids(r));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new VirtioPciDevice(new TestDevice(true), new VirtioPciDevice.Options(false, null, null, () -> false)));
        assertEquals("VIRTIO_F_IOMMU_PLATFORM was supported by neither legacy nor transitional device", e.getMessage());
    }

    @Test
    void withoutMsixTheVectorRegistersReadNoVector() {
        try (Rig r = new Rig(new VirtioRng(), false, 0)) {
            TestDriver drv = r.modern();
            drv.enable();
            drv.findCapabilities();
            assertEquals(0, drv.msixCap(), "vectors=0: no MSI-X capability");
            assertEquals(0x98, r.dev.readConfig(PciRegs.CAPABILITY_LIST, 1) + 0x14, "the PCI cfg capability heads the list");
            assertEquals(0, r.dev.readConfig(PciRegs.BASE_ADDRESS_0 + 4, 4), "no BAR 1");
            assertEquals(0xffff, drv.setConfigVector(0), "msix_config");
            assertEquals(0xffff, drv.setQueueVector(0, 0), "queue_msix_vector");
        }
    }

    @Test
    void commonFieldsReadBack() {
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.modern();
            drv.enable();
            drv.findCapabilities();
            assertEquals(1, drv.rd(0x12, 2), "num_queues");
            assertEquals(8, drv.rd(0x18, 2), "rng queue size");
            drv.wr(0x00, 4, 1);
            assertEquals(1 | 1 << 8, drv.rd(0x04, 4), "VERSION_1 and RING_RESET");
            drv.wr(0x00, 4, 0);
            long low = drv.rd(0x04, 4);
            assertEquals(0, low & (1L << 24 | 1L << 27 | 1L << 30), "legacy-only features hidden from the modern window");
            assertEquals(3L << 28, low & 3L << 28, "INDIRECT_DESC and EVENT_IDX");
            drv.wr(0x16, 2, 1);
            assertEquals(0, drv.rd(0x18, 2), "no queue 1");
        }
    }

    @Test
    void pciCfgAccessCapabilityReachesTheModernRegions() {
        try (Rig r = new Rig(new VirtioRng())) {
            var d = r.dev;
            TestDriver drv = r.modern();
            drv.enable();
            drv.findCapabilities();
            drv.setStatus(1);
            int cap = 0x84;
            d.writeConfig(cap + 4, 1, 4);
            d.writeConfig(cap + 8, 4, 0x14); // device_status
            d.writeConfig(cap + 12, 4, 1);
            assertEquals(1, d.readConfig(cap + 16, 1), "status read through the window");
            d.writeConfig(cap + 16, 4, 3);
            assertEquals(3, drv.status(), "status written through the window");
            d.writeConfig(cap + 12, 4, 3); // a length other than 1, 2, 4 does nothing
            d.writeConfig(cap + 16, 4, 0);
            assertEquals(3, drv.status());
        }
    }

    @Test
    void legacyHeaderRegisters() {
        try (Rig r = new Rig(new VirtioRng())) {
            TestDriver drv = r.legacy(false);
            drv.enable();
            long host = drv.rd(0, 4);
            assertEquals(1L << 24 | 1L << 27 | 1L << 30, host & (1L << 24 | 1L << 27 | 1L << 30), "legacy shows NOTIFY_ON_EMPTY, ANY_LAYOUT, BAD_FEATURE");
            assertEquals(8, drv.rd(12, 2), "QUEUE_NUM");
            assertEquals(0xff, drv.rd(1, 1), "no register there: all ones");
            drv.wr(18, 1, 3);
            assertEquals(3, drv.rd(18, 1));
            drv.wr(14, 2, 0);
            drv.wr(8, 4, 0x123);
            assertEquals(0x123, drv.rd(8, 4), "QUEUE_PFN reads back");
            drv.wr(8, 4, 0);
            assertEquals(0, drv.rd(18, 1), "PFN 0 resets the device");
            assertFalse(r.irq());
        }
    }
}
