package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jpseries.spapr.SpaprMachine;
import org.junit.jupiter.api.Test;

/**
 * query-qmp-schema tells the truth about answers: every query a stopped pseries machine and a
 * none machine answer without arguments conforms to the return type the schema gives it
 * ({@link QmpReturns}), and the schema's types are all defined.
 */
class QmpReturnsTest {
    private static List<String> check(QmpCommands t) throws Exception {
        List<String> bad = new ArrayList<>();
        for (QmpCommands.Command c : t.all()) {
            boolean needsArgs = c.params().stream().anyMatch(p -> !p.optional());
            if (needsArgs || !(c.name().startsWith("query-") || c.name().equals("qom-list-types") || c.name().equals("qmp_capabilities"))) continue;
            JsonNode r = t.invoke(c, QmpJson.object());
            bad.addAll(QmpReturns.mismatches(r, QmpReturns.parse(QmpReturns.RETURNS.get(c.name())), c.name()));
        }
        for (String typename : List.of("spapr-vty", "pseries-7.2-machine")) {
            JsonNode r = t.invoke(t.find(typename.equals("spapr-vty") ? "device-list-properties" : "qom-list-properties"),
                    (com.fasterxml.jackson.databind.node.ObjectNode) QmpJson.object().put("typename", typename));
            bad.addAll(QmpReturns.mismatches(r, QmpReturns.parse(QmpReturns.RETURNS.get("qom-list-properties")), typename));
        }
        return bad;
    }

    @Test
    void answersConformToTheSchema() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        SpaprMachine m = QmpShapesTest.stoppedMachine(quiet);
        try {
            QmpCommands full = new QmpCommands(m, "vm", (e, d) -> { });
            HostCommands.register(full, new Chardevs());
            assertEquals(List.of(), check(full));
        } finally {
            m.quit("host-qmp-quit");
        }
        QmpCommands none = new QmpCommands(new NoneMachine(true), null, (e, d) -> { });
        HostCommands.register(none, new Chardevs());
        assertEquals(List.of(), check(none));
    }

    @Test
    void everySchemaTypeIsDefined() throws Exception {
        QmpCommands t = new QmpCommands((SpaprMachine) null, null, (e, d) -> { });
        HostCommands.register(t, new Chardevs());
        JsonNode schema = t.invoke(t.find("query-qmp-schema"), QmpJson.object());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode e : schema) byName.put(e.get("name").asText(), e);
        for (JsonNode e : schema) {
            for (String ref : List.of("arg-type", "ret-type", "element-type")) {
                if (e.has(ref)) assertTrue(byName.containsKey(e.get(ref).asText()), e.toString());
            }
            if (e.has("members")) for (JsonNode mem : e.get("members")) assertTrue(byName.containsKey(mem.get("type").asText()), e.toString());
        }
        JsonNode shutdown = byName.get(byName.get("SHUTDOWN").get("arg-type").asText());
        assertEquals("event", byName.get("SHUTDOWN").get("meta-type").asText());
        assertEquals("[guest, reason]", shutdown.get("members").findValuesAsText("name").toString());
        JsonNode version = byName.get(byName.get("query-version").get("ret-type").asText());
        assertEquals("[qemu, package]", version.get("members").findValuesAsText("name").subList(0, 2).toString());
    }
}
