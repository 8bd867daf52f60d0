package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.diff.Oracles;
import org.jpseries.memory.GuestRam;
import org.jpseries.spapr.devtree.FdtWriter;
import org.jpseries.spapr.devtree.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jpseries.papr.Hcall;

/**
 * Replays the client-interface conversation of Linux's prom_init against a reset platform, only
 * through hcall 0xF005 with guest-memory arguments: find /chosen and its stdout, CAS through
 * call-method, instantiate RTAS at a claimed base, set linux,rtas-base, quiesce, then flatten the
 * tree with peer/child/nextprop/getprop/package-to-path. The walked tree must be the platform's
 * tree (compared through dtc), with the CAS result in it.
 */
class PromInitWalkTest extends PlatformFixture {
    static final long ARGS = 0x8000, SCRATCH = 0x9000, BUF = 0xA000;
    GuestRam ram;
    SpaprPlatform p;
    long scratch;

    long str(String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        if (scratch + b.length > BUF) scratch = SCRATCH;
        long at = scratch;
        ram.write(at, b, 0, b.length);
        scratch += b.length;
        return at;
    }

    int[] ci(String service, int nret, long... args) {
        ram.writeBE32(ARGS, (int) str(service));
        ram.writeBE32(ARGS + 4, args.length);
        ram.writeBE32(ARGS + 8, nret);
        for (int i = 0; i < args.length; i++) ram.writeBE32(ARGS + 12 + 4L * i, (int) args[i]);
        Regs r = new Regs(0, Hcall.SPAPR_H_VOF_CLIENT, ARGS);
        p.hcalls().dispatch(r);
        assertEquals(0, r.gpr[3], service);
        int[] out = new int[nret];
        for (int i = 0; i < nret; i++) out[i] = ram.readBE32(ARGS + 12 + 4L * (args.length + i));
        return out;
    }

    String cstr(long at, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, c; i < max && (c = ram.readU8(at + i)) != 0; i++) b.append((char) c);
        return b.toString();
    }

    @Test
    void promInitConversationAndFlattenedTreeMatch(@TempDir Path dir) throws Exception {
        p = platform(CpuModel.POWER9, 0, 0x20000);
        p.reset();
        ram = ramOf(p);
        scratch = SCRATCH;
        int chosen = ci("finddevice", 1, str("/chosen"))[0];
        int root = ci("finddevice", 1, str("/"))[0];
        assertEquals(5, ci("getprop", 1, root, str("device_type"), BUF, 64)[0]);
        assertEquals(4, ci("getprop", 1, chosen, str("stdout"), BUF, 4)[0]);
        int stdout = ram.readBE32(BUF);
        ci("instance-to-path", 1, stdout, BUF, 255);
        assertEquals("/vdevice/vty@71000000", cstr(BUF, 255));
        ci("write", 1, stdout, str("OF stdout device is: /vdevice/vty@71000000\n"), 43);
        assertTrue(console.toString().startsWith("OF stdout device is"));
        assertEquals(8, ci("getproplen", 1, chosen, str("ibm,arch-vec-5-platform-support"))[0]);
        // CAS with the vector Linux builds for "hash + XICS"
        byte[] vec = org.jpseries.spapr.cas.CasVectors.linux61(0, 0, 0);
        long vecAt = p.layout().stackBase() - 0x10000 + 0x1000; // inside the CI stub page's free space
        ram.write(vecAt, vec, 0, vec.length);
        int rootIh = ci("open", 1, str("/"))[0];
        int[] cas = ci("call-method", 2, str("ibm,client-architecture-support"), rootIh, vecAt);
        assertEquals(0, cas[0]);
        assertEquals(0, cas[1], "Linux prints FAILED for anything else");
        ci("close", 0, rootIh);
        // RTAS: rtas-size, alloc_down (claim near the top of the RMO), instantiate, remember
        int rtas = ci("finddevice", 1, str("/rtas"))[0];
        ci("getprop", 1, rtas, str("rtas-size"), BUF, 4);
        int size = ram.readBE32(BUF);
        long base = (p.layout().ramSize() - 0x100000) & ~0xfffL;
        assertEquals((int) base, ci("claim", 1, base, size, 0)[0]);
        int rtasIh = ci("open", 1, str("/rtas"))[0];
        int[] inst = ci("call-method", 2, str("instantiate-rtas"), rtasIh, base);
        assertEquals(0, inst[0]);
        assertEquals((int) base, inst[1]);
        ram.writeBE32(BUF, (int) base);
        ci("setprop", 1, rtas, str("linux,rtas-base"), BUF, 4);
        ci("quiesce", 0);
        // flatten: walk the tree as scan_dt_build_struct does
        Node walked = walk(ci("peer", 1, 0)[0]);
        Node live = p.tree();
        assertEquals(base, live.find("/rtas").getCell("linux,rtas-base", 0) & 0xFFFFFFFFL);
        assertEquals(0x0f000005, walked.find("/cpus/PowerPC,POWER9@0").getCell("cpu-version", 0), "CAS result visible");
        assertNotNull(walked.find("/memory@0").get("available"));
        Files.write(dir.resolve("walked.dtb"), FdtWriter.write(walked, new long[0], 0));
        Files.write(dir.resolve("live.dtb"), FdtWriter.write(live, new long[0], 0));
        assertEquals(dts(dir.resolve("live.dtb")), dts(dir.resolve("walked.dtb")));
        // and the RTAS blob the guest would call now works through KVMPPC_H_RTAS
        assertEquals(0x7c641b78, ram.readBE32(base));
        assertNotEquals(-1, ci("finddevice", 1, str("/cpus"))[0]);
    }

    Node walk(int ph) {
        int l = ci("package-to-path", 1, ph, BUF, 255)[0];
        String path = cstr(BUF, l);
        String name = path.equals("/") ? "" : path.substring(path.lastIndexOf('/') + 1);
        Node n = new Node(name);
        long prev = str("");
        while (ci("nextprop", 1, ph, prev, BUF)[0] == 1) {
            String pname = cstr(BUF, 64);
            prev = str(pname);
            int len = ci("getproplen", 1, ph, prev)[0];
            byte[] v = new byte[len];
            if (len > 0) {
                ci("getprop", 1, ph, prev, BUF + 0x100, len);
                ram.read(BUF + 0x100, v, 0, len);
            }
            n.set(pname, v);
        }
        for (int c = ci("child", 1, ph)[0]; c != 0; c = ci("peer", 1, c)[0]) n.addChild(walk(c));
        return n;
    }

    static String dts(Path dtb) throws Exception {
        Oracles.require("dtc");
        Oracles.Result r = Oracles.run(List.of("dtc", "-q", "-I", "dtb", "-O", "dts", dtb.toString()), null, new byte[0], 30);
        assertEquals(0, r.exitCode(), r.err());
        return r.out();
    }
}
