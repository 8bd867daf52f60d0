package org.jpseries.virtio;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;
import org.jpseries.pci.PciBus;
import org.jpseries.virtio.pci.VirtioPciDevice;

/** A PCI bus with one virtio function at 01.0 on 16 MiB of guest RAM, its -d guest_errors log captured. */
final class Rig implements AutoCloseable {
    final GuestRam ram = new GuestRam(16 << 20);
    final boolean[] pins = new boolean[4];
    final PciBus bus = new PciBus("pci.0", (p, l) -> pins[p] = l);
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final VirtioPciDevice dev;
    final VirtioDevice vdev;
    /** The byte order of the "vCPU" resetting the device. */
    volatile boolean vcpuBigEndian;

    Rig(VirtioDevice vdev) {
        this(vdev, false);
    }

    Rig(VirtioDevice vdev, boolean disableLegacy) {
        this.vdev = vdev;
        GuestLog log = new GuestLog(true, new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        dev = new VirtioPciDevice(vdev, new VirtioPciDevice.Options(disableLegacy, Dma.of(ram), log, () -> vcpuBigEndian));
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
