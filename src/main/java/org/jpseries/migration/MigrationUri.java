package org.jpseries.migration;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A migration URI as QEMU's migrate / -incoming take it (migration/migration.c
 * qemu_start_outgoing_migration): {@code file:PATH}, {@code exec:COMMAND} (run by /bin/sh with
 * the stream on its standard input, or read from its standard output when incoming),
 * {@code fd:NAME} (a descriptor passed with getfd, or a number inherited by an incoming side),
 * {@code tcp:HOST:PORT} and {@code unix:PATH} (with a return path, see {@link ReturnPath}).
 */
public record MigrationUri(Scheme scheme, String target) {
    public enum Scheme { FILE, EXEC, FD, TCP, UNIX }

    /** A bound incoming side: {@link #accept} waits for the source (tcp:, unix:) or opens the stream. */
    @FunctionalInterface
    public interface Listener {
        MigrationChannel.Incoming accept() throws IOException;

        /** Where a tcp: or unix: listener is bound (query-migrate's socket-address on the destination); empty for the others. */
        default java.util.List<BoundAddress> addresses() {
            return java.util.List.of();
        }
    }

    /**
     * A bound listening socket as QEMU's SocketAddress reports it (socket_local_address): inet
     * with the numeric host, the port as a string and ipv4 or ipv6 set by its family; or unix
     * with its path.
     */
    public record BoundAddress(String type, String host, String port, boolean ipv6, String path) {
        static BoundAddress of(java.net.SocketAddress a) {
            if (a instanceof java.net.InetSocketAddress i) {
                boolean v6 = i.getAddress() instanceof java.net.Inet6Address;
                String host = v6 && i.getAddress().isAnyLocalAddress() ? "::" : i.getAddress().getHostAddress(); // getnameinfo's form
                return new BoundAddress("inet", host, Integer.toString(i.getPort()), v6, null);
            }
            return new BoundAddress("unix", null, null, false, ((java.net.UnixDomainSocketAddress) a).getPath().toString());
        }
    }

    /** Whether opening the output connects a socket, which QEMU does asynchronously (the migrate command succeeds first). */
    public boolean connects() {
        return scheme == Scheme.TCP || scheme == Scheme.UNIX;
    }

    /** Resolves {@code fd:NAME}: the monitor's getfd store, or an inherited descriptor number. */
    public interface FdSource {
        OutputStream output(String name) throws IOException;

        InputStream input(String name) throws IOException;
    }

    /** Parses a URI; the message is QEMU's kind for an unknown or empty one. */
    public static MigrationUri parse(String uri) {
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon);
        String rest = colon < 0 ? "" : uri.substring(colon + 1);
        Scheme s = switch (scheme) {
            case "file" -> Scheme.FILE;
            case "exec" -> Scheme.EXEC;
            case "fd" -> Scheme.FD;
            case "tcp" -> Scheme.TCP;
            case "unix" -> Scheme.UNIX;
            case "rdma", "vsock" -> throw new IllegalArgumentException(
                    "Migration over '" + scheme + "' is not supported (tcp:, unix:, file:, exec: and fd: are)");
            default -> throw new IllegalArgumentException("unknown migration protocol: " + uri);
        };
        if (rest.isEmpty()) throw new IllegalArgumentException("migration URI '" + uri + "' names no target");
        return new MigrationUri(s, rest);
    }

    /**
     * The destination of an outgoing stream; closing it finishes the transfer (waits for exec's
     * command). {@code fds} resolves fd:NAME; null means an inherited descriptor number.
     */
    public MigrationChannel openOutput(FdSource fds) throws IOException {
        if (scheme == Scheme.TCP || scheme == Scheme.UNIX) {
            MigrationChannel c = SocketTransport.connect(this);
            return new MigrationChannel(new java.io.BufferedOutputStream(c.out(), 1 << 16), c.back(), c.connection());
        }
        OutputStream out = switch (scheme) {
            case FILE -> new FileOutputStream(Path.of(target).toFile());
            case EXEC -> ExecStream.output(target);
            default -> (fds != null ? fds : new InheritedFds()).output(target);
        };
        return new MigrationChannel(new java.io.BufferedOutputStream(out, 1 << 16));
    }

    /**
     * The incoming side: tcp: and unix: bind now and wait for the source in
     * {@link Listener#accept}; the others open their stream there.
     */
    public Listener listen(FdSource fds) throws IOException {
        if (scheme == Scheme.TCP || scheme == Scheme.UNIX) return SocketTransport.listen(this);
        return () -> new MigrationChannel.Incoming(switch (scheme) {
            case FILE -> new FileInputStream(Path.of(target).toFile());
            case EXEC -> ExecStream.input(target);
            default -> (fds != null ? fds : new InheritedFds()).input(target);
        });
    }

    @Override
    public String toString() {
        return scheme.name().toLowerCase(java.util.Locale.ROOT) + ":" + target;
    }
}
