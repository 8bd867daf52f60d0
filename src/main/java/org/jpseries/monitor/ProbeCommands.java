package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The QMP commands a management layer asks before it starts a guest (libvirt's capability
 * probe, docs/libvirt.md), answered from what jpseries implements: query-target, query-kvm,
 * qom-list-types, device-list-properties, qom-list-properties, query-command-line-options and
 * query-qmp-schema (QEMU qapi/machine-target.json, qapi/qom.json, qapi/misc.json,
 * qapi/introspect.json). They need no machine, so a {@code -machine none} process answers them.
 */
final class ProbeCommands {
    private ProbeCommands() {}

    /** QEMU's DeviceNotFound class (qapi/error.json). */
    static final String DEVICE_NOT_FOUND = "DeviceNotFound";

    /**
     * The QemuOpts groups of jpseries' command line and the parameters it accepts
     * (QEMU's query-command-line-options names and types: string, boolean, number, size).
     */
    static final Map<String, List<Opt>> OPTIONS = options();

    /** A parameter of a command-line option group: its name and QemuOpts type. */
    record Opt(String name, String type) {}

    private static Map<String, List<Opt>> options() {
        Map<String, List<Opt>> m = new LinkedHashMap<>();
        m.put("machine", List.of(new Opt("usb", "boolean"), new Opt("dumpdtb", "string"), new Opt("accel", "string"), new Opt("type", "string")));
        m.put("smp-opts", List.of(new Opt("maxcpus", "number"), new Opt("threads", "number"), new Opt("cores", "number"),
                new Opt("clusters", "number"), new Opt("dies", "number"), new Opt("sockets", "number"),
                new Opt("cpus", "number")));
        m.put("memory", List.of(new Opt("size", "size")));
        m.put("chardev", List.of(new Opt("mux", "boolean"), new Opt("server", "boolean"), new Opt("wait", "boolean"),
                new Opt("ipv4", "boolean"), new Opt("fd", "string"), new Opt("port", "string"),
                new Opt("host", "string"), new Opt("path", "string"), new Opt("backend", "string")));
        m.put("mon", List.of(new Opt("pretty", "boolean"), new Opt("chardev", "string"), new Opt("mode", "string")));
        m.put("name", List.of(new Opt("debug-threads", "boolean"), new Opt("guest", "string")));
        m.put("action", List.of(new Opt("panic", "string"), new Opt("reboot", "string"), new Opt("shutdown", "string")));
        m.put("overcommit", List.of(new Opt("cpu-pm", "boolean"), new Opt("mem-lock", "boolean")));
        m.put("msg", List.of(new Opt("timestamp", "boolean")));
        m.put("accel", List.of());
        m.put("rtc", List.of(new Opt("clock", "string"), new Opt("base", "string")));
        m.put("boot-opts", List.of(new Opt("strict", "boolean")));
        return m;
    }

    static void register(QmpCommands t) {
        t.add("query-target", List.of(), a -> QmpJson.object().put("arch", "ppc64"));
        // jpseries emulates every instruction, as QEMU's TCG: there is no KVM to offer
        t.add("query-kvm", List.of(), a -> QmpJson.object().put("enabled", false).put("present", false));
        t.add("qom-list-types", List.of(new QmpCommands.Param("implements", "str", true), new QmpCommands.Param("abstract", "bool", true)),
                ProbeCommands::listTypes);
        t.add("device-list-properties", List.of(new QmpCommands.Param("typename", "str", false)), ProbeCommands::deviceProperties);
        t.add("qom-list-properties", List.of(new QmpCommands.Param("typename", "str", false)), ProbeCommands::objectProperties);
        t.add("query-command-line-options", List.of(new QmpCommands.Param("option", "str", true)), ProbeCommands::commandLineOptions);
        t.add("query-qmp-schema", List.of(), a -> QmpSchema.of(t.all()));
    }

    /** qom-list-types (qom/qom-qmp-cmds.c qmp_qom_list_types): concrete types unless abstract=true, filtered by ancestor. */
    private static JsonNode listTypes(ObjectNode a) {
        String impl = a.has("implements") ? a.get("implements").asText() : null;
        boolean abs = a.has("abstract") && a.get("abstract").asBoolean();
        ArrayNode r = QmpJson.MAPPER.createArrayNode();
        for (QomTypes.Type t : QomTypes.ALL) {
            if (t.isAbstract() && !abs) continue;
            if (impl != null && !QomTypes.implementsType(t, impl)) continue;
            ObjectNode o = r.addObject();
            o.put("name", t.name());
            if (t.isAbstract()) o.put("abstract", true);
            if (t.parent() != null) o.put("parent", t.parent());
        }
        return r;
    }

    /** device-list-properties (qom/qom-qmp-cmds.c qmp_device_list_properties): without QOM's own "type". */
    private static JsonNode deviceProperties(ObjectNode a) throws QmpError {
        String name = a.get("typename").asText();
        QomTypes.Type t = QomTypes.find(name);
        if (t == null) throw new QmpError(DEVICE_NOT_FOUND, "Device '" + name + "' not found");
        if (!t.device()) throw QmpError.generic("Parameter 'typename' expects a non-abstract device type");
        return props(t, false);
    }

    /** qom-list-properties (qmp_qom_list_properties): the type's properties, "type" included. */
    private static JsonNode objectProperties(ObjectNode a) throws QmpError {
        String name = a.get("typename").asText();
        QomTypes.Type t = QomTypes.find(name);
        if (t == null) throw new QmpError(DEVICE_NOT_FOUND, "Class '" + name + "' not found");
        return props(t, true);
    }

    private static JsonNode props(QomTypes.Type t, boolean withType) {
        ArrayNode r = QmpJson.MAPPER.createArrayNode();
        for (QomTypes.Prop p : t.props()) {
            if (!withType && p.name().equals("type")) continue;
            ObjectNode o = r.addObject();
            if (p.defaultValue() instanceof Long l) o.put("default-value", l);
            o.put("name", p.name());
            if (p.description() != null) o.put("description", p.description());
            o.put("type", p.type());
        }
        return r;
    }

    /** query-command-line-options (util/qemu-config.c qmp_query_command_line_options). */
    private static JsonNode commandLineOptions(ObjectNode a) throws QmpError {
        String only = a.has("option") ? a.get("option").asText() : null;
        if (only != null && !OPTIONS.containsKey(only)) throw QmpError.generic("invalid option name: " + only);
        ArrayNode r = QmpJson.MAPPER.createArrayNode();
        for (Map.Entry<String, List<Opt>> e : OPTIONS.entrySet()) {
            if (only != null && !only.equals(e.getKey())) continue;
            ObjectNode o = r.addObject();
            ArrayNode ps = o.putArray("parameters");
            for (Opt p : e.getValue()) ps.addObject().put("name", p.name()).put("type", p.type());
            o.put("option", e.getKey());
        }
        return r;
    }
}
