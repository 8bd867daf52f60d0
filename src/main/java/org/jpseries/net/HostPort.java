package org.jpseries.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code -netdev socket}'s HOST:PORT, as QEMU's parse_host_port and convert_host_port
 * (net/net.c): split at the first ':'; an empty host is any address, a host starting with a
 * digit must be an IPv4 address in inet_aton's forms (1 to 4 parts, each decimal, octal or hex),
 * any other host is a name looked up for IPv4 (gethostbyname) when the socket opens; the port is
 * strtol base 0 (decimal, 0 octal, 0x hex, a sign allowed) and, like QEMU's htons, keeps its low
 * 16 bits.
 */
public final class HostPort {
    private HostPort() {}

    /** Parses HOST:PORT; an error is QEMU's message. */
    public static Endpoint.Inet parse(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("host address '" + s + "' doesn't contain ':' separating host from port");
        String host = s.substring(0, colon), port = s.substring(colon + 1);
        if (!host.isEmpty() && Character.isDigit(host.charAt(0)) && inetAton(host) == null) {
            throw new IllegalArgumentException("host address '" + host + "' is not a valid IPv4 address");
        }
        Long p = strtol(port);
        if (p == null) throw new IllegalArgumentException("port number '" + port + "' is invalid");
        return new Endpoint.Inet(host, Long.toString(p & 0xffff));
    }

    /** The socket address of a parsed endpoint: "can't resolve host address 'H'" when the name has no IPv4 address. */
    static InetSocketAddress resolve(Endpoint.Inet e) throws UnknownHostException {
        int port = Integer.parseInt(e.port());
        if (e.host().isEmpty()) return new InetSocketAddress(InetAddress.getByAddress(new byte[4]), port);
        byte[] literal = Character.isDigit(e.host().charAt(0)) ? inetAton(e.host()) : null;
        if (literal != null) return new InetSocketAddress(InetAddress.getByAddress(literal), port);
        try {
            for (InetAddress a : InetAddress.getAllByName(e.host())) {
                if (a instanceof Inet4Address) return new InetSocketAddress(a, port);
            }
        } catch (UnknownHostException ignored) {
            // QEMU's message below
        }
        throw new UnknownHostException("can't resolve host address '" + e.host() + "'");
    }

    /** The four bytes of an IPv4 address in inet_aton's forms, or null. */
    public static byte[] ipv4(String s) {
        return inetAton(s);
    }

    /** glibc's inet_aton: a, a.b, a.b.c or a.b.c.d, the last part filling the remaining bytes; null if invalid. */
    static byte[] inetAton(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) return null;
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || !Character.isDigit(p.charAt(0))) return null;
            try {
                if (p.startsWith("0x") || p.startsWith("0X")) v[i] = p.length() == 2 ? 0 : Long.parseUnsignedLong(p.substring(2), 16);
                else if (p.startsWith("0") && p.length() > 1) v[i] = Long.parseUnsignedLong(p.substring(1), 8);
                else v[i] = Long.parseUnsignedLong(p);
            } catch (NumberFormatException e) {
                return null;
            }
            if (v[i] > 0xffffffffL) return null;
        }
        long addr = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (v[i] > 0xff) return null;
            addr |= v[i] << (24 - 8 * i);
        }
        long last = v[parts.length - 1];
        if (last > (0xffffffffL >>> (8 * (parts.length - 1)))) return null;
        addr |= last;
        return new byte[] {(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr};
    }

    /** QEMU's qemu_strtol(s, &end, 0, &v): the whole string a number, leading spaces and a sign allowed; null if not. */
    static Long strtol(String s) {
        String t = s.stripLeading();
        boolean negative = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.startsWith("0") && t.length() > 1) {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty() || t.startsWith("+") || t.startsWith("-")) return null;
        try {
            long v = Long.parseLong(t, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
