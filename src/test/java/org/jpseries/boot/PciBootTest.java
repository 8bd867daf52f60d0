package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpseries.cpu.CpuModel;
import org.jpseries.device.DeviceSpec;
import org.jpseries.intc.IcMode;
import org.jpseries.pci.PciRegs;
import org.jpseries.spapr.PciDrivers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13: a PCI function on the default host bridge as Debian's kernel drives it. A
 * virtio-rng-pci at slot 3: Linux enumerates the bus through RTAS, assigns the BARs itself
 * (linux,pci-probe-only = 0), loads virtio_pci and virtio_rng from the initramfs, allocates its
 * two MSI-X vectors through ibm,change-msi and reads entropy that arrives as the input queue's
 * message, as under qemu-system-ppc64 7.2 ("pSeries-PCI-MSI 0 Edge virtio0-config", "1 Edge
 * virtio0-input" on XIVE and on XICS for a function at 00.0; Linux numbers them devfn << 11 | vector), on XIVE (POWER9, after CAS) and on XICS (POWER8). With
 * vectors=0 the entropy arrives with the device's INTx on the bridge's LSI (slot 3 INTA ->
 * 0x1203). A reboot resets the function with the machine (the reset checker compares its section
 * with the power-on one) and the guest drives it again.
 */
@Tag("boot")
class PciBootTest {
    static final Pattern IRQ_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\S+\\s+(\\d+)\\s+Level\\s+virtio0", Pattern.MULTILINE);
    static final Pattern MSI_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+pSeries-PCI-MSI\\s+(\\d+)\\s+Edge\\s+virtio0-(\\S+)", Pattern.MULTILINE);

    enum Machine {
        POWER9_XIVE(CpuModel.POWER9, IcMode.DUAL), POWER8_XICS(CpuModel.POWER8, IcMode.XICS);

        final CpuModel cpu;
        final IcMode mode;

        Machine(CpuModel cpu, IcMode mode) {
            this.cpu = cpu;
            this.mode = mode;
        }
    }

    @ParameterizedTest
    @EnumSource(Machine.class)
    void virtioRngGivesEntropyOnItsMsixVectorAcrossAReboot(Machine m) throws Exception {
        DeviceSpec rng = new DeviceSpec("virtio-rng-pci", "rng0", "pci.0", PciRegs.devfn(3, 0), Map.of(), "-device virtio-rng-pci,addr=3");
        try (BootedGuest g = new BootedGuest(m.cpu, 0, 1, m.mode, null, 1L << 30, List.of(rng))) {
            g.awaitShell(0);
            readEntropyByMsix(g);
            g.reboot();
            readEntropyByMsix(g);
        }
    }

    @ParameterizedTest
    @EnumSource(Machine.class)
    void withoutVectorsVirtioRngGivesEntropyOnItsLsiAcrossAReboot(Machine m) throws Exception {
        Assumptions.assumeTrue(PciDrivers.takes(PciDrivers.find("virtio-rng-pci"), "vectors"),
                "the vectors property is not on the command line yet (spapr.PciDrivers)");
        DeviceSpec rng = new DeviceSpec("virtio-rng-pci", "rng0", "pci.0", PciRegs.devfn(3, 0), Map.of("vectors", "0"),
                "-device virtio-rng-pci,addr=3,vectors=0");
        try (BootedGuest g = new BootedGuest(m.cpu, 0, 1, m.mode, null, 1L << 30, List.of(rng))) {
            g.awaitShell(0);
            readEntropy(g);
            g.reboot();
            readEntropy(g);
        }
    }

    static void readEntropyByMsix(BootedGuest g) throws InterruptedException {
        String irqs = entropy(g);
        Matcher mt = MSI_LINE.matcher(irqs);
        Map<String, long[]> seen = new java.util.TreeMap<>();
        while (mt.find()) seen.put(mt.group(3), new long[] {Long.parseLong(mt.group(1)), Long.parseLong(mt.group(2))});
        assertEquals(List.of("config", "input"), List.copyOf(seen.keySet()), "virtio0's two MSI-X vectors:\n" + irqs);
        // Linux pseries_get_hwirq: the function's id << 11 | the vector (QEMU's function at 00.0 shows 0 and 1)
        int id = PciRegs.devfn(3, 0) << 11;
        assertEquals(id, seen.get("config")[1], "config on vector 0:\n" + irqs);
        assertEquals(id + 1, seen.get("input")[1], "input on vector 1:\n" + irqs);
        assertTrue(seen.get("input")[0] > 0, "entropy arrived by MSI-X messages:\n" + irqs);
        assertFalse(IRQ_LINE.matcher(irqs).find(), "no INTx line:\n" + irqs);
        assertEquals("2", g.run("ls /sys/bus/pci/devices/0000:00:03.0/msi_irqs | wc -l").strip());
    }

    /** Checks the function and the rng, reads 4 KiB of entropy; virtio0's lines in /proc/interrupts. */
    static String entropy(BootedGuest g) throws InterruptedException {
        assertEquals("0x1af4 0x1005", g.run("cat /sys/bus/pci/devices/0000:00:03.0/vendor /sys/bus/pci/devices/0000:00:03.0/device | tr '\\n' ' ' | sed 's/ $//'").strip());
        assertEquals("virtio_rng.0", g.run("cat /sys/class/misc/hw_random/rng_current").strip());
        assertEquals("4096", g.run("dd if=/dev/hwrng bs=256 count=16 2>/dev/null | wc -c").strip());
        return g.run("grep virtio0 /proc/interrupts");
    }

    static void readEntropy(BootedGuest g) throws InterruptedException {
        String irqs = entropy(g);
        Matcher mt = IRQ_LINE.matcher(irqs);
        assertTrue(mt.find(), "virtio0 on a level-triggered line:\n" + irqs);
        assertEquals(0x1203, Integer.parseInt(mt.group(2)), "slot 3 INTA is the bridge's fourth LSI");
        assertTrue(Long.parseLong(mt.group(1)) > 0, "entropy arrived by interrupts:\n" + irqs);
    }
}
