package org.jpseries.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code -netdev dgram} with inet local= and remote= (QEMU 7.2 net/dgram.c, unicast): a UDP
 * socket bound to the local address; each guest frame is one datagram to the remote address,
 * each datagram received is one frame (no length prefix), cut to {@link Framing#MAX_FRAME} as
 * QEMU's NET_BUFSIZE recv cuts it. The link is always up: nothing connects. A datagram QEMU
 * cannot send (EMSGSIZE above 65507 bytes, an ICMP error) is dropped, as QEMU drops it. One
 * deviation: QEMU 7.2 stops reading for good on an empty datagram (its recv() == 0 "end of
 * connection"); jpseries drops the empty datagram and reads on.
 *
 * <p>Threads: one I/O thread, "netdev-ID", receives and calls the device's receiver, reading
 * nothing while frames wait in the {@link ReceiveQueue}; {@link #send} runs on the caller's
 * thread (a datagram send never waits for the peer).
 */
final class DgramBackend implements NetBackend {
    private static final long JOIN_MILLIS = 2000;

    private final NetdevSpec spec;
    private final Endpoint.Inet remote;
    private final Consumer<String> warnings;
    private final ReceiveQueue queue = new ReceiveQueue();
    private final AtomicLong sent = new AtomicLong(), dropped = new AtomicLong();
    private volatile DatagramChannel channel;
    private volatile InetSocketAddress target;
    private volatile boolean closed;
    private volatile String info = "";
    private Thread thread;

    DgramBackend(NetdevSpec spec, Endpoint.Inet remote, Consumer<String> warnings) {
        this.spec = spec;
        this.remote = remote;
        this.warnings = warnings;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public void attach(FrameReceiver receiver) {
        queue.attach(receiver);
    }

    @Override
    public synchronized void start() throws NetdevException {
        if (thread != null || closed) throw new IllegalStateException("netdev " + spec.id() + " already started");
        InetSocketAddress local;
        try {
            local = HostPort.resolve((Endpoint.Inet) spec.endpoint());
            target = HostPort.resolve(remote);
        } catch (UnknownHostException e) {
            throw new NetdevException(spec.option() + ": " + e.getMessage());
        }
        DatagramChannel c = null;
        try {
            c = DatagramChannel.open(StandardProtocolFamily.INET);
            c.setOption(StandardSocketOptions.SO_REUSEADDR, true); // QEMU's socket_set_fast_reuse
            c.bind(local);
        } catch (IOException e) {
            closeQuietly(c);
            throw new NetdevException(spec.option() + ": can't bind ip=" + local.getAddress().getHostAddress() + " to socket: " + e.getMessage());
        }
        channel = c;
        info = "udp=" + local.getAddress().getHostAddress() + ":" + local.getPort() + "/" + target.getAddress().getHostAddress() + ":" + target.getPort();
        thread = Thread.ofPlatform().name("netdev-" + spec.id()).daemon().start(this::run);
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(Framing.MAX_FRAME);
        try {
            while (queue.drain()) {
                buf.clear();
                if (channel.receive(buf) == null) continue;
                buf.flip();
                if (!buf.hasRemaining()) continue; // see the class comment
                byte[] frame = new byte[buf.remaining()];
                buf.get(frame);
                queue.offer(frame);
            }
        } catch (IOException e) {
            if (!closed) warnings.accept("netdev " + spec.id() + ": receive failed: " + e.getMessage() + "; the netdev stops receiving");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean send(byte[] frame, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, frame.length);
        DatagramChannel c = channel;
        if (c == null) {
            dropped.incrementAndGet();
            return false;
        }
        try {
            c.send(ByteBuffer.wrap(frame, off, len), target);
        } catch (IOException e) { // QEMU: sendto's error is the frame's loss
            dropped.incrementAndGet();
            return false;
        }
        sent.incrementAndGet();
        return true;
    }

    @Override
    public void flushQueued() {
        queue.flush();
    }

    @Override
    public void purgeQueued() {
        queue.purge();
    }

    @Override
    public boolean linkUp() {
        return channel != null && !closed;
    }

    @Override
    public String info() {
        return info;
    }

    @Override
    public NetCounters counters() {
        return new NetCounters(sent.get(), dropped.get(), queue.received(), queue.discarded());
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) return;
            closed = true;
            t = thread;
        }
        queue.close();
        closeQuietly(channel);
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(DatagramChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a socket only fails once it is gone
        }
    }
}
