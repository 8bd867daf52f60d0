package org.jpseries.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code -netdev dgram} over UDP (QEMU 7.2 net/dgram.c, unicast inet): one frame per datagram, no prefix. */
class DgramBackendTest {
    final List<NetBackend> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (NetBackend b : open) b.close();
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    NetBackend dgram(String id, int local, int remote, FrameReceiver r) throws NetdevException {
        NetdevSpec s = new NetdevSpec(id, NetdevSpec.Type.DGRAM, NetdevSpec.Role.CONNECT, new Endpoint.Inet("127.0.0.1", Integer.toString(local)),
                "-netdev dgram,id=" + id + ",local.type=inet,local.host=127.0.0.1,local.port=" + local
                        + ",remote.type=inet,remote.host=127.0.0.1,remote.port=" + remote,
                new Endpoint.Inet("127.0.0.1", Integer.toString(remote)));
        NetBackend b = Netdevs.create(s, w -> { });
        open.add(b);
        b.attach(r);
        b.start();
        return b;
    }

    @Test
    void twoDgramNetdevsExchangeDatagramsAsFrames() throws Exception {
        int pa = freeUdpPort(), pb = freeUdpPort();
        TestReceiver ra = new TestReceiver(), rb = new TestReceiver();
        NetBackend a = dgram("a", pa, pb, ra), b = dgram("b", pb, pa, rb);
        assertTrue(a.linkUp());
        assertEquals("udp=127.0.0.1:" + pa + "/127.0.0.1:" + pb, a.info());
        for (int size : new int[] {60, 1, 1514, 9000, 65507}) {
            byte[] f = FrameDecoderTest.frame(size, size);
            assertTrue(a.send(f, 0, size));
            assertArrayEquals(f, rb.next(), "a -> b " + size);
            assertTrue(b.send(f, 0, size));
            assertArrayEquals(f, ra.next(), "b -> a " + size);
        }
        assertFalse(a.send(new byte[65508], 0, 65508), "above UDP's limit sendto fails and QEMU drops the frame");
        assertEquals(1, a.counters().dropped());
    }

    /** An empty datagram is dropped (QEMU 7.2 would stop reading for good), the next still arrives; a plain UDP peer sees raw frames. */
    @Test
    void plainUdpPeerAndAnEmptyDatagram() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(10_000);
            int local = freeUdpPort();
            TestReceiver r = new TestReceiver();
            NetBackend b = dgram("n0", local, peer.getLocalPort(), r);
            InetAddress lo = InetAddress.getLoopbackAddress();
            peer.send(new DatagramPacket(new byte[0], 0, lo, local));
            peer.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, lo, local));
            assertArrayEquals(new byte[] {1, 2, 3}, r.next());
            assertTrue(b.send(new byte[] {4, 5}, 0, 2));
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            peer.receive(p);
            assertEquals(2, p.getLength());
        }
    }

    /** QEMU's words for a busy local port: "can't bind ip=127.0.0.1 to socket: Address already in use"; the socket stays SO_REUSEADDR as QEMU's. */
    @Test
    void aBusyLocalPortFailsAtStart() throws Exception {
        try (DatagramSocket busy = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            NetdevException e = assertThrows(NetdevException.class, () -> dgram("n0", port, freeUdpPort(), new TestReceiver()));
            assertTrue(e.getMessage().endsWith(": can't bind ip=127.0.0.1 to socket: Address already in use"), e.getMessage());
        }
    }
}
