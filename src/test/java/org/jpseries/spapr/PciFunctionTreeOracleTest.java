package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host bridge's function nodes against qemu-system-ppc64 7.2's (`-M pseries,x-vof=on,dumpdtb`)
 * with the same -device list, each dumped by its own command line (jpseries' -machine dumpdtb,
 * cli DumpDtb): every property of each node equal but phandle, among them "reg" with the MSI-X
 * BAR 1 (4 KiB, 32-bit memory) and "ibm,req#msi-x" (QEMU 7.2: rng 2, blk 2, net 4), and the
 * same with vectors=0 (no BAR 1, no ibm,req#msi-x).
 */
class PciFunctionTreeOracleTest {
    @TempDir
    Path dir;

    @Test
    void rngAndBlkNodesAreQemus() throws Exception {
        Path img = Files.write(dir.resolve("d.img"), new byte[1 << 20]);
        compare(List.of("-device", "virtio-rng-pci", "-drive", "if=none,id=d0,file=" + img + ",format=raw", "-device", "virtio-blk-pci,drive=d0",
                "-device", "virtio-rng-pci,addr=5,disable-legacy=on"), List.of(), List.of("legacy-device@0", "scsi@1", "legacy-device@5"));
    }

    @Test
    void withoutVectorsTheNodesHaveNoMsix() throws Exception {
        Assumptions.assumeTrue(PciDrivers.takes(PciDrivers.find("virtio-rng-pci"), "vectors"),
                "the vectors property is not on the command line yet (spapr.PciDrivers)");
        String n = compare(List.of("-device", "virtio-rng-pci,vectors=0"), List.of(), List.of("legacy-device@0"));
        assertFalse(n.contains("ibm,req#msi-x"), n);
    }

    @Test
    void netNodeIsQemus() throws Exception {
        Assumptions.assumeTrue(PciDrivers.find("virtio-net-pci") != null, "virtio-net-pci is not on the command line yet (spapr.PciDrivers)");
        int port = 40000 + (int) (ProcessHandle.current().pid() % 20000);
        compare(List.of("-netdev", "socket,id=n0,listen=127.0.0.1:" + port, "-device", "virtio-net-pci,netdev=n0"), List.of(",romfile="),
                List.of("ethernet@0"));
    }

    /**
     * Dumps both trees; {@code qemuOnly} is appended to QEMU's last -device (its Debian build
     * lacks efi-virtio.rom). Returns jpseries' nodes, after checking each named one is QEMU's.
     */
    private String compare(List<String> devices, List<String> qemuOnly, List<String> nodes) throws Exception {
        Oracles.require("qemu-system-ppc64");
        Oracles.require("dtc");
        Path q = dir.resolve("qemu.dtb"), j = dir.resolve("jpseries.dtb");
        List<String> qa = new ArrayList<>(List.of("qemu-system-ppc64", "-M", "pseries,x-vof=on,dumpdtb=" + q, "-m", "1G", "-nodefaults", "-nographic"));
        qa.addAll(devices);
        if (!qemuOnly.isEmpty()) qa.set(qa.size() - 1, qa.getLast() + qemuOnly.getFirst());
        var r = Oracles.run(qa, null, new byte[0], 60);
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Path k = Files.write(dir.resolve("k"), TestKernelAccess.elf(true, 4 << 20));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> ja = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.jpseries.cli.Main", "-M", "pseries,dumpdtb=" + j, "-m", "1G", "-nodefaults", "-nographic", "-kernel", k.toString()));
        ja.addAll(devices);
        r = Oracles.run(ja, null, new byte[0], 120);
        assertEquals(0, r.exitCode(), r.out() + r.err());
        String qemus = PhbTreeOracleTest.node(DeviceTreeGoldenTest.decompile(Files.readAllBytes(q)));
        String ours = PhbTreeOracleTest.node(DeviceTreeGoldenTest.decompile(Files.readAllBytes(j)));
        StringBuilder all = new StringBuilder();
        for (String n : nodes) {
            String qn = child(qemus, n), jn = child(ours, n);
            assertEquals("", PhbTreeOracleTest.differences(props(qn), props(jn)), n + "'s properties differ from QEMU's");
            all.append(jn);
        }
        return all.toString();
    }

    /** The text of child node {@code name} of the bridge. */
    static String child(String bridge, String name) {
        int at = bridge.indexOf("\t" + name + " {");
        assertTrue(at >= 0, name + " in\n" + bridge);
        return bridge.substring(at, bridge.indexOf("};", at));
    }

    /** Its properties but phandle, sorted. */
    static List<String> props(String node) {
        List<String> out = new ArrayList<>();
        for (String l : node.split("\n")) {
            l = l.strip();
            if (l.isEmpty() || l.endsWith("{") || l.startsWith("phandle")) continue;
            out.add(l);
        }
        out.sort(null);
        return out;
    }
}
