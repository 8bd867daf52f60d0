package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * query-qmp-schema generated from jpseries' own command table, in QEMU's SchemaInfo form
 * (qapi/introspect.json, scripts/qapi/introspect.py): one "command" entry per command with its
 * argument type (from the command's parameters; optional members carry "default": null) and
 * its return type ({@link QmpReturns}), then every object and array type they use and the
 * builtins. As QEMU does, object type names are masked to numbers ("0" is the empty object)
 * and an array is named "[ELEMENT]". A list argument whose elements the command checks itself
 * is a list of "any". The events and their data ({@link QmpReturns#EVENTS}) follow the commands.
 */
final class QmpSchema {
    /** QAPI builtin name to its JSON type (introspect.py _gen_builtin). */
    private static final Map<String, String> BUILTINS = Map.of("str", "string", "int", "int", "number", "number", "bool", "boolean",
            "any", "value");

    private final Map<String, String> objectNames = new LinkedHashMap<>(); // members' JSON -> masked name
    private final Map<String, ObjectNode> entries = new LinkedHashMap<>(); // type name -> SchemaInfo
    private final Map<String, Boolean> builtinsUsed = new TreeMap<>();

    private QmpSchema() {}

    static JsonNode of(Iterable<QmpCommands.Command> commands) {
        QmpSchema s = new QmpSchema();
        s.name(new QmpReturns.Type(null, null, Map.of())); // "0", the empty object, first as in QEMU
        ArrayNode out = QmpJson.MAPPER.createArrayNode();
        for (QmpCommands.Command c : commands) {
            Map<String, QmpReturns.Member> members = new LinkedHashMap<>();
            for (QmpCommands.Param p : c.params()) {
                QmpReturns.Type t = p.type().equals("array") ? new QmpReturns.Type(null, QmpReturns.parse("any"), null) : QmpReturns.parse(p.type());
                members.put(p.name(), new QmpReturns.Member(p.name(), t, p.optional()));
            }
            String arg = s.name(new QmpReturns.Type(null, null, members));
            String ret = s.name(QmpReturns.parse(QmpReturns.RETURNS.get(c.name())));
            out.addObject().put("name", c.name()).put("ret-type", ret).put("meta-type", "command").put("arg-type", arg);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(QmpReturns.EVENTS).entrySet()) {
            out.addObject().put("name", e.getKey()).put("meta-type", "event").put("arg-type", s.name(QmpReturns.parse(e.getValue())));
        }
        s.entries.values().forEach(out::add);
        for (String b : s.builtinsUsed.keySet()) out.addObject().put("name", b).put("json-type", BUILTINS.get(b)).put("meta-type", "builtin");
        return out;
    }

    /** The schema name of {@code t}, adding its entry (and those of the types it uses) on first sight. */
    private String name(QmpReturns.Type t) {
        if (t.builtin() != null) {
            builtinsUsed.put(t.builtin(), true);
            return t.builtin();
        }
        if (t.element() != null) {
            String n = "[" + name(t.element()) + "]";
            entries.computeIfAbsent(n, k -> {
                ObjectNode e = QmpJson.object();
                e.put("name", k).put("element-type", name(t.element())).put("meta-type", "array");
                return e;
            });
            return n;
        }
        ArrayNode members = QmpJson.MAPPER.createArrayNode();
        for (QmpReturns.Member m : t.members().values()) {
            ObjectNode o = members.addObject();
            o.put("name", m.name()).put("type", name(m.type()));
            if (m.optional()) o.putNull("default");
        }
        String key = members.toString();
        String n = objectNames.get(key);
        if (n == null) {
            n = Integer.toString(objectNames.size());
            objectNames.put(key, n);
            ObjectNode e = QmpJson.object();
            e.put("name", n).set("members", members);
            e.put("meta-type", "object");
            entries.put(n, e);
        }
        return n;
    }
}
