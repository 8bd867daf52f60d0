package org.jpseries.spapr.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.hw.SpaprVty;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.Hcall;
import org.jpseries.spapr.Regs;
import org.jpseries.spapr.devtree.Node;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client interface driven the way Linux's prom_init drives it: BE32 prom_args in guest RAM. */
class ClientInterfaceTest {
    static final long ARGS = 0x1000, STR = 0x2000, BUF = 0x3000;
    GuestRam ram;
    Node root;
    ClientInterface ci;
    ClaimList claims;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<String> calls = new ArrayList<>();
    long strNext;

    @BeforeEach
    void setUp() {
        ram = new GuestRam(64L << 20);
        root = new Node("");
        root.setString("device_type", "chrp").setCells("#address-cells", 2).setCells("#size-cells", 2);
        root.add("chosen").setString("bootargs", "quiet");
        root.add("memory@0").setString("device_type", "memory").setU64("reg", 0, 64L << 20);
        Node v = root.add("vdevice");
        v.add("vty@71000000").setString("device_type", "serial").setString("compatible", "hvterm1");
        root.add("rtas").setCells("rtas-size", 0x828);
        root.add("interrupt-controller").setCells("phandle", 0x1111);
        SpaprVty vty = new SpaprVty(0x71000000, org.jpseries.intc.CountingLine.of(0x1100, new java.util.concurrent.atomic.AtomicInteger()), out);
        claims = new ClaimList(64L << 20);
        claims.claim(0x400000, 0x100000, 0);
        ci = new ClientInterface(root, ram, vty, claims, new ClientInterface.Machine() {
            @Override public int clientArchitectureSupport(long vec) { calls.add("cas " + Long.toHexString(vec)); return 0; }
            @Override public void quiesce() { calls.add("quiesce"); }
            @Override public void exit() { calls.add("exit"); }
        }, GuestLog.silent());
        root.find("/chosen").setCells("stdout", ci.open("/vdevice/vty@71000000"));
        strNext = STR;
    }

    long str(String s) {
        long at = strNext;
        byte[] b = (s + "\0").getBytes(StandardCharsets.US_ASCII);
        ram.write(at, b, 0, b.length);
        strNext += (b.length + 7) & ~7;
        return at;
    }

    /** call_prom(service, nargs, nret, args...) -> rets. */
    int[] call(String service, int nret, long... args) {
        ram.writeBE32(ARGS, (int) str(service));
        ram.writeBE32(ARGS + 4, args.length);
        ram.writeBE32(ARGS + 8, nret);
        for (int i = 0; i < args.length; i++) ram.writeBE32(ARGS + 12 + 4L * i, (int) args[i]);
        for (int i = 0; i < nret; i++) ram.writeBE32(ARGS + 12 + 4L * (args.length + i), 0xdeadbeef);
        Regs r = new Regs(0, Hcall.SPAPR_H_VOF_CLIENT, ARGS);
        assertEquals(Hcall.H_SUCCESS, ci.hcall(r));
        int[] rets = new int[nret];
        for (int i = 0; i < nret; i++) rets[i] = ram.readBE32(ARGS + 12 + 4L * (args.length + i));
        return rets;
    }

    String cstr(long at) {
        StringBuilder b = new StringBuilder();
        for (int c; (c = ram.readU8(at++)) != 0; ) b.append((char) c);
        return b.toString();
    }

    @Test
    void findGetpropAndNameSynthesis() {
        int chosen = call("finddevice", 1, str("/chosen"))[0];
        assertNotEquals(-1, chosen);
        assertEquals(6, call("getprop", 1, chosen, str("bootargs"), BUF, 64)[0]);
        assertEquals("quiet", cstr(BUF));
        assertEquals(6, call("getproplen", 1, chosen, str("bootargs"))[0]);
        assertEquals(-1, call("getprop", 1, chosen, str("nope"), BUF, 64)[0]);
        assertEquals(-1, call("finddevice", 1, str("/nope"))[0]);
        int vty = call("finddevice", 1, str("/vdevice/vty"))[0];
        assertEquals(4, call("getprop", 1, vty, str("name"), BUF, 64)[0], "name without unit address");
        assertEquals("vty", cstr(BUF));
        assertEquals(vty, call("finddevice", 1, str("/vdevice/vty@71000000"))[0]);
        assertEquals(0x1111, call("finddevice", 1, str("/interrupt-controller"))[0], "existing phandle property honoured");
        // a short buffer gets a prefix but the full length is returned
        ram.fill(BUF, 16, (byte) 0x55);
        assertEquals(6, call("getprop", 1, chosen, str("bootargs"), BUF, 2)[0]);
        assertEquals('q', ram.readU8(BUF));
        assertEquals(0x55, ram.readU8(BUF + 2));
    }

    @Test
    void stdoutWriteAndInstancePaths() {
        int chosen = call("finddevice", 1, str("/chosen"))[0];
        call("getprop", 1, chosen, str("stdout"), BUF, 4);
        int stdout = ram.readBE32(BUF);
        assertEquals(21, call("instance-to-path", 1, stdout, BUF, 255)[0]);
        assertEquals("/vdevice/vty@71000000", cstr(BUF));
        int pkg = call("instance-to-package", 1, stdout)[0];
        assertEquals(pkg, call("finddevice", 1, str("/vdevice/vty@71000000"))[0]);
        long msg = str("Preparing to boot Linux\n");
        assertEquals(24, call("write", 1, stdout, msg, 24)[0]);
        assertEquals("Preparing to boot Linux\n", out.toString(StandardCharsets.US_ASCII));
        assertEquals(-1, call("write", 1, 0x7777, msg, 24)[0], "unknown ihandle");
        assertEquals(-1, call("instance-to-package", 1, 0x7777)[0]);
        call("close", 0, stdout);
        assertEquals(-1, call("write", 1, stdout, msg, 24)[0]);
    }

    @Test
    void walkingTheTreeVisitsEveryNodeAndProperty() {
        List<String> paths = new ArrayList<>();
        walk(call("peer", 1, 0)[0], paths);
        assertEquals(List.of("/", "/chosen", "/memory@0", "/vdevice", "/vdevice/vty@71000000", "/rtas", "/interrupt-controller"), paths);
        int mem = call("finddevice", 1, str("/memory@0"))[0];
        List<String> props = new ArrayList<>();
        long prev = str("");
        while (call("nextprop", 1, mem, prev, BUF)[0] == 1) {
            props.add(cstr(BUF));
            prev = str(cstr(BUF));
        }
        assertEquals(List.of("device_type", "reg"), props);
        assertEquals(-1, call("nextprop", 1, 0x9999, prev, BUF)[0]);
        assertEquals(0, call("parent", 1, call("peer", 1, 0)[0])[0], "the root has no parent");
    }

    void walk(int ph, List<String> out) {
        int l = call("package-to-path", 1, ph, BUF, 255)[0];
        out.add(l == 0 ? "/" : cstr(BUF));
        for (int c = call("child", 1, ph)[0]; c != 0; c = call("peer", 1, c)[0]) walk(c, out);
    }

    @Test
    void setpropCasAndRtasInstantiation() {
        int chosen = call("finddevice", 1, str("/chosen"))[0];
        ram.writeBE64(BUF, 0x2000000);
        assertEquals(8, call("setprop", 1, chosen, str("linux,initrd-start"), BUF, 8)[0]);
        assertEquals(0x2000000L, java.nio.ByteBuffer.wrap(root.find("/chosen").get("linux,initrd-start")).getLong());
        int rootIh = call("open", 1, str("/"))[0];
        int[] r = call("call-method", 2, str("ibm,client-architecture-support"), rootIh, 0x5000);
        assertEquals(0, r[0]);
        assertEquals(0, r[1]);
        assertEquals(List.of("cas 5000"), calls);
        int rtas = call("open", 1, str("/rtas"))[0];
        r = call("call-method", 2, str("instantiate-rtas"), rtas, 0x300000);
        assertEquals(0, r[0]);
        assertEquals(0x300000, r[1]);
        assertEquals(0x7c641b78, ram.readBE32(0x300000));
        assertEquals(0x6063f000, ram.readBE32(0x300008));
        assertEquals(-1, call("call-method", 2, str("frobnicate"), rootIh, 0)[0]);
        call("quiesce", 0);
        assertEquals("quiesce", calls.get(calls.size() - 1));
        assertEquals(-1, call("interpret", 1, str("1 2 +"))[0]);
    }

    @Test
    void claimReleaseAndAvailable() {
        assertEquals(0x2000000, call("claim", 1, 0x2000000, 0x10000, 0)[0]);
        assertEquals(-1, call("claim", 1, 0x2008000, 0x10000, 0)[0], "overlap");
        assertEquals(-1, call("claim", 1, 0x450000, 0x1000, 0)[0], "inside the kernel claim");
        int aligned = call("claim", 1, 0, 0x4000, 0x10000)[0];
        assertTrue(aligned >= 0x2010000 && aligned % 0x10000 == 0, Integer.toHexString(aligned));
        long[] avail = longs(root.find("/memory@0").get("available"));
        assertEquals(0, avail[0]);
        assertEquals(0x400000, avail[1]);
        assertEquals(0x500000, avail[2]);
        assertEquals(0x2000000 - 0x500000, avail[3]);
        assertEquals(0, call("release", 0, 0x2000000, 0x10000).length);
        assertTrue(claims.available(0x2000000, 0x10000));
        assertEquals(-1, call("claim", 1, 0x4000000 - 0x1000, 0x2000, 0)[0], "beyond the top");
        assertEquals(-1, call("claim", 1, 0x100000, 0, 0)[0], "size 0");
    }

    static long[] longs(byte[] b) {
        long[] v = new long[b.length / 8];
        for (int i = 0; i < v.length; i++) v[i] = java.nio.ByteBuffer.wrap(b).getLong(8 * i);
        return v;
    }

    @Test
    void badGuestPointersGiveMinusOneNeverExceptions() {
        assertEquals(-1, call("finddevice", 1, 0xfffffff0L)[0]);
        int chosen = call("finddevice", 1, str("/chosen"))[0];
        assertEquals(-1, call("getprop", 1, chosen, str("bootargs"), 0x7ffffff0L, 64)[0]);
        assertEquals(-1, call("setprop", 1, chosen, str("x"), 0x7ffffff0L, 64)[0]);
        assertEquals(-1, call("write", 1, root.find("/chosen").getCell("stdout", 0), 0x7ffffff0L, 64)[0]);
        assertEquals(-1, call("nosuchservice", 1)[0]);
        // a service name that never ends inside RAM
        ram.fill(0x4000000 - 16, 16, (byte) 'a');
        ram.writeBE32(ARGS, 0x4000000 - 16);
        ram.writeBE32(ARGS + 4, 0);
        ram.writeBE32(ARGS + 8, 1);
        assertEquals(Hcall.H_SUCCESS, ci.call(ARGS));
        assertEquals(-1, ram.readBE32(ARGS + 12));
        // an argument block off the end of RAM or with too many cells is refused at the hcall level
        assertEquals(Hcall.H_PARAMETER, ci.call(0x4000000 - 4));
        ram.writeBE32(ARGS + 4, 9);
        ram.writeBE32(ARGS + 8, 2);
        assertEquals(Hcall.H_PARAMETER, ci.call(ARGS));
        assertFalse(out.size() > 0);
    }
}
