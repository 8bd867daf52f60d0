package org.jpseries.net;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames on their way from a backend to its device, with QEMU's flow control (net/queue.c
 * qemu_net_queue_send and qemu_net_queue_flush, net/net.c qemu_flush_queued_packets): a frame
 * goes straight to the device when nothing is queued and the device can take it; otherwise it
 * joins the queue, and the backend's I/O thread reads nothing more from its socket until
 * {@link #drain} has handed over every queued frame. QEMU never drops a frame it has read while
 * a sent callback is waiting (the socket backends always pass one), and neither does this
 * queue: it holds at most what one socket read brings, as QEMU's NET_BUFSIZE read does.
 *
 * <p>Threads: {@link #offer} and {@link #drain}, and so every call of the receiver, run on the
 * backend's I/O thread; {@link #flush}, {@link #purge} and {@link #close} on any thread. The
 * queue's monitor guards the frames and the requests; the receiver is never called under it.
 */
final class ReceiveQueue {
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private volatile FrameReceiver receiver;
    private boolean flushRequested, purgeRequested, closed;
    private final AtomicLong received = new AtomicLong(), discarded = new AtomicLong();

    void attach(FrameReceiver r) {
        receiver = r;
    }

    /** One frame from the peer (QEMU's qemu_send_packet_async from the backend). I/O thread. */
    void offer(byte[] frame) {
        FrameReceiver r = receiver;
        if (r == null) { // QEMU: a sender without a peer drops (qemu_send_packet_async_with_flags)
            discarded.incrementAndGet();
            return;
        }
        synchronized (this) {
            if (closed) return;
            if (!frames.isEmpty()) {
                frames.addLast(frame);
                return;
            }
        }
        if (r.canReceive() && r.receive(frame)) {
            received.incrementAndGet();
            return;
        }
        synchronized (this) {
            if (!closed) frames.addLast(frame);
        }
    }

    /** Whether frames wait for the device (the backend then reads nothing). */
    synchronized boolean paused() {
        return !frames.isEmpty();
    }

    synchronized int size() {
        return frames.size();
    }

    /**
     * Waits until every queued frame is taken by the device (delivering on {@link #flush}) or
     * dropped by {@link #purge}; returns false when the queue was closed first. I/O thread.
     */
    boolean drain() throws InterruptedException {
        while (true) {
            byte[] head;
            FrameReceiver r;
            synchronized (this) {
                while (true) {
                    if (closed) return false;
                    if (purgeRequested) {
                        purgeRequested = false;
                        discarded.addAndGet(frames.size());
                        frames.clear();
                    }
                    if (frames.isEmpty()) return true;
                    if (flushRequested) break;
                    wait();
                }
                flushRequested = false;
                head = frames.peekFirst();
                r = receiver;
            }
            // QEMU's qemu_net_queue_flush: in order, until the device refuses one
            while (head != null) {
                if (r == null) {
                    discarded.incrementAndGet();
                } else if (!r.canReceive() || !r.receive(head)) {
                    break;
                } else {
                    received.incrementAndGet();
                }
                synchronized (this) {
                    if (closed) return false;
                    if (frames.peekFirst() == head) frames.removeFirst();
                    head = frames.peekFirst();
                    r = receiver;
                }
            }
        }
    }

    /** QEMU's qemu_flush_queued_packets: the device can receive again. Any thread. */
    synchronized void flush() {
        flushRequested = true;
        notifyAll();
    }

    /** Drops every queued frame (done on the I/O thread, which then reads again). Any thread. */
    synchronized void purge() {
        purgeRequested = true;
        notifyAll();
    }

    /** Ends {@link #drain} and drops the queue. Any thread. */
    synchronized void close() {
        closed = true;
        frames.clear();
        notifyAll();
    }

    long received() {
        return received.get();
    }

    long discarded() {
        return discarded.get();
    }
}
