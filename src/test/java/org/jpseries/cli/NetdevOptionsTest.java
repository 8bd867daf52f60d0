package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jpseries.net.Endpoint;
import org.jpseries.net.NetdevSpec;
import org.junit.jupiter.api.Test;

/**
 * -netdev as qemu-system-ppc64 7.2 parses it. Every expected message below is what
 * {@code qemu-system-ppc64 -M none -nodefaults -display none -netdev ...} printed on this host
 * after "qemu-system-ppc64: " (exit status 1), except where a comment says jpseries' own words.
 */
class NetdevOptionsTest {
    static MachineConfig parse(String... netdevs) throws UsageException {
        List<String> args = new java.util.ArrayList<>(List.of("-kernel", "k"));
        for (String n : netdevs) args.addAll(List.of("-netdev", n));
        return CommandLine.parse(args);
    }

    static String error(String... netdevs) {
        return assertThrows(UsageException.class, () -> parse(netdevs)).getMessage();
    }

    @Test
    void socketAndStreamNetdevs() throws Exception {
        MachineConfig c = parse("socket,id=n0,listen=127.0.0.1:5555", "type=socket,id=n1,connect=localhost:0x10",
                "socket,id=n2,listen=:5556", "stream,id=s0,server=on,addr.type=inet,addr.host=127.0.0.1,addr.port=5557",
                "stream,id=s1,addr.type=unix,addr.path=/tmp/a,,b", "socket,id=n3,connect=1.2.3:-1");
        assertEquals(List.of("n0", "n1", "n2", "s0", "s1", "n3"), c.netdevs().stream().map(NetdevSpec::id).toList());
        NetdevSpec n0 = c.netdev("n0");
        assertEquals(new NetdevSpec("n0", NetdevSpec.Type.SOCKET, NetdevSpec.Role.LISTEN, new Endpoint.Inet("127.0.0.1", "5555"),
                "-netdev socket,id=n0,listen=127.0.0.1:5555"), n0);
        assertEquals(new Endpoint.Inet("localhost", "16"), c.netdev("n1").endpoint(), "QEMU's strtol base 0");
        assertEquals(NetdevSpec.Role.CONNECT, c.netdev("n1").role());
        assertEquals(new Endpoint.Inet("", "5556"), c.netdev("n2").endpoint());
        assertEquals(NetdevSpec.Role.LISTEN, c.netdev("s0").role());
        assertEquals(NetdevSpec.Type.STREAM, c.netdev("s0").type());
        assertEquals(new Endpoint.Unix("/tmp/a,b"), c.netdev("s1").endpoint(), "',,' is a comma");
        assertEquals(NetdevSpec.Role.CONNECT, c.netdev("s1").role(), "server defaults to off");
        assertEquals(new Endpoint.Inet("1.2.3", "65535"), c.netdev("n3").endpoint(), "inet_aton's short form; htons keeps 16 bits");
        assertNull(c.netdev("n9"));
        assertEquals(List.of(), parse().netdevs());
    }

    /** libvirt's JSON form. */
    @Test
    void jsonNetdevs() throws Exception {
        MachineConfig c = parse("{\"type\":\"socket\",\"id\":\"n0\",\"listen\":\"127.0.0.1:5634\"}",
                "{\"type\":\"stream\",\"id\":\"s0\",\"server\":true,\"addr\":{\"type\":\"unix\",\"path\":\"/tmp/s\"}}");
        assertEquals(new Endpoint.Inet("127.0.0.1", "5634"), c.netdev("n0").endpoint());
        assertEquals(NetdevSpec.Role.LISTEN, c.netdev("s0").role());
        assertEquals(new Endpoint.Unix("/tmp/s"), c.netdev("s0").endpoint());
    }

    @Test
    void errorsInQemusWords() {
        assertEquals("-netdev socket,id=n0: exactly one of listen=, connect=, mcast= or udp= is required", error("socket,id=n0"));
        assertEquals("-netdev socket,id=n0,listen=127.0.0.1:5555,connect=127.0.0.1:5556: exactly one of listen=, connect=, mcast= or udp= is required",
                error("socket,id=n0,listen=127.0.0.1:5555,connect=127.0.0.1:5556"));
        assertEquals("-netdev socket,connect=127.0.0.1:1: Parameter 'id' is missing", error("socket,connect=127.0.0.1:1"));
        assertEquals("-netdev socket,id=n0,listen=127.0.0.1:abc: port number 'abc' is invalid", error("socket,id=n0,listen=127.0.0.1:abc"));
        assertEquals("-netdev socket,id=n0,listen=:: port number '' is invalid", error("socket,id=n0,listen=:"));
        assertEquals("-netdev socket,id=n0,listen=127.0.0.1: host address '127.0.0.1' doesn't contain ':' separating host from port",
                error("socket,id=n0,listen=127.0.0.1"));
        assertEquals("-netdev socket,id=n0,connect=1.2.3.4.5:5: host address '1.2.3.4.5' is not a valid IPv4 address",
                error("socket,id=n0,connect=1.2.3.4.5:5"));
        assertEquals("-netdev socket,id=n0,listen=127.0.0.1:5556: Duplicate ID 'n0' for netdev",
                error("socket,id=n0,listen=127.0.0.1:5555", "socket,id=n0,listen=127.0.0.1:5556"));
        assertEquals("-netdev socket,id=n0,listen=:5633: Duplicate ID 'n0'",
                error("stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=5", "socket,id=n0,listen=:5633"));
        assertEquals("-netdev stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=6: Duplicate ID 'n0'",
                error("stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=5", "stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=6"));
        assertEquals("-netdev socket,id=n0,listen=127.0.0.1:5555,foo=bar: Invalid parameter 'foo'", error("socket,id=n0,listen=127.0.0.1:5555,foo=bar"));
        assertEquals("-netdev bogus,id=n0: Parameter 'type' does not accept value 'bogus'", error("bogus,id=n0"));
        assertEquals("-netdev id=n0: Parameter 'type' is missing", error("id=n0"));
        assertEquals("-netdev socket,id=0n: Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.",
                error("socket,id=0n"));
        assertEquals("-netdev socket,id=n0,localaddr=127.0.0.1,listen=:5555: localaddr= is only valid with mcast= or udp=",
                error("socket,id=n0,localaddr=127.0.0.1,listen=:5555"));
        assertEquals("-netdev socket,id=n0,udp=127.0.0.1:5: localaddr= is mandatory with udp=", error("socket,id=n0,udp=127.0.0.1:5"));
        assertEquals("-netdev socket,id=n0,fd=abc: Invalid file descriptor number 'abc'", error("socket,id=n0,fd=abc"));
        assertEquals("-netdev nic,id=n0: network backend 'nic' is not compiled into this binary", error("nic,id=n0"));
        // keyval (stream)
        assertEquals("-netdev stream,addr.type=inet,addr.host=127.0.0.1,addr.port=5: Parameter 'id' is missing",
                error("stream,addr.type=inet,addr.host=127.0.0.1,addr.port=5"));
        assertEquals("-netdev stream,id=n0,server=on: Parameter 'addr' is missing", error("stream,id=n0,server=on"));
        assertEquals("-netdev stream,id=n0,server=maybe,addr.type=inet,addr.host=127.0.0.1,addr.port=5602: Parameter 'server' expects 'on' or 'off'",
                error("stream,id=n0,server=maybe,addr.type=inet,addr.host=127.0.0.1,addr.port=5602"));
        assertEquals("-netdev stream,id=n0,addr.type=unix: Parameter 'addr.path' is missing", error("stream,id=n0,addr.type=unix"));
        assertEquals("-netdev stream,id=n0,addr.type=bogus: Parameter 'type' does not accept value 'bogus'", error("stream,id=n0,addr.type=bogus"));
        assertEquals("-netdev stream,id=n0,addr.type=inet,addr.port=5: Parameter 'addr.host' is missing", error("stream,id=n0,addr.type=inet,addr.port=5"));
        assertEquals("-netdev stream,id=n0,addr.type=inet,addr.host=127.0.0.1: Parameter 'addr.port' is missing",
                error("stream,id=n0,addr.type=inet,addr.host=127.0.0.1"));
        assertEquals("-netdev stream,id=n0,addr.host=127.0.0.1,addr.port=5: Parameter 'addr.type' is missing", error("stream,id=n0,addr.host=127.0.0.1,addr.port=5"));
        assertEquals("-netdev stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=5,addr.path=x: Parameter 'addr.path' is unexpected",
                error("stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=5,addr.path=x"));
        assertEquals("-netdev stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=5,server: Expected '=' after parameter 'server'",
                error("stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=5,server"));
        assertEquals("-netdev stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=5,reconnect=1: Parameter 'reconnect' is unexpected",
                error("stream,id=n0,addr.type=inet,addr.host=127.0.0.1,addr.port=5,reconnect=1"), "7.2 has no reconnect=");
        // JSON
        String j = "{\"type\":\"stream\",\"id\":\"n0\",\"addr\":{\"type\":\"inet\",\"host\":\"127.0.0.1\",\"port\":\"5\"},\"server\":\"on\"}";
        assertEquals("-netdev " + j + ": Invalid parameter type for 'server', expected: boolean", error(j));
        j = "{\"type\":\"stream\",\"id\":\"n0\",\"addr\":{\"type\":\"inet\",\"host\":\"127.0.0.1\",\"port\":5}}";
        assertEquals("-netdev " + j + ": Invalid parameter type for 'addr.port', expected: string", error(j));
        j = "{\"type\":\"socket\",\"id\":\"n0\",\"listen\":\"127.0.0.1:5\",\"foo\":\"1\"}";
        assertEquals("-netdev " + j + ": Parameter 'foo' is unexpected", error(j));
        j = "{\"type\":\"socket\",\"id\":\"n0\"}";
        assertEquals("-netdev " + j + ": exactly one of listen=, connect=, mcast= or udp= is required", error(j));
    }

    @Test
    void dgramNetdevs() throws Exception {
        String d = "dgram,id=d0,local.type=inet,local.host=127.0.0.1,local.port=5801,remote.type=inet,remote.host=127.0.0.1,remote.port=5802";
        NetdevSpec s = parse(d).netdev("d0");
        assertEquals(new NetdevSpec("d0", NetdevSpec.Type.DGRAM, NetdevSpec.Role.CONNECT, new Endpoint.Inet("127.0.0.1", "5801"), "-netdev " + d,
                new Endpoint.Inet("127.0.0.1", "5802")), s);
        // qemu-system-ppc64 7.2's lines for these
        String l = "local.type=inet,local.host=127.0.0.1,local.port=5801";
        assertEquals("-netdev dgram,id=n0," + l + ": type=inet or type=unix requires remote parameter", error("dgram,id=n0," + l));
        assertEquals("-netdev dgram,id=n0,remote.type=inet,remote.host=127.0.0.1,remote.port=5801: dgram requires local= parameter",
                error("dgram,id=n0,remote.type=inet,remote.host=127.0.0.1,remote.port=5801"));
        assertEquals("-netdev dgram,id=n0: dgram requires local= parameter", error("dgram,id=n0"));
        assertEquals("-netdev dgram,id=n0," + l + ",remote.type=unix,remote.path=/tmp/x: remote and local types must be the same",
                error("dgram,id=n0," + l + ",remote.type=unix,remote.path=/tmp/x"));
        String r = "remote.type=inet,remote.host=127.0.0.1,remote.port=5802";
        assertEquals("-netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=abc," + r + ": port number 'abc' is invalid",
                error("dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=abc," + r));
        assertEquals("-netdev dgram,id=n0," + l + "," + r + ",foo=1: Parameter 'foo' is unexpected", error("dgram,id=n0," + l + "," + r + ",foo=1"));
        assertEquals("-netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1," + r + ": Parameter 'local.port' is missing",
                error("dgram,id=n0,local.type=inet,local.host=127.0.0.1," + r));
        // jpseries' own
        assertEquals("-netdev dgram,id=n0,remote.type=inet,remote.host=230.0.0.1,remote.port=1234: a multicast remote= is not supported by jpseries yet",
                error("dgram,id=n0,remote.type=inet,remote.host=230.0.0.1,remote.port=1234"));
        assertEquals("-netdev dgram,id=n0,local.type=unix,local.path=/tmp/y,remote.type=unix,remote.path=/tmp/x: local.type=unix is not supported by jpseries yet (inet)",
                error("dgram,id=n0,local.type=unix,local.path=/tmp/y,remote.type=unix,remote.path=/tmp/x"));
    }

    /** jpseries' own words where it lacks what QEMU has. */
    @Test
    void whatJpseriesDoesNotHaveIsRefusedInOneLine() {
        assertEquals("-netdev user,id=n0: -netdev user is not implemented in jpseries yet: use -netdev socket or -netdev stream", error("user,id=n0"));
        assertEquals("-netdev tap,id=n0: -netdev tap is not supported by jpseries (socket or stream)", error("tap,id=n0"));
        assertEquals("-netdev socket,id=n0,fd=3: fd= is not supported by jpseries yet (use listen= or connect=)", error("socket,id=n0,fd=3"));
        assertEquals("-netdev socket,id=n0,mcast=230.0.0.1:1234: mcast= is not supported by jpseries yet (use listen= or connect=, or -netdev stream)",
                error("socket,id=n0,mcast=230.0.0.1:1234"));
        assertEquals("-netdev stream,id=n0,addr.type=fd,addr.str=3: addr.type=fd is not supported by jpseries yet (inet or unix)",
                error("stream,id=n0,addr.type=fd,addr.str=3"));
        assertEquals("-netdev stream,id=n0,addr.type=inet,addr.host=h,addr.port=1,addr.ipv4=on: Parameter 'addr.ipv4' is not supported by jpseries yet",
                error("stream,id=n0,addr.type=inet,addr.host=h,addr.port=1,addr.ipv4=on"));
    }

    /** qemu-system-ppc64 7.2 -M pseries: "Property 'virtio-net-device.netdev' can't find value 'nope'" and "... can't take value 'n0', it's in use". */
    @Test
    void aNicClaimsItsNetdevOnce() throws Exception {
        List<NetdevSpec> n = parse("socket,id=n0,listen=:5621").netdevs();
        Set<String> inUse = new HashSet<>();
        String p = "virtio-net-device.netdev";
        assertEquals("n0", NetdevOptions.claim(n, inUse, "n0", p).id());
        assertEquals("Property 'virtio-net-device.netdev' can't take value 'n0', it's in use",
                assertThrows(IllegalArgumentException.class, () -> NetdevOptions.claim(n, inUse, "n0", p)).getMessage());
        assertEquals("Property 'virtio-net-device.netdev' can't find value 'nope'",
                assertThrows(IllegalArgumentException.class, () -> NetdevOptions.claim(n, inUse, "nope", p)).getMessage());
    }
}
