package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpseries.cpu.CpuModel;
import org.jpseries.diff.Oracles;
import org.jpseries.intc.IcMode;
import org.jpseries.spapr.cas.CompatLevel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The boot tier: Debian's stock ppc64el kernel boots to the busybox shell on the pseries machine
 * (hash or radix MMU as CAS negotiates, XICS, the client interface in Java, CAS, RTAS, spapr-vty), in the configurations of
 * issue 4; the test types commands and checks their output, reboots once (a full machine reset,
 * after which the compat mode must still hold) and powers off (exit code 0). All boots share this
 * JVM, so the JIT warmed by the first speeds up the others.
 */
@Tag("boot")
class BootTest {
    static String hostSha256OfBusybox() throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Oracles.fetched("busybox")));
        return HexFormat.of().formatHex(d);
    }

    /** The "cpu" line of /proc/cpuinfo for processor 0. */
    static String cpuLine(String cpuinfo) {
        Matcher m = Pattern.compile("(?m)^cpu\\s*: (.*)$").matcher(cpuinfo);
        assertTrue(m.find(), "no cpu line in /proc/cpuinfo:\n" + cpuinfo);
        return m.group(1).strip();
    }

    /** The "MMU" line of /proc/cpuinfo: Hash or Radix. */
    static String mmuLine(String cpuinfo) {
        Matcher m = Pattern.compile("(?m)^MMU\\s*: (.*)$").matcher(cpuinfo);
        assertTrue(m.find(), "no MMU line in /proc/cpuinfo:\n" + cpuinfo);
        return m.group(1).strip();
    }

    /**
     * Boots, checks the CPU name, the MMU CAS chose ({@code wantMmu}: "Radix" when the guest may
     * use it, "Hash" otherwise), XICS and the integrity of /bin/busybox, reboots, checks again,
     * powers off.
     */
    static void bootRebootPowerOff(CpuModel cpu, int compat, String wantCpu, String wantMmu) throws Exception {
        try (BootedGuest g = new BootedGuest(cpu, compat)) {
            int at = g.awaitShell(0);
            String cpuinfo = g.run("cat /proc/cpuinfo");
            assertEquals(wantCpu + ", altivec supported", cpuLine(cpuinfo), cpuinfo);
            assertEquals(wantMmu, mmuLine(cpuinfo), cpuinfo);
            if (wantMmu.equals("Radix")) {
                assertTrue(g.console.all().contains("radix-mmu: Page sizes from device-tree:"), "AP encodings read");
                assertTrue(g.console.all().contains("lpar: Using radix MMU under hypervisor"));
            }
            String irqs = g.run("cat /proc/interrupts");
            assertTrue(Pattern.compile("XICS\\s+2\\s+Edge\\s+IPI").matcher(irqs).find(), "IPI on XICS:\n" + irqs);
            assertTrue(Pattern.compile("XICS\\s+4352\\s+Edge\\s+hvc_console").matcher(irqs).find(), "hvc on XICS:\n" + irqs);
            String sum = g.run("sha256sum /bin/busybox");
            assertEquals(hostSha256OfBusybox() + "  /bin/busybox", sum.strip());
            devmemOutsideRam(g);

            g.reboot();
            String again = g.run("cat /proc/cpuinfo");
            assertEquals(wantCpu + ", altivec supported", cpuLine(again), "after reboot");
            assertEquals(wantMmu, mmuLine(again), "after reboot CAS negotiates the same MMU");
            g.powerOff();
            assertTrue(g.console.all().contains("reboot: Power down"), "the kernel powered down");
        }
    }

    /** The {@code -d guest_errors} line of a rejected access (BootedGuest logs to the console). */
    private static final Pattern REJECTED = Pattern.compile(
            "Invalid (read|write) at addr 0x800000000000, size (\\d), region '\\(null\\)', reason: rejected\r?\n");

    /**
     * Issue 16 item 2: as root, devmem at a real address neither RAM nor a device holds, twice,
     * then a store and a doubleword. qemu-system-ppc64 7.2 -M pseries prints 0x00000000 twice and
     * 0x0000000000000000 with exit code 0 and logs each access under -d guest_errors; jpseries
     * used to give "Oops: Machine check" and a Bus error, then checkstop on the second read.
     */
    static void devmemOutsideRam(BootedGuest g) throws InterruptedException {
        int from = g.console.mark();
        String out = g.run("devmem 0x800000000000 32; devmem 0x800000000000 32; devmem 0x800000000000 32 0x12345678; "
                + "devmem 0x800000000000 64; echo rc=$?");
        Matcher m = REJECTED.matcher(out);
        StringBuilder log = new StringBuilder();
        while (m.find()) log.append(m.group(1)).append(' ').append(m.group(2)).append(';');
        assertEquals("read 4;read 4;write 4;read 8;", log.toString(), "-d guest_errors lines:\n" + out);
        assertEquals("0x00000000\n0x00000000\n0x0000000000000000\nrc=0\n", REJECTED.matcher(out).replaceAll(""), out);
        assertEquals("still here", g.run("echo still here").strip(), "the shell answers");
        assertTrue(!g.console.since(from).contains("Machine check"), g.console.since(from));
    }

    /**
     * Boots POWER9 with XIVE offered ({@code ic-mode=xive} or {@code dual}): the guest picks XIVE
     * exploitation at CAS, so its IPI and console interrupts are XIVE's (as p9-xive.log); the
     * console interrupt must work (typed commands answer); with SMP every CPU takes IPIs through
     * XIVE (each vCPU's own IPI source, ESB trigger stores); after a reboot (machine reset back to
     * the pre-CAS controller, CAS again) XIVE is chosen again.
     */
    static void bootXive(IcMode mode, int smp) throws Exception {
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, 0, smp, mode)) {
            g.awaitShell(0);
            String irqs = g.run("cat /proc/interrupts");
            Matcher ipi = Pattern.compile("(?m)^\\s*\\d+:((?:\\s+\\d+)+)\\s+XIVE-IPI\\s+0\\s+Edge\\s+IPI").matcher(irqs);
            assertTrue(ipi.find(), "IPI on XIVE:\n" + irqs);
            String[] perCpu = ipi.group(1).trim().split("\\s+");
            assertEquals(smp, perCpu.length, irqs);
            if (smp > 1) {
                for (String n : perCpu) assertTrue(Long.parseLong(n) > 0, "every CPU took XIVE IPIs:\n" + irqs);
            }
            assertTrue(Pattern.compile("XIVE-IRQ\\s+4352\\s+Edge\\s+hvc_console").matcher(irqs).find(), "hvc on XIVE:\n" + irqs);
            assertTrue(g.machine.platform().xive().isActive(), "XIVE is the active controller");
            String sum = g.run("sha256sum /bin/busybox");
            assertEquals(hostSha256OfBusybox() + "  /bin/busybox", sum.strip());

            g.reboot();
            irqs = g.run("cat /proc/interrupts");
            assertTrue(irqs.contains("XIVE-IRQ"), "XIVE again after the reset:\n" + irqs);
            g.powerOff();
            assertTrue(g.console.all().contains("reboot: Power down"), "the kernel powered down");
        }
    }

    @Test
    void power9IcModeXive() throws Exception {
        bootXive(IcMode.XIVE, 1);
    }

    @Test
    void power9DualSmp2() throws Exception {
        bootXive(IcMode.DUAL, 2);
    }

    @Test
    void power8() throws Exception {
        // CAS picks the architected mode even without max-cpu-compat, as under QEMU (p8.log).
        bootRebootPowerOff(CpuModel.POWER8, 0, "POWER8 (architected)", "Hash");
    }

    @Test
    void power9IcModeXics() throws Exception {
        // CAS offers radix on POWER9 and Linux takes it (p9-xics.log: "MMU : Radix" under QEMU)
        bootRebootPowerOff(CpuModel.POWER9, 0, "POWER9 (architected)", "Radix");
    }

    @Test
    void power9MaxCpuCompatPower8() throws Exception {
        bootRebootPowerOff(CpuModel.POWER9, CompatLevel.ISA_2_07.pvr, "POWER8 (architected)", "Hash");
    }
}
