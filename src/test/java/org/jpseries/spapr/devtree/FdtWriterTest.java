package org.jpseries.spapr.devtree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our FDT blobs must be what dtc (device-tree-compiler) makes of the same source. */
class FdtWriterTest {
    static final String DTS = """
            /dts-v1/;

            /memreserve/ 0x10000000 0x200000;
            / {
            \tcompatible = "qemu,pseries";
            \t#address-cells = <0x02>;
            \t#size-cells = <0x02>;
            \tmodel = "IBM pSeries (emulated by jpseries)";

            \tchosen {
            \t\tbootargs = "console=hvc0 quiet";
            \t\tlinux,initrd-start = <0x00 0x2000000>;
            \t};

            \tcpus {
            \t\t#address-cells = <0x01>;
            \t\t#size-cells = <0x00>;

            \t\tPowerPC,POWER9@0 {
            \t\t\tdevice_type = "cpu";
            \t\t\treg = <0x00>;
            \t\t\tibm,pa-features = [18 00 f6 3f c7 c0 80 f0 80 00 00 00 00 00 00 00 00 00 80 00 80 00 80 00];
            \t\t\tcpu-version = <0x4e1202>;
            \t\t\tibm,ppc-interrupt-server#s = <0x00 0x01 0x02 0x03>;
            \t\t\tcache-line-size = <0x80>;
            \t\t\tibm,vmx;
            \t\t};
            \t};

            \tmemory@0 {
            \t\tdevice_type = "memory";
            \t\treg = <0x00 0x00 0x00 0x40000000>;
            \t\tcompatible = "one", "two";
            \t};
            };
            """;

    static Node tree() {
        Node root = new Node("");
        root.setString("compatible", "qemu,pseries").setCells("#address-cells", 2).setCells("#size-cells", 2)
                .setString("model", "IBM pSeries (emulated by jpseries)");
        root.add("chosen").setString("bootargs", "console=hvc0 quiet").setU64("linux,initrd-start", 0x2000000);
        Node cpus = root.add("cpus").setCells("#address-cells", 1).setCells("#size-cells", 0);
        Node cpu = cpus.add("PowerPC,POWER9@0");
        byte[] pa = {0x18, 0, (byte) 0xf6, 0x3f, (byte) 0xc7, (byte) 0xc0, (byte) 0x80, (byte) 0xf0, (byte) 0x80, 0, 0, 0,
            0, 0, 0, 0, 0, 0, (byte) 0x80, 0, (byte) 0x80, 0, (byte) 0x80, 0};
        cpu.setString("device_type", "cpu").setCells("reg", 0).set("ibm,pa-features", pa).setCells("cpu-version", 0x4e1202)
                .setCells("ibm,ppc-interrupt-server#s", 0, 1, 2, 3).setCells("cache-line-size", 128).setEmpty("ibm,vmx");
        root.add("memory@0").setString("device_type", "memory").setU64("reg", 0, 0x40000000L).setString("compatible", "one", "two");
        return root;
    }

    static String decompile(Path dtb) throws Exception {
        Oracles.require("dtc");
        Oracles.Result r = Oracles.run(List.of("dtc", "-q", "-I", "dtb", "-O", "dts", dtb.toString()), null, new byte[0], 30);
        assertEquals(0, r.exitCode(), "dtc rejected the blob: " + r.err());
        return r.out();
    }

    @Test
    void blobDecompilesLikeDtcsOwnBlob(@TempDir Path dir) throws Exception {
        Path ours = dir.resolve("ours.dtb");
        Files.write(ours, FdtWriter.write(tree(), new long[] {0x10000000L, 0x200000L}, 0));
        Path src = dir.resolve("ref.dts");
        Files.writeString(src, DTS, StandardCharsets.UTF_8);
        Path ref = dir.resolve("ref.dtb");
        Oracles.Result c = Oracles.run(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", ref.toString(), src.toString()), null, new byte[0], 30);
        assertEquals(0, c.exitCode(), c.err());
        assertEquals(decompile(ref), decompile(ours));
    }

    @Test
    void findResolvesPathsWithAndWithoutUnitAddress() {
        Node root = tree();
        Node cpu = root.find("/cpus/PowerPC,POWER9@0");
        assertNotNull(cpu);
        assertSame(cpu, root.find("/cpus/PowerPC,POWER9"));
        assertEquals("/cpus/PowerPC,POWER9@0", cpu.path());
        assertEquals(0x4e1202, cpu.getCell("cpu-version", 0));
        assertEquals("console=hvc0 quiet", root.find("/chosen").getString("bootargs"));
        assertSame(root, root.find("/"));
    }
}
