package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpseries.virtio.TestDriver.Queue;
import org.jpseries.virtio.net.NetPeer;
import org.jpseries.virtio.net.VirtioNet;
import org.junit.jupiter.api.Test;

/** virtio-net (§5.1) with an in-memory peer: TX, RX into mergeable and plain buffers, back-pressure, the control queue's filters. */
class VirtioNetTest {
    static final long ALL = -1L;
    static final byte[] MAC = {0x52, 0x54, 0, 0x12, 0x34, 0x56};

    static final class Peer implements NetPeer {
        final LinkedBlockingQueue<byte[]> sent = new LinkedBlockingQueue<>();
        final AtomicInteger retries = new AtomicInteger();

        @Override
        public void send(ByteBuffer frame) {
            byte[] b = new byte[frame.remaining()];
            frame.get(b);
            sent.add(b);
        }

        @Override
        public void retry() {
            retries.incrementAndGet();
        }
    }

    static byte[] frame(byte[] dst, int len) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) f[i] = (byte) (i + 1);
        System.arraycopy(dst, 0, f, 0, 6);
        return f;
    }

    @Test
    void featuresConfigAndTransmit() throws Exception {
        Peer peer = new Peer();
        try (Rig r = new Rig(new VirtioNet(MAC, peer))) {
            TestDriver drv = r.modern();
            long feat = drv.init(ALL, 3);
            // QEMU 7.2 with a socket peer: CTRL_GUEST_OFFLOADS MAC MRG_RXBUF STATUS CTRL_VQ CTRL_RX CTRL_VLAN CTRL_RX_EXTRA GUEST_ANNOUNCE CTRL_MAC_ADDR
            long net = 1L << 2 | 1L << 5 | 1L << 15 | 1L << 16 | 1L << 17 | 1L << 18 | 1L << 19 | 1L << 20 | 1L << 21 | 1L << 23;
            assertEquals(net | 1L << 28 | 1L << 29 | 1L << 32 | 1L << 40, feat);
            for (int i = 0; i < 6; i++) assertEquals(MAC[i] & 0xff, drv.devCfg(i, 1));
            assertEquals(1, drv.devCfg(6, 2), "link up");
            Queue tx = drv.queues.get(1);
            byte[] f = frame(new byte[] {-1, -1, -1, -1, -1, -1}, 60);
            long hdr = drv.buffer(new byte[12]);
            drv.add(tx, TestDriver.out(hdr, 12), TestDriver.out(drv.buffer(f), 60));
            drv.kick(tx);
            assertEquals(0, drv.waitUsed(tx)[1]);
            assertArrayEquals(f, peer.sent.poll(5, TimeUnit.SECONDS), "the frame without its 12-byte header");
        }
    }

    @Test
    void receiveMergeableAcrossBuffersAndBackPressure() {
        Peer peer = new Peer();
        VirtioNet nic = new VirtioNet(MAC, peer);
        try (Rig r = new Rig(nic)) {
            TestDriver drv = r.modern();
            drv.init(ALL, 3);
            Queue rx = drv.queues.get(0);
            byte[] f = frame(MAC, 200);
            assertFalse(nic.receive(ByteBuffer.wrap(f)), "no buffers: refused");
            long a = drv.alloc(100), b = drv.alloc(100), c = drv.alloc(100);
            drv.add(rx, TestDriver.in(a, 100));
            drv.add(rx, TestDriver.in(b, 100));
            drv.add(rx, TestDriver.in(c, 100));
            drv.kick(rx);
            long end = System.nanoTime() + 5_000_000_000L;
            while (peer.retries.get() == 0) assertTrue(System.nanoTime() < end, "the peer was told to retry");
            assertTrue(nic.receive(ByteBuffer.wrap(f)));
            long[] u1 = drv.waitUsed(rx), u2 = drv.waitUsed(rx), u3 = drv.waitUsed(rx);
            assertEquals(100, u1[1], "12-byte header and 88 bytes");
            assertEquals(100, u2[1]);
            assertEquals(12, u3[1]);
            byte[] hdr = drv.read(a, 12);
            assertArrayEquals(new byte[10], Arrays.copyOf(hdr, 10), "no offloads: flags 0, GSO_NONE");
            assertEquals(3, hdr[10] | hdr[11] << 8, "num_buffers");
            byte[] got = new byte[200];
            System.arraycopy(drv.read(a + 12, 88), 0, got, 0, 88);
            System.arraycopy(drv.read(b, 100), 0, got, 88, 100);
            System.arraycopy(drv.read(c, 12), 0, got, 188, 12);
            assertArrayEquals(f, got);
            assertFalse(nic.receive(ByteBuffer.wrap(f)), "no buffers left");
        }
    }

    @Test
    void withoutMergeableAFrameTooBigForOneBufferIsDropped() {
        VirtioNet nic = new VirtioNet(MAC, new Peer());
        try (Rig r = new Rig(nic)) {
            TestDriver drv = r.modern();
            drv.init(ALL & ~(1L << 15), 3);
            Queue rx = drv.queues.get(0);
            drv.add(rx, TestDriver.in(drv.alloc(64), 64));
            assertTrue(nic.receive(ByteBuffer.wrap(frame(MAC, 100))), "taken and dropped");
            assertEquals(0, drv.usedIdx(rx));
            assertTrue(nic.receive(ByteBuffer.wrap(frame(MAC, 52))), "12 + 52 fits");
            assertEquals(64, drv.waitUsed(rx)[1]);
        }
    }

    /** Sends one control command; returns the ack byte. */
    static int ctrl(TestDriver drv, int cls, int cmd, byte[] data) {
        Queue q = drv.queues.get(2);
        long h = drv.buffer(new byte[] {(byte) cls, (byte) cmd});
        long st = drv.alloc(1);
        drv.ram.write(st, new byte[] {(byte) 0xee}, 0, 1);
        if (data.length > 0) drv.add(q, TestDriver.out(h, 2), TestDriver.out(drv.buffer(data), data.length), TestDriver.in(st, 1));
        else drv.add(q, TestDriver.out(h, 2), TestDriver.in(st, 1));
        drv.kick(q);
        assertEquals(1, drv.waitUsed(q)[1]);
        return drv.read(st, 1)[0];
    }

    @Test
    void controlQueueFilters() {
        VirtioNet nic = new VirtioNet(MAC, new Peer());
        try (Rig r = new Rig(nic)) {
            TestDriver drv = r.modern();
            drv.init(ALL, 3);
            Queue rx = drv.queues.get(0);
            for (int i = 0; i < 8; i++) drv.add(rx, TestDriver.in(drv.alloc(128), 128));
            byte[] other = {0x52, 0x54, 0, 0, 0, 1};
            assertTrue(nic.receive(ByteBuffer.wrap(frame(other, 60))));
            assertEquals(72, drv.waitUsed(rx)[1], "promiscuous after reset");
            assertEquals(0, ctrl(drv, 0, 0, new byte[] {0}), "PROMISC off: OK");
            assertTrue(nic.receive(ByteBuffer.wrap(frame(other, 60))));
            TestDriver.settle();
            assertEquals(1, drv.usedIdx(rx), "another unicast MAC is filtered");
            // MAC table: one unicast (other), no multicast
            ByteBuffer t = ByteBuffer.allocate(4 + 6 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1).put(other).putInt(0);
            assertEquals(0, ctrl(drv, 1, 0, t.array()));
            assertTrue(nic.receive(ByteBuffer.wrap(frame(other, 60))));
            assertEquals(72, drv.waitUsed(rx)[1], "now in the table");
            assertEquals(1, ctrl(drv, 1, 0, new byte[] {1, 0, 0, 0}), "a truncated table: ERR");
            byte[] mac2 = {0x52, 0x54, 0, 9, 9, 9};
            assertEquals(0, ctrl(drv, 1, 1, mac2), "MAC_ADDR_SET");
            assertArrayEquals(mac2, nic.mac());
            assertEquals(1, ctrl(drv, 1, 1, new byte[5]), "5 bytes: ERR");
            assertEquals(0, ctrl(drv, 0, 5, new byte[] {1}), "NOBCAST");
            assertTrue(nic.receive(ByteBuffer.wrap(frame(new byte[] {-1, -1, -1, -1, -1, -1}, 60))));
            TestDriver.settle();
            assertEquals(2, drv.usedIdx(rx), "broadcast filtered");
            assertEquals(1, ctrl(drv, 4, 0, new byte[] {1, 0}), "MQ not offered: ERR");
            assertEquals(1, ctrl(drv, 3, 0, new byte[0]), "ANNOUNCE_ACK with nothing announced: ERR");
            nic.announce();
            assertEquals(3, drv.devCfg(6, 2), "link up + announce");
            assertEquals(0, ctrl(drv, 3, 0, new byte[0]));
            assertEquals(1, drv.devCfg(6, 2));
        }
    }
}
