package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jpseries.cpu.CpuModel;
import org.jpseries.spapr.SpaprMachine;

/**
 * The QMP commands jpseries implements, with QEMU's names, argument checking and answers
 * (qapi/*.json): each takes its checked "arguments" object and returns the "return" value.
 * Commands that change the run state wait until the machine's control thread has acted, so the
 * event they cause (STOP, RESUME, RESET, SHUTDOWN) is sent before their reply, as in QEMU.
 */
final class QmpCommands {
    /**
     * query-version's answer: the QEMU interface jpseries implements (QEMU 7.2's machine, QMP and
     * command line; libvirt refuses anything below 4.2.0), with jpseries' own version (the pom's)
     * as the package, as a distribution names its build of QEMU.
     */
    static final int MAJOR = 7, MINOR = 2, MICRO = 0;
    static final String PACKAGE = "jpseries 0.1.0";
    /** How long a run-state request may take before the client gets an error (the machine keeps going). */
    static final long REQUEST_SECONDS = 60;

    /**
     * A command argument: QAPI type name ("str", "int", "bool", "array", or "any" for a member
     * whose handler checks its type itself) and whether it may be left out.
     */
    record Param(String name, String type, boolean optional) {}

    interface Handler {
        JsonNode run(ObjectNode args) throws QmpError;
    }

    record Command(String name, List<Param> params, Handler handler) {}

    /** Raises QMP events that do not come from the machine's observers (POWERDOWN). */
    interface Events {
        void emit(String event, ObjectNode data);
    }

    /** The pseries machine, or null for {@code -machine none}. */
    private final SpaprMachine machine;
    /** The none machine, or null for pseries. */
    private final NoneMachine none;
    private final String name;
    private final Events events;
    private final HumanMonitor hmp;
    private final Map<String, Command> table = new LinkedHashMap<>();
    /** The descriptors clients passed with getfd, for commands that use them (migrate "fd:NAME"). */
    final MonitorFds fds = new MonitorFds();

    /**
     * @param name the -name of the guest, or null
     */
    QmpCommands(SpaprMachine machine, String name, Events events) {
        this(machine, null, name, events);
    }

    /** The commands of a {@code -machine none} process: no guest, only questions, run state and quit. */
    QmpCommands(NoneMachine none, String name, Events events) {
        this(null, none, name, events);
    }

    private QmpCommands(SpaprMachine machine, NoneMachine none, String name, Events events) {
        this.machine = machine;
        this.none = none;
        this.name = name;
        this.events = events;
        add("qmp_capabilities", List.of(new Param("enable", "array", true)), a -> null); // the session handles it
        add("query-version", List.of(), a -> version());
        add("query-commands", List.of(), a -> commands());
        add("query-status", List.of(), a -> status());
        add("query-name", List.of(), a -> queryName());
        add("query-machines", List.of(new Param("compat-props", "bool", true)), a -> machines());
        add("query-cpu-definitions", List.of(), a -> cpuDefinitions());
        ProbeCommands.register(this);
        if (none != null) {
            this.hmp = null;
            add("stop", List.of(), a -> {
                if (none.running()) events.emit("STOP", null);
                none.setRunning(false);
                return null;
            });
            add("cont", List.of(), a -> {
                if (!none.running()) events.emit("RESUME", null);
                none.setRunning(true);
                return null;
            });
            add("quit", List.of(), a -> {
                none.quit();
                return null;
            });
            add("query-migrate-capabilities", List.of(), a -> MigrationCommands.capabilities(none.migration));
            return;
        }
        MigrationCommands migration = new MigrationCommands(machine, fds);
        this.hmp = new HumanMonitor(machine, migration);
        add("query-cpus-fast", List.of(), a -> cpusFast());
        add("stop", List.of(), a -> await(machine.pause()));
        add("cont", List.of(), a -> cont());
        add("system_reset", List.of(), a -> await(machine.hostReset()));
        add("system_powerdown", List.of(), a -> powerdown());
        add("inject-nmi", List.of(), a -> {
            machine.injectNmi();
            return null;
        });
        add("quit", List.of(), a -> await(machine.quit("host-qmp-quit")));
        migration.register(this);
        add("human-monitor-command", List.of(new Param("command-line", "str", false), new Param("cpu-index", "int", true)),
                this::humanMonitorCommand);
    }

    /** Adds a command; its return type must be declared in {@link QmpReturns} (query-qmp-schema describes it). */
    void add(String n, List<Param> params, Handler h) {
        if (!QmpReturns.RETURNS.containsKey(n)) throw new IllegalStateException("QMP command " + n + " has no return type in QmpReturns");
        table.put(n, new Command(n, params, h));
    }

    Command find(String n) {
        return table.get(n);
    }

    /** Every command, in registration order (query-commands, query-qmp-schema). */
    Iterable<Command> all() {
        return table.values();
    }

    /** Checks {@code args} against the command's parameters (QEMU's qobject input visitor messages), then runs it. */
    JsonNode invoke(Command c, ObjectNode args) throws QmpError {
        for (Param p : c.params) {
            JsonNode v = args.get(p.name);
            if (v == null) {
                if (!p.optional) throw QmpError.generic("Parameter '" + p.name + "' is missing");
                continue;
            }
            boolean ok = switch (p.type) {
                case "str" -> v.isTextual();
                case "int" -> v.isIntegralNumber();
                case "bool" -> v.isBoolean();
                case "array" -> v.isArray();
                case "any" -> true;
                default -> false;
            };
            if (!ok) {
                String expected = switch (p.type) {
                    case "str" -> "string";
                    case "int" -> "integer";
                    case "bool" -> "boolean";
                    default -> "array";
                };
                throw QmpError.generic("Invalid parameter type for '" + p.name + "', expected: " + expected);
            }
        }
        for (Iterator<String> it = args.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (c.params.stream().noneMatch(p -> p.name.equals(k))) throw QmpError.generic("Parameter '" + k + "' is unexpected");
        }
        JsonNode r = c.handler.run(args);
        return r == null ? QmpJson.object() : r;
    }

    private static JsonNode await(CompletableFuture<Void> f) throws QmpError {
        try {
            f.get(REQUEST_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (TimeoutException e) {
            throw QmpError.generic("the machine did not act on the request within " + REQUEST_SECONDS + " s");
        } catch (ExecutionException e) {
            throw QmpError.generic(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QmpError.generic("interrupted");
        }
    }

    private JsonNode version() {
        ObjectNode r = QmpJson.object();
        ObjectNode q = r.putObject("qemu");
        q.put("micro", MICRO).put("minor", MINOR).put("major", MAJOR);
        r.put("package", PACKAGE);
        return r;
    }

    private JsonNode commands() {
        ArrayNode a = QmpJson.MAPPER.createArrayNode();
        for (String n : table.keySet()) a.addObject().put("name", n);
        return a;
    }

    private JsonNode status() {
        if (none != null) {
            ObjectNode r = QmpJson.object();
            r.put("status", none.status()).put("singlestep", false).put("running", none.running());
            return r;
        }
        SpaprMachine.RunState s = machine.runState();
        ObjectNode r = QmpJson.object();
        r.put("status", s.qapiName).put("singlestep", false).put("running", s == SpaprMachine.RunState.RUNNING);
        return r;
    }

    private JsonNode queryName() {
        ObjectNode r = QmpJson.object();
        if (name != null) r.put("name", name);
        return r;
    }

    /** One entry per vCPU: pseries has one thread per core, so core-id is the vCPU's index. */
    private JsonNode cpusFast() {
        ArrayNode a = QmpJson.MAPPER.createArrayNode();
        for (int i = 0; i < machine.count(); i++) {
            ObjectNode c = a.addObject();
            c.put("thread-id", HostThreads.id(machine.vcpuThread(i)));
            c.putObject("props").put("core-id", i).put("node-id", 0);
            c.put("qom-path", "/machine/unattached/device[" + i + "]/thread[0]");
            c.put("cpu-index", i).put("target", "ppc64");
        }
        return a;
    }

    private JsonNode machines() {
        ArrayNode a = QmpJson.MAPPER.createArrayNode();
        ObjectNode m = a.addObject();
        m.put("hotpluggable-cpus", false).put("name", org.jpseries.spapr.MachineType.NAME).put("numa-mem-supported", false)
                .put("default-cpu-type", QomTypes.cpuType(CpuModel.POWER9)).put("is-default", true).put("cpu-max", 1024)
                .put("deprecated", false).put("default-ram-id", "ppc_spapr.ram").put("alias", org.jpseries.spapr.MachineType.ALIAS);
        // hw/core/null-machine.c: no CPUs to speak of, and QEMU's generic RAM id
        a.addObject().put("hotpluggable-cpus", false).put("name", "none").put("numa-mem-supported", false).put("cpu-max", 1)
                .put("deprecated", false).put("default-ram-id", "ram");
        return a;
    }

    private JsonNode cpuDefinitions() {
        ArrayNode a = QmpJson.MAPPER.createArrayNode();
        for (CpuModel m : QomTypes.CPUS) {
            a.addObject().put("name", m.name().toLowerCase(java.util.Locale.ROOT)).put("typename", QomTypes.cpuType(m))
                    .put("static", false).put("deprecated", false);
        }
        return a;
    }

    /** cont: QEMU refuses to continue a machine that has shut down or failed. */
    private JsonNode cont() throws QmpError {
        SpaprMachine.RunState s = machine.runState();
        if (s == SpaprMachine.RunState.GUEST_PANICKED || s == SpaprMachine.RunState.INTERNAL_ERROR
                || s == SpaprMachine.RunState.SHUTDOWN) {
            throw QmpError.generic("Resetting the Virtual Machine is required");
        }
        return await(machine.resume());
    }

    /** The power button: POWERDOWN now; the guest sees an EPOW event and shuts itself down. */
    private JsonNode powerdown() {
        events.emit("POWERDOWN", null);
        machine.platform().powerdown();
        return null;
    }

    private JsonNode humanMonitorCommand(ObjectNode args) throws QmpError {
        int cpu = 0;
        if (args.has("cpu-index")) {
            JsonNode v = args.get("cpu-index");
            if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() >= machine.count()) {
                throw QmpError.generic("Parameter 'cpu-index' expects a CPU number below " + machine.count());
            }
            cpu = v.asInt();
        }
        return QmpJson.MAPPER.getNodeFactory().textNode(hmp.run(args.get("command-line").asText(), cpu));
    }
}
