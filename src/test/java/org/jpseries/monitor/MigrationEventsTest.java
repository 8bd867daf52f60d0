package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.migration.MigrationStatus.Status;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.spapr.TestKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIGRATION and MIGRATION_PASS on the wire: sent for what the machine's observer reports only
 * while the "events" capability is on, as QEMU's migrate_set_state and migration_bitmap_sync
 * send them, in their place among the replies.
 */
class MigrationEventsTest {
    @TempDir
    Path dir;

    @Test
    void migrationEventsOnlyWithTheEventsCapability() throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[] {0x48, 0, 0, 0}, 0x10000, 0), "loop");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        SpaprMachine machine = new SpaprMachine(
                new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 256L << 20, 0, ""), false), k, null,
                new ByteArrayOutputStream(), new GuestLog(false, quiet), quiet);
        Path sock = dir.resolve("qmp.sock");
        try (QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), machine, null, quiet).start();
                QmpClient c = new QmpClient(sock)) {
            c.negotiate();
            // what the engine reports, with the capability off: nothing comes before the next reply
            server.migration(Status.SETUP);
            server.migrationPass(1);
            server.migration(Status.ACTIVE);
            c.call("{\"execute\": \"query-status\"}");
            c.call("{\"execute\": \"migrate-set-capabilities\", \"arguments\": {\"capabilities\": "
                    + "[{\"capability\": \"events\", \"state\": true}]}}");
            server.migration(Status.SETUP);
            server.migrationPass(1);
            server.migration(Status.ACTIVE);
            server.migrationPass(2);
            server.migration(Status.PRE_SWITCHOVER);
            server.migration(Status.DEVICE);
            server.migration(Status.COMPLETED);
            List<JsonNode> got = c.exchange("{\"execute\": \"query-status\"}");
            assertEquals(8, got.size(), got.toString());
            String[] want = {"MIGRATION setup", "MIGRATION_PASS 1", "MIGRATION active", "MIGRATION_PASS 2",
                "MIGRATION pre-switchover", "MIGRATION device", "MIGRATION completed"};
            for (int i = 0; i < want.length; i++) {
                JsonNode e = got.get(i);
                String data = e.get("event").asText().equals("MIGRATION") ? e.at("/data/status").asText() : e.at("/data/pass").asText();
                assertEquals(want[i], e.get("event").asText() + " " + data, e.toString());
                assertTrue(e.at("/timestamp/seconds").asLong() > 0 && e.at("/data").size() == 1, e.toString());
            }
            assertTrue(got.get(7).has("return"));
            c.call("{\"execute\": \"migrate-set-capabilities\", \"arguments\": {\"capabilities\": "
                    + "[{\"capability\": \"events\", \"state\": false}]}}");
            server.migrationPass(3);
            server.migration(Status.CANCELLED);
            c.call("{\"execute\": \"query-status\"}");
        }
    }
}
