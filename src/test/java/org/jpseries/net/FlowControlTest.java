package org.jpseries.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * QEMU's flow control (net/queue.c, qemu_flush_queued_packets): a device that cannot receive
 * makes the backend queue what it has read and stop reading its socket, so the peer's writes
 * stall; once the device flushes, every frame arrives, in order, none lost.
 */
class FlowControlTest {
    static final int FRAME = 1000, COUNT = 40_000; // 40 MB: far more than the loopback socket buffers hold
    StreamBackend backend;
    int port;

    @AfterEach
    void close() {
        if (backend != null) backend.close();
    }

    static byte[] numbered(int n) {
        byte[] f = new byte[FRAME];
        ByteBuffer.wrap(f).putInt(n).putInt(FRAME - 8, ~n);
        return f;
    }

    StreamBackend listening(TestReceiver r) throws Exception {
        port = Peer.freePort();
        backend = new StreamBackend(StreamBackendTest.socketSpec(NetdevSpec.Role.LISTEN, port), w -> { });
        backend.attach(r);
        backend.start();
        return backend;
    }

    /** A peer thread writing COUNT numbered frames; {@code written} counts the frames handed to the socket. */
    static Thread writer(Peer p, AtomicInteger written) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int i = 0; i < COUNT; i++) {
                    p.send(numbered(i));
                    written.incrementAndGet();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static void expectInOrder(TestReceiver r, int from) throws InterruptedException {
        for (int i = from; i < COUNT; i++) {
            ByteBuffer f = ByteBuffer.wrap(r.next());
            assertEquals(FRAME, f.capacity());
            assertEquals(i, f.getInt(0), "frames arrive in order");
            assertEquals(~i, f.getInt(FRAME - 8));
        }
    }

    @Test
    void aDeviceThatCannotReceiveStopsTheReading() throws Exception {
        TestReceiver r = new TestReceiver();
        r.open = false;
        StreamBackend b = listening(r);
        try (Peer p = Peer.connect(port)) {
            AtomicInteger written = new AtomicInteger();
            Thread w = writer(p, written);
            int stalled = stall(written);
            assertTrue(stalled < COUNT, "the peer's writes stall (" + stalled + " of " + COUNT + " frames written)");
            assertTrue(b.queued() <= Framing.MAX_FRAME / (FRAME + Framing.HEADER) + 1,
                    "the backend holds at most one read's frames (" + b.queued() + ")");
            assertTrue(r.frames.isEmpty());
            r.open = true;
            b.flushQueued();
            expectInOrder(r, 0);
            w.join(10_000);
            assertEquals(COUNT, written.get());
            // the backend counts a frame after handing it over: the last count may trail the last frame
            for (long end = System.nanoTime() + 10_000_000_000L; b.counters().received() < COUNT && System.nanoTime() < end; ) Thread.sleep(10);
            assertEquals(COUNT, b.counters().received());
            assertEquals(0, b.counters().discarded());
        }
    }

    /** receive() answering "no room" (QEMU's 0) keeps the frame at the head of the queue. */
    @Test
    void aFrameRefusedByReceiveIsOfferedAgainFirst() throws Exception {
        TestReceiver r = new TestReceiver();
        r.room = 5;
        StreamBackend b = listening(r);
        try (Peer p = Peer.connect(port)) {
            AtomicInteger written = new AtomicInteger();
            Thread w = writer(p, written);
            stall(written);
            assertEquals(5, r.frames.size());
            r.room = 3;
            b.flushQueued();
            StreamBackendTest.await(() -> r.frames.size() == 8, "three more frames");
            Thread.sleep(100);
            assertEquals(8, r.frames.size(), "no more than the device took");
            r.room = Integer.MAX_VALUE;
            b.flushQueued();
            expectInOrder(r, 0);
            w.join(10_000);
        }
    }

    /** A purge (device reset) drops the queued frames and reading resumes. */
    @Test
    void purgeDropsTheQueueAndReadingResumes() throws Exception {
        TestReceiver r = new TestReceiver();
        r.open = false;
        StreamBackend b = listening(r);
        try (Peer p = Peer.connect(port)) {
            p.send(numbered(-1));
            StreamBackendTest.await(() -> b.queued() == 1, "one frame queued");
            b.purgeQueued();
            StreamBackendTest.await(() -> b.queued() == 0, "the queue purged");
            assertEquals(1, b.counters().discarded());
            r.open = true;
            p.send(numbered(7));
            assertEquals(7, ByteBuffer.wrap(r.next()).getInt(0));
        }
    }

    /** Waits until the writer made no progress for 500 ms; returns how many frames it wrote. */
    static int stall(AtomicInteger written) throws InterruptedException {
        int last = -1;
        while (written.get() != last) {
            last = written.get();
            Thread.sleep(500);
        }
        return last;
    }
}
