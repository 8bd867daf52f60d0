package org.jpseries.net;

/**
 * One {@code -netdev} as the command line gave it, checked but not opened (its sockets open at
 * machine start, {@link Netdevs#open}).
 *
 * @param id       the netdev's id
 * @param type     {@code socket} (net/socket.c) or {@code stream} (net/stream.c)
 * @param role     listens for its peer, connects to it, or uses an inherited connected socket
 * @param endpoint where it listens or connects ({@link Endpoint.Fd} for {@link Role#FD})
 * @param option   the option as given, "-netdev VALUE", which prefixes its start-up errors as QEMU's
 *                 location does
 * @param remote   where a dgram netdev sends (its endpoint is where it binds); null for the others
 */
public record NetdevSpec(String id, Type type, Role role, Endpoint endpoint, String option, Endpoint remote) {
    /** A socket or stream netdev (no remote). */
    public NetdevSpec(String id, Type type, Role role, Endpoint endpoint, String option) {
        this(id, type, role, endpoint, option, null);
    }

    /** The backend types jpseries has; their names are QEMU's (qapi/net.json NetClientDriver). */
    public enum Type {
        SOCKET("socket"),
        STREAM("stream"),
        DGRAM("dgram");

        public final String qemuName;

        Type(String qemuName) {
            this.qemuName = qemuName;
        }
    }

    /** listen= / server=on; connect= / server=off (and dgram, which sends to its remote); fd=. */
    public enum Role {
        LISTEN,
        CONNECT,
        FD
    }
}
