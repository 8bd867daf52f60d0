package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jpseries.cpu.CpuModel;
import org.jpseries.intc.IcMode;
import org.jpseries.migration.MigrationUri;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live migration between CPU models as QEMU defines their compatibility (issue 11 items 5 and
 * 8): a busy -smp 2 guest goes POWER9 max-cpu-compat=power8 -> POWER8 -> POWER9
 * max-cpu-compat=power8 -> POWER8, each hop live over a unix: socket to a waiting destination,
 * and after every hop its file is intact, sleep 1 takes about a second and its CPU hog still
 * runs. A POWER9 running at ISA 3.00 (radix, XIVE) is refused by a POWER8: the destination
 * prints one line naming the section and the reason and exits 1, and the source hears the
 * refusal and runs on.
 */
@Tag("boot")
class CrossModelMigrationBootTest {
    static final int POWER8_COMPAT = 0x0f000004;

    @Test
    void aBusyGuestPingPongsBetweenPower9Compat8AndPower8() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-xmodel");
        CpuModel[] hops = {CpuModel.POWER8, CpuModel.POWER9, CpuModel.POWER8};
        BootedGuest g = new BootedGuest(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.DUAL);
        try {
            g.awaitShell(0);
            g.run("(while :; do :; done) & echo $! > /tmp/hog; echo kept-$((6*7)) > /tmp/f");
            for (int i = 0; i < hops.length; i++) {
                CpuModel cpu = hops[i];
                int compat = cpu == CpuModel.POWER9 ? POWER8_COMPAT : 0;
                String where = "after hop " + (i + 1) + " to " + cpu.displayName + (compat != 0 ? " max-cpu-compat=power8" : "");
                Path sock = dir.resolve("hop" + i + ".sock");
                BootedGuest r = new BootedGuest(cpu, compat, 2, IcMode.DUAL, "unix:" + sock);
                try {
                    g.migrateTo(r, "unix:" + sock);
                } catch (Throwable t) {
                    r.close();
                    throw t;
                }
                g.close();
                g = r;
                assertEquals(cpu.pvr, r.machine.cpu(1).sys.spr[org.jpseries.cpu.arch.Spr.PVR], "the destination's own PVR " + where);
                assertTrue(r.run("cat /tmp/f").contains("kept-42"), "the file written before the first hop " + where);
                r.assertSleepsAboutASecond(where);
                assertTrue(r.run("kill -0 $(cat /tmp/hog) && echo hog-alive").contains("hog-alive"), "the CPU hog runs " + where);
            }
            assertTrue(g.run("kill $(cat /tmp/hog) && echo hog-killed").contains("hog-killed"));
            g.powerOff();
        } finally {
            g.close();
        }
        Files.deleteIfExists(dir);
    }

    /**
     * A POWER9 guest without max-cpu-compat, migrated once its kernel runs with the radix MMU and
     * XIVE (early in the boot: the client interface quiesced, the process table registered).
     */
    @Test
    void aPower9RadixXiveStreamIsRefusedByAPower8() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-xmodel");
        Path sock = dir.resolve("p8.sock");
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, 0, 2, IcMode.DUAL)) {
            SpaprPlatform p = g.machine.platform();
            long end = System.nanoTime() + BootedGuest.BOOT_SECONDS * 1_000_000_000L;
            while (p.migrationBlocker() != null || !p.state().radix() || p.irqSources().active() != p.xive()) {
                assertTrue(g.running() && System.nanoTime() < end, "the POWER9 guest reaches radix and XIVE:\n" + g.console.all());
                Thread.sleep(20);
            }
            try (BootedGuest p8 = new BootedGuest(CpuModel.POWER8, 0, 2, IcMode.DUAL, "unix:" + sock)) {
                p8.awaitRunState(SpaprMachine.RunState.INMIGRATE, 120);
                g.machine.migrate(MigrationUri.parse("unix:" + sock), null);
                assertEquals(1, p8.exitCode(120));
                String line = "section machine: the stream is from a POWER9 whose vCPUs may run at ISA 3.00, this POWER8 at ISA 2.07";
                assertTrue(p8.console.all().contains("jpseries: load of migration failed: " + line + "\n"), p8.console.all());
                SnapshotBootTest.awaitEnd(g.machine.migration(), 120);
                assertEquals(org.jpseries.migration.MigrationStatus.Status.FAILED, g.machine.migration().status());
                assertTrue(g.machine.migration().error().contains("the destination refused the stream: " + line), g.machine.migration().error());
                assertEquals(SpaprMachine.RunState.RUNNING, g.machine.runState(), "the source runs on");
            }
            g.awaitShell(0);
            assertTrue(g.run("echo unharmed-$((4+4))").contains("unharmed-8"), "the source's guest is unharmed");
        }
        Files.deleteIfExists(dir);
    }
}
