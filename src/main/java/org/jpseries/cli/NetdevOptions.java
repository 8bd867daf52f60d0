package org.jpseries.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpseries.net.Endpoint;
import org.jpseries.net.HostPort;
import org.jpseries.net.NetdevSpec;

/**
 * {@code -netdev} as qemu-system-ppc64 7.2 parses it (net/net.c netdev_is_modern,
 * netdev_parse_modern, net_client_init; net/socket.c net_init_socket; qapi/net.json): the
 * socket type in QemuOpts syntax ("Invalid parameter 'x'", ",," for a comma, a bare key is
 * key=on), stream and dgram in keyval syntax ("Parameter 'x' is unexpected", "Expected '='
 * after parameter 'x'"), and any type as JSON, with QEMU's messages. The sockets are not
 * opened here but at machine start ({@link org.jpseries.net.Netdevs#open}).
 */
final class NetdevOptions {
    /** QEMU's net client drivers that jpseries does not have (qapi/net.json NetClientDriver, -netdev's choices). */
    private static final Set<String> OTHER_TYPES = Set.of("tap", "l2tpv3", "vde", "bridge", "hubport", "netmap", "vhost-user",
            "vhost-vdpa");
    private static final Set<String> SOCKET_KEYS = Set.of("id", "type", "fd", "listen", "connect", "mcast", "localaddr", "udp");
    /** SocketAddress members QEMU 7.2 accepts that jpseries does not implement. */
    private static final Set<String> UNSUPPORTED_ADDR_KEYS = Set.of("addr.numeric", "addr.to", "addr.ipv4", "addr.ipv6", "addr.keep-alive",
            "addr.mptcp", "addr.abstract", "addr.tight");

    private final Map<String, NetdevSpec> netdevs = new LinkedHashMap<>();
    /** Ids given in QemuOpts syntax, whose duplicates QEMU words "Duplicate ID 'x' for netdev". */
    private final Set<String> optsIds = new HashSet<>();

    /** Parses one {@code -netdev VALUE}; {@code opt} is the option as spelt ("-netdev"). */
    void add(String value, String opt) throws UsageException {
        String where = opt + " " + value;
        try {
            NetdevSpec s = parse(value, where);
            netdevs.put(s.id(), s);
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + ": " + e.getMessage());
        }
    }

    /** The netdevs in command-line order. */
    List<NetdevSpec> specs() {
        return List.copyOf(netdevs.values());
    }

    /**
     * The netdev a NIC names with {@code netdev=ID}, claimed for it: QEMU's messages when there
     * is none ("Property 'virtio-net-device.netdev' can't find value 'ID'") or another NIC has it
     * ("... can't take value 'ID', it's in use"). {@code property} is the name QEMU reports;
     * {@code inUse} collects the ids claimed so far.
     */
    static NetdevSpec claim(List<NetdevSpec> netdevs, Set<String> inUse, String id, String property) {
        for (NetdevSpec s : netdevs) {
            if (!s.id().equals(id)) continue;
            if (!inUse.add(id)) throw new IllegalArgumentException("Property '" + property + "' can't take value '" + id + "', it's in use");
            return s;
        }
        throw new IllegalArgumentException("Property '" + property + "' can't find value '" + id + "'");
    }

    private NetdevSpec parse(String value, String where) {
        boolean json = value.startsWith("{");
        Map<String, String> o = json ? json(value) : split(value);
        String type = o.get("type");
        boolean modern = json || "stream".equals(type) || "dgram".equals(type);
        if (!json) checkForm(value, modern);
        String id = o.get("id");
        if (!modern && id != null && !wellFormed(id)) {
            throw new IllegalArgumentException("Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.");
        }
        if (id != null && netdevs.containsKey(id)) {
            throw new IllegalArgumentException("Duplicate ID '" + id + "'" + (!modern && optsIds.contains(id) ? " for netdev" : ""));
        }
        if (type == null) throw new IllegalArgumentException("Parameter 'type' is missing");
        switch (type) {
            case "socket", "stream", "dgram" -> { }
            case "user" -> throw new IllegalArgumentException("-netdev user is not implemented in jpseries yet: use -netdev socket or -netdev stream");
            case "nic", "none" -> throw new IllegalArgumentException("network backend '" + type + "' is not compiled into this binary");
            default -> throw new IllegalArgumentException(OTHER_TYPES.contains(type)
                    ? "-netdev " + type + " is not supported by jpseries (socket or stream)"
                    : "Parameter 'type' does not accept value '" + type + "'");
        }
        if (id == null) throw new IllegalArgumentException("Parameter 'id' is missing");
        NetdevSpec s = switch (type) {
            case "socket" -> socket(o, id, modern, where);
            case "stream" -> stream(o, id, where);
            default -> dgram(o, id, where);
        };
        if (!modern) optsIds.add(id);
        return s;
    }

    /** net/socket.c net_init_socket's checks, in its order. */
    private static NetdevSpec socket(Map<String, String> o, String id, boolean modern, String where) {
        for (String k : o.keySet()) {
            if (!SOCKET_KEYS.contains(k)) throw new IllegalArgumentException(modern ? "Parameter '" + k + "' is unexpected" : "Invalid parameter '" + k + "'");
        }
        int given = 0;
        for (String k : List.of("fd", "listen", "connect", "mcast", "udp")) given += o.containsKey(k) ? 1 : 0;
        if (given != 1) throw new IllegalArgumentException("exactly one of listen=, connect=, mcast= or udp= is required");
        if (o.containsKey("localaddr") && !o.containsKey("mcast") && !o.containsKey("udp")) {
            throw new IllegalArgumentException("localaddr= is only valid with mcast= or udp=");
        }
        if (o.containsKey("fd")) {
            String fd = o.get("fd");
            if (!fd.matches("[0-9]{1,9}")) throw new IllegalArgumentException("Invalid file descriptor number '" + fd + "'");
            throw new IllegalArgumentException("fd= is not supported by jpseries yet (use listen= or connect=)");
        }
        if (o.containsKey("listen")) return new NetdevSpec(id, NetdevSpec.Type.SOCKET, NetdevSpec.Role.LISTEN, HostPort.parse(o.get("listen")), where);
        if (o.containsKey("connect")) return new NetdevSpec(id, NetdevSpec.Type.SOCKET, NetdevSpec.Role.CONNECT, HostPort.parse(o.get("connect")), where);
        if (o.containsKey("udp") && !o.containsKey("localaddr")) throw new IllegalArgumentException("localaddr= is mandatory with udp=");
        String k = o.containsKey("mcast") ? "mcast" : "udp";
        throw new IllegalArgumentException(k + "= is not supported by jpseries yet (use listen= or connect=, or -netdev stream)");
    }

    /** qapi/net.json NetdevStreamOptions: addr (a SocketAddress) and server. */
    private static NetdevSpec stream(Map<String, String> o, String id, String where) {
        if (o.keySet().stream().noneMatch(k -> k.startsWith("addr."))) throw new IllegalArgumentException("Parameter 'addr' is missing");
        String addrType = require(o, "addr.type");
        Set<String> allowed = new HashSet<>(List.of("id", "type", "server", "addr.type"));
        Endpoint e = switch (addrType) {
            case "inet" -> {
                allowed.addAll(List.of("addr.host", "addr.port", "addr.numeric", "addr.to", "addr.ipv4", "addr.ipv6", "addr.keep-alive", "addr.mptcp"));
                yield new Endpoint.Inet(require(o, "addr.host"), require(o, "addr.port"));
            }
            case "unix" -> {
                allowed.addAll(List.of("addr.path", "addr.abstract", "addr.tight"));
                yield new Endpoint.Unix(require(o, "addr.path"));
            }
            case "fd", "vsock" -> throw new IllegalArgumentException("addr.type=" + addrType + " is not supported by jpseries yet (inet or unix)");
            default -> throw new IllegalArgumentException("Parameter 'type' does not accept value '" + addrType + "'");
        };
        boolean server = o.containsKey("server") && bool(o.get("server"), "server");
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) throw new IllegalArgumentException("Parameter '" + k + "' is unexpected");
            if (UNSUPPORTED_ADDR_KEYS.contains(k)) throw new IllegalArgumentException("Parameter '" + k + "' is not supported by jpseries yet");
        }
        return new NetdevSpec(id, NetdevSpec.Type.STREAM, server ? NetdevSpec.Role.LISTEN : NetdevSpec.Role.CONNECT, e, where);
    }

    /** qapi/net.json NetdevDgramOptions and net/dgram.c net_init_dgram's checks, in its order (unicast inet only). */
    private static NetdevSpec dgram(Map<String, String> o, String id, String where) {
        for (String k : o.keySet()) {
            if (!k.equals("id") && !k.equals("type") && !k.startsWith("local.") && !k.startsWith("remote.")) {
                throw new IllegalArgumentException("Parameter '" + k + "' is unexpected");
            }
        }
        String localType = o.keySet().stream().anyMatch(k -> k.startsWith("local.")) ? require(o, "local.type") : null;
        String remoteType = o.keySet().stream().anyMatch(k -> k.startsWith("remote.")) ? require(o, "remote.type") : null;
        if ("inet".equals(localType)) { // the visitor's missing members come before net_init_dgram's checks
            require(o, "local.host");
            require(o, "local.port");
        }
        Endpoint.Inet remote = null;
        if ("inet".equals(remoteType)) {
            remote = HostPort.parse(require(o, "remote.host") + ":" + require(o, "remote.port"));
            byte[] a = remote.host().isEmpty() || !Character.isDigit(remote.host().charAt(0)) ? null : HostPort.ipv4(remote.host());
            if (a != null && (a[0] & 0xf0) == 0xe0) throw new IllegalArgumentException("a multicast remote= is not supported by jpseries yet");
        }
        if (localType == null) throw new IllegalArgumentException("dgram requires local= parameter");
        if (remoteType != null) {
            if (localType.equals("fd")) throw new IllegalArgumentException("don't set remote with local.fd");
            if (!remoteType.equals(localType)) throw new IllegalArgumentException("remote and local types must be the same");
        } else if (!localType.equals("fd")) {
            throw new IllegalArgumentException("type=inet or type=unix requires remote parameter");
        }
        switch (localType) {
            case "inet" -> { }
            case "fd" -> throw new IllegalArgumentException("local.type=fd is not supported by jpseries yet (inet)");
            case "unix" -> throw new IllegalArgumentException("local.type=unix is not supported by jpseries yet (inet)");
            case "vsock" -> throw new IllegalArgumentException("only support inet or fd type for local");
            default -> throw new IllegalArgumentException("Parameter 'type' does not accept value '" + localType + "'");
        }
        for (String k : o.keySet()) {
            if (k.startsWith("local.") || k.startsWith("remote.")) {
                String m = k.substring(k.indexOf('.') + 1);
                if (!m.equals("type") && !m.equals("host") && !m.equals("port")) {
                    throw new IllegalArgumentException(UNSUPPORTED_ADDR_KEYS.contains("addr." + m) ? "Parameter '" + k + "' is not supported by jpseries yet"
                            : "Parameter '" + k + "' is unexpected");
                }
            }
        }
        Endpoint.Inet local = HostPort.parse(require(o, "local.host") + ":" + require(o, "local.port"));
        return new NetdevSpec(id, NetdevSpec.Type.DGRAM, NetdevSpec.Role.CONNECT, local, where, remote);
    }

    private static String require(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) throw new IllegalArgumentException("Parameter '" + key + "' is missing");
        return v;
    }

    /** QEMU's qapi_bool_parse, as keyval uses it. */
    private static boolean bool(String v, String key) {
        return switch (v) {
            case "on", "yes", "true", "y" -> true;
            case "off", "no", "false", "n" -> false;
            default -> throw new IllegalArgumentException("Parameter '" + key + "' expects 'on' or 'off'");
        };
    }

    /** QEMU's id_wellformed (util/id.c): a letter, then letters, digits, '-', '.', '_'. */
    static boolean wellFormed(String id) {
        return id.matches("[A-Za-z][A-Za-z0-9._-]*");
    }

    /** The items of QemuOpts/keyval syntax: ",," is a comma; the first item without '=' is the type. */
    private static List<String> items(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static Map<String, String> split(String value) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> items = items(value);
        for (int k = 0; k < items.size(); k++) {
            String item = items.get(k);
            int eq = item.indexOf('=');
            if (eq >= 0) o.put(item.substring(0, eq), item.substring(eq + 1));
            else if (k == 0) o.put("type", item);
            else if (item.startsWith("no") && item.length() > 2) o.put(item.substring(2), "off"); // QemuOpts' short-form boolean
            else o.put(item, "on");
        }
        return o;
    }

    /** keyval (util/keyval.c) has no short-form booleans: every item after the type needs '='. */
    private static void checkForm(String value, boolean modern) {
        if (!modern) return;
        List<String> items = items(value);
        for (int k = 1; k < items.size(); k++) {
            if (items.get(k).indexOf('=') < 0) throw new IllegalArgumentException("Expected '=' after parameter '" + items.get(k) + "'");
        }
    }

    /** The JSON form (libvirt's): members flattened to dotted keys, with QEMU's type checks. */
    private static Map<String, String> json(String value) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JSON parse error, " + e.getOriginalMessage());
        }
        if (!root.isObject()) throw new IllegalArgumentException("JSON parse error, not an object");
        Map<String, String> o = new LinkedHashMap<>();
        flatten("", root, o);
        return o;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        for (var it = node.fields(); it.hasNext();) {
            var f = it.next();
            String key = prefix + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key + ".", v, out);
            } else if (key.equals("server")) {
                if (!v.isBoolean()) throw new IllegalArgumentException("Invalid parameter type for 'server', expected: boolean");
                out.put(key, v.asBoolean() ? "on" : "off");
            } else {
                if (!v.isTextual()) throw new IllegalArgumentException("Invalid parameter type for '" + key + "', expected: string");
                out.put(key, v.asText());
            }
        }
    }
}
