package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code -machine none} monitor answers libvirt's capability probe (docs/libvirt.md): the
 * twelve commands libvirt cannot do without, a QEMU-level version, a schema that is the command
 * table, and only types that exist; a command jpseries lacks is CommandNotFound, as in QEMU.
 */
class NoneMachineProbeTest {
    /** The commands whose absence makes libvirt 9.0 refuse an emulator. */
    static final List<String> FATAL = List.of("query-version", "query-target", "query-qmp-schema", "query-commands", "query-kvm",
            "qom-list-types", "device-list-properties", "qom-list-properties", "query-machines", "query-cpu-definitions",
            "query-command-line-options", "query-migrate-capabilities");

    @TempDir
    Path dir;

    private JsonNode ret(JsonNode reply) {
        assertNotNull(reply.get("return"), reply.toString());
        return reply.get("return");
    }

    @Test
    void answersLibvirtsProbe() throws Exception {
        Path sock = dir.resolve("qmp.monitor");
        NoneMachine none = new NoneMachine(true);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        try (QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), none, null, quiet,
                new Chardevs()).start(); QmpClient c = new QmpClient(sock)) {
            c.negotiate();
            JsonNode v = ret(c.call("{\"execute\":\"query-version\"}"));
            assertEquals(7, v.get("qemu").get("major").asInt());
            assertEquals(2, v.get("qemu").get("minor").asInt());
            assertTrue(v.get("package").asText().startsWith("jpseries "), v.toString());
            assertEquals("ppc64", ret(c.call("{\"execute\":\"query-target\"}")).get("arch").asText());
            assertFalse(ret(c.call("{\"execute\":\"query-kvm\"}")).get("present").asBoolean());
            assertEquals("prelaunch", ret(c.call("{\"execute\":\"query-status\"}")).get("status").asText());

            Set<String> commands = new HashSet<>();
            for (JsonNode n : ret(c.call("{\"execute\":\"query-commands\"}"))) commands.add(n.get("name").asText());
            assertTrue(commands.containsAll(FATAL), "missing: " + FATAL.stream().filter(x -> !commands.contains(x)).toList());
            // the schema is the command table: the same commands, each with an argument type that exists
            Set<String> schemaCommands = new HashSet<>(), typeNames = new HashSet<>();
            JsonNode schema = ret(c.call("{\"execute\":\"query-qmp-schema\"}"));
            for (JsonNode e : schema) {
                typeNames.add(e.get("name").asText());
                if (e.get("meta-type").asText().equals("command")) schemaCommands.add(e.get("name").asText());
            }
            assertEquals(commands, schemaCommands);
            for (JsonNode e : schema) {
                if (e.get("meta-type").asText().equals("command")) {
                    assertTrue(typeNames.contains(e.get("arg-type").asText()), e.toString());
                    assertTrue(typeNames.contains(e.get("ret-type").asText()), e.toString());
                }
            }

            Set<String> types = new HashSet<>();
            for (JsonNode t : ret(c.call("{\"execute\":\"qom-list-types\"}"))) types.add(t.get("name").asText());
            assertTrue(types.containsAll(Set.of("tcg-accel", "pseries-7.2-machine", "none-machine", "spapr-vty")), types.toString());
            JsonNode accels = ret(c.call("{\"execute\":\"qom-list-types\",\"arguments\":{\"implements\":\"accel\"}}"));
            assertEquals("[{\"name\":\"tcg-accel\",\"parent\":\"accel\"}]", accels.toString());
            // what libvirt asks and jpseries has not: QEMU's error classes
            assertEquals("DeviceNotFound", c.call("{\"execute\":\"device-list-properties\",\"arguments\":{\"typename\":\"virtio-blk-pci\"}}")
                    .get("error").get("class").asText());
            assertEquals("GenericError", c.call("{\"execute\":\"device-list-properties\",\"arguments\":{\"typename\":\"tcg-accel\"}}")
                    .get("error").get("class").asText());
            assertEquals("CommandNotFound", c.call("{\"execute\":\"query-tpm-models\"}").get("error").get("class").asText());
            JsonNode vty = ret(c.call("{\"execute\":\"device-list-properties\",\"arguments\":{\"typename\":\"spapr-vty\"}}"));
            assertEquals("[chardev, reg]", vty.findValuesAsText("name").toString());
            JsonNode machines = ret(c.call("{\"execute\":\"query-machines\"}"));
            assertEquals("[pseries-7.2, none]", machines.findValuesAsText("name").toString());
            assertEquals("GenericError", c.call("{\"execute\":\"query-command-line-options\",\"arguments\":{\"option\":\"nope\"}}")
                    .get("error").get("class").asText());
            assertTrue(ret(c.call("{\"execute\":\"query-migrate-capabilities\"}")).size() > 0);
            assertEquals("{}", ret(c.call("{\"execute\":\"quit\"}")).toString());
            assertEquals(0, none.run()); // quit ended the machine
        }
    }
}
