package org.jpseries.monitor;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;

/**
 * What a QMP connection has still to send: replies and events in the one order they were made
 * (QEMU appends both to the monitor's output buffer, monitor/monitor.c monitor_puts, and flushes
 * it as the socket takes it). QEMU's buffer is unbounded; this one is bounded in bytes and never
 * drops a reply:
 * <ul>
 * <li>a reply waits while {@link #REPLY_LIMIT} bytes are pending, so the session stops reading
 * requests until the client reads (back-pressure through the socket, as QEMU's monitor_suspend
 * stops reading while its request queue is full);</li>
 * <li>an event never waits (it comes from the machine's control thread, which must not block on
 * a client) and is always queued behind what is pending; only a client that has read nothing
 * while {@link #EVENT_LIMIT} bytes piled up is taken to be gone, and {@link #event} says so.</li>
 * </ul>
 * None of the events jpseries sends is one QEMU rate-limits (monitor_qapi_event_conf: RTC_CHANGE,
 * WATCHDOG and the like), so none is merged or dropped here either.
 */
final class QmpOutbox {
    /** Pending bytes at which a reply waits: about 80,000 query-status replies. */
    static final int REPLY_LIMIT = 8 << 20;
    /** Pending bytes beyond which an event is refused: the client has stopped reading for good. */
    static final int EVENT_LIMIT = 2 * REPLY_LIMIT;
    /** The most one write to the socket carries. */
    private static final int BATCH = 64 << 10;

    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long bytes;
    private boolean closed;

    /**
     * Queues a reply, first waiting while {@link #REPLY_LIMIT} bytes are pending.
     *
     * @return false if the outbox was closed (the connection is going away)
     */
    synchronized boolean reply(byte[] message) throws InterruptedException {
        while (!closed && bytes >= REPLY_LIMIT) wait();
        return add(message);
    }

    /**
     * Queues an event without waiting.
     *
     * @return false if the outbox is closed or the client has let {@link #EVENT_LIMIT} bytes pile up
     */
    synchronized boolean event(byte[] message) {
        if (bytes + message.length > EVENT_LIMIT) return false;
        return add(message);
    }

    private boolean add(byte[] message) {
        if (closed) return false;
        pending.addLast(message);
        bytes += message.length;
        notifyAll();
        return true;
    }

    /**
     * The next bytes to write: whole messages, oldest first, up to {@link #BATCH} (at least one
     * message); waits while nothing is pending. Null once closed.
     */
    synchronized byte[] take() throws InterruptedException {
        while (!closed && pending.isEmpty()) wait();
        if (closed) return null;
        byte[] first = pending.removeFirst();
        if (pending.isEmpty() || first.length + pending.peekFirst().length > BATCH) return taken(first, first.length);
        ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH);
        batch.writeBytes(first);
        while (!pending.isEmpty() && batch.size() + pending.peekFirst().length <= BATCH) batch.writeBytes(pending.removeFirst());
        return taken(batch.toByteArray(), batch.size());
    }

    private byte[] taken(byte[] b, int n) {
        bytes -= n;
        notifyAll(); // a reply waiting for room
        return b;
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Drops what is pending and wakes every waiter; later messages are refused. */
    synchronized void close() {
        closed = true;
        pending.clear();
        bytes = 0;
        notifyAll();
    }
}
