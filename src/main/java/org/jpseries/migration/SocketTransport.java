package org.jpseries.migration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * tcp: and unix: migration (QEMU migration/socket.c): the source connects, the destination
 * listens from the moment -incoming is given and takes one connection. The connection carries
 * the return path the other way ({@link ReturnPath}).
 */
final class SocketTransport {
    private SocketTransport() {}

    /** Connects to {@code tcp:HOST:PORT} or {@code unix:PATH}; QEMU's message when that fails. */
    static MigrationChannel connect(MigrationUri uri) throws IOException {
        SocketChannel ch;
        try {
            if (uri.scheme() == MigrationUri.Scheme.UNIX) {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(uri.target()));
            } else {
                ch = SocketChannel.open(inet(uri.target(), false));
            }
        } catch (UnresolvedAddress e) {
            throw new IOException(e.getMessage());
        } catch (IOException e) {
            throw new IOException("Failed to connect to '" + uri.target() + "': " + reason(e));
        }
        return new MigrationChannel(Channels.newOutputStream(ch), Channels.newInputStream(ch), ch);
    }

    /** Binds the listening socket of -incoming now (so a source can connect as soon as the machine started). */
    static MigrationUri.Listener listen(MigrationUri uri) throws IOException {
        ServerSocketChannel server;
        Path unixPath = uri.scheme() == MigrationUri.Scheme.UNIX ? Path.of(uri.target()) : null;
        try {
            if (unixPath != null) {
                Files.deleteIfExists(unixPath); // as QEMU's unix_listen_saddr
                server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(unixPath));
            } else {
                server = ServerSocketChannel.open();
                server.bind(inet(uri.target(), true));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("Failed to bind socket for '" + uri.target() + "': " + reason(e));
        }
        java.util.List<MigrationUri.BoundAddress> bound = java.util.List.of(MigrationUri.BoundAddress.of(server.getLocalAddress()));
        return new MigrationUri.Listener() {
            @Override
            public MigrationChannel.Incoming accept() throws IOException {
                try (ServerSocketChannel s = server) {
                    SocketChannel ch = s.accept();
                    return new MigrationChannel.Incoming(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
                } finally {
                    if (unixPath != null) Files.deleteIfExists(unixPath);
                }
            }

            @Override
            public java.util.List<MigrationUri.BoundAddress> addresses() {
                return bound;
            }
        };
    }

    /** HOST:PORT, HOST may be [v6], empty or 0 (any address, when listening). */
    private static InetSocketAddress inet(String target, boolean listening) throws IOException {
        int colon = target.lastIndexOf(':');
        if (colon < 0) throw new IOException("address '" + target + "' has no port (tcp:HOST:PORT)");
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("port '" + target.substring(colon + 1) + "' is not a number");
        }
        if (port < 0 || port > 65535) throw new IOException("port " + port + " is out of range");
        if (listening && host.isEmpty()) return new InetSocketAddress(port); // every address, both families
        if (listening && host.equals("0")) return new InetSocketAddress("0.0.0.0", port); // getaddrinfo's "0": IPv4's any
        InetSocketAddress a = new InetSocketAddress(host.isEmpty() ? "localhost" : host, port);
        if (a.isUnresolved()) throw new UnresolvedAddress("address resolution failed for " + host + ":" + port + ": Name or service not known");
        return a;
    }

    /** A host name that does not resolve: QEMU's message is the resolver's, without "Failed to connect". */
    private static final class UnresolvedAddress extends IOException {
        UnresolvedAddress(String message) {
            super(message);
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
