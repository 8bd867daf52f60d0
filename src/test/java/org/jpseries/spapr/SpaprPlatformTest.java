package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.diff.Oracles;
import org.jpseries.memory.GuestRam;
import org.jpseries.spapr.cas.OptionVector;
import org.jpseries.spapr.devtree.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform as a whole, without CPUs: reset, boot layout, the device tree (checked with dtc). */
class SpaprPlatformTest extends PlatformFixture {
    @Test
    void resetLoadsTheKernelAndReturnsTheEntryStateTheKernelExpects() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0, 0x30000);
        BootLayout.InitialState s = p.reset();
        BootLayout l = p.layout();
        assertEquals(0x400100, s.nip(), "load base + (e_entry - p_vaddr)");
        assertEquals(BootLayout.MSR_ME, s.msr(), "32-bit big-endian real mode");
        assertEquals(0x400000 + 0x800000 + 0x10000, l.initrdBase(), "above the kernel's memsz, 64K aligned, with a 64K gap");
        assertEquals(l.initrdBase(), s.r3());
        assertEquals(0x30000, s.r4());
        assertEquals(l.ciEntry(), s.r5());
        assertTrue(l.ciEntry() >= l.initrdBase() + 0x30000);
        assertTrue(s.r1() > l.stackBase() && s.r1() < l.stackBase() + l.stackSize() && s.r1() % 16 == 0);
        // the kernel bytes and the CI stub are in RAM
        GuestRam ram = ramOf(p);
        assertEquals(0x48, ram.readU8(0x400000));
        assertEquals(0x1f, ram.readU8(l.initrdBase()));
        assertEquals(0x7c641b78, ram.readBE32(l.ciEntry()));
        assertEquals(0x6063f005, ram.readBE32(l.ciEntry() + 8));
        assertEquals(0x44000022, ram.readBE32(l.ciEntry() + 12));
    }

    @Test
    void power8AndPower8CompatOfferHashOnly() throws Exception {
        SpaprPlatform p8 = platform(CpuModel.POWER8, 0, 0x1000);
        p8.reset();
        assertArrayEquals(new byte[] {23, 0, 24, 0, 25, 0, 26, 0x40}, p8.tree().find("/chosen").get("ibm,arch-vec-5-platform-support"));
        assertNull(p8.tree().find("/cpus/PowerPC,POWER8@0").get("ibm,processor-radix-AP-encodings"), "no radix MMU");
        assertNull(p8.tree().find("/cpus/PowerPC,POWER8@0").get("ibm,dec-bits"), "no large decrementer before ISA 3.00");
        assertTrue(SpaprPlatform.platformOv5(CpuModel.POWER8, 0).isEmpty());
        SpaprPlatform p9c = platform(CpuModel.POWER9, 0x0f000004, 0x1000);
        p9c.reset();
        assertArrayEquals(new byte[] {23, 0, 24, 0, 25, 0, 26, 0x40}, p9c.tree().find("/chosen").get("ibm,arch-vec-5-platform-support"),
                "max-cpu-compat=power8: hash only");
        assertNull(p9c.tree().find("/cpus/PowerPC,POWER9@0").get("ibm,dec-bits"), "max-cpu-compat=power8: no large decrementer (QEMU's cap-large-decr off)");
        assertTrue(SpaprPlatform.platformOv5(CpuModel.POWER9, 0x0f000004).isEmpty());
        OptionVector ov5 = SpaprPlatform.platformOv5(CpuModel.POWER9, 0);
        assertTrue(ov5.test(OptionVector.OV5_MMU_RADIX_300) && ov5.test(OptionVector.OV5_MMU_RADIX_GTSE));
        assertFalse(p9c.guestRadix(), "hash until CAS");
    }

    @Test
    void treeHasTheKeyPseriesProperties() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0, 0x1000);
        p.reset();
        Node t = p.tree();
        assertEquals("chrp", t.getString("device_type"));
        Node cpu = t.find("/cpus/PowerPC,POWER9@0");
        assertNotNull(cpu);
        assertNotNull(t.find("/cpus/PowerPC,POWER9@1"));
        assertEquals(0x004e1202, cpu.getCell("cpu-version", 0));
        assertEquals(512_000_000, cpu.getCell("timebase-frequency", 0));
        assertEquals(32, cpu.getCell("slb-size", 0));
        assertEquals(2, cpu.getCell("ibm,vmx", 0));
        assertEquals(66 + 2, cpu.get("ibm,pa-features").length);
        assertEquals(0x3f, cpu.get("ibm,pa-features")[3] & 0xff, "CI large pages as under TCG");
        assertArrayEquals(cells(0, 21), cpu.get("ibm,pft-size"), "256 MiB / 128 = 2^21");
        assertArrayEquals(cells(12, 0, 3, 12, 0, 16, 7, 24, 0x38, 16, 0x110, 2, 16, 1, 24, 8, 24, 0x100, 1, 24, 0),
                cpu.get("ibm,segment-page-sizes"));
        assertArrayEquals(cells(0), cpu.get("ibm,ppc-interrupt-server#s"));
        assertArrayEquals(cells(0x0c, 0xa0000010, 0x20000015, 0x4000001e), cpu.get("ibm,processor-radix-AP-encodings"),
                "4K AP 0, 64K AP 5, 2M AP 1, 1G AP 2 (QEMU POWER9_radix_page_info)");
        assertEquals((byte) 0x80, cpu.get("ibm,pa-features")[2 + 40], "pa-features byte 40: radix MMU");
        assertArrayEquals(cells(56), cpu.get("ibm,dec-bits"), "POWER9's large decrementer (QEMU spapr_dt_cpu)");
        assertEquals("hvterm1", t.find("/vdevice/vty@71000000").getString("compatible"));
        assertArrayEquals(cells(0x1100, 0), t.find("/vdevice/vty@71000000").get("interrupts"));
        Node rtas = t.find("/rtas");
        String hypertas = new String(rtas.get("ibm,hypertas-functions"), StandardCharsets.US_ASCII);
        assertEquals("hcall-term\0hcall-interrupt\0hcall-tce\0hcall-splpar\0hcall-set-mode\0hcall-multi-tce\0", hypertas,
                "no hcall-pft/bulk until the MMU registers H_ENTER..., exactly what is implemented");
        assertArrayEquals(cells(0, 0x1000_0000, 0, 0x1000_0000, 2), rtas.get("ibm,lrdr-capacity"),
                "256 MiB of RAM and no more, 256 MiB blocks, 2 vCPUs");
        assertEquals(0x2001, rtas.getCell("get-time-of-day", 0));
        assertEquals(0x200A, rtas.getCell("ibm,set-xive", 0));
        assertEquals(0x2012, rtas.getCell("nvram-fetch", 0));
        Node chosen = t.find("/chosen");
        assertEquals("console=hvc0 quiet", chosen.getString("bootargs"));
        assertEquals("/vdevice/vty@71000000", chosen.getString("stdout-path"));
        assertTrue(chosen.getCell("stdout", -1) > 0, "stdout is an open instance");
        assertArrayEquals(new byte[] {23, 0, 24, (byte) 0xC0, 25, 0, 26, 0x40}, chosen.get("ibm,arch-vec-5-platform-support"),
                "POWER9 without compat: hash or radix (TCG), radix with GTSE");
        assertArrayEquals(new byte[] {0, 0}, chosen.get("ibm,architecture-vec-5"));
        assertEquals(0x1111, t.find("/interrupt-controller").getCell("phandle", 0));
        assertArrayEquals(cells(0, 2), t.find("/interrupt-controller").get("ibm,interrupt-server-ranges"));
        // "available" excludes the kernel, initrd, stub and stack claims
        byte[] avail = t.find("/memory@0").get("available");
        assertEquals(0, java.nio.ByteBuffer.wrap(avail).getLong(0));
        assertEquals(0x400000, java.nio.ByteBuffer.wrap(avail).getLong(8));
    }

    @Test
    void power8CompatAtResetShowsInTheTree() throws Exception {
        SpaprPlatform p = platform(CpuModel.POWER9, 0x0f000004, 0);
        p.reset();
        Node cpu = p.tree().find("/cpus/PowerPC,POWER9@0");
        assertEquals(0x0f000004, cpu.getCell("cpu-version", 0));
        assertEquals(24 + 2, cpu.get("ibm,pa-features").length, "ISA 2.07 table in POWER8 compat mode");
        assertEquals(0x0f000004, p.compatPvr());
        assertNull(p.tree().find("/chosen").get("linux,initrd-start"));
    }

    @Test
    void flattenedTreeIsAcceptedByDtc(@TempDir Path dir) throws Exception {
        Oracles.require("dtc");
        SpaprPlatform p = platform(CpuModel.POWER8, 0, 0x1000);
        p.reset();
        Path dtb = dir.resolve("pseries.dtb");
        Files.write(dtb, p.flatten());
        Oracles.Result r = Oracles.run(List.of("dtc", "-I", "dtb", "-O", "dts", dtb.toString()), null, new byte[0], 30);
        assertEquals(0, r.exitCode(), r.err());
        String dts = r.out();
        assertTrue(dts.contains("PowerPC,POWER8@0 {"), dts);
        assertTrue(dts.contains("cpu-version = <0x4d0200>;"), dts);
        assertTrue(dts.contains("compatible = \"hvterm1\";"), dts);
        assertTrue(dts.contains("/memreserve/\t0x0000000000400000 0x0000000000800000;"), dts.substring(0, 200));
        assertTrue(dts.contains("ibm,hypertas-functions = \"hcall-term\\0hcall-interrupt\\0hcall-tce\\0hcall-splpar\\0hcall-set-mode\\0hcall-multi-tce\";"), dts);
    }

    @Test
    void bootInputErrorsAreOneLine() {
        byte[] text = new byte[16];
        BootException be = assertThrows(BootException.class, () -> KernelElf.parse(TestKernel.elf(false, 21, text, 16, 0), "k"));
        assertTrue(be.getMessage().contains("big-endian"));
        assertTrue(assertThrows(BootException.class, () -> KernelElf.parse("#!/bin/sh\n".repeat(10).getBytes(), "k"))
                .getMessage().contains("not an ELF"));
        assertTrue(assertThrows(BootException.class, () -> KernelElf.parse(TestKernel.elf(true, 62, text, 16, 0), "k"))
                .getMessage().contains("not a PowerPC 64-bit"));
        byte[] truncated = java.util.Arrays.copyOf(TestKernel.elf(true, 21, text, 16, 0), 100);
        assertThrows(BootException.class, () -> KernelElf.parse(truncated, "k"));
        KernelElf big = assertDoesNotThrowParse(TestKernel.elf(true, 21, text, 300L << 20, 0));
        assertTrue(assertThrows(BootException.class, () -> BootLayout.plan(256L << 20, big, 0)).getMessage()
                .contains("kernel is larger than RAM"));
        KernelElf small = assertDoesNotThrowParse(TestKernel.elf(true, 21, text, 1 << 20, 0));
        assertTrue(assertThrows(BootException.class, () -> BootLayout.plan(256L << 20, small, 252L << 20)).getMessage()
                .contains("initrd does not fit"));
    }

    static KernelElf assertDoesNotThrowParse(byte[] f) {
        try {
            return KernelElf.parse(f, "k");
        } catch (BootException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void realDebianKernelIsAcceptedIfFetched() throws Exception {
        Path k = Path.of(System.getProperty("user.home"), ".cache/jpseries");
        Path vmlinux = null;
        if (Files.isDirectory(k)) {
            try (var s = Files.walk(k, 4)) {
                vmlinux = s.filter(f -> f.getFileName().toString().startsWith("vmlinux")).findFirst().orElse(null);
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(vmlinux != null, "no fetched Debian kernel");
        KernelElf e = KernelElf.parse(Files.readAllBytes(vmlinux), vmlinux.toString());
        BootLayout l = BootLayout.plan(1L << 30, e, 0);
        assertEquals(0x400000, l.entry(), "Debian's e_entry is the start of its PT_LOAD");
        assertTrue(e.memSize() > 30 << 20);
        GuestRam ram = new GuestRam(1L << 30);
        l.load(ram, e, null);
        // FIXUP_ENDIAN: "tdi 0,0,0x48" assembled little-endian reads as "b .+8" when fetched big-endian
        assertEquals(0x48000008, ram.readBE32(0x400000));
        assertTrue(l.ciEntry() >= 0x400000 + e.memSize(), "the CI stub survives the kernel's copy to 0");
    }

    static byte[] cells(int... v) {
        byte[] b = new byte[4 * v.length];
        for (int i = 0; i < v.length; i++) java.nio.ByteBuffer.wrap(b).putInt(4 * i, v[i]);
        return b;
    }
}
