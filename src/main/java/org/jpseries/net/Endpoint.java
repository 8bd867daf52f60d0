package org.jpseries.net;

/** Where a netdev's stream socket listens or connects (QEMU's SocketAddress, qapi/sockets.json). */
public sealed interface Endpoint {
    /**
     * A TCP address. For {@code -netdev socket} the host is an IPv4 address or name ("" for any)
     * and the port the decimal QEMU's parse_host_port made of it; for {@code -netdev stream} both
     * are as given and are resolved at start (getaddrinfo: a name, an IPv4 or IPv6 address).
     */
    record Inet(String host, String port) implements Endpoint {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A unix socket path. */
    record Unix(String path) implements Endpoint {
        @Override
        public String toString() {
            return path;
        }
    }

    /** A connected socket inherited from the parent ({@code fd=N}). */
    record Fd(int fd) implements Endpoint {
        @Override
        public String toString() {
            return "fd=" + fd;
        }
    }
}
