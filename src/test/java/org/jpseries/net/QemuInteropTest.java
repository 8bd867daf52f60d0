package org.jpseries.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with the oracle: qemu-system-ppc64 7.2 with two listening socket netdevs
 * joined by hub 0 forwards every frame from one socket to the other, so frames our backend
 * sends into one must come out of the other byte for byte, both ways. Sizes run from 1 to
 * QEMU's NET_BUFSIZE (69632, the largest it reassembles; checked on this host: 69633 gets
 * "serious error: oversized packet received,connection terminated."). A frame of length 0 is
 * left out: QEMU 7.2's net_socket_receive returns 0 for it after writing its prefix, which
 * queues it in the output netdev for a resend and stalls that netdev's output (checked: the next
 * frames did not come out).
 */
class QemuInteropTest {
    static final String QEMU = "qemu-system-ppc64";
    Process qemu;
    final List<NetBackend> backends = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (NetBackend b : backends) b.close();
        if (qemu != null) {
            qemu.destroy();
            if (!qemu.waitFor(10, TimeUnit.SECONDS)) qemu.destroyForcibly();
        }
    }

    /** Starts QEMU with the two listening netdevs on a hub; returns their ports once both listen. */
    int[] startQemu() throws Exception {
        int p1 = Peer.freePort(), p2 = Peer.freePort();
        startQemu(p1, "socket,id=b,listen=127.0.0.1:" + p2, p2);
        return new int[] {p1, p2};
    }

    /** QEMU with socket netdev a listening on p1 and netdev b given as {@code b}, both on hub 0; waits until p1 (and p2 when not 0) listen. */
    void startQemu(int p1, String b, int p2) throws Exception {
        Oracles.require(QEMU); // installed by bin/jpseries-deps: a missing oracle fails the test
        qemu = new ProcessBuilder(QEMU, "-M", "none", "-nodefaults", "-display", "none",
                "-netdev", "socket,id=a,listen=127.0.0.1:" + p1, "-netdev", b,
                "-netdev", "hubport,id=h1,hubid=0,netdev=a", "-netdev", "hubport,id=h2,hubid=0,netdev=b")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long end = System.nanoTime() + 20_000_000_000L;
        while (!(listening(p1) && (p2 == 0 || listening(p2)))) {
            if (!qemu.isAlive()) throw new AssertionError(QEMU + " exited with status " + qemu.exitValue());
            if (System.nanoTime() > end) throw new AssertionError(QEMU + " did not listen within 20 s");
            Thread.sleep(20);
        }
    }

    /** Whether a TCP socket listens on 127.0.0.1:port (/proc/net/tcp, state 0A), without connecting to it. */
    static boolean listening(int port) throws IOException {
        String local = String.format("0100007F:%04X", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].equals(local) && f[3].equals("0A")) return true;
        }
        return false;
    }

    NetBackend connect(String id, int port, TestReceiver r) throws NetdevException {
        NetBackend b = Netdevs.create(new NetdevSpec(id, NetdevSpec.Type.SOCKET, NetdevSpec.Role.CONNECT,
                new Endpoint.Inet("127.0.0.1", Integer.toString(port)), "-netdev socket,id=" + id + ",connect=127.0.0.1:" + port), w -> { });
        backends.add(b);
        b.attach(r);
        b.start();
        return b;
    }

    static List<byte[]> frames(long seed) {
        List<byte[]> out = new ArrayList<>();
        Random rnd = new Random(seed);
        int[] edges = {1, 14, 59, 60, 61, 64, 1500, 1514, 1518, 4096, 9000, 9018, 16384, 32768, 65535, 65536, Framing.MAX_FRAME - 1, Framing.MAX_FRAME};
        for (int size : edges) out.add(bytes(rnd, size));
        for (int i = 0; i < 300; i++) out.add(bytes(rnd, 60 + rnd.nextInt(65535 - 60 + 1)));
        return out;
    }

    static byte[] bytes(Random rnd, int size) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void framesCrossQemusHubByteForByteBothWays() throws Exception {
        int[] ports = startQemu();
        TestReceiver ra = new TestReceiver(), rb = new TestReceiver();
        NetBackend a = connect("a", ports[0], ra), b = connect("b", ports[1], rb);
        StreamBackendTest.await(() -> a.linkUp() && b.linkUp(), "both connected to QEMU");
        Thread.sleep(200); // QEMU accepts on its main loop: let both sockets be accepted before the first frame
        // one direction at a time
        List<byte[]> ab = frames(1), ba = frames(2);
        for (byte[] f : ab) assertTrue(a.send(f, 0, f.length));
        for (int i = 0; i < ab.size(); i++) assertArrayEquals(ab.get(i), rb.next(), "a -> b frame " + i + " of " + ab.get(i).length + " bytes");
        for (byte[] f : ba) assertTrue(b.send(f, 0, f.length));
        for (int i = 0; i < ba.size(); i++) assertArrayEquals(ba.get(i), ra.next(), "b -> a frame " + i + " of " + ba.get(i).length + " bytes");
        // both directions at once
        List<byte[]> ab2 = frames(3), ba2 = frames(4);
        Thread t = Thread.ofPlatform().start(() -> {
            for (byte[] f : ba2) b.send(f, 0, f.length);
        });
        for (byte[] f : ab2) assertTrue(a.send(f, 0, f.length));
        for (int i = 0; i < ab2.size(); i++) assertArrayEquals(ab2.get(i), rb.next(), "concurrent a -> b frame " + i);
        for (int i = 0; i < ba2.size(); i++) assertArrayEquals(ba2.get(i), ra.next(), "concurrent b -> a frame " + i);
        t.join(10_000);
        assertTrue(ra.frames.isEmpty() && rb.frames.isEmpty(), "nothing more came out");
    }

    /** The same through a QEMU dgram netdev: our socket backend into QEMU's socket, out of QEMU's dgram into ours, and back; UDP's sizes. */
    @Test
    void framesCrossQemusHubIntoADgramNetdev() throws Exception {
        int p1 = Peer.freePort(), qemuUdp = DgramBackendTest.freeUdpPort(), ourUdp = DgramBackendTest.freeUdpPort();
        startQemu(p1, "dgram,id=b,local.type=inet,local.host=127.0.0.1,local.port=" + qemuUdp
                + ",remote.type=inet,remote.host=127.0.0.1,remote.port=" + ourUdp, 0);
        TestReceiver ra = new TestReceiver(), rd = new TestReceiver();
        NetBackend a = connect("a", p1, ra);
        NetBackend d = Netdevs.create(new NetdevSpec("d", NetdevSpec.Type.DGRAM, NetdevSpec.Role.CONNECT,
                new Endpoint.Inet("127.0.0.1", Integer.toString(ourUdp)), "-netdev dgram,id=d,...", new Endpoint.Inet("127.0.0.1", Integer.toString(qemuUdp))), w -> { });
        backends.add(d);
        d.attach(rd);
        d.start();
        StreamBackendTest.await(a::linkUp, "connected to QEMU");
        Thread.sleep(200);
        Random rnd = new Random(5);
        List<byte[]> frames = new ArrayList<>();
        for (int size : new int[] {1, 60, 1514, 9000, 65507}) frames.add(bytes(rnd, size));
        for (int i = 0; i < 50; i++) frames.add(bytes(rnd, 60 + rnd.nextInt(1514 - 60 + 1)));
        for (byte[] f : frames) { // one at a time: UDP may drop a burst the socket buffer cannot hold
            assertTrue(a.send(f, 0, f.length));
            assertArrayEquals(f, rd.next(), "socket -> dgram, " + f.length + " bytes");
            assertTrue(d.send(f, 0, f.length));
            assertArrayEquals(f, ra.next(), "dgram -> socket, " + f.length + " bytes");
        }
    }
}
