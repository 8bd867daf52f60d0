package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jpseries.cpu.CpuModel;
import org.jpseries.intc.IcMode;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationUri;
import org.jpseries.spapr.SpaprMachine.RunState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "full" tier of live migration (outside CI: scripts/full-tests): every pair of CPU models
 * QEMU lets migrate (POWER9 max-cpu-compat=power8 <-> POWER8 both ways, POWER9 -> POWER9,
 * POWER8 -> POWER8) with -smp 1, 2 and 4, each a busy guest whose file and CPU hog survive;
 * and auto-converge bringing a guest that never stops writing to a switchover.
 */
@Tag("full")
class LiveMigrationMatrixTest {
    static final int POWER8_COMPAT = CrossModelMigrationBootTest.POWER8_COMPAT;

    static Stream<Arguments> pairs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int smp : new int[] {1, 2, 4}) {
            b.add(Arguments.of(CpuModel.POWER9, POWER8_COMPAT, CpuModel.POWER8, 0, smp));
            b.add(Arguments.of(CpuModel.POWER8, 0, CpuModel.POWER9, POWER8_COMPAT, smp));
            b.add(Arguments.of(CpuModel.POWER9, 0, CpuModel.POWER9, 0, smp));
            b.add(Arguments.of(CpuModel.POWER8, 0, CpuModel.POWER8, 0, smp));
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void aBusyGuestMigrates(CpuModel from, int fromCompat, CpuModel to, int toCompat, int smp) throws Exception {
        Path dir = Files.createTempDirectory("jpseries-matrix");
        Path sock = dir.resolve("in.sock");
        try (BootedGuest src = new BootedGuest(from, fromCompat, smp, IcMode.DUAL)) {
            src.awaitShell(0);
            src.run("(while :; do :; done) & echo $! > /tmp/hog; echo kept-$((6*7)) > /tmp/f");
            try (BootedGuest dst = new BootedGuest(to, toCompat, smp, IcMode.DUAL, "unix:" + sock)) {
                src.migrateTo(dst, "unix:" + sock);
                assertTrue(dst.run("cat /tmp/f").contains("kept-42"));
                dst.assertSleepsAboutASecond("after the migration");
                assertTrue(dst.run("kill $(cat /tmp/hog) && echo hog-killed").contains("hog-killed"));
                dst.powerOff();
            }
        }
        Files.deleteIfExists(dir);
    }

    /** A guest rewriting 64 MiB without end (no /tmp/stop) converges under auto-converge (QEMU's cpu-throttle). */
    @Test
    void autoConvergeBringsANeverEndingWriterToTheSwitchover() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-autoconv");
        Path sock = dir.resolve("in.sock");
        try (BootedGuest src = new BootedGuest(CpuModel.POWER9, 0, 1, IcMode.XIVE)) {
            src.awaitShell(0);
            for (String f : LiveMigrationBootTest.FUNCTIONS) src.run(f);
            src.run(LiveMigrationBootTest.WRITER); // rewrites 64 MiB about once a second, and never stops here
            MigrationStatus m = src.machine.migration();
            m.setCapability(MigrationStatus.Capability.AUTO_CONVERGE, true);
            m.parameters().maxBandwidth(32L << 20);
            try (BootedGuest dst = new BootedGuest(CpuModel.POWER9, 0, 1, IcMode.XIVE, "unix:" + sock)) {
                dst.awaitRunState(RunState.INMIGRATE, 120);
                src.machine.migrate(MigrationUri.parse("unix:" + sock), null);
                int highest = 0;
                while (m.busy() || m.status() == MigrationStatus.Status.NONE) {
                    highest = Math.max(highest, m.throttlePercent());
                    Thread.sleep(50);
                }
                assertEquals(MigrationStatus.Status.COMPLETED, m.status(), String.valueOf(m.error()));
                assertTrue(highest >= 20, "the vCPUs were throttled: " + highest + "%");
                dst.awaitRunState(RunState.RUNNING, 120);
                assertTrue(dst.run("echo converged").contains("converged"));
            }
        }
        Files.deleteIfExists(dir);
    }
}
