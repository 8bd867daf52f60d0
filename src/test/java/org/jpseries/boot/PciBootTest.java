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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13: a PCI function on the default host bridge as Debian's kernel drives it. A
 * virtio-rng-pci at slot 3: Linux enumerates the bus through RTAS, assigns the BARs itself
 * (linux,pci-probe-only = 0), loads virtio_pci and virtio_rng from the initramfs, and reads
 * entropy that arrives with the device's INTx on the bridge's LSI (slot 3 INTA -> 0x1203), on
 * XIVE (POWER9, after CAS) and on XICS (POWER8). A reboot resets the function with the machine
 * (the reset checker compares its section with the power-on one) and the guest drives it again.
 */
@Tag("boot")
class PciBootTest {
    static final Pattern IRQ_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\S+\\s+(\\d+)\\s+Level\\s+virtio0", Pattern.MULTILINE);

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
    void virtioRngGivesEntropyOnItsLsiAcrossAReboot(Machine m) throws Exception {
        DeviceSpec rng = new DeviceSpec("virtio-rng-pci", "rng0", "pci.0", PciRegs.devfn(3, 0), Map.of(), "-device virtio-rng-pci,addr=3");
        try (BootedGuest g = new BootedGuest(m.cpu, 0, 1, m.mode, null, 1L << 30, List.of(rng))) {
            g.awaitShell(0);
            readEntropy(g);
            g.reboot();
            readEntropy(g);
        }
    }

    static void readEntropy(BootedGuest g) throws InterruptedException {
        assertEquals("0x1af4 0x1005", g.run("cat /sys/bus/pci/devices/0000:00:03.0/vendor /sys/bus/pci/devices/0000:00:03.0/device | tr '\\n' ' ' | sed 's/ $//'").strip());
        assertEquals("virtio_rng.0", g.run("cat /sys/class/misc/hw_random/rng_current").strip());
        assertEquals("4096", g.run("dd if=/dev/hwrng bs=256 count=16 2>/dev/null | wc -c").strip());
        String irqs = g.run("grep virtio0 /proc/interrupts");
        Matcher mt = IRQ_LINE.matcher(irqs);
        assertTrue(mt.find(), "virtio0 on a level-triggered line:\n" + irqs);
        assertEquals(0x1203, Integer.parseInt(mt.group(2)), "slot 3 INTA is the bridge's fourth LSI");
        assertTrue(Long.parseLong(mt.group(1)) > 0, "entropy arrived by interrupts:\n" + irqs);
    }
}
