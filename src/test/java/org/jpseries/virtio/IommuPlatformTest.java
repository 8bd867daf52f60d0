package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Random;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;
import org.jpseries.pci.PciBus;
import org.jpseries.virtio.TestDriver.Queue;
import org.jpseries.virtio.pci.VirtioPciDevice;
import org.jpseries.virtio.rng.VirtioRng;
import org.junit.jupiter.api.Test;

/** iommu_platform=on: ACCESS_PLATFORM must be accepted (virtio_validate_features), and every ring and buffer access is translated. */
class IommuPlatformTest {
    static final long VERSION_1 = 1L << 32, ACCESS_PLATFORM = 1L << 33;
    /** A window that maps I/O page p to real page p + 0x100 (4 KiB pages), for I/O addresses below 8 MiB. */
    static final long SHIFT = 0x100L << 12;

    @Test
    void featuresOkNeedsAccessPlatform() {
        try (Rig r = new Rig(new TestDevice(true), true)) {
            TestDriver drv = r.modern();
            drv.enable();
            drv.findCapabilities();
            drv.setStatus(1 | 2);
            assertTrue((drv.deviceFeatures() & ACCESS_PLATFORM) != 0, "offered");
            drv.wr(0x08, 4, 1);
            drv.wr(0x0c, 4, 1); // VERSION_1 only
            drv.setStatus(1 | 2 | 8);
            assertEquals(1 | 2, drv.status(), "FEATURES_OK refused");
            drv.wr(0x0c, 4, 3);
            drv.setStatus(1 | 2 | 8);
            assertEquals(1 | 2 | 8, drv.status());
        }
    }

    @Test
    void ringsAndBuffersGoThroughTheTranslation() {
        try (GuestRam ram = new GuestRam(16 << 20)) {
            PciBus bus = new PciBus("pci.0", (p, l) -> {});
            Dma dma = Dma.translated(ram, (io, write) -> io < 8 << 20 ? io + SHIFT : -1, 4096);
            VirtioPciDevice dev = new VirtioPciDevice(new VirtioRng(new Random(3), Long.MAX_VALUE, 65536, true), new VirtioPciDevice.Options(true, dma,
                    new GuestLog(true, new PrintStream(new ByteArrayOutputStream())), () -> false));
            try {
                bus.plug(dev, 8);
                dev.reset();
                // the driver writes its rings and reads its buffers at I/O address + SHIFT, where the translation puts them
                TestDriver drv = new TestDriver(ram, bus, dev, true, false) {
                    @Override
                    void put(long addr, int len, long v) {
                        super.put(addr + SHIFT, len, v);
                    }

                    @Override
                    long get(long addr, int len) {
                        return super.get(addr + SHIFT, len);
                    }

                    @Override
                    byte[] read(long a, int len) {
                        return super.read(a + SHIFT, len);
                    }
                };
                drv.init(VERSION_1 | ACCESS_PLATFORM, 1);
                Queue q = drv.queues.get(0);
                long buf = 0x7f_e800; // crosses a 4 KiB page
                drv.add(q, TestDriver.in(buf, 4096));
                drv.kick(q);
                assertEquals(4096, drv.waitUsed(q)[1]);
                byte[] expect = new byte[4096];
                new Random(3).nextBytes(expect);
                assertArrayEquals(expect, drv.read(buf, 4096));
                drv.add(q, TestDriver.in(0x7f_f000, 8192)); // runs past the window
                drv.kick(q);
                VirtQueueTest.awaitNeedsReset(drv);
            } finally {
                dev.close();
            }
        }
    }
}
