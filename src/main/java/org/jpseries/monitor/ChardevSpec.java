package org.jpseries.monitor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A listening socket for a monitor, from QEMU's chardev syntax (qemu-options.hx, -chardev socket
 * and the -qmp shorthand): {@code unix:PATH} or {@code tcp:HOST:PORT}, followed by options
 * {@code server=on|off}, {@code wait=on|off} (and the old spellings {@code server}, {@code nowait}),
 * or an already-listening socket inherited from the parent, {@code -chardev socket,id=ID,fd=N}
 * (libvirt's way: QEMU's SocketAddress of type fd).
 * jpseries only listens (server=on) and never waits for a client before starting (wait=off).
 * A TCP monitor can run the guest's power button and quit, so a non-loopback host is refused
 * unless {@code x-allow-remote=on} says the user means it.
 *
 * @param unixPath the socket path, or null for TCP
 * @param host     the TCP host (null for unix)
 * @param port     the TCP port (0 for unix)
 * @param fd       the inherited listening descriptor, or -1
 * @param label    the chardev's id (query-chardev's label), or null for -qmp (compat_monitorN)
 */
public record ChardevSpec(Path unixPath, String host, int port, int fd, String label) {

    /** A socket to bind, without a label (the -qmp shorthand). */
    public ChardevSpec(Path unixPath, String host, int port) {
        this(unixPath, host, port, -1, null);
    }

    /** Parses {@code -qmp}'s argument: {@code unix:PATH[,opts]} or {@code tcp:HOST:PORT[,opts]}. */
    public static ChardevSpec parseQmp(String spec) {
        String[] parts = spec.split(",", -1);
        Map<String, String> opts = options(parts, 1, spec);
        String addr = parts[0];
        if (addr.startsWith("unix:")) return unix(addr.substring(5), opts, spec);
        if (addr.startsWith("tcp:")) {
            String hp = addr.substring(4);
            int colon = hp.lastIndexOf(':');
            if (colon < 0) throw new IllegalArgumentException(spec + ": tcp: needs HOST:PORT");
            opts.put("host", hp.substring(0, colon));
            opts.put("port", hp.substring(colon + 1));
            return tcp(opts, spec);
        }
        throw new IllegalArgumentException(spec + ": only unix:PATH and tcp:HOST:PORT monitors are supported");
    }

    /** Parses {@code -chardev socket,id=ID,path=PATH|host=H,port=P|fd=N[,server=on,wait=off]}; returns the id with the spec. */
    public static Map.Entry<String, ChardevSpec> parseChardev(String spec) {
        String[] parts = spec.split(",", -1);
        if (!parts[0].equals("socket")) throw new IllegalArgumentException(spec + ": only socket and pty character devices are supported");
        Map<String, String> opts = options(parts, 1, spec);
        String id = opts.remove("id");
        if (id == null || id.isEmpty()) throw new IllegalArgumentException(spec + ": chardev: \"id\" is required");
        ChardevSpec c;
        if (opts.containsKey("fd")) {
            String n = opts.remove("fd");
            if (!n.matches("[0-9]{1,9}")) throw new IllegalArgumentException(spec + ": fd=" + n + " is not a file descriptor number");
            checkServer(opts, spec, false);
            c = new ChardevSpec(null, null, 0, Integer.parseInt(n), id);
        } else if (opts.containsKey("path")) {
            c = unix(opts.remove("path"), opts, spec).labelled(id);
        } else if (opts.containsKey("host") || opts.containsKey("port")) {
            c = tcp(opts, spec).labelled(id);
        } else {
            throw new IllegalArgumentException(spec + ": chardev: socket needs path=PATH, host=HOST,port=PORT or fd=N");
        }
        return Map.entry(id, c);
    }

    private static Map<String, String> options(String[] parts, int from, String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = from; i < parts.length; i++) {
            String p = parts[i];
            int eq = p.indexOf('=');
            if (eq < 0) {
                switch (p) { // QEMU's legacy boolean spellings
                    case "server" -> m.put("server", "on");
                    case "nowait" -> m.put("wait", "off");
                    case "wait" -> m.put("wait", "on");
                    default -> throw new IllegalArgumentException(spec + ": invalid option '" + p + "'");
                }
            } else {
                m.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        return m;
    }

    private static ChardevSpec unix(String path, Map<String, String> opts, String spec) {
        if (path.isEmpty()) throw new IllegalArgumentException(spec + ": the unix socket needs a path");
        checkServer(opts, spec, false);
        return new ChardevSpec(Path.of(path), null, 0);
    }

    private static ChardevSpec tcp(Map<String, String> opts, String spec) {
        String host = opts.remove("host");
        String portText = opts.remove("port");
        boolean allowRemote = isOn(opts.remove("x-allow-remote"), "x-allow-remote", spec);
        if (host == null || host.isEmpty()) host = "127.0.0.1";
        int port;
        try {
            port = Integer.parseInt(portText == null ? "" : portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(spec + ": invalid TCP port '" + portText + "'");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException(spec + ": TCP port " + port + " out of range (1..65535)");
        checkServer(opts, spec, true);
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(spec + ": unknown host '" + host + "'");
        }
        if (!a.isLoopbackAddress() && !allowRemote) {
            throw new IllegalArgumentException(spec + ": refusing to listen on " + host
                    + ", which is not a loopback address: anyone who can reach it controls the machine"
                    + " (add x-allow-remote=on to listen there anyway)");
        }
        return new ChardevSpec(null, host, port);
    }

    private static void checkServer(Map<String, String> opts, String spec, boolean tcp) {
        if (!isOn(opts.remove("server"), "server", spec)) {
            throw new IllegalArgumentException(spec + ": only server=on is supported (jpseries listens; it never connects out)");
        }
        String wait = opts.remove("wait");
        if (wait != null && isOn(wait, "wait", spec)) {
            throw new IllegalArgumentException(spec + ": wait=on is not supported: add wait=off (the machine starts without a client)");
        }
        if (tcp) opts.remove("ipv4");
        opts.remove("mux"); // QEMU's mux=off is the only behaviour
        if (!opts.isEmpty()) throw new IllegalArgumentException(spec + ": invalid parameter '" + opts.keySet().iterator().next() + "'");
    }

    private static boolean isOn(String v, String name, String spec) {
        if (v == null) return false;
        return switch (v) {
            case "on", "yes", "true", "" -> true;
            case "off", "no", "false" -> false;
            default -> throw new IllegalArgumentException(spec + ": Parameter '" + name + "' expects 'on' or 'off'");
        };
    }

    private ChardevSpec labelled(String id) {
        return new ChardevSpec(unixPath, host, port, fd, id);
    }

    /** QEMU's chardev address (qemu_chr_socket_address): unix:PATH, tcp:HOST:PORT or fd:N. */
    @Override
    public String toString() {
        return fd >= 0 ? "fd:" + fd : unixPath != null ? "unix:" + unixPath : "tcp:" + host + ":" + port;
    }
}
