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
 * Snapshots between CPU models as QEMU defines their compatibility (issue 11 item 5): a busy
 * -smp 2 guest goes POWER9 max-cpu-compat=power8 -> POWER8 -> POWER9 max-cpu-compat=power8 ->
 * POWER8 through file: snapshots, and after every hop its file is intact, sleep 1 takes about a
 * second and its CPU hog still runs. A POWER9 running at ISA 3.00 (radix, XIVE) is refused by a
 * POWER8: one line naming the section and the reason, exit code 1.
 */
@Tag("boot")
class CrossModelSnapshotBootTest {
    static final int POWER8_COMPAT = 0x0f000004;

    @Test
    void aBusyGuestPingPongsBetweenPower9Compat8AndPower8() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-xmodel");
        CpuModel[] hops = {CpuModel.POWER8, CpuModel.POWER9, CpuModel.POWER8};
        Path file = dir.resolve("hop0.jps");
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.DUAL)) {
            g.awaitShell(0);
            g.run("(while :; do :; done) & echo $! > /tmp/hog; echo kept-$((6*7)) > /tmp/f");
            save(g, file);
        }
        for (int i = 0; i < hops.length; i++) {
            CpuModel cpu = hops[i];
            int compat = cpu == CpuModel.POWER9 ? POWER8_COMPAT : 0;
            String where = "after hop " + (i + 1) + " to " + cpu.displayName + (compat != 0 ? " max-cpu-compat=power8" : "");
            try (BootedGuest r = new BootedGuest(cpu, compat, 2, IcMode.DUAL, "file:" + file)) {
                r.awaitRunState(SpaprMachine.RunState.RUNNING, 120);
                assertEquals(cpu.pvr, r.machine.cpu(1).sys.spr[org.jpseries.cpu.arch.Spr.PVR], "the destination's own PVR " + where);
                assertTrue(r.run("cat /tmp/f").contains("kept-42"), "the file written before the first save " + where);
                long start = System.nanoTime();
                String t = r.run("date +%s; sleep 1; date +%s");
                double seconds = (System.nanoTime() - start) / 1e9;
                String[] w = t.trim().split("\\s+");
                long dt = Long.parseLong(w[w.length - 1]) - Long.parseLong(w[0]);
                assertTrue(dt >= 1 && dt <= 5 && seconds >= 1 && seconds <= 5,
                        "sleep 1 takes about a second " + where + ": guest " + t.trim() + ", host " + seconds + " s");
                assertTrue(r.run("kill -0 $(cat /tmp/hog) && echo hog-alive").contains("hog-alive"), "the CPU hog runs " + where);
                Files.delete(file);
                if (i == hops.length - 1) {
                    assertTrue(r.run("kill $(cat /tmp/hog) && echo hog-killed").contains("hog-killed"));
                    r.powerOff();
                } else {
                    file = dir.resolve("hop" + (i + 1) + ".jps");
                    save(r, file);
                }
            }
        }
        Files.deleteIfExists(dir);
    }

    /**
     * A POWER9 guest without max-cpu-compat, saved once its kernel runs with the radix MMU and
     * XIVE (early in the boot: the client interface quiesced, the process table registered).
     */
    @Test
    void aPower9RadixXiveStreamIsRefusedByAPower8() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-xmodel");
        Path file = dir.resolve("p9.jps");
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, 0, 2, IcMode.DUAL)) {
            SpaprPlatform p = g.machine.platform();
            long end = System.nanoTime() + BootedGuest.BOOT_SECONDS * 1_000_000_000L;
            while (p.migrationBlocker() != null || !p.state().radix() || p.irqSources().active() != p.xive()) {
                assertTrue(g.running() && System.nanoTime() < end, "the POWER9 guest reaches radix and XIVE:\n" + g.console.all());
                Thread.sleep(20);
            }
            save(g, file);
        }
        try (BootedGuest p8 = new BootedGuest(CpuModel.POWER8, 0, 2, IcMode.DUAL, "file:" + file)) {
            assertEquals(1, p8.exitCode(120));
            assertTrue(p8.console.all().contains("jpseries: load of migration failed: section machine: the stream is from a POWER9 whose vCPUs "
                    + "may run at ISA 3.00, this POWER8 at ISA 2.07\n"), p8.console.all());
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /** Saves the running guest to {@code file} through QMP's path; the source ends in postmigrate. */
    private static void save(BootedGuest g, Path file) throws Exception {
        g.machine.migrate(MigrationUri.parse("file:" + file), null);
        SnapshotBootTest.awaitMigration(g.machine);
        assertEquals(SpaprMachine.RunState.POSTMIGRATE, g.machine.runState());
    }
}
