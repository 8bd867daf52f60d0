package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jpseries.cpu.CpuModel;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IcMode;
import org.jpseries.migration.MachineStream;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.cas.CompatLevel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flattened device tree of whole machines (the machine's device registry, as the guest's
 * client interface and -machine dumpdtb see it), byte for byte, against golden files written by
 * the version before the tree was split into the devices' contributions: after power-on reset,
 * after CAS (the tree is updated in place) and after a snapshot load (the tree is rebuilt from the
 * loaded CAS outcome). Every golden must decompile with dtc. Regenerate them only when the tree
 * changes on purpose, with -Djpseries.dtb.golden.write=true.
 */
class DeviceTreeGoldenTest {
    static final String DIR = "/devtree/";
    static final byte[] INITRD = new byte[0x3000];

    /** name, CPU, max-cpu-compat, -smp, ic-mode, CAS interrupt architecture (0x40: XIVE exploitation) */
    static Stream<Arguments> machines() {
        int p8 = CompatLevel.ISA_2_07.pvr;
        return Stream.of(
                Arguments.of("power8-smp1", CpuModel.POWER8, 0, 1, IcMode.DUAL, 0),
                Arguments.of("power9-dual-smp2", CpuModel.POWER9, 0, 2, IcMode.DUAL, 0x40),
                Arguments.of("power9-dual-smp4", CpuModel.POWER9, 0, 4, IcMode.DUAL, 0x40),
                Arguments.of("power9-dual-smp2-xics", CpuModel.POWER9, 0, 2, IcMode.DUAL, 0),
                Arguments.of("power9-compat8-smp2", CpuModel.POWER9, p8, 2, IcMode.DUAL, 0),
                Arguments.of("power9-compat8-smp4", CpuModel.POWER9, p8, 4, IcMode.DUAL, 0));
    }

    static SpaprMachine machine(CpuModel cpu, int compat, int smp, IcMode mode) throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[0x2000], 0x800000, 0x100), "vmlinux");
        SpaprPlatform.Options p = new SpaprPlatform.Options(cpu, smp, 256L << 20, compat, "console=hvc0 root=/dev/ram", mode);
        return new SpaprMachine(new SpaprMachine.Options(p, false), k, INITRD, new ByteArrayOutputStream(), GuestLog.silent(),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void theTreeIsTheGoldenOneAtResetAfterCasAndAfterALoad(String name, CpuModel cpu, int compat, int smp, IcMode mode, int intarch)
            throws Exception {
        SpaprMachine m = machine(cpu, compat, smp, mode);
        m.systemReset(ResetReason.COLD);
        check(name + "-reset", m.platform().flatten());

        assertEquals(0, ResetSequenceTest.cas(m, intarch));
        check(name + "-cas", m.platform().flatten());

        m.platform().quiesce();
        m.timeBase().stop();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        MachineStateTest.save(m, stream);
        SpaprMachine d = machine(cpu, compat, smp, mode);
        d.systemReset(ResetReason.COLD);
        d.timeBase().stop();
        MachineStream.load(d.devices(), new ByteArrayInputStream(stream.toByteArray()),
                h -> MachineIdentity.check(h, d.options().platform()));
        check(name + "-loaded", d.platform().flatten());
    }

    /**
     * ibm,arch-vec-5-platform-support says what CAS may ask for under max-cpu-compat (QEMU's
     * spapr_dt_ov5_platform_support tests max_compat_pvr), not under the compat mode a guest
     * negotiated: a POWER9 without a compat limit restored in POWER8 compat mode still offers radix
     * (byte 24 = 0xC0), as its source's tree did.
     */
    @org.junit.jupiter.api.Test
    void platformSupportFollowsMaxCpuCompatAlsoAfterALoad() throws Exception {
        SpaprMachine m = machine(CpuModel.POWER9, 0, 2, IcMode.DUAL);
        m.systemReset(ResetReason.COLD);
        assertEquals(0, ResetSequenceTest.cas(m, 0));
        m.platform().quiesce();
        m.timeBase().stop();
        assertEquals(0xC0, platformSupport(m.platform().tree(), 24));
        int p8 = CompatLevel.ISA_2_07.pvr;
        java.util.List<org.jpseries.state.Section> saved = new java.util.ArrayList<>();
        for (org.jpseries.state.Section s : org.jpseries.intc.StateAssert.edited(m.devices().snapshot(), "spapr", "compat-pvr", p8)) {
            saved.add(s.name().equals("cpu") ? withCompat(s, p8) : s); // as if the guest had asked for POWER8 mode at CAS
        }
        SpaprMachine d = machine(CpuModel.POWER9, 0, 2, IcMode.DUAL);
        d.systemReset(ResetReason.COLD);
        d.devices().load(org.jpseries.intc.StateAssert.source(saved));
        assertEquals(CompatLevel.ISA_2_07.pvr, d.platform().compatPvr());
        assertEquals(0xC0, platformSupport(d.platform().tree(), 24), "radix is still offered: max-cpu-compat allows ISA 3.00");
    }

    /** A vCPU section whose compat subsection says {@code pvr}. */
    static org.jpseries.state.Section withCompat(org.jpseries.state.Section s, int pvr) throws Exception {
        org.jpseries.state.Section c = new org.jpseries.state.Section(s.name(), s.instance(), s.version());
        for (String f : s.fieldNames()) c.putDecoded(f, s.rawValue(f));
        for (org.jpseries.state.Section sub : s.subsections()) {
            c.sub(sub.name().equals("compat") ? new org.jpseries.state.Section("compat", 0, sub.version()).i32("pvr", pvr) : sub);
        }
        return c;
    }

    static int platformSupport(org.jpseries.spapr.devtree.Node root, int vectorByte) {
        byte[] pairs = root.find("/chosen").get("ibm,arch-vec-5-platform-support");
        for (int i = 0; i + 1 < pairs.length; i += 2) if (pairs[i] == vectorByte) return pairs[i + 1] & 0xff;
        throw new AssertionError("no byte " + vectorByte);
    }

    private void check(String name, byte[] dtb) throws Exception {
        if (Boolean.getBoolean("jpseries.dtb.golden.write")) {
            Path source = Path.of("src/test/resources" + DIR + name + ".dtb");
            Files.createDirectories(source.getParent());
            Files.write(source, dtb);
            return;
        }
        byte[] golden = golden(name);
        if (!java.util.Arrays.equals(golden, dtb)) {
            assertEquals(decompile(golden), decompile(dtb), name + ": the tree differs from the golden one");
        }
        assertArrayEquals(golden, dtb, name + ": the tree differs from the golden one");
    }

    private byte[] golden(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(DIR + name + ".dtb")) {
            assertNotNull(in, "the golden tree " + DIR + name + ".dtb is committed");
            return in.readAllBytes();
        }
    }

    /** dtc's source form of a flattened tree, so a difference is shown by node and property. */
    static String decompile(byte[] dtb) throws Exception {
        Path f = Files.createTempFile("jpseries-golden", ".dtb");
        try {
            Files.write(f, dtb);
            Process p;
            try {
                p = new ProcessBuilder("dtc", "-q", "-I", "dtb", "-O", "dts", f.toString()).redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                return "(dtc is not installed: " + e.getMessage() + ")";
            }
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "dtc decompiles the tree: " + out);
            return out;
        } finally {
            Files.deleteIfExists(f);
        }
    }

    static boolean dtcInstalled() {
        try {
            return new ProcessBuilder("dtc", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void everyGoldenDecompilesWithDtc(String name, CpuModel cpu, int compat, int smp, IcMode mode, int intarch) throws Exception {
        Assumptions.assumeTrue(dtcInstalled(), "dtc is installed");
        for (String phase : new String[] {"reset", "cas", "loaded"}) {
            String dts = decompile(golden(name + "-" + phase));
            org.junit.jupiter.api.Assertions.assertTrue(dts.contains("ibm,architecture-vec-5"), name + "-" + phase + ": " + dts);
        }
    }
}
