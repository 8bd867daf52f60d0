package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jpseries.virtio.TestDriver.Queue;
import org.jpseries.virtio.TestDriver.Seg;
import org.jpseries.virtio.blk.FileBackend;
import org.jpseries.virtio.blk.VirtioBlk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** virtio-blk (§5.2) against a temporary raw file, driven as Linux's virtio_blk does. */
class VirtioBlkTest {
    static final long VERSION_1 = 1L << 32, ALL = -1L;
    static final int IN = 0, OUT = 1, FLUSH = 4, GET_ID = 8, DISCARD = 11, WRITE_ZEROES = 13;

    @TempDir
    Path tmp;

    /** Sends one request: header, data segments, status byte; returns the status (and fills {@code used}). */
    static int request(TestDriver drv, int type, long sector, Seg data, long[] used) {
        Queue q = drv.queues.get(0);
        long hdr = drv.alloc(16);
        drv.put(hdr, 4, type);
        drv.put(hdr + 4, 4, 0);
        drv.put(hdr + 8, 8, sector);
        long status = drv.alloc(1);
        drv.ram.write(status, new byte[] {(byte) 0xee}, 0, 1);
        if (data == null) drv.add(q, TestDriver.out(hdr, 16), TestDriver.in(status, 1));
        else drv.add(q, TestDriver.out(hdr, 16), data, TestDriver.in(status, 1));
        drv.kick(q);
        long[] u = drv.waitUsed(q);
        if (used != null) System.arraycopy(u, 0, used, 0, 2);
        return drv.read(status, 1)[0];
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 7 + seed);
        return b;
    }

    @Test
    void readWriteFlushGetIdAndConfiguration() throws Exception {
        Path img = tmp.resolve("disk.img");
        try (FileBackend f = FileBackend.create(img, 4 << 20, false); Rig r = new Rig(new VirtioBlk(f, "SER-123"))) {
            TestDriver drv = r.modern();
            long feat = drv.init(ALL, 1);
            // QEMU 7.2's features for a raw file (SEG_MAX GEOMETRY BLK_SIZE FLUSH TOPOLOGY CONFIG_WCE DISCARD WRITE_ZEROES, INDIRECT EVENT_IDX VERSION_1 RING_RESET)
            assertEquals(1L << 2 | 1L << 4 | 1L << 6 | 1L << 9 | 1L << 10 | 1L << 11 | 1L << 13 | 1L << 14 | 1L << 28 | 1L << 29 | 1L << 32 | 1L << 40, feat);
            assertEquals(8192, drv.devCfg(0, 4) | drv.devCfg(4, 4) << 32, "capacity in sectors");
            assertEquals(254, drv.devCfg(12, 4), "seg_max");
            assertEquals(8, drv.devCfg(16, 2), "cylinders: 8192 / (16 * 63)");
            assertEquals(16, drv.devCfg(18, 1));
            assertEquals(63, drv.devCfg(19, 1));
            assertEquals(512, drv.devCfg(20, 4), "blk_size");
            assertEquals(1, drv.devCfg(32, 1), "wce");
            assertEquals(0x3fffff, drv.devCfg(36, 4), "max_discard_sectors");
            assertEquals(1, drv.devCfg(56, 1), "write_zeroes_may_unmap");
            assertEquals(0xff, drv.devCfg(57, 1), "past the 57 bytes: all ones");

            byte[] data = pattern(1024, 3);
            long buf = drv.buffer(data);
            long[] used = new long[2];
            assertEquals(0, request(drv, OUT, 2, TestDriver.out(buf, 1024), used));
            assertEquals(1, used[1], "used length: the status byte");
            byte[] onDisk = new byte[1024];
            try (var ch = java.nio.channels.FileChannel.open(img)) {
                ch.read(ByteBuffer.wrap(onDisk), 1024);
            }
            assertArrayEquals(data, onDisk, "sectors 2-3 of the file");

            long back = drv.alloc(1024);
            assertEquals(0, request(drv, IN, 2, TestDriver.in(back, 1024), used));
            assertEquals(1025, used[1], "data and status");
            assertArrayEquals(data, drv.read(back, 1024));

            int before = f.flushes;
            assertEquals(0, request(drv, FLUSH, 0, null, null));
            assertEquals(before + 1, f.flushes);

            long id = drv.alloc(20);
            drv.ram.fill(id, 20, (byte) 0x55);
            assertEquals(0, request(drv, GET_ID, 0, TestDriver.in(id, 20), null));
            assertArrayEquals(Arrays.copyOf("SER-123\0".getBytes(), 8), Arrays.copyOf(drv.read(id, 20), 8));

            assertEquals(2, request(drv, 99, 0, null, null), "unknown type: UNSUPP");
        }
    }

    @Test
    void outOfRangeAndPartialSectorsAreIoErrors() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("d"), 1 << 20, false); Rig r = new Rig(new VirtioBlk(f, ""))) {
            TestDriver drv = r.modern();
            drv.init(ALL, 1);
            long buf = drv.alloc(1024);
            assertEquals(1, request(drv, IN, 2047, TestDriver.in(buf, 1024), null), "past the end");
            assertEquals(1, request(drv, OUT, 2047, TestDriver.out(buf, 1024), null), "a write past the end");
            assertEquals(1 << 20, Files.size(tmp.resolve("d")), "the file did not grow");
            assertEquals(1, request(drv, IN, 2048, TestDriver.in(buf, 512), null), "the sector after the last");
            assertEquals(0, request(drv, IN, 2046, TestDriver.in(buf, 1024), null), "the last two sectors");
            assertEquals(1, request(drv, OUT, 0, TestDriver.out(buf, 100), null), "not whole sectors");
            assertEquals(1, request(drv, IN, -1L, TestDriver.in(buf, 512), null), "sector 2^64-1");
        }
    }

    @Test
    void readOnlyOffersRoAndRefusesWrites() throws Exception {
        Path img = tmp.resolve("ro.img");
        FileBackend.create(img, 1 << 20, false).close();
        Files.write(img, pattern(512, 9), java.nio.file.StandardOpenOption.WRITE);
        try (FileBackend f = FileBackend.create(img, 1 << 20, true); Rig r = new Rig(new VirtioBlk(f, ""))) {
            TestDriver drv = r.modern();
            long feat = drv.init(ALL, 1);
            assertTrue((feat & 1L << 5) != 0, "VIRTIO_BLK_F_RO");
            long buf = drv.buffer(new byte[512]);
            assertEquals(1, request(drv, OUT, 0, TestDriver.out(buf, 512), null), "IOERR");
            long back = drv.alloc(512);
            assertEquals(0, request(drv, IN, 0, TestDriver.in(back, 512), null));
            assertArrayEquals(pattern(512, 9), drv.read(back, 512), "the file is unchanged");
        }
    }

    @Test
    void discardAndWriteZeroes() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("z"), 1 << 20, false); Rig r = new Rig(new VirtioBlk(f, ""))) {
            TestDriver drv = r.modern();
            drv.init(ALL, 1);
            long buf = drv.buffer(pattern(2048, 1));
            assertEquals(0, request(drv, OUT, 0, TestDriver.out(buf, 2048), null));
            ByteBuffer seg = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1).putInt(8, 2).putInt(12, 1);
            assertEquals(0, request(drv, WRITE_ZEROES, 0, TestDriver.out(drv.buffer(seg.array()), 16), null));
            long back = drv.alloc(2048);
            assertEquals(0, request(drv, IN, 0, TestDriver.in(back, 2048), null));
            byte[] expect = pattern(2048, 1);
            Arrays.fill(expect, 512, 1536, (byte) 0);
            assertArrayEquals(expect, drv.read(back, 2048));
            seg.putInt(12, 1); // discard takes no flags
            assertEquals(2, request(drv, DISCARD, 0, TestDriver.out(drv.buffer(seg.array()), 16), null), "UNSUPP");
        }
    }

    @Test
    void withoutBackendSupportNoDiscard() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("n"), 1 << 20, false);
                Rig r = new Rig(new VirtioBlk(new org.jpseries.virtio.blk.BlkBackend() {
                    public long size() { return f.size(); }
                    public boolean readOnly() { return false; }
                    public void read(long o, ByteBuffer d) throws java.io.IOException { f.read(o, d); }
                    public void write(long o, ByteBuffer s) throws java.io.IOException { f.write(o, s); }
                    public void flush() {}
                }, ""))) {
            TestDriver drv = r.modern();
            long feat = drv.init(ALL, 1);
            assertEquals(0, feat & (1L << 13 | 1L << 14), "no DISCARD or WRITE_ZEROES");
            assertEquals(0xffffffffL, drv.devCfg(36, 4), "a 36-byte configuration");
            ByteBuffer seg = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0).putInt(8, 1);
            assertEquals(2, request(drv, DISCARD, 0, TestDriver.out(drv.buffer(seg.array()), 16), null), "UNSUPP");
        }
    }

    @Test
    void aBackendThatThrowsStopsOnlyThisDevice() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("t"), 1 << 20, false);
                Rig r = new Rig(new VirtioBlk(new org.jpseries.virtio.blk.BlkBackend() {
                    public long size() { return f.size(); }
                    public boolean readOnly() { return false; }
                    public void read(long o, ByteBuffer d) throws java.io.IOException {
                        if (o >= 512) throw new IllegalStateException("backend bug"); // sector 0 reads (the geometry guess at creation)
                        f.read(o, d);
                    }
                    public void write(long o, ByteBuffer s) throws java.io.IOException { f.write(o, s); }
                    public void flush() {}
                }, ""))) {
            TestDriver drv = r.modern();
            drv.init(ALL, 1);
            Queue q = drv.queues.get(0);
            long hdr = drv.alloc(16);
            drv.put(hdr, 4, IN);
            drv.put(hdr + 8, 8, 1);
            drv.add(q, TestDriver.out(hdr, 16), TestDriver.in(drv.alloc(512), 512), TestDriver.in(drv.alloc(1), 1));
            drv.kick(q);
            VirtQueueTest.awaitNeedsReset(drv);
            assertTrue(r.log().contains("virtio-blk: internal error: java.lang.IllegalStateException: backend bug"), r.log());
            assertEquals(0, r.vdev.inflight());
            drv.queues.clear();
            drv.init(ALL, 1);
            assertEquals(0, request(drv, FLUSH, 0, null, null), "the I/O thread lives on after a reset");
        }
    }

    @Test
    void legacyBigEndianDriver() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("be"), 1 << 20, false); Rig r = new Rig(new VirtioBlk(f, ""))) {
            TestDriver drv = r.legacy(true);
            drv.init(1L << 9 | 1L << 28 | 1L << 29, 1);
            long capacity = 0;
            for (int i = 0; i < 8; i++) capacity = capacity << 8 | drv.devCfg(i, 1); // vp_legacy_get: byte by byte, then virtio64 = the vCPU's order
            assertEquals(2048, capacity, "capacity through the legacy window, big-endian");
            assertEquals(512, drv.devCfg(20, 4), "a 32-bit read gives the field's value (QEMU swaps for a big-endian device)");
            long buf = drv.buffer(pattern(512, 5));
            assertEquals(0, request(drv, OUT, 3, TestDriver.out(buf, 512), null));
            long back = drv.alloc(512);
            assertEquals(0, request(drv, IN, 3, TestDriver.in(back, 512), null));
            assertArrayEquals(pattern(512, 5), drv.read(back, 512));
        }
    }

    @Test
    void resetWaitsForARequestInFlight() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("r"), 1 << 20, false); Rig r = new Rig(new VirtioBlk(f, ""))) {
            TestDriver drv = r.modern();
            drv.init(ALL, 1);
            f.entered = new CountDownLatch(1);
            f.gate = new CountDownLatch(1);
            Queue q = drv.queues.get(0);
            long hdr = drv.alloc(16);
            drv.put(hdr, 4, IN);
            long status = drv.alloc(1);
            drv.ram.write(status, new byte[] {(byte) 0xee}, 0, 1);
            long buf = drv.alloc(512);
            drv.add(q, TestDriver.out(hdr, 16), TestDriver.in(buf, 512), TestDriver.in(status, 1));
            drv.kick(q);
            assertTrue(f.entered.await(5, TimeUnit.SECONDS), "the read reached the backend");
            Thread resetter = new Thread(() -> drv.setStatus(0));
            resetter.start();
            resetter.join(300);
            assertTrue(resetter.isAlive(), "the reset waits for the request");
            assertEquals(0, drv.usedIdx(q));
            f.gate.countDown();
            f.gate = null;
            resetter.join(5000);
            assertFalse(resetter.isAlive());
            assertEquals(1, drv.usedIdx(q), "the request completed before the reset");
            assertEquals(0, drv.read(status, 1)[0]);
            assertEquals(0, drv.status());
            assertEquals(0, r.vdev.inflight());
        }
    }
}
