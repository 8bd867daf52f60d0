package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Oracles;
import org.jpseries.spapr.SpaprMachine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration commands against qemu-system-ppc64 7.2 (-S, no guest), through
 * scripts/qmp-client: the same requests get the same answers, word for word: errors, HMP text
 * and values. Where jpseries has fewer members (query-migrate-parameters, query-migrate-capabilities,
 * info migrate_parameters) each one it has must be QEMU's, with QEMU's value. Skipped where
 * qemu-system-ppc64 or python3 is missing.
 */
@Tag("diff")
class MigrationOracleTest {
    /** Requests (a command, then its JSON arguments if any) whose answers QEMU 7.2 and jpseries share. */
    static final List<String> SESSION = List.of(
            "query-migrate", "query-migrate-parameters", "query-migrate-capabilities", "hmp:info migrate_parameters",
            "hmp:info migrate_capabilities",
            "migrate-set-parameters", "{\"nope\": 1}",
            "migrate-set-parameters", "{\"downtime-limit\": \"x\"}",
            "migrate-set-parameters", "{\"downtime-limit\": 1.5}",
            "migrate-set-parameters", "{\"downtime-limit\": 2000001}",
            "migrate-set-parameters", "{\"downtime-limit\": -1}",
            "migrate-set-parameters", "{\"cpu-throttle-initial\": 300}",
            "migrate-set-parameters", "{\"cpu-throttle-initial\": -1}",
            "migrate-set-parameters", "{\"cpu-throttle-initial\": 0}",
            "migrate-set-parameters", "{\"cpu-throttle-increment\": 100}",
            "migrate-set-parameters", "{\"throttle-trigger-threshold\": 0}",
            "migrate-set-parameters", "{\"max-cpu-throttle\": 100}",
            "migrate-set-parameters", "{\"cpu-throttle-initial\": 50, \"max-cpu-throttle\": 40}",
            "migrate-set-parameters", "{\"announce-initial\": 100001}",
            "migrate-set-parameters", "{\"announce-max\": 100001}",
            "migrate-set-parameters", "{\"announce-rounds\": -1}",
            "migrate-set-parameters", "{\"announce-step\": 0}",
            "migrate-set-parameters", "{\"tls-creds\": 5}",
            "migrate-set-parameters", "{\"max-bandwidth\": 9223372036853727232, \"downtime-limit\": 500, \"announce-initial\": 60, "
                    + "\"announce-max\": 600, \"announce-rounds\": 6, \"announce-step\": 110, \"tls-creds\": \"\", \"tls-hostname\": null}",
            "migrate-set-parameters", "{\"cpu-throttle-initial\": 30, \"max-cpu-throttle\": 80, \"throttle-trigger-threshold\": 70}",
            "query-migrate-parameters",
            "hmp:migrate_set_parameter nope 1", "hmp:migrate_set_parameter max-bandwidth 1.5G",
            "hmp:migrate_set_parameter max-bandwidth 100x", "hmp:migrate_set_parameter max-bandwidth -1",
            "hmp:migrate_set_parameter max-bandwidth 8E", "hmp:migrate_set_parameter max-bandwidth 1.5b",
            "hmp:migrate_set_parameter downtime-limit 1k", "hmp:migrate_set_parameter downtime-limit 3000000",
            "hmp:migrate_set_parameter downtime-limit 99999999999999999999", "hmp:migrate_set_parameter announce-step 1e3",
            "hmp:migrate_set_parameter cpu-throttle-initial 300", "hmp:migrate_set_parameter cpu-throttle-initial x",
            "hmp:migrate_set_parameter cpu-throttle-initial 010", "hmp:migrate_set_parameter max-bandwidth",
            "hmp:migrate_set_parameter", "hmp:info migrate_parameters", "query-migrate-parameters",
            "migrate-set-capabilities", "{\"capabilities\": [{\"capability\": \"events\", \"state\": true}, "
                    + "{\"capability\": \"auto-converge\", \"state\": true}, {\"capability\": \"pause-before-switchover\", \"state\": true}]}",
            "migrate-set-capabilities", "{\"capabilities\": [{\"capability\": \"nope\", \"state\": true}]}",
            "migrate-set-capabilities", "{\"capabilities\": [{\"capability\": \"events\", \"state\": \"x\"}]}",
            "migrate-set-capabilities", "{\"capabilities\": [{\"capability\": \"events\"}]}",
            "migrate-set-capabilities", "{\"capabilities\": [{\"capability\": \"events\", \"state\": true, \"x\": 1}]}",
            "migrate-set-capabilities", "{\"capabilities\": [1]}",
            "migrate-set-capabilities", "{\"capabilities\": {}}",
            "migrate-set-capabilities", "{\"capabilities\": [{\"capability\": \"postcopy-preempt\", \"state\": true}]}",
            "query-migrate-capabilities", "hmp:migrate_set_capability events off", "hmp:migrate_set_capability events maybe",
            "hmp:migrate_set_capability nope on", "hmp:info migrate_capabilities",
            "migrate_cancel", "hmp:migrate_cancel", "hmp:migrate_cancel x",
            "migrate-continue", "{\"state\": \"pre-switchover\"}",
            "migrate-continue", "{\"state\": \"nope\"}",
            "migrate-continue", "{}",
            "migrate-continue", "{\"state\": 1}",
            "hmp:migrate_continue pre-switchover", "hmp:migrate_continue nope", "hmp:migrate_continue",
            "migrate", "{\"uri\": \"exec:true\", \"resume\": true}",
            "hmp:migrate -r exec:true", "hmp:migrate", "hmp:migrate -x foo", "hmp:migrate_incoming", "query-migrate");

    @TempDir
    Path dir;

    List<JsonNode> answers(Path sock) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", Oracles.home().resolve("scripts/qmp-client").toString(), "unix:" + sock));
        cmd.addAll(SESSION);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        List<JsonNode> r = new ArrayList<>();
        for (String l : out.lines().toList()) r.add(QmpJson.MAPPER.readTree(l));
        return r.subList(2, r.size()); // past the greeting and the reply to qmp_capabilities
    }

    @Test
    void sameAnswersAsQemu() throws Exception {
        assumeTrue(QmpShapesTest.installed("qemu-system-ppc64") && QmpShapesTest.installed("python3"),
                "qemu-system-ppc64 or python3 is not installed");
        List<JsonNode> want = QmpShapesTest.askQemu(dir, this::answers);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        SpaprMachine m = QmpShapesTest.stoppedMachine(quiet);
        Path jsock = dir.resolve("jpseries.sock");
        List<JsonNode> got;
        try (QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + jsock + ",server=on,wait=off"), m, null, quiet).start()) {
            got = answers(jsock);
        }
        assertEquals(want.size(), got.size(), "answers:\n" + want + "\n" + got);
        int subsets = 0;
        for (int i = 0; i < want.size(); i++) {
            JsonNode q = want.get(i).get("return"), j = got.get(i).get("return");
            String what = "answer " + i + ":\nqemu:     " + want.get(i) + "\njpseries: " + got.get(i);
            if (q != null && j != null && q.isObject() && j.size() > 0 && j.size() < q.size()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = j.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    assertEquals(q.get(e.getKey()), e.getValue(), e.getKey() + " in " + what);
                }
                subsets++;
            } else if (q != null && j != null && q.isArray() && j.size() < q.size()) {
                for (JsonNode c : j) assertTrue(q.toString().contains(c.toString()), c + " in " + what);
                subsets++;
            } else if (q != null && j != null && q.isTextual() && q.asText().contains("announce-initial")) {
                List<String> lines = List.of(q.asText().split("\r\n"));
                for (String l : j.asText().split("\r\n")) assertTrue(lines.contains(l), l + " in " + what);
                subsets++;
            } else if (q != null && j != null && q.isTextual() && q.asText().startsWith("xbzrle: ")) {
                for (String l : j.asText().split("\r\n")) assertTrue(q.asText().contains(l + "\r\n"), l + " in " + what);
                subsets++;
            } else {
                assertEquals(want.get(i), got.get(i), what);
            }
        }
        assertEquals(9, subsets, "the parameter and capability listings were compared member by member");
    }
}
