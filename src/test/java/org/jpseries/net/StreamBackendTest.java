package org.jpseries.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The socket and stream backends over TCP against a plain socket peer (QEMU 7.2 net/socket.c, net/stream.c). */
class StreamBackendTest {
    static final int[] SIZES = {60, 1, 1514, 9000, 65535, Framing.MAX_FRAME};
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    static NetdevSpec socketSpec(NetdevSpec.Role role, int port) {
        String key = role == NetdevSpec.Role.LISTEN ? "listen" : "connect";
        return new NetdevSpec("n0", NetdevSpec.Type.SOCKET, role, new Endpoint.Inet("127.0.0.1", Integer.toString(port)),
                "-netdev socket,id=n0," + key + "=127.0.0.1:" + port);
    }

    StreamBackend started(NetdevSpec spec, FrameReceiver r) throws NetdevException {
        StreamBackend b = new StreamBackend(spec, warnings::add);
        toClose.add(b);
        b.attach(r);
        b.start();
        return b;
    }

    <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    static void exchange(NetBackend b, Peer p, TestReceiver r) throws Exception {
        for (int size : SIZES) {
            byte[] f = FrameDecoderTest.frame(size, size + 1);
            assertTrue(b.send(f, 0, f.length));
            assertArrayEquals(f, p.receive(), "to the peer, size " + size);
            byte[] g = FrameDecoderTest.frame(size, size + 2);
            p.send(g);
            assertArrayEquals(g, r.next(), "from the peer, size " + size);
        }
    }

    @Test
    void listenDropsWhileNobodyIsConnectedThenCarriesFramesBothWays() throws Exception {
        int port = Peer.freePort();
        TestReceiver r = new TestReceiver();
        StreamBackend b = started(socketSpec(NetdevSpec.Role.LISTEN, port), r);
        assertFalse(b.linkUp());
        assertFalse(b.send(new byte[60], 0, 60), "QEMU drops what the guest sends before a peer connects");
        assertEquals(1, b.counters().dropped());
        Peer p = closeLater(Peer.connect(port));
        await(b::linkUp, "the peer is accepted");
        assertTrue(b.info().startsWith("socket: connection from 127.0.0.1:"), b.info());
        exchange(b, p, r);
        assertEquals("netdev-n0", r.caller.getName(), "frames reach the device on the backend's I/O thread");
        assertEquals(SIZES.length, b.counters().sent());
        assertEquals(SIZES.length, b.counters().received());
        assertEquals(List.of(), warnings);
    }

    /** QEMU 7.2 net_socket_send's eoc re-arms the listening socket: the next client is accepted, one at a time. */
    @Test
    void listenAcceptsTheNextPeerWhenOneLeaves() throws Exception {
        int port = Peer.freePort();
        TestReceiver r = new TestReceiver();
        StreamBackend b = started(socketSpec(NetdevSpec.Role.LISTEN, port), r);
        Peer first = closeLater(Peer.connect(port));
        await(b::linkUp, "the first peer is accepted");
        exchange(b, first, r);
        Peer second = closeLater(Peer.connect(port)); // waits in the backlog, as QEMU leaves it
        byte[] early = FrameDecoderTest.frame(100, 7);
        second.send(early);
        Thread.sleep(200);
        assertTrue(r.frames.isEmpty(), "the second peer is not served while the first is connected");
        first.close();
        assertArrayEquals(early, r.next(), "served once the first left");
        exchange(b, second, r);
        second.close();
        await(() -> !b.linkUp(), "the link goes down when the peer leaves");
        assertEquals("", b.info());
        assertFalse(b.send(new byte[60], 0, 60));
        Peer third = closeLater(Peer.connect(port));
        await(b::linkUp, "a third peer is accepted");
        exchange(b, third, r);
    }

    @Test
    void connectCarriesFramesAndStaysDownWhenThePeerLeaves() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            TestReceiver r = new TestReceiver();
            StreamBackend b = started(socketSpec(NetdevSpec.Role.CONNECT, server.getLocalPort()), r);
            server.setSoTimeout(10_000);
            Peer p = new Peer(server.accept());
            await(b::linkUp, "connected");
            assertEquals("socket: connect to 127.0.0.1:" + server.getLocalPort(), b.info());
            exchange(b, p, r);
            p.close();
            await(() -> !b.linkUp(), "the link goes down");
            assertFalse(b.send(new byte[60], 0, 60), "QEMU 7.2 has no reconnect: frames are dropped from now on");
            server.setSoTimeout(300);
            assertThrows(java.net.SocketTimeoutException.class, server::accept, "it does not connect again");
        }
    }

    /**
     * qemu-system-ppc64 7.2 -netdev socket,id=n0,connect=127.0.0.1:1 prints no error and runs
     * (its connect is non-blocking; info network then shows "n0: index=0,type=socket,"):
     * jpseries starts too, with the link down and one warning line.
     */
    @Test
    void aRefusedConnectLeavesTheLinkDownWithAWarning() throws Exception {
        int port = Peer.freePort();
        StreamBackend b = started(socketSpec(NetdevSpec.Role.CONNECT, port), new TestReceiver());
        await(() -> !warnings.isEmpty(), "the warning");
        assertEquals(List.of("netdev n0: can't connect socket: Connection refused; the link stays down"), warnings);
        assertFalse(b.linkUp());
        assertEquals("", b.info());
        assertFalse(b.send(new byte[60], 0, 60));
    }

    /** qemu-system-ppc64 7.2 printed "-netdev socket,id=n0,listen=127.0.0.1:5601: can't bind ip=127.0.0.1 to socket: Address already in use" and exited 1. */
    @Test
    void listeningOnABusyPortFailsInQemusWords() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            StreamBackend b = new StreamBackend(socketSpec(NetdevSpec.Role.LISTEN, port), warnings::add);
            NetdevException e = assertThrows(NetdevException.class, b::start);
            assertEquals("-netdev socket,id=n0,listen=127.0.0.1:" + port + ": can't bind ip=127.0.0.1 to socket: Address already in use", e.getMessage());
        }
    }

    /** QEMU 7.2's convert_host_port: gethostbyname fails at startup. */
    @Test
    void anUnknownHostFailsAtStart() {
        NetdevSpec s = new NetdevSpec("n0", NetdevSpec.Type.SOCKET, NetdevSpec.Role.CONNECT, new Endpoint.Inet("nohost.invalid", "1234"),
                "-netdev socket,id=n0,connect=nohost.invalid:1234");
        NetdevException e = assertThrows(NetdevException.class, new StreamBackend(s, warnings::add)::start);
        assertEquals("-netdev socket,id=n0,connect=nohost.invalid:1234: can't resolve host address 'nohost.invalid'", e.getMessage());
    }

    /** Frames of length 0 pass as QEMU passes them; a frame above NET_BUFSIZE ends the connection with QEMU's message, and the next peer is served. */
    @Test
    void badFramesFromThePeer() throws Exception {
        int port = Peer.freePort();
        TestReceiver r = new TestReceiver();
        StreamBackend b = started(socketSpec(NetdevSpec.Role.LISTEN, port), r);
        Peer p = closeLater(Peer.connect(port));
        p.sendRaw(new byte[] {0, 0, 0, 0, 0, 0, 0, 2, 5, 6});
        assertEquals(0, r.next().length);
        assertArrayEquals(new byte[] {5, 6}, r.next());
        byte[] big = new byte[Framing.HEADER + Framing.MAX_FRAME + 1];
        Framing.putHeader(big, 0, Framing.MAX_FRAME + 1);
        p.sendRaw(big);
        assertThrows(EOFException.class, p::receive, "the backend ends the connection");
        await(() -> !warnings.isEmpty(), "the message");
        assertEquals(List.of("netdev n0: " + Framing.OVERSIZED), warnings);
        assertTrue(r.frames.isEmpty());
        Peer next = closeLater(Peer.connect(port));
        await(b::linkUp, "the next peer");
        exchange(b, next, r);
        // a length that can never fit, then the peer leaves mid-frame: no frame, no crash
        Peer third = closeLater(Peer.connect(port));
        next.close();
        await(b::linkUp, "the third peer");
        third.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
        third.close();
        await(() -> !b.linkUp(), "the third peer gone");
        assertTrue(r.frames.isEmpty());
    }

    /** A blocked writer (a peer that never reads) is woken by close and the frame reported dropped. */
    @Test
    void closeWakesASenderBlockedOnAFullSocket() throws Exception {
        int port = Peer.freePort();
        StreamBackend b = started(socketSpec(NetdevSpec.Role.LISTEN, port), new TestReceiver());
        try (Socket s = new Socket("127.0.0.1", port)) {
            await(b::linkUp, "connected");
            byte[] f = new byte[65535];
            Thread sender = Thread.ofPlatform().start(() -> {
                while (b.send(f, 0, f.length)) {
                    // until the socket is full and close ends it
                }
            });
            Thread.sleep(500);
            assertTrue(sender.isAlive(), "the sender blocks on the full socket");
            b.close();
            sender.join(5000);
            assertFalse(sender.isAlive());
        }
    }
}
