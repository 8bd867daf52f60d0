package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpseries.cpu.CpuModel;
import org.jpseries.spapr.cas.CompatLevel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SMP boots: every vCPU comes online through RTAS start-cpu, IPIs flow through XICS, parallel
 * work on all CPUs computes the right answers (TLB shoot-downs, larx/stcx. across host threads),
 * and after a reboot every CPU still runs in the compat mode (QEMU 4.1 lost it on all but CPU 0).
 */
@Tag("boot")
class SmpBootTest {
    static List<String> cpuLines(String cpuinfo) {
        Matcher m = Pattern.compile("(?m)^cpu\\s*: (.*)$").matcher(cpuinfo);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group(1).strip());
        return out;
    }

    static void checkCpus(BootedGuest g, int n, String want) throws InterruptedException {
        List<String> cpus = cpuLines(g.run("cat /proc/cpuinfo"));
        assertEquals(n, cpus.size(), "processors in /proc/cpuinfo");
        for (String c : cpus) assertEquals(want + ", altivec supported", c);
        assertEquals(String.valueOf(n), g.run("nproc").strip(), "CPUs online");
    }

    @Test
    void power9CompatPower8TwoCpusKeepCompatAcrossReboot() throws Exception {
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, CompatLevel.ISA_2_07.pvr, 2)) {
            g.awaitShell(0);
            checkCpus(g, 2, "POWER8 (architected)");
            String irqs = g.run("cat /proc/interrupts");
            Matcher ipi = Pattern.compile("16:\\s+(\\d+)\\s+(\\d+)\\s+XICS\\s+2\\s+Edge\\s+IPI").matcher(irqs);
            assertTrue(ipi.find(), "IPI line for two CPUs:\n" + irqs);
            assertTrue(Long.parseLong(ipi.group(1)) + Long.parseLong(ipi.group(2)) > 0, "IPIs were delivered:\n" + irqs);
            String sums = g.run("for i in 1 2 3 4; do (sha256sum /bin/busybox > /tmp/s$i) & done; wait; cat /tmp/s1 /tmp/s2 /tmp/s3 /tmp/s4");
            String want = BootTest.hostSha256OfBusybox() + "  /bin/busybox";
            long good = sums.lines().filter(want::equals).count();
            assertEquals(4, good, "four parallel sha256sum:\n" + sums);

            g.reboot();
            checkCpus(g, 2, "POWER8 (architected)");
            g.powerOff();
        }
    }

    /**
     * POWER9 with the radix MMU on two vCPUs: the guest's tlbie invalidations must reach the
     * other vCPU (fork/exit/munmap of the parallel shells), and the reboot renegotiates radix.
     */
    @Test
    void power9RadixTwoCpus() throws Exception {
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, 0, 2)) {
            g.awaitShell(0);
            checkCpus(g, 2, "POWER9 (architected)");
            assertEquals("Radix", BootTest.mmuLine(g.run("cat /proc/cpuinfo")));
            String sums = g.run("for i in 1 2 3 4 5 6; do (sha256sum /bin/busybox > /tmp/s$i) & done; wait; cat /tmp/s?");
            String want = BootTest.hostSha256OfBusybox() + "  /bin/busybox";
            assertEquals(6, sums.lines().filter(want::equals).count(), "six parallel sha256sum:\n" + sums);
            g.reboot();
            checkCpus(g, 2, "POWER9 (architected)");
            assertEquals("Radix", BootTest.mmuLine(g.run("cat /proc/cpuinfo")));
            g.powerOff();
        }
    }

    /**
     * Four vCPUs, reset through QMP system_reset (the host's reset, not the guest's reboot):
     * every CPU is online again and runs in the mode CAS negotiated, with the controller asked for.
     */
    static void fourCpusAcrossQmpReset(int compat, org.jpseries.intc.IcMode mode, String wantCpu, String wantIpiController)
            throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jpseries-smp4");
        java.nio.file.Path sock = dir.resolve("qmp.sock");
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, compat, 4, mode);
                org.jpseries.monitor.QmpServer server = new org.jpseries.monitor.QmpServer(
                        org.jpseries.monitor.ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), g.machine, null,
                        new java.io.PrintStream(g.console, true)).start();
                org.jpseries.monitor.QmpClient q = new org.jpseries.monitor.QmpClient(sock)) {
            q.negotiate();
            g.awaitShell(0);
            checkCpus(g, 4, wantCpu);
            assertEquals(wantIpiController, ResetUnderLoadTest.controller(g));
            int mark = g.console.mark();
            assertEquals("RESET", q.exchange("{\"execute\": \"system_reset\"}").get(0).path("event").asText());
            g.awaitShell(mark);
            g.assertResetLikePowerOn();
            checkCpus(g, 4, wantCpu);
            assertEquals(wantIpiController, ResetUnderLoadTest.controller(g), "after system_reset");
            g.powerOff();
        } finally {
            java.nio.file.Files.deleteIfExists(sock);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    @Test
    void power9CompatPower8FourCpusKeepCompatAcrossSystemReset() throws Exception {
        fourCpusAcrossQmpReset(CompatLevel.ISA_2_07.pvr, org.jpseries.intc.IcMode.DUAL, "POWER8 (architected)", "XICS");
    }

    @Test
    void power9DualFourCpusOnXiveAcrossSystemReset() throws Exception {
        fourCpusAcrossQmpReset(0, org.jpseries.intc.IcMode.DUAL, "POWER9 (architected)", "XIVE");
    }
}

