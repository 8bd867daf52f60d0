package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jpseries.cpu.CpuModel;
import org.jpseries.spapr.devtree.FdtWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default host bridge's node against qemu-system-ppc64 7.2's own (`-M pseries,x-vof=on,dumpdtb`,
 * no PCI devices): every property equal, except that QEMU lists its 256 DRCs in hash-table order,
 * so those four arrays are compared as sets of connectors.
 */
class PhbTreeOracleTest extends PlatformFixture {
    @TempDir
    Path dir;

    @Test
    void theBridgeNodeIsQemus() throws Exception {
        Path q = dir.resolve("qemu.dtb");
        Process p = new ProcessBuilder("qemu-system-ppc64", "-M", "pseries,x-vof=on,dumpdtb=" + q, "-m", "1G", "-nodefaults", "-nographic")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        SpaprPlatform mine = platform(CpuModel.POWER9, 0, 0);
        mine.reset();
        String ours = node(DeviceTreeGoldenTest.decompile(FdtWriter.write(mine.tree(), new long[0], 0)));
        String qemus = node(DeviceTreeGoldenTest.decompile(Files.readAllBytes(q)));
        assertEquals("", differences(plain(qemus), plain(ours)), "the bridge's properties differ from QEMU's");
        assertEquals("", differences(new ArrayList<>(connectors(qemus)), new ArrayList<>(connectors(ours))), "the connectors differ from QEMU's");
    }

    /** Only the lines one side has: "- " QEMU's, "+ " ours. */
    static String differences(List<String> qemus, List<String> ours) {
        StringBuilder b = new StringBuilder();
        for (String l : qemus) if (!ours.contains(l)) b.append("\n- ").append(l);
        for (String l : ours) if (!qemus.contains(l)) b.append("\n+ ").append(l);
        return b.toString();
    }

    /** The pci@800000020000000 node's text. */
    static String node(String dts) {
        int at = dts.indexOf("pci@800000020000000 {");
        assertTrue(at >= 0, dts);
        return dts.substring(at, dts.indexOf("\n\t};", at));
    }

    /** Its properties other than the DRC arrays and phandle, sorted. */
    static List<String> plain(String node) {
        List<String> out = new ArrayList<>();
        for (String l : node.split("\n")) {
            l = l.strip();
            if (l.startsWith("ibm,drc-") || l.startsWith("phandle") || l.isEmpty()) continue;
            out.add(l);
        }
        out.sort(null);
        return out;
    }

    /** The connectors as "index name type domain". */
    static TreeSet<String> connectors(String node) {
        String[] idx = cells(node, "ibm,drc-indexes"), dom = cells(node, "ibm,drc-power-domains");
        String[] names = strings(node, "ibm,drc-names"), types = strings(node, "ibm,drc-types");
        assertEquals(257, idx.length);
        TreeSet<String> set = new TreeSet<>();
        for (int i = 1; i < idx.length; i++) set.add(idx[i] + " " + names[i - 1] + " " + types[i - 1] + " " + dom[i]);
        return set;
    }

    static String[] cells(String node, String prop) {
        int at = node.indexOf(prop + " = <");
        return node.substring(at + prop.length() + 4, node.indexOf(">;", at)).split(" ");
    }

    /** A count cell then NUL-terminated strings, which dtc prints as bytes, or as cells when their length is a multiple of 4. */
    static String[] strings(String node, String prop) {
        int at = node.indexOf(prop + " = ");
        assertTrue(at >= 0, prop);
        at += prop.length() + 3;
        boolean cells = node.charAt(at) == '<';
        String[] words = node.substring(at + 1, node.indexOf(cells ? ">;" : "];", at)).split(" ");
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (String w : words) {
            long v = Long.decode(cells ? w : "0x" + w);
            for (int k = cells ? 3 : 0; k >= 0; k--) b.write((int) (v >>> 8 * k));
        }
        byte[] a = b.toByteArray();
        return new String(a, 4, a.length - 5, java.nio.charset.StandardCharsets.US_ASCII).split("\0");
    }
}
