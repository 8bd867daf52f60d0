package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What a none machine's monitor advertises, for tests outside the monitor package. */
public final class QmpCommandsProbe {
    private final QmpCommands commands = new QmpCommands(new NoneMachine(true), null, (e, d) -> { });

    /** qom-list-properties pseries-7.2-machine, without QOM's own "type". */
    public List<String> machineProperties() throws Exception {
        List<String> out = new ArrayList<>();
        JsonNode r = commands.invoke(commands.find("qom-list-properties"),
                (com.fasterxml.jackson.databind.node.ObjectNode) QmpJson.object().put("typename", QomTypes.machineType(org.jpseries.spapr.MachineType.NAME)));
        for (JsonNode p : r) if (!p.get("name").asText().equals("type")) out.add(p.get("name").asText());
        return out;
    }
}
