package org.jpseries.virtio;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;
import org.jpseries.pci.PciBus;
import org.jpseries.virtio.pci.VirtioPciDevice;
import org.jpseries.virtio.pci.VirtioPciRegs;

/**
 * A PCI bus with one virtio function at 01.0 on 16 MiB of guest RAM, its -d guest_errors log
 * captured, and an MSI window at {@link #MSI_WINDOW} recording each message's data.
 */
final class Rig implements AutoCloseable {
    static final long MSI_WINDOW = 0xfee0_0000L;
    final GuestRam ram = new GuestRam(16 << 20);
    final boolean[] pins = new boolean[4];
    /** The MSI messages' data, in the order they arrived (any thread). */
    final java.util.List<Integer> msis = new java.util.concurrent.CopyOnWriteArrayList<>();
    final PciBus bus = new PciBus("pci.0", (p, l) -> pins[p] = l, new org.jpseries.pci.PciDma() {
        @Override
        public boolean read(long addr, byte[] dst, int off, int len) {
            return false;
        }

        @Override
        public boolean write(long addr, byte[] src, int off, int len) {
            if (addr != MSI_WINDOW || len != 4) return false;
            msis.add(src[off] & 0xff | (src[off + 1] & 0xff) << 8 | (src[off + 2] & 0xff) << 16 | (src[off + 3] & 0xff) << 24);
            return true;
        }
    });
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final VirtioPciDevice dev;
    final VirtioDevice vdev;
    /** The byte order of the "vCPU" resetting the device. */
    volatile boolean vcpuBigEndian;

    Rig(VirtioDevice vdev) {
        this(vdev, false);
    }

    Rig(VirtioDevice vdev, boolean disableLegacy) {
        this(vdev, disableLegacy, VirtioPciRegs.VECTORS_UNSPECIFIED);
    }

    /** @param vectors the vectors property (VECTORS_UNSPECIFIED: the device's default; 0: no MSI-X) */
    Rig(VirtioDevice vdev, boolean disableLegacy, int vectors) {
        this.vdev = vdev;
        GuestLog log = new GuestLog(true, new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        dev = new VirtioPciDevice(vdev, new VirtioPciDevice.Options(disableLegacy, Dma.of(ram), log, () -> vcpuBigEndian, vectors));
        bus.plug(dev, 8);
        dev.reset();
    }

    TestDriver modern() {
        return new TestDriver(ram, bus, dev, true, false);
    }

    TestDriver legacy(boolean bigEndian) {
        vcpuBigEndian = bigEndian;
        return new TestDriver(ram, bus, dev, false, bigEndian);
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** INTA of slot 1 reaches bridge pin 1. */
    boolean irq() {
        return bus.pinAsserted(PciBus.bridgePin(8, 1));
    }

    @Override
    public void close() {
        dev.close();
        ram.close();
    }
}
