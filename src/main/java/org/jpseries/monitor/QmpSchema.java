package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * query-qmp-schema generated from jpseries' own command table, in QEMU's SchemaInfo form
 * (qapi/introspect.json, scripts/qapi/introspect.py): one "command" entry per command, its
 * arguments as an object type whose optional members carry "default": null, and the builtin
 * types they use. As QEMU does, object and array type names other than builtins are masked
 * to numbers ("0" is the empty argument object). Return types are described as the builtin
 * "any": the table does not record each command's return shape yet.
 */
final class QmpSchema {
    private QmpSchema() {}

    /** QAPI builtin name to its JSON type (introspect.py _gen_builtin). */
    private static final Map<String, String> BUILTINS = Map.of("str", "string", "int", "int", "bool", "boolean", "any", "value");

    static JsonNode of(Iterable<QmpCommands.Command> commands) {
        ArrayNode out = QmpJson.MAPPER.createArrayNode();
        Map<String, String> objects = new LinkedHashMap<>(); // members' JSON text -> masked name
        Map<String, ObjectNode> types = new LinkedHashMap<>();
        ObjectNode empty = QmpJson.object();
        empty.put("name", "0").putArray("members");
        empty.put("meta-type", "object");
        objects.put("[]", "0");
        types.put("0", empty);
        boolean anyArray = false;
        for (QmpCommands.Command c : commands) {
            ArrayNode members = QmpJson.MAPPER.createArrayNode();
            for (QmpCommands.Param p : c.params()) {
                ObjectNode m = members.addObject();
                m.put("name", p.name());
                if (p.type().equals("array")) {
                    m.put("type", "[any]");
                    anyArray = true;
                } else {
                    m.put("type", p.type());
                }
                if (p.optional()) m.putNull("default");
            }
            String key = members.toString();
            String name = objects.get(key);
            if (name == null) {
                name = Integer.toString(objects.size());
                objects.put(key, name);
                ObjectNode t = QmpJson.object();
                t.put("name", name).set("members", members);
                t.put("meta-type", "object");
                types.put(name, t);
            }
            ObjectNode e = out.addObject();
            e.put("name", c.name()).put("ret-type", "any").put("meta-type", "command").put("arg-type", name);
        }
        types.values().forEach(out::add);
        if (anyArray) out.addObject().put("name", "[any]").put("element-type", "any").put("meta-type", "array");
        for (Map.Entry<String, String> b : BUILTINS.entrySet()) {
            out.addObject().put("name", b.getKey()).put("json-type", b.getValue()).put("meta-type", "builtin");
        }
        return out;
    }
}
