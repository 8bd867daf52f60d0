package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationUri;
import org.jpseries.spapr.SpaprMachine;

/**
 * QEMU's migration commands (qapi/migration.json) over the machine's snapshot support: migrate
 * and migrate-incoming with file:, exec: and fd: URIs, query-migrate, the capabilities, and
 * migrate_cancel. Messages are QEMU's where QEMU has one.
 */
final class MigrationCommands {
    private final SpaprMachine machine;
    private final MigrationUri.FdSource fds;

    MigrationCommands(SpaprMachine machine, MigrationUri.FdSource fds) {
        this.machine = machine;
        this.fds = fds;
    }

    void register(QmpCommands t) {
        t.add("migrate", List.of(new QmpCommands.Param("uri", "str", false), new QmpCommands.Param("blk", "bool", true),
                new QmpCommands.Param("inc", "bool", true), new QmpCommands.Param("detach", "bool", true),
                new QmpCommands.Param("resume", "bool", true)), this::migrate);
        t.add("migrate-incoming", List.of(new QmpCommands.Param("uri", "str", false)), this::migrateIncoming);
        t.add("query-migrate", List.of(), a -> queryMigrate());
        t.add("migrate-set-capabilities", List.of(new QmpCommands.Param("capabilities", "array", false)), this::setCapabilities);
        t.add("query-migrate-capabilities", List.of(), a -> queryCapabilities());
        t.add("migrate_cancel", List.of(), a -> null); // the save runs to its end on the control thread: nothing to cancel
    }

    /** migrate: starts the save and returns at once; query-migrate and the MIGRATION events follow it. */
    JsonNode migrate(ObjectNode a) throws QmpError {
        if (a.path("blk").asBoolean(false) || a.path("inc").asBoolean(false)) {
            throw QmpError.generic("Block migration (blk/inc) is not supported: jpseries has no block devices yet");
        }
        if (a.path("resume").asBoolean(false)) throw QmpError.generic("Cannot resume if there is no paused migration");
        MigrationUri uri = parse(a.get("uri").asText());
        try {
            machine.migrate(uri, fds);
        } catch (IllegalStateException e) {
            throw QmpError.generic(e.getMessage());
        } catch (IOException e) {
            throw QmpError.generic("Failed to open " + uri + ": " + e.getMessage());
        }
        return null;
    }

    JsonNode migrateIncoming(ObjectNode a) throws QmpError {
        MigrationUri uri = parse(a.get("uri").asText());
        if (machine.runState() != SpaprMachine.RunState.INMIGRATE) {
            throw QmpError.generic("'-incoming' was not specified on the command line");
        }
        try {
            machine.migrateIncoming(uri, fds);
        } catch (IllegalStateException e) {
            throw QmpError.generic(e.getMessage());
        }
        return null;
    }

    private static MigrationUri parse(String s) throws QmpError {
        try {
            return MigrationUri.parse(s);
        } catch (IllegalArgumentException e) {
            throw QmpError.generic(e.getMessage());
        }
    }

    /** QEMU's MigrationInfo: empty before any migration; status, times and RAM figures after. */
    JsonNode queryMigrate() {
        MigrationStatus m = machine.migration();
        ObjectNode r = QmpJson.object();
        String blocker = machine.platform().migrationBlocker();
        if (blocker != null) r.putArray("blocked-reasons").add(blocker);
        MigrationStatus.Status s = m.status();
        if (s == MigrationStatus.Status.NONE) return r;
        r.put("status", s.qapiName);
        r.put("total-time", m.totalMillis());
        if (s == MigrationStatus.Status.COMPLETED) r.put("downtime", m.downtimeMillis()).put("setup-time", 0);
        if (s == MigrationStatus.Status.FAILED && m.error() != null) r.put("error-desc", m.error());
        ObjectNode ram = r.putObject("ram");
        long pages = m.ramPages();
        ram.put("transferred", m.bytes()).put("total", m.ramTotal())
                .put("remaining", s == MigrationStatus.Status.COMPLETED ? 0 : m.ramTotal() - pages * 4096L)
                .put("normal", pages).put("normal-bytes", pages * 4096L).put("duplicate", m.ramTotal() / 4096 - pages)
                .put("page-size", 4096).put("dirty-sync-count", 1);
        return r;
    }

    JsonNode setCapabilities(ObjectNode a) throws QmpError {
        MigrationStatus m = machine.migration();
        if (m.busy()) throw QmpError.generic("There's a migration process in progress");
        ArrayNode caps = (ArrayNode) a.get("capabilities");
        for (JsonNode c : caps) {
            JsonNode name = c.get("capability"), state = c.get("state");
            if (name == null || !name.isTextual() || state == null || !state.isBoolean()) {
                throw QmpError.generic("Invalid parameter type for 'capabilities', expected: MigrationCapabilityStatus");
            }
            MigrationStatus.Capability cap = MigrationStatus.Capability.parse(name.asText());
            if (cap == null) throw QmpError.generic("Parameter 'capability' does not accept value '" + name.asText() + "'");
            if (state.asBoolean() && !cap.supported()) {
                throw QmpError.generic("Migration capability '" + cap.qapiName + "' is not supported by jpseries yet");
            }
        }
        for (JsonNode c : caps) {
            m.setCapability(MigrationStatus.Capability.parse(c.get("capability").asText()), c.get("state").asBoolean());
        }
        return null;
    }

    JsonNode queryCapabilities() {
        ArrayNode out = QmpJson.MAPPER.createArrayNode();
        for (Map.Entry<MigrationStatus.Capability, Boolean> e : machine.migration().capabilities().entrySet()) {
            out.addObject().put("state", e.getValue()).put("capability", e.getKey().qapiName);
        }
        return out;
    }

    /** HMP "info migrate" (QEMU hmp_info_migrate, the lines that apply). */
    String info() {
        MigrationStatus m = machine.migration();
        StringBuilder sb = new StringBuilder();
        sb.append("globals:\n");
        sb.append("capabilities: ");
        for (Map.Entry<MigrationStatus.Capability, Boolean> e : m.capabilities().entrySet()) {
            sb.append(e.getKey().qapiName).append(": ").append(e.getValue() ? "on" : "off").append(' ');
        }
        sb.append('\n');
        if (m.status() == MigrationStatus.Status.NONE) return sb.toString();
        sb.append("Migration status: ").append(m.status().qapiName);
        if (m.status() == MigrationStatus.Status.FAILED && m.error() != null) sb.append(" (").append(m.error()).append(')');
        sb.append('\n');
        sb.append("total time: ").append(m.totalMillis()).append(" ms\n");
        if (m.status() == MigrationStatus.Status.COMPLETED) sb.append("downtime: ").append(m.downtimeMillis()).append(" ms\n");
        sb.append("transferred ram: ").append(m.bytes() / 1024).append(" kbytes\n");
        sb.append("total ram: ").append(m.ramTotal() / 1024).append(" kbytes\n");
        return sb.toString();
    }
}
