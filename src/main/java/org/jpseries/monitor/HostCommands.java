package org.jpseries.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * The QMP commands about host resources (QEMU qapi/misc.json getfd/closefd, qapi/char.json
 * query-chardev): descriptors passed over the monitor socket and the character devices.
 */
final class HostCommands {
    private HostCommands() {}

    /** Adds getfd, closefd and query-chardev to {@code commands}. */
    static void register(QmpCommands commands, Chardevs chardevs) {
        MonitorFds fds = commands.fds;
        commands.add("getfd", List.of(new QmpCommands.Param("fdname", "str", false)), a -> {
            fds.getfd(a.get("fdname").asText());
            return null;
        });
        commands.add("closefd", List.of(new QmpCommands.Param("fdname", "str", false)), a -> {
            fds.closefd(a.get("fdname").asText());
            return null;
        });
        commands.add("query-chardev", List.of(), a -> {
            ArrayNode r = QmpJson.MAPPER.createArrayNode();
            for (Chardevs.Info i : chardevs.list()) {
                r.addObject().put("frontend-open", i.frontendOpen()).put("filename", i.filename()).put("label", i.label());
            }
            return r;
        });
    }
}
