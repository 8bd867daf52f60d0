package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fuzz property of a QMP connection's input side, run without a machine: the client's bytes
 * go through {@link JsonFraming} into texts, each text through {@link QmpSession#handle} (JSON
 * parsing, QEMU's envelope checks, capabilities negotiation, the command table's argument
 * checking), and every text gets exactly one reply that is a "return" or an "error" of a QEMU
 * error class; never an exception, never the session's "internal error" catch-all. Commands
 * that need no machine run for real (query-version, query-commands, query-machines,
 * query-cpu-definitions, query-name, query-chardev, getfd, closefd); the others are checked
 * against their parameters and then answered {} here, since they act on a running machine.
 */
public final class QmpFuzz {
    private QmpFuzz() {}

    static final Set<String> MACHINE_FREE = Set.of("qmp_capabilities", "query-version", "query-commands", "query-machines",
            "query-cpu-definitions", "query-name", "query-chardev", "getfd", "closefd");
    static final Set<String> ERROR_CLASSES = Set.of(QmpError.GENERIC, QmpError.COMMAND_NOT_FOUND);

    /** The monitor's command table with the machine's commands checked but not run. */
    static QmpCommands commands() {
        QmpCommands c = new QmpCommands((org.jpseries.spapr.SpaprMachine) null, "fuzz", (event, data) -> { });
        HostCommands.register(c, new Chardevs());
        List<String> names = new ArrayList<>();
        try {
            for (JsonNode n : c.invoke(c.find("query-commands"), QmpJson.object())) names.add(n.get("name").asText());
        } catch (QmpError e) {
            throw new AssertionError(e);
        }
        for (String n : names) {
            QmpCommands.Command cmd = c.find(n);
            if (!MACHINE_FREE.contains(n)) c.add(n, cmd.params(), a -> null);
        }
        return c;
    }

    /** Frames and answers the whole input; returns the replies, one per text. */
    public static List<ObjectNode> check(byte[] input) {
        QmpSession s = new QmpSession(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), () -> { }, commands());
        JsonFraming framing = new JsonFraming(new ByteArrayInputStream(input));
        List<ObjectNode> replies = new ArrayList<>();
        try {
            for (JsonFraming.Text t; (t = framing.next()) != null; ) {
                if (t.bytes() == null) {
                    if (t.error() == null || t.error().isBlank()) throw new AssertionError("a framing error without a message");
                    continue;
                }
                ObjectNode r = s.handle(t.bytes());
                JsonNode err = r.get("error");
                if (r.has("return") == (err != null)) throw new AssertionError("neither return nor error: " + r);
                if (err != null) {
                    String desc = err.path("desc").asText("");
                    if (!ERROR_CLASSES.contains(err.path("class").asText()) || desc.isBlank() || desc.startsWith("internal error")) {
                        throw new AssertionError("reply to " + new String(t.bytes(), StandardCharsets.UTF_8) + ": " + r);
                    }
                }
                QmpJson.line(r); // the reply must serialise
                replies.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return replies;
    }

    /** Seeds: sessions as scripts/qmp-client and libvirt write them, and QEMU's documented abuse cases. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        String neg = "{\"execute\": \"qmp_capabilities\"}\n";
        m.put("qmp-client-status", (neg + "{\"execute\": \"query-status\"}\n{\"execute\": \"query-version\", \"id\": 7}\n").getBytes(StandardCharsets.UTF_8));
        m.put("every-command", (neg + "{\"execute\": \"query-commands\"}{\"execute\":\"query-name\"}{'execute':'query-machines','arguments':{'compat-props':true}}"
                + "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info registers\",\"cpu-index\":0}}"
                + "{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"file:/tmp/x\",\"detach\":true}}"
                + "{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":[{\"capability\":\"events\",\"state\":true}]}}"
                + "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"f\"}}{\"execute\":\"stop\"}{\"execute\":\"cont\"}"
                + "{\"execute\":\"query-chardev\"}{\"execute\":\"query-cpu-definitions\"}{\"exec-oob\":\"query-status\",\"id\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8));
        m.put("oob-negotiation", "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}\r\n{\"exec-oob\": \"query-status\", \"id\": 1}\r\n"
                .getBytes(StandardCharsets.UTF_8));
        m.put("bad-envelopes", (neg + "[1, 2]\n{\"execute\": 1}\n{\"arguments\": {}}\n{\"execute\": \"nope\"}\n\"str\" 42 true null}\n"
                + "{\"execute\": \"query-status\", \"arguments\": {\"x\": 1}}\n{\"a\": 1, \"a\": 2}\n").getBytes(StandardCharsets.UTF_8));
        m.put("bad-lexical", (neg + "{\"execute\": \"query-\u0001status\"}\n\u00ff{\"execute\": \"query-status\"}\n[[[[{{{{").getBytes(StandardCharsets.UTF_8));
        return m;
    }
}
