package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpseries.migration.MigrationParameters;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationStatus.Capability;
import org.jpseries.migration.MigrationStatus.Status;
import org.jpseries.migration.MigrationUri;
import org.jpseries.spapr.SpaprMachine;

/**
 * QEMU 7.2's migration commands (qapi/migration.json, migration/migration.c): migrate and
 * migrate-incoming, query-migrate, the capabilities, the parameters, migrate_cancel and
 * migrate-continue, with QEMU's argument checks and messages. The work is the machine's
 * ({@link MigrationStatus}, {@link MigrationParameters}); these read and set it.
 */
final class MigrationCommands {
    /** QEMU's qemu_target_page_size() for ppc64: TARGET_PAGE_BITS 12. */
    static final int PAGE_SIZE = 4096;

    /**
     * QEMU 7.2's MigrationCapability names that jpseries does not have: accepted off, refused
     * on (the others are {@link Capability}).
     */
    static final Set<String> QEMU_ONLY_CAPABILITIES = Set.of("rdma-pin-all", "x-colo", "release-ram", "block", "multifd",
            "dirty-bitmaps", "postcopy-blocktime", "late-block-activate", "x-ignore-shared", "validate-uuid",
            "background-snapshot", "zero-copy-send", "postcopy-preempt");

    /** The migrate-set-parameters members jpseries takes, in QEMU's MigrateSetParameters order. */
    static final List<String> PARAMETERS = List.of("announce-initial", "announce-max", "announce-rounds", "announce-step",
            "throttle-trigger-threshold", "cpu-throttle-initial", "cpu-throttle-increment", "tls-creds", "tls-hostname",
            "tls-authz", "max-bandwidth", "downtime-limit", "max-cpu-throttle");

    private static final BigInteger UINT64_END = BigInteger.ONE.shiftLeft(64), INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

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
        List<QmpCommands.Param> members = new ArrayList<>();
        for (String p : PARAMETERS) members.add(new QmpCommands.Param(p, "any", true));
        t.add("migrate-set-parameters", members, this::setParameters);
        t.add("query-migrate-parameters", List.of(), a -> queryParameters());
        t.add("migrate_cancel", List.of(), a -> cancel());
        t.add("migrate-continue", List.of(new QmpCommands.Param("state", "str", false)), this::migrateContinue);
    }

    /** migrate: starts the migration and returns at once; query-migrate and the MIGRATION events follow it. */
    JsonNode migrate(ObjectNode a) throws QmpError {
        if (a.path("blk").asBoolean(false) || a.path("inc").asBoolean(false)) {
            throw QmpError.generic("Block migration (blk/inc) is not supported: jpseries has no block devices yet");
        }
        // QEMU's migrate_prepare: only a postcopy migration can be paused, and jpseries has none
        if (a.path("resume").asBoolean(false)) throw QmpError.generic("Cannot resume if there is no paused migration");
        MigrationUri uri = parse(a.get("uri").asText());
        try {
            machine.migrate(uri, fds);
        } catch (IllegalStateException e) {
            throw QmpError.generic(e.getMessage());
        } catch (IOException e) {
            boolean socket = uri.scheme() == MigrationUri.Scheme.TCP || uri.scheme() == MigrationUri.Scheme.UNIX;
            throw QmpError.generic(socket ? e.getMessage() : "Failed to open " + uri + ": " + e.getMessage()); // QEMU's "Failed to connect to ..."
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

    /**
     * QEMU's MigrationInfo as fill_source_migration_info fills it: blocked-reasons whenever the
     * migration is blocked; on a machine that never migrated out, what
     * fill_destination_migration_info adds for -incoming (the socket-address it listens on
     * until the stream ends, the status from the moment the source connected); only the status during setup,
     * after a cancel, and with error-desc after a failure; while it runs the times (setup-time,
     * total-time so far, expected-downtime) and the RAM figures (populate_ram_info), with
     * cpu-throttle-percentage while auto-converge throttles; once completed the final times
     * with downtime instead of expected-downtime.
     */
    JsonNode queryMigrate() {
        MigrationStatus m = machine.migration();
        ObjectNode r = QmpJson.object();
        String blocker = machine.platform().migrationBlocker();
        if (blocker != null) r.putArray("blocked-reasons").add(blocker);
        synchronized (m) { // one consistent picture: the engine updates under the same lock
            Status s = m.status();
            switch (s) {
                case NONE -> {
                    return destination(r, machine.incomingMigration());
                }
                case SETUP, CANCELLED -> r.put("status", s.qapiName);
                case FAILED -> {
                    r.put("status", s.qapiName);
                    if (m.error() != null) r.put("error-desc", m.error());
                }
                case ACTIVE, PRE_SWITCHOVER, DEVICE, CANCELLING, COMPLETED -> {
                    r.put("status", s.qapiName).put("setup-time", m.setupMillis()).put("total-time", m.totalMillis());
                    if (s == Status.COMPLETED) r.put("downtime", m.downtimeMillis());
                    else r.put("expected-downtime", m.expectedDowntime());
                    ram(r.putObject("ram"), m);
                    if (m.throttlePercent() > 0) r.put("cpu-throttle-percentage", m.throttlePercent());
                }
            }
        }
        return r;
    }

    /** fill_destination_migration_info: socket-address while listening or loading, the status once a source connected. */
    private static ObjectNode destination(ObjectNode r, org.jpseries.migration.IncomingStatus in) {
        List<org.jpseries.migration.MigrationUri.BoundAddress> bound = in.addresses();
        if (!bound.isEmpty()) {
            ArrayNode a = r.putArray("socket-address");
            for (org.jpseries.migration.MigrationUri.BoundAddress b : bound) {
                ObjectNode o = a.addObject();
                if (b.type().equals("unix")) {
                    o.put("type", "unix").put("path", b.path());
                } else {
                    o.put("port", b.port()).put(b.ipv6() ? "ipv6" : "ipv4", true).put("host", b.host()).put("type", "inet");
                }
            }
        }
        if (in.status() != Status.NONE) r.put("status", in.status().qapiName);
        return r;
    }

    /**
     * QEMU's MigrationStats. jpseries has no postcopy, multifd or zero-copy sending, so their
     * counters are 0 as QEMU's are without them; skipped is 0 in QEMU too (a legacy member).
     * pages-per-second, precopy-bytes and downtime-bytes are not reported: MigrationStatus does
     * not count them.
     */
    private static void ram(ObjectNode ram, MigrationStatus m) {
        long normal = m.ramPages();
        // remaining and dirty-pages-rate are 0 once completed (MigrationStatus, as QEMU)
        ram.put("transferred", m.bytes()).put("remaining", m.remainingBytes()).put("total", m.ramTotal())
                .put("duplicate", m.zeroPages()).put("skipped", 0).put("normal", normal).put("normal-bytes", normal * PAGE_SIZE)
                .put("dirty-pages-rate", m.dirtyPagesRate()).put("mbps", m.mbps())
                .put("dirty-sync-count", m.passes()).put("postcopy-requests", 0).put("page-size", PAGE_SIZE)
                .put("multifd-bytes", 0).put("postcopy-bytes", 0).put("dirty-sync-missed-zero-copy", 0);
    }

    /**
     * migrate-set-capabilities: QEMU's argument checks for every entry first (its input visitor:
     * paths like 'capabilities[0].state'), then "in progress", then the capability checks, then
     * all are set at once.
     */
    JsonNode setCapabilities(ObjectNode a) throws QmpError {
        ArrayNode caps = (ArrayNode) a.get("capabilities");
        List<Map.Entry<String, Boolean>> wanted = new ArrayList<>();
        for (int i = 0; i < caps.size(); i++) {
            String at = "capabilities[" + i + "]";
            JsonNode c = caps.get(i);
            if (!c.isObject()) throw QmpError.generic("Invalid parameter type for '" + at + "', expected: object");
            JsonNode name = c.get("capability"), state = c.get("state");
            if (name == null) throw QmpError.generic("Parameter '" + at + ".capability' is missing");
            if (!name.isTextual()) throw QmpError.generic("Invalid parameter type for '" + at + ".capability', expected: string");
            if (Capability.parse(name.asText()) == null && !QEMU_ONLY_CAPABILITIES.contains(name.asText())) {
                throw QmpError.generic("Parameter 'capability' does not accept value '" + name.asText() + "'");
            }
            if (state == null) throw QmpError.generic("Parameter '" + at + ".state' is missing");
            if (!state.isBoolean()) throw QmpError.generic("Invalid parameter type for '" + at + ".state', expected: boolean");
            for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!k.equals("capability") && !k.equals("state")) throw QmpError.generic("Parameter '" + at + "." + k + "' is unexpected");
            }
            wanted.add(Map.entry(name.asText(), state.asBoolean()));
        }
        setCapabilities(wanted);
        return null;
    }

    /** The command's work after its arguments were read (HMP migrate_set_capability comes here too). */
    void setCapabilities(List<Map.Entry<String, Boolean>> wanted) throws QmpError {
        MigrationStatus m = machine.migration();
        synchronized (m) { // no migration may start between the check and the change
            if (m.busy()) throw QmpError.generic("There's a migration process in progress"); // QERR_MIGRATION_ACTIVE
            for (Map.Entry<String, Boolean> w : wanted) {
                if (!w.getValue()) continue;
                Capability cap = Capability.parse(w.getKey());
                if (cap != null && cap.supported()) continue;
                throw QmpError.generic(switch (w.getKey()) {
                    case "postcopy-ram" -> "Postcopy is not supported"; // QEMU's, when the host cannot do it
                    case "postcopy-preempt" -> "Postcopy preempt requires postcopy-ram";
                    default -> "Migration capability '" + w.getKey() + "' is not supported by jpseries yet";
                });
            }
            for (Map.Entry<String, Boolean> w : wanted) {
                Capability cap = Capability.parse(w.getKey());
                if (cap != null) m.setCapability(cap, w.getValue());
            }
        }
    }

    JsonNode queryCapabilities() {
        return capabilities(machine.migration());
    }

    /** query-migrate-capabilities' answer for a migration state (a none machine has only the defaults). */
    static JsonNode capabilities(org.jpseries.migration.MigrationStatus status) {
        ArrayNode out = QmpJson.MAPPER.createArrayNode();
        for (Map.Entry<Capability, Boolean> e : status.capabilities().entrySet()) {
            out.addObject().put("state", e.getValue()).put("capability", e.getKey().qapiName);
        }
        return out;
    }

    /**
     * migrate-set-parameters: every member read as QEMU's input visitor reads its type (uint8,
     * uint64 = "size", StrOrNull), then the whole request checked and applied by
     * {@link MigrationParameters#apply} (QEMU allows it while a migration runs; the engine reads
     * the new values from its next chunk on). TLS: jpseries has none, so the empty string and
     * null (TLS off, what libvirt sends) are accepted, and credentials are refused as QEMU
     * refuses an id that names no tls-creds object.
     */
    JsonNode setParameters(ObjectNode a) throws QmpError {
        Long announceInitial = uint64(a, "announce-initial"), announceMax = uint64(a, "announce-max");
        Long announceRounds = uint64(a, "announce-rounds"), announceStep = uint64(a, "announce-step");
        Integer trigger = uint8(a, "throttle-trigger-threshold"), initial = uint8(a, "cpu-throttle-initial");
        Integer increment = uint8(a, "cpu-throttle-increment");
        String creds = strOrNull(a, "tls-creds"), hostname = strOrNull(a, "tls-hostname"), authz = strOrNull(a, "tls-authz");
        Long bandwidth = uint64(a, "max-bandwidth"), downtime = uint64(a, "downtime-limit");
        Integer maxThrottle = uint8(a, "max-cpu-throttle");
        if (!creds.isEmpty()) throw QmpError.generic("No TLS credentials with id '" + creds + "'"); // QEMU migration_tls_get_creds
        if (!hostname.isEmpty()) throw QmpError.generic("Parameter 'tls-hostname' expects an empty string: jpseries has no TLS");
        if (!authz.isEmpty()) throw QmpError.generic("Parameter 'tls-authz' expects an empty string: jpseries has no TLS");
        try {
            machine.migration().parameters().apply(new MigrationParameters.Update(bandwidth, downtime, trigger, initial, increment,
                    maxThrottle, announceInitial, announceMax, announceRounds, announceStep));
        } catch (IllegalArgumentException e) {
            throw QmpError.generic(e.getMessage());
        }
        return null;
    }

    /** QEMU's uint64 member: an integer from -2^63 to 2^64 - 1 (a negative one wraps, as QEMU reads it), or null if absent. */
    private static Long uint64(ObjectNode a, String name) throws QmpError {
        JsonNode v = a.get(name);
        if (v == null) return null;
        BigInteger n = v.isIntegralNumber() ? v.bigIntegerValue() : null;
        if (n == null || n.compareTo(INT64_MIN) < 0 || n.compareTo(UINT64_END) >= 0) {
            throw QmpError.generic("Parameter '" + name + "' expects uint64");
        }
        return n.longValue();
    }

    /** QEMU's uint8 member: a uint64 that fits in 8 bits (visit_type_uintN). */
    private static Integer uint8(ObjectNode a, String name) throws QmpError {
        Long v = uint64(a, name);
        if (v == null) return null;
        if (Long.compareUnsigned(v, 255) > 0) throw QmpError.generic("Parameter '" + name + "' expects uint8_t");
        return v.intValue();
    }

    /** QEMU's StrOrNull member: a string, or null meaning the empty string (qmp_migrate_set_parameters); "" if absent. */
    private static String strOrNull(ObjectNode a, String name) throws QmpError {
        JsonNode v = a.get(name);
        if (v == null || v.isNull()) return "";
        if (!v.isTextual()) throw QmpError.generic("Invalid parameter type for '" + name + "', expected: StrOrNull");
        return v.asText();
    }

    /** QEMU's MigrationParameters: the members jpseries has, with their current values. */
    JsonNode queryParameters() {
        MigrationParameters p = machine.migration().parameters();
        ObjectNode r = QmpJson.object();
        r.put("announce-initial", p.announceInitial()).put("announce-max", p.announceMax())
                .put("announce-rounds", p.announceRounds()).put("announce-step", p.announceStep())
                .put("throttle-trigger-threshold", p.throttleTriggerThreshold()).put("cpu-throttle-initial", p.throttleInitial())
                .put("cpu-throttle-increment", p.throttleIncrement()).put("max-bandwidth", p.maxBandwidth())
                .put("downtime-limit", p.downtimeLimit()).put("max-cpu-throttle", p.maxCpuThrottle());
        return r;
    }

    /**
     * migrate_cancel (QEMU qmp_migrate_cancel): asks a running migration to stop; nothing to do,
     * and no error, when none runs (a migration paused in pre-switchover stops waiting).
     */
    JsonNode cancel() {
        machine.migrateCancel();
        return null;
    }

    /**
     * migrate-continue (QEMU qmp_migrate_continue): the migration must be in the state named.
     * From pre-switchover (the pause-before-switchover capability) the switchover goes on (to
     * device, as QEMU's migration_maybe_pause once released).
     */
    JsonNode migrateContinue(ObjectNode a) throws QmpError {
        Status want = status(a.get("state").asText());
        MigrationStatus m = machine.migration();
        synchronized (m) {
            Status now = m.status();
            if (now != want) throw QmpError.generic("Migration not in expected state: " + now.qapiName);
            if (now == Status.PRE_SWITCHOVER) m.continueSwitchover();
        }
        return null;
    }

    /** A MigrationStatus name, QEMU's error for any other. */
    static Status status(String name) throws QmpError {
        for (Status s : Status.values()) {
            if (s.qapiName.equals(name)) return s;
        }
        throw QmpError.generic("Parameter 'state' does not accept value '" + name + "'");
    }
}
