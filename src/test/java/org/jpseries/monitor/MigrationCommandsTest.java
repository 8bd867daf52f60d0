package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.CpuModel;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationStatus.Status;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.spapr.TestKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration commands, QMP and HMP, on a machine that never runs (prelaunch): QEMU 7.2's
 * defaults, messages and answers (as qemu-system-ppc64 7.2 gives them; MigrationOracleTest
 * compares with it live), set -> query round trips, query-migrate's members by status, cancel
 * and continue without a migration.
 */
class MigrationCommandsTest {
    SpaprMachine machine;
    QmpCommands commands;

    @BeforeEach
    void machine() throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[] {0x48, 0, 0, 0}, 0x10000, 0), "loop");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        machine = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 256L << 20, 0, ""), false),
                k, null, new ByteArrayOutputStream(), new GuestLog(false, quiet), quiet);
        commands = new QmpCommands(machine, null, (e, d) -> {});
    }

    /** The command's "return" value as a client reads it off the wire; fails on an error. */
    JsonNode ok(String name, String args) throws Exception {
        return json(QmpJson.line(commands.invoke(commands.find(name), (ObjectNode) QmpJson.MAPPER.readTree(args))));
    }

    /** The command's error description; fails if it succeeds. */
    String error(String name, String args) throws Exception {
        try {
            JsonNode r = ok(name, args);
            throw new AssertionError(name + " " + args + " succeeded: " + r);
        } catch (QmpError e) {
            assertEquals("GenericError", e.errorClass);
            return e.getMessage();
        }
    }

    String hmp(String line) throws Exception {
        return ok("human-monitor-command", "{\"command-line\": \"" + line.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .asText().replace("\r\n", "\n");
    }

    static JsonNode json(String s) throws Exception {
        return QmpJson.MAPPER.readTree(s);
    }

    @Test
    void parametersStartAtQemu72sDefaults() throws Exception {
        assertEquals(json("""
                {"announce-initial": 50, "announce-max": 550, "announce-rounds": 5, "announce-step": 100,
                 "throttle-trigger-threshold": 50, "cpu-throttle-initial": 20, "cpu-throttle-increment": 10,
                 "max-bandwidth": 134217728, "downtime-limit": 300, "max-cpu-throttle": 99}"""),
                ok("query-migrate-parameters", "{}"));
        assertEquals("""
                announce-initial: 50 ms
                announce-max: 550 ms
                announce-rounds: 5
                announce-step: 100 ms
                throttle-trigger-threshold: 50
                cpu-throttle-initial: 20
                cpu-throttle-increment: 10
                max-cpu-throttle: 99
                max-bandwidth: 134217728 bytes/second
                downtime-limit: 300 ms
                """, hmp("info migrate_parameters"));
    }

    @Test
    void setParametersThenQueryThem() throws Exception {
        // what libvirt sends: "unlimited" bandwidth, a downtime, the announce timing, TLS off
        ok("migrate-set-parameters", """
                {"max-bandwidth": 9223372036853727232, "downtime-limit": 500, "announce-initial": 60, "announce-max": 600,
                 "announce-rounds": 6, "announce-step": 110, "tls-creds": "", "tls-hostname": null}""");
        ok("migrate-set-parameters", """
                {"cpu-throttle-initial": 30, "cpu-throttle-increment": 5, "max-cpu-throttle": 80, "throttle-trigger-threshold": 70}""");
        assertEquals(json("""
                {"announce-initial": 60, "announce-max": 600, "announce-rounds": 6, "announce-step": 110,
                 "throttle-trigger-threshold": 70, "cpu-throttle-initial": 30, "cpu-throttle-increment": 5,
                 "max-bandwidth": 9223372036853727232, "downtime-limit": 500, "max-cpu-throttle": 80}"""),
                ok("query-migrate-parameters", "{}"));
        var p = machine.migration().parameters();
        assertEquals(9223372036853727232L, p.maxBandwidth());
        assertEquals(500, p.downtimeLimit());
        assertEquals(80, p.maxCpuThrottle());
        // QEMU reads a negative uint64 as 2^64 - that: no limit
        ok("migrate-set-parameters", "{\"max-bandwidth\": -1}");
        assertEquals(Long.MAX_VALUE, p.maxBandwidth());
        ok("migrate-set-parameters", "{\"max-bandwidth\": 18446744073709551615}");
        assertEquals(Long.MAX_VALUE, p.maxBandwidth());
        ok("migrate-set-parameters", "{}");
        assertEquals(500, p.downtimeLimit());
    }

    @Test
    void badParametersGetQemusMessagesAndChangeNothing() throws Exception {
        String[][] cases = {
            {"{\"nope\": 1}", "Parameter 'nope' is unexpected"},
            {"{\"multifd-channels\": 4}", "Parameter 'multifd-channels' is unexpected"},
            {"{\"downtime-limit\": \"x\"}", "Parameter 'downtime-limit' expects uint64"},
            {"{\"downtime-limit\": 1.5}", "Parameter 'downtime-limit' expects uint64"},
            {"{\"max-bandwidth\": 18446744073709551616}", "Parameter 'max-bandwidth' expects uint64"},
            {"{\"downtime-limit\": 2000001}", "Parameter 'downtime_limit' expects an integer in the range of 0 to (2000 * 1000) ms"},
            {"{\"downtime-limit\": -1}", "Parameter 'downtime_limit' expects an integer in the range of 0 to (2000 * 1000) ms"},
            {"{\"cpu-throttle-initial\": 300}", "Parameter 'cpu-throttle-initial' expects uint8_t"},
            {"{\"cpu-throttle-initial\": -1}", "Parameter 'cpu-throttle-initial' expects uint8_t"},
            {"{\"cpu-throttle-initial\": 0}", "Parameter 'cpu_throttle_initial' expects an integer in the range of 1 to 99"},
            {"{\"cpu-throttle-increment\": 100}", "Parameter 'cpu_throttle_increment' expects an integer in the range of 1 to 99"},
            {"{\"throttle-trigger-threshold\": 101}", "Parameter 'throttle_trigger_threshold' expects an integer in the range of 1 to 100"},
            {"{\"max-cpu-throttle\": 100}", "Parameter 'max_cpu_throttle' expects an integer in the range of cpu_throttle_initial to 99"},
            {"{\"max-cpu-throttle\": 10}", "Parameter 'max_cpu_throttle' expects an integer in the range of cpu_throttle_initial to 99"},
            {"{\"cpu-throttle-initial\": 50, \"max-cpu-throttle\": 40, \"downtime-limit\": 1}",
                "Parameter 'max_cpu_throttle' expects an integer in the range of cpu_throttle_initial to 99"},
            {"{\"announce-initial\": 100001}", "Parameter 'announce_initial' expects a value between 0 and 100000"},
            {"{\"announce-max\": 100001}", "Parameter 'announce_max' expects a value between 0 and 100000"},
            {"{\"announce-rounds\": -1}", "Parameter 'announce_rounds' expects a value between 0 and 1000"},
            {"{\"announce-step\": 0}", "Parameter 'announce_step' expects a value between 0 and 10000"},
            {"{\"announce-step\": 10001}", "Parameter 'announce_step' expects a value between 0 and 10000"},
            {"{\"tls-creds\": 5}", "Invalid parameter type for 'tls-creds', expected: StrOrNull"},
            {"{\"tls-creds\": \"tls0\"}", "No TLS credentials with id 'tls0'"},
        };
        JsonNode before = ok("query-migrate-parameters", "{}");
        for (String[] c : cases) assertEquals(c[1], error("migrate-set-parameters", c[0]), c[0]);
        assertEquals(before, ok("query-migrate-parameters", "{}"), "a refused request changes nothing");
        // the cross check is on the values after the request, whichever member it sets
        ok("migrate-set-parameters", "{\"max-cpu-throttle\": 40}");
        assertEquals("Parameter 'max_cpu_throttle' expects an integer in the range of cpu_throttle_initial to 99",
                error("migrate-set-parameters", "{\"cpu-throttle-initial\": 50}"));
    }

    @Test
    void humanMonitorParametersReadSizesAsQemuDoes() throws Exception {
        var p = machine.migration().parameters();
        assertEquals("", hmp("migrate_set_parameter max-bandwidth 100M"));
        assertEquals(100L << 20, p.maxBandwidth());
        assertEquals("", hmp("migrate_set_parameter max-bandwidth 100")); // MiB when there is no suffix
        assertEquals(100L << 20, p.maxBandwidth());
        assertEquals("", hmp("migrate_set_parameter max-bandwidth 1.5G"));
        assertEquals(1610612736L, p.maxBandwidth());
        assertEquals("", hmp("migrate_set_parameter max-bandwidth 10k"));
        assertEquals(10240, p.maxBandwidth());
        assertEquals("", hmp("migrate_set_parameter max-bandwidth 0x10"));
        assertEquals(16L << 20, p.maxBandwidth());
        for (String bad : new String[] {"100x", "-1", "8E", "1.5b", "99999999999999999999"}) {
            assertEquals("Error: Invalid size " + bad + "\n", hmp("migrate_set_parameter max-bandwidth " + bad));
        }
        assertEquals("", hmp("migrate_set_parameter downtime-limit 100"));
        assertEquals(100, p.downtimeLimit());
        assertEquals("", hmp("migrate_set_parameter downtime-limit 1k")); // bytes by default: k is 1024
        assertEquals(1024, p.downtimeLimit());
        assertEquals("", hmp("migrate_set_parameter downtime-limit 0x10"));
        assertEquals(16, p.downtimeLimit());
        assertEquals("Error: Parameter 'downtime_limit' expects an integer in the range of 0 to (2000 * 1000) ms\n",
                hmp("migrate_set_parameter downtime-limit 3000000"));
        assertEquals("""
                Error: Parameter 'announce-step' expects a non-negative number below 2^64
                Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-
                and exabytes, respectively.
                """, hmp("migrate_set_parameter announce-step 1e3"));
        assertEquals("Error: Value '99999999999999999999' is out of range for parameter 'downtime-limit'\n",
                hmp("migrate_set_parameter downtime-limit 99999999999999999999"));
        assertEquals("", hmp("migrate_set_parameter cpu-throttle-initial 0x20"));
        assertEquals(32, p.throttleInitial());
        assertEquals("", hmp("migrate_set_parameter cpu-throttle-initial 010")); // octal, as strtoull with base 0
        assertEquals(8, p.throttleInitial());
        assertEquals("Error: Parameter 'cpu-throttle-initial' expects uint8_t\n", hmp("migrate_set_parameter cpu-throttle-initial 300"));
        assertEquals("Error: Parameter 'cpu-throttle-initial' expects uint64\n", hmp("migrate_set_parameter cpu-throttle-initial x"));
        assertEquals("Error: Parameter 'cpu_throttle_initial' expects an integer in the range of 1 to 99\n",
                hmp("migrate_set_parameter cpu-throttle-initial 0"));
        assertEquals("", hmp("migrate_set_parameter tls-creds \"\""));
        assertEquals("Error: No TLS credentials with id 'a b'\n", hmp("migrate_set_parameter tls-creds \"a b\""));
        assertEquals("Error: invalid parameter value: nope\n", hmp("migrate_set_parameter nope 1"));
        String usage = "migrate_set_parameter: string expected\nTry \"help migrate_set_parameter\" for more information\n";
        assertEquals(usage, hmp("migrate_set_parameter"));
        assertEquals(usage, hmp("migrate_set_parameter max-bandwidth"));
        assertEquals(usage, hmp("migrate_set_parameter tls-creds \"a"));
    }

    @Test
    void capabilities() throws Exception {
        ok("migrate-set-capabilities", """
                {"capabilities": [{"capability": "events", "state": true}, {"capability": "auto-converge", "state": true},
                 {"capability": "pause-before-switchover", "state": true}, {"capability": "return-path", "state": true},
                 {"capability": "multifd", "state": false}]}""");
        MigrationStatus m = machine.migration();
        assertTrue(m.capability(MigrationStatus.Capability.EVENTS) && m.capability(MigrationStatus.Capability.AUTO_CONVERGE)
                && m.capability(MigrationStatus.Capability.PAUSE_BEFORE_SWITCHOVER));
        String[][] cases = {
            {"{\"capabilities\": [{\"capability\": \"postcopy-ram\", \"state\": true}]}", "Postcopy is not supported"},
            {"{\"capabilities\": [{\"capability\": \"postcopy-preempt\", \"state\": true}]}", "Postcopy preempt requires postcopy-ram"},
            {"{\"capabilities\": [{\"capability\": \"multifd\", \"state\": true}]}", "Migration capability 'multifd' is not supported by jpseries yet"},
            {"{\"capabilities\": [{\"capability\": \"xbzrle\", \"state\": true}]}", "Migration capability 'xbzrle' is not supported by jpseries yet"},
            {"{\"capabilities\": [{\"capability\": \"nope\", \"state\": true}]}", "Parameter 'capability' does not accept value 'nope'"},
            {"{\"capabilities\": [{\"capability\": \"events\", \"state\": \"x\"}]}", "Invalid parameter type for 'capabilities[0].state', expected: boolean"},
            {"{\"capabilities\": [{\"capability\": \"events\"}]}", "Parameter 'capabilities[0].state' is missing"},
            {"{\"capabilities\": [{\"capability\": \"events\", \"state\": true, \"x\": 1}]}", "Parameter 'capabilities[0].x' is unexpected"},
            {"{\"capabilities\": [1]}", "Invalid parameter type for 'capabilities[0]', expected: object"},
            {"{\"capabilities\": {}}", "Invalid parameter type for 'capabilities', expected: array"},
        };
        for (String[] c : cases) assertEquals(c[1], error("migrate-set-capabilities", c[0]), c[0]);
        // a refused list changes nothing, not even its acceptable entries
        error("migrate-set-capabilities", """
                {"capabilities": [{"capability": "events", "state": false}, {"capability": "xbzrle", "state": true}]}""");
        assertTrue(m.capability(MigrationStatus.Capability.EVENTS));
        assertTrue(hmp("info migrate_capabilities").contains("events: on\nzero-blocks: off\nauto-converge: on\n"),
                hmp("info migrate_capabilities"));
        assertEquals("", hmp("migrate_set_capability events off"));
        assertFalse(m.capability(MigrationStatus.Capability.EVENTS));
        assertEquals("Error: Postcopy is not supported\n", hmp("migrate_set_capability postcopy-ram on"));
        assertEquals("Error: invalid parameter value: nope\n", hmp("migrate_set_capability nope on"));
        String usage = "Expected 'on' or 'off'\nTry \"help migrate_set_capability\" for more information\n";
        assertEquals(usage, hmp("migrate_set_capability events maybe"));
        assertEquals(usage, hmp("migrate_set_capability events"));
        // not while a migration runs
        m.start(256L << 20);
        assertEquals("There's a migration process in progress",
                error("migrate-set-capabilities", "{\"capabilities\": [{\"capability\": \"events\", \"state\": true}]}"));
    }

    @Test
    void cancelAndContinueWithoutAMigration() throws Exception {
        assertEquals(json("{}"), ok("migrate_cancel", "{}"));
        assertEquals(Status.NONE, machine.migration().status());
        assertEquals("", hmp("migrate_cancel"));
        assertEquals("migrate_cancel: extraneous characters at the end of line\nTry \"help migrate_cancel\" for more information\n",
                hmp("migrate_cancel x"));
        assertEquals("Migration not in expected state: none", error("migrate-continue", "{\"state\": \"pre-switchover\"}"));
        assertEquals("Parameter 'state' does not accept value 'nope'", error("migrate-continue", "{\"state\": \"nope\"}"));
        assertEquals("Parameter 'state' is missing", error("migrate-continue", "{}"));
        assertEquals("Invalid parameter type for 'state', expected: string", error("migrate-continue", "{\"state\": 1}"));
        assertEquals("Error: Migration not in expected state: none\n", hmp("migrate_continue pre-switchover"));
        assertEquals("Error: invalid parameter value: nope\n", hmp("migrate_continue nope"));
        assertEquals("Cannot resume if there is no paused migration",
                error("migrate", "{\"uri\": \"file:/nonexistent/x\", \"resume\": true}"));
        assertEquals("Error: Cannot resume if there is no paused migration\n", hmp("migrate -r file:/nonexistent/x"));
        assertEquals("migrate: string expected\nTry \"help migrate\" for more information\n", hmp("migrate"));
        assertEquals("migrate: unsupported option -x\nTry \"help migrate\" for more information\n", hmp("migrate -x foo"));
        assertEquals("migrate_incoming: string expected\nTry \"help migrate_incoming\" for more information\n", hmp("migrate_incoming"));
    }

    @Test
    void continueReleasesAMigrationPausedBeforeSwitchover() throws Exception {
        MigrationStatus m = machine.migration();
        m.start(256L << 20);
        m.set(Status.PRE_SWITCHOVER);
        assertEquals("Migration not in expected state: pre-switchover", error("migrate-continue", "{\"state\": \"active\"}"));
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(this::awaitSwitchover);
        Thread.sleep(100);
        assertTrue(!waiter.isDone(), "the switchover waits in pre-switchover");
        assertEquals(json("{}"), ok("migrate-continue", "{\"state\": \"pre-switchover\"}"));
        assertTrue(waiter.get(10, TimeUnit.SECONDS), "continue lets the switchover go on");
        // cancel releases such a waiter too, telling it to stop
        m.start(256L << 20);
        m.set(Status.PRE_SWITCHOVER);
        CompletableFuture<Boolean> cancelled = CompletableFuture.supplyAsync(this::awaitSwitchover);
        Thread.sleep(100);
        ok("migrate_cancel", "{}");
        assertEquals(false, cancelled.get(10, TimeUnit.SECONDS));
        assertEquals(Status.CANCELLING, m.status());
    }

    /** How the switchover waits in pre-switchover (MachineMigration.switchover). */
    private Boolean awaitSwitchover() {
        try {
            return machine.migration().awaitSwitchover();
        } catch (InterruptedException e) {
            return null;
        }
    }

    @Test
    void queryMigrateOmitsMembersByStatusAsQemu() throws Exception {
        MigrationStatus m = machine.migration();
        assertEquals(json("{}"), ok("query-migrate", "{}"));
        assertEquals("", hmp("info migrate"));
        m.start(256L << 20);
        assertEquals(json("{\"status\": \"setup\"}"), ok("query-migrate", "{}"));
        m.setupDone();
        m.set(Status.ACTIVE);
        m.pass(3, 40L << 20, 1234, 880, 150);
        m.ramSent(50_000, 10_000, 40L << 20);
        m.progress(210_000_000);
        m.throttle(30);
        JsonNode active = ok("query-migrate", "{}");
        assertEquals("active", active.get("status").asText());
        assertEquals(150, active.get("expected-downtime").asLong());
        assertFalse(active.has("downtime"));
        assertTrue(active.has("setup-time") && active.get("total-time").asLong() >= 0, active.toString());
        assertEquals(30, active.get("cpu-throttle-percentage").asInt());
        assertEquals(json("""
                {"transferred": 210000000, "remaining": 41943040, "total": 268435456, "duplicate": 10000, "skipped": 0,
                 "normal": 50000, "normal-bytes": 204800000, "dirty-pages-rate": 1234, "mbps": 880, "dirty-sync-count": 3,
                 "postcopy-requests": 0, "page-size": 4096, "multifd-bytes": 0, "postcopy-bytes": 0,
                 "dirty-sync-missed-zero-copy": 0}"""), active.get("ram"));
        String info = hmp("info migrate");
        assertTrue(info.startsWith("Migration status: active\ntotal time: "), info);
        assertTrue(info.contains(" ms\nexpected downtime: 150 ms\nsetup: "), info);
        assertTrue(info.contains("""
                transferred ram: 205078 kbytes
                throughput: 880.00 mbps
                remaining ram: 40960 kbytes
                total ram: 262144 kbytes
                duplicate: 10000 pages
                skipped: 0 pages
                normal: 50000 pages
                normal bytes: 200000 kbytes
                dirty sync count: 3
                page size: 4 kbytes
                multifd bytes: 0 kbytes
                dirty pages rate: 1234 pages
                cpu throttle percentage: 30
                """), info);
        m.throttle(0);
        m.completed(42);
        JsonNode done = ok("query-migrate", "{}");
        assertEquals(42, done.get("downtime").asLong());
        assertFalse(done.has("expected-downtime") || done.has("cpu-throttle-percentage"), done.toString());
        assertEquals(0, done.at("/ram/remaining").asLong());
        assertEquals(0, done.at("/ram/dirty-pages-rate").asLong());
        assertTrue(hmp("info migrate").contains("Migration status: completed\ntotal time: "), hmp("info migrate"));
        assertTrue(hmp("info migrate").contains(" ms\ndowntime: 42 ms\nsetup: "), hmp("info migrate"));
        m.start(256L << 20);
        m.failed("Unable to write to socket: Broken pipe");
        assertEquals(json("{\"status\": \"failed\", \"error-desc\": \"Unable to write to socket: Broken pipe\"}"), ok("query-migrate", "{}"));
        assertEquals("Migration status: failed (Unable to write to socket: Broken pipe)\ntotal time: 0 ms\n", hmp("info migrate"));
        m.start(256L << 20);
        m.cancelled();
        assertEquals(json("{\"status\": \"cancelled\"}"), ok("query-migrate", "{}"));
    }
}
