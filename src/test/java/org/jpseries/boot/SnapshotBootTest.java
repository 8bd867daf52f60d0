package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jpseries.cpu.CpuModel;
import org.jpseries.intc.IcMode;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationUri;
import org.jpseries.monitor.ChardevSpec;
import org.jpseries.monitor.QmpClient;
import org.jpseries.monitor.QmpServer;
import org.jpseries.spapr.SpaprMachine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots of busy guests (a CPU hog in the background), restored twice from the same file:
 * the shell answers, the guest's files are intact, sleep and date work, and the restored guest
 * powers off cleanly. One configuration goes through QMP as a management tool would
 * (migrate to exec:, query-migrate, the MIGRATION/STOP events, postmigrate, cont).
 */
@Tag("boot")
class SnapshotBootTest {
    static final int POWER8_COMPAT = 0x0f000004;

    static Stream<Arguments> configurations() {
        return Stream.of(Arguments.of(CpuModel.POWER8, 0, 1, IcMode.XICS),
                Arguments.of(CpuModel.POWER9, 0, 2, IcMode.DUAL),
                Arguments.of(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.DUAL),
                Arguments.of(CpuModel.POWER9, 0, 4, IcMode.DUAL),
                Arguments.of(CpuModel.POWER9, POWER8_COMPAT, 4, IcMode.DUAL));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void aBusyGuestRestoresTwice(CpuModel cpu, int compat, int smp, IcMode mode) throws Exception {
        Path dir = Files.createTempDirectory("jpseries-snap");
        Path file = dir.resolve("guest.jps");
        String sum;
        try (BootedGuest g = new BootedGuest(cpu, compat, smp, mode)) {
            g.awaitShell(0);
            g.run("(while :; do :; done) & echo kept-$((6*7)) > /tmp/f");
            sum = g.run("sha256sum /bin/busybox");
            g.machine.migrate(MigrationUri.parse("file:" + file), null);
            awaitMigration(g.machine);
            assertEquals(SpaprMachine.RunState.POSTMIGRATE, g.machine.runState());
            g.machine.resume().get();
            assertTrue(g.run("echo source-$((1+1))").contains("source-2"), "the source runs on after cont");
        }
        assertTrue(Files.size(file) < 400L << 20, "zero pages compact: " + Files.size(file));
        for (int round = 0; round < 2; round++) {
            try (BootedGuest r = new BootedGuest(cpu, compat, smp, mode, "file:" + file)) {
                r.awaitRunState(SpaprMachine.RunState.RUNNING, 120);
                assertTrue(r.run("cat /tmp/f").contains("kept-42"), "files survive the restore");
                assertEquals(sum, r.run("sha256sum /bin/busybox"));
                r.assertSleepsAboutASecond("after the restore");
                assertTrue(r.run("kill %1 && echo hog-killed").contains("hog-killed"), "the CPU hog survived the restore");
                r.powerOff();
            }
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Test
    void snapshotThroughQmpAsAManagementToolDoes() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-snapq");
        Path sock = dir.resolve("qmp.sock");
        Path file = dir.resolve("guest.jps");
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, 0, 1, IcMode.XIVE);
                QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), g.machine, null,
                        new PrintStream(g.console, true)).start();
                QmpClient q = new QmpClient(sock)) {
            q.negotiate();
            // before the guest quiesces the client interface, a snapshot is refused and says why
            JsonNode early = q.call("{\"execute\": \"query-migrate\"}");
            g.awaitShell(0);
            assertTrue(!q.call("{\"execute\": \"query-migrate\"}").at("/return").has("blocked-reasons"), "no blocker at the shell");
            assertTrue(early.at("/return").has("blocked-reasons") || early.at("/return").isEmpty(), early.toString());
            q.call("{\"execute\": \"migrate-set-capabilities\", \"arguments\": {\"capabilities\": "
                    + "[{\"capability\": \"events\", \"state\": true}]}}");
            List<JsonNode> events = new ArrayList<>(q.exchange("{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"exec:cat > "
                    + file + "\"}}"));
            List<String> names = eventNames(events);
            while (!names.contains("MIGRATION:completed") && !names.contains("MIGRATION:failed")) {
                events.add(q.next(300));
                names = eventNames(events);
            }
            assertEquals(List.of("MIGRATION:setup", "MIGRATION:active", "STOP", "MIGRATION:completed"),
                    names.stream().filter(n -> !n.equals("MIGRATION_PASS")).toList());
            assertTrue(names.stream().filter(n -> n.equals("MIGRATION_PASS")).count() >= 2, "a live pass and the last one: " + names);
            awaitMigration(g.machine);
            JsonNode info = q.call("{\"execute\": \"query-migrate\"}").get("return");
            assertEquals("completed", info.get("status").asText(), info.toString());
            assertTrue(info.get("total-time").asLong() >= 0 && info.at("/ram/transferred").asLong() > 0, info.toString());
            assertTrue(info.at("/ram/normal").asLong() > 1000 && info.at("/ram/duplicate").asLong() > 100_000,
                    "the booted guest's non-zero pages were sent, its zero pages left out: " + info);
            assertEquals("postmigrate", q.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
            assertTrue(q.call("{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info migrate\"}}")
                    .get("return").asText().contains("Migration status: completed"));
            assertTrue(q.call("{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"savevm s1\"}}")
                    .get("return").asText().contains("No block device can accept snapshots"));
            // a migrated source migrates again only after cont (QEMU's migrate_prepare)
            JsonNode again = q.call("{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"file:" + file + ".2\"}}");
            assertEquals("Can't migrate the vm that was paused due to previous migration", again.at("/error/desc").asText(), again.toString());
            q.exchange("{\"execute\": \"cont\"}");
            // a destination that cannot be written: an error reply, and the guest runs on
            JsonNode bad = q.call("{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"file:/nonexistent-dir/x\"}}");
            assertTrue(bad.has("error"), bad.toString());
            assertTrue(g.run("echo alive").contains("alive"));
        }
        try (BootedGuest r = new BootedGuest(CpuModel.POWER9, 0, 1, IcMode.XIVE, "exec:cat " + file)) {
            r.awaitRunState(SpaprMachine.RunState.RUNNING, 120);
            assertTrue(r.run("echo restored-$((2*3))").contains("restored-6"));
        }
        // another configuration refuses the stream with one line naming what differs
        try (BootedGuest other = new BootedGuest(CpuModel.POWER9, 0, 2, IcMode.XIVE, "file:" + file)) {
            assertEquals(1, other.exitCode(120));
            assertTrue(other.console.all().contains("load of migration failed: section machine: the stream is from a machine with smp 1, this one has 2"),
                    other.console.all());
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(sock);
        Files.deleteIfExists(dir);
    }

    /** The events among {@code messages}: "NAME" or "NAME:status" for MIGRATION. */
    static List<String> eventNames(List<JsonNode> messages) {
        List<String> names = new ArrayList<>();
        for (JsonNode e : messages) {
            if (e.has("event")) names.add(e.get("event").asText() + (e.path("data").has("status") ? ":" + e.get("data").get("status").asText() : ""));
        }
        return names;
    }

    static void awaitMigration(SpaprMachine m) throws InterruptedException {
        awaitEnd(m.migration(), 300);
        assertEquals(MigrationStatus.Status.COMPLETED, m.migration().status(), String.valueOf(m.migration().error()));
    }

    /** Waits at most {@code seconds} until a migration that was started has ended (completed, failed or cancelled). */
    static void awaitEnd(MigrationStatus m, long seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (m.busy() || m.status() == MigrationStatus.Status.NONE) {
            if (System.nanoTime() > end) throw new AssertionError("the migration did not end: " + m.status());
            Thread.sleep(20);
        }
    }
}
