package org.jpseries.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code -netdev socket} (listen=, connect=; QEMU net/socket.c) and {@code -netdev stream}
 * (server=on|off over inet or unix; net/stream.c): one peer at a time on a stream socket, frames
 * with QEMU's {@link Framing}.
 *
 * <p>As QEMU 7.2: a listening netdev accepts one client and, when it leaves, the next (the
 * listening socket keeps its backlog meanwhile); until a peer is connected and after it left
 * the link is down and the guest's frames are dropped. A connecting netdev connects once; a
 * refused connect or the peer leaving leaves the link down for good (7.2 has no reconnect=).
 * Errors that QEMU reports at startup fail {@link #start} in its words (socket: bind, listen,
 * name lookup); errors QEMU only records in {@code info network} (socket: a failed connect;
 * stream: every error, as its sockets open asynchronously) leave the link down with one
 * warning line. A frame longer than {@link Framing#MAX_FRAME} ends the connection with QEMU's
 * message; a frame of length 0 is delivered as QEMU delivers it.
 *
 * <p>Threads: one I/O thread, "netdev-ID", accepts or connects, reads the socket, and calls
 * the device's receiver; it reads nothing while frames wait in the {@link ReceiveQueue}.
 * {@link #send} writes on the caller's thread under {@code sendLock} (one frame at a time).
 * {@link #close} closes the sockets, which wakes the I/O thread and any blocked writer.
 */
final class StreamBackend implements NetBackend {
    /** QEMU listens with a backlog of 0 (net/socket.c) or its default of 1 (stream); Linux keeps one waiting client either way. */
    private static final int BACKLOG = 1;
    private static final long JOIN_MILLIS = 2000;

    private final NetdevSpec spec;
    private final Consumer<String> warnings;
    private final ReceiveQueue queue = new ReceiveQueue();
    /** Used by the I/O thread only. */
    private final FrameDecoder decoder = new FrameDecoder();
    private final Object sendLock = new Object();
    private final AtomicLong sent = new AtomicLong(), dropped = new AtomicLong();
    private volatile SocketChannel conn;
    private volatile ServerSocketChannel listener;
    private volatile String info = "";
    private volatile boolean closed;
    private Path ownSocketFile;
    private SocketAddress target;
    private Thread thread;

    StreamBackend(NetdevSpec spec, Consumer<String> warnings) {
        this.spec = spec;
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
        boolean socket = spec.type() == NetdevSpec.Type.SOCKET;
        try {
            target = address();
        } catch (IOException e) {
            if (socket) throw new NetdevException(spec.option() + ": " + e.getMessage());
            connectionError(e.getMessage());
            return;
        }
        if (spec.role() == NetdevSpec.Role.LISTEN) {
            try {
                listener = listen(target);
            } catch (IOException e) {
                if (socket) throw new NetdevException(spec.option() + ": " + e.getMessage());
                connectionError(e.getMessage());
                return;
            }
        } else if (socket) {
            info = "socket: connect to " + hostPort(target);
        }
        thread = Thread.ofPlatform().name("netdev-" + spec.id()).daemon().start(this::run);
    }

    /** The address to listen on or connect to; a socket netdev's name lookup fails in QEMU's words. */
    private SocketAddress address() throws IOException {
        return switch (spec.endpoint()) {
            case Endpoint.Inet e when spec.type() == NetdevSpec.Type.SOCKET -> HostPort.resolve(e);
            case Endpoint.Inet e -> {
                int port;
                try {
                    port = Integer.parseInt(e.port());
                } catch (NumberFormatException x) {
                    throw new IOException("port '" + e.port() + "' is not a number");
                }
                if (port < 0 || port > 0xffff) throw new IOException("port " + port + " is out of range");
                // an empty host is any address to a server and this host to a client (getaddrinfo with a null node)
                InetSocketAddress a = !e.host().isEmpty() ? new InetSocketAddress(e.host(), port)
                        : spec.role() == NetdevSpec.Role.LISTEN ? new InetSocketAddress(port) : new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
                if (a.isUnresolved()) throw new IOException("address resolution failed for " + e.host() + ":" + e.port());
                yield a;
            }
            case Endpoint.Unix u -> UnixDomainSocketAddress.of(u.path());
            case Endpoint.Fd f -> throw new IOException("fd=" + f.fd() + " is not supported yet");
        };
    }

    private ServerSocketChannel listen(SocketAddress a) throws IOException {
        boolean unix = a instanceof UnixDomainSocketAddress;
        ServerSocketChannel s = ServerSocketChannel.open(unix ? StandardProtocolFamily.UNIX : familyOf((InetSocketAddress) a));
        try {
            if (unix) {
                Path p = ((UnixDomainSocketAddress) a).getPath();
                if (Files.isDirectory(p)) throw new IOException("Failed to unlink socket " + p + ": Is a directory");
                Files.deleteIfExists(p); // QEMU's unix_listen_saddr replaces what is there
                s.bind(a, BACKLOG);
                ownSocketFile = p;
            } else {
                s.setOption(StandardSocketOptions.SO_REUSEADDR, true); // QEMU's socket_set_fast_reuse
                try {
                    s.bind(a, BACKLOG);
                } catch (IOException e) {
                    throw new IOException("can't bind ip=" + ((InetSocketAddress) a).getAddress().getHostAddress() + " to socket: " + e.getMessage());
                }
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static StandardProtocolFamily familyOf(InetSocketAddress a) {
        return a.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** The I/O thread: one peer after another (listen), or one peer (connect). */
    private void run() {
        try {
            if (spec.role() == NetdevSpec.Role.LISTEN) {
                while (!closed) {
                    SocketChannel c;
                    try {
                        c = listener.accept();
                    } catch (IOException e) {
                        if (!closed) warn("accept failed: " + e.getMessage());
                        return;
                    }
                    serve(c, acceptedInfo(c));
                }
            } else {
                SocketChannel c = connect();
                if (c != null) serve(c, connectedInfo(c));
                queue.drain(); // frames read before the peer left still reach the device
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SocketChannel connect() {
        SocketChannel c = null;
        try {
            c = SocketChannel.open(target instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX : familyOf((InetSocketAddress) target));
            c.connect(target);
            return c;
        } catch (IOException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // nothing was sent on it
                }
            }
            if (closed) return null;
            if (spec.type() == NetdevSpec.Type.SOCKET) {
                info = ""; // QEMU's eoc clears it; its connect error is silent when asynchronous
                warn("can't connect socket: " + reason(e) + "; the link stays down");
            } else {
                connectionError(reason(e));
            }
            return null;
        }
    }

    /** Reads frames from one peer until it leaves, an error, an oversized frame or close. */
    private void serve(SocketChannel c, String connectedInfo) throws InterruptedException {
        try {
            if (!(c.getRemoteAddress() instanceof UnixDomainSocketAddress)) c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException ignored) {
            // a peer already gone: the read below ends the connection
        }
        decoder.reset();
        conn = c;
        info = connectedInfo;
        if (closed) closeQuietly(c);
        byte[] buf = new byte[Framing.MAX_FRAME]; // QEMU reads NET_BUFSIZE at a time
        ByteBuffer bb = ByteBuffer.wrap(buf);
        try {
            while (queue.drain()) {
                bb.clear();
                int n = c.read(bb);
                if (n < 0) break;
                if (!decoder.feed(buf, 0, n, queue::offer)) {
                    warn(Framing.OVERSIZED);
                    break;
                }
            }
        } catch (IOException e) {
            // QEMU's eoc: a read error ends the connection like its end
        } finally {
            conn = null;
            info = "";
            closeQuietly(c);
            decoder.reset();
        }
    }

    private String acceptedInfo(SocketChannel c) {
        try {
            SocketAddress remote = c.getRemoteAddress(), local = c.getLocalAddress();
            if (spec.type() == NetdevSpec.Type.SOCKET) return "socket: connection from " + hostPort(remote);
            return uri(local instanceof UnixDomainSocketAddress ? local : remote); // QEMU: local for unix, remote for inet
        } catch (IOException e) {
            return "";
        }
    }

    private String connectedInfo(SocketChannel c) {
        if (spec.type() == NetdevSpec.Type.SOCKET) return info;
        try {
            return uri(c.getRemoteAddress());
        } catch (IOException e) {
            return "";
        }
    }

    /** QEMU's socket_uri (util/qemu-sockets.c). */
    private static String uri(SocketAddress a) {
        if (a instanceof UnixDomainSocketAddress u) return "unix:" + u.getPath();
        return "tcp:" + hostPort(a);
    }

    private static String hostPort(SocketAddress a) {
        InetSocketAddress i = (InetSocketAddress) a;
        return i.getAddress().getHostAddress() + ":" + i.getPort();
    }

    private void connectionError(String why) {
        info = "connection error";
        warn(why + "; the link stays down");
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void warn(String message) {
        warnings.accept("netdev " + spec.id() + ": " + message);
    }

    @Override
    public boolean send(byte[] frame, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, frame.length);
        SocketChannel c = conn;
        if (c == null) { // QEMU's link_down: qemu_send_packet_async reports the frame sent and drops it
            dropped.incrementAndGet();
            return false;
        }
        ByteBuffer header = ByteBuffer.allocate(Framing.HEADER).putInt(0, len);
        ByteBuffer[] both = {header, ByteBuffer.wrap(frame, off, len)};
        synchronized (sendLock) {
            try {
                while (both[1].hasRemaining() || both[0].hasRemaining()) c.write(both);
            } catch (IOException e) { // QEMU returns -errno: the frame is lost, the reader sees the end
                dropped.incrementAndGet();
                return false;
            }
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
        return conn != null;
    }

    @Override
    public String info() {
        return info;
    }

    @Override
    public NetCounters counters() {
        return new NetCounters(sent.get(), dropped.get(), queue.received(), queue.discarded());
    }

    /** Frames waiting for the device (tests). */
    int queued() {
        return queue.size();
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
        ServerSocketChannel l = listener;
        if (l != null) closeQuietly(l);
        SocketChannel c = conn;
        if (c != null) closeQuietly(c);
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownSocketFile != null) {
            try {
                Files.deleteIfExists(ownSocketFile);
            } catch (IOException ignored) {
                // another process replaced it
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a socket only fails once it is gone
        }
    }
}
