package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpseries.cpu.CpuModel;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.spapr.TestKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * QMP clients that pipeline, read late or nest too deep, against a machine started as with -S
 * (prelaunch, no guest running): as qemu-system-ppc64 7.2 does, every request is answered, in
 * order, however many are sent before the client reads; events reach a slow client in their
 * place; nesting beyond QEMU's limit is answered with QEMU's error and the session goes on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QmpFlowControlTest {
    static final int REQUESTS = 20_000;

    @TempDir
    static Path dir;
    static Path socket;
    static SpaprMachine machine;
    static QmpServer server;
    static CompletableFuture<Integer> exit;

    @BeforeAll
    static void start() throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[] {0x48, 0, 0, 0}, 0x10000, 0), "loop");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        machine = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 256L << 20, 0, ""), false, true),
                k, null, new ByteArrayOutputStream(), new GuestLog(false, quiet), quiet);
        socket = dir.resolve("qmp.sock");
        server = new QmpServer(ChardevSpec.parseQmp("unix:" + socket + ",server=on,wait=off"), machine, null, quiet).start();
        exit = org.jpseries.spapr.MachineThread.start(machine);
    }

    @AfterAll
    static void stop() {
        machine.quit();
        server.close();
    }

    /** A client that reads only when told to: the greeting and capabilities' reply are read first. */
    private static final class LateReader implements AutoCloseable {
        final QmpClient c;
        final InputStream in;

        LateReader() throws Exception {
            c = new QmpClient(socket, false);
            in = new java.io.BufferedInputStream(Channels.newInputStream(c.ch));
            assertTrue(next().has("QMP"));
            c.send("{\"execute\": \"qmp_capabilities\"}");
            assertTrue(next().has("return"));
        }

        /** The next message (one CR LF line), or null at end of stream. */
        JsonNode next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0;) {
                line.write(b);
                if (b == '\n') return QmpClient.JSON.readTree(line.toString(StandardCharsets.UTF_8));
            }
            return null;
        }

        List<JsonNode> next(int n) throws IOException {
            List<JsonNode> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                JsonNode m = next();
                if (m == null) throw new AssertionError("the connection closed after " + i + " of " + n + " messages");
                got.add(m);
            }
            return got;
        }

        @Override
        public void close() throws IOException {
            c.close();
        }
    }

    private static String queryStatus(int id) {
        return "{\"execute\": \"query-status\", \"id\": " + id + "}";
    }

    private static void assertRepliesInOrder(List<JsonNode> replies) {
        for (int i = 0; i < replies.size(); i++) {
            JsonNode r = replies.get(i);
            assertEquals(i, r.path("id").asInt(-1), "reply " + i + ": " + r);
            assertEquals("prelaunch", r.at("/return/status").asText(), r.toString());
        }
    }

    @Test
    void pipelinedRequestsAreAllAnsweredInOrder() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < REQUESTS; i++) all.append(queryStatus(i));
        try (LateReader c = new LateReader()) {
            c.c.send(all.toString()); // one write of every request, then the replies are read
            assertRepliesInOrder(c.next(REQUESTS));
            assertEquals("prelaunch", queryAfter(c));
        }
    }

    @Test
    void aClientThatReadsNothingUntilItHasSentEverythingIsAnswered() throws Exception {
        try (LateReader c = new LateReader()) {
            for (int i = 0; i < REQUESTS; i++) c.c.send(queryStatus(i)); // a write each; an IOException here is a dropped client
            assertRepliesInOrder(c.next(REQUESTS));
            assertEquals("prelaunch", queryAfter(c));
        }
    }

    private static String queryAfter(LateReader c) throws Exception {
        c.c.send("{\"execute\": \"query-status\"}");
        return c.next().at("/return/status").asText();
    }

    /**
     * A client far behind in reading (more replies pending than the outbox holds, so its session
     * has stopped reading) gets an event the machine emits meanwhile, after the replies queued
     * before it and before those queued after, and the machine was not held up by the client.
     */
    @Test
    void anEventReachesASlowClientInItsPlace() throws Exception {
        int n = 20_000; // query-commands replies of over 1 KB each: more than QmpOutbox.REPLY_LIMIT and the socket buffers hold
        try (LateReader c = new LateReader()) {
            AtomicInteger count = new AtomicInteger();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        c.c.send("{\"execute\": \"query-commands\", \"id\": " + i + "}");
                        count.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // the session fills its outbox and stops reading: the client's writes stall
            for (int last = -1; count.get() != last;) {
                last = count.get();
                Thread.sleep(500);
            }
            assertFalse(sent.isDone(), "the session should have stopped reading the requests of a client that does not read");
            machine.hostReset().get(10, TimeUnit.SECONDS); // RESET, from the machine's control thread
            int event = -1, reply = 0;
            for (int i = 0; i < n + 1; i++) {
                JsonNode m = c.next();
                if (m == null) throw new AssertionError("the connection closed after " + i + " messages");
                if (m.has("event")) {
                    assertEquals(-1, event, "one event: " + m);
                    assertEquals("RESET", m.get("event").asText());
                    assertFalse(m.at("/data/guest").asBoolean(true));
                    assertEquals("host-qmp-system-reset", m.at("/data/reason").asText());
                    event = reply;
                } else {
                    assertEquals(reply, m.path("id").asInt(-1), "replies in order: " + m.toString().substring(0, 40));
                    assertTrue(m.get("return").isArray());
                    reply++;
                }
            }
            sent.get(10, TimeUnit.SECONDS);
            assertTrue(event > 0 && event < n, "the event arrives among the replies: after " + event);
            assertEquals("prelaunch", queryAfter(c));
        }
    }

    @Test
    void nestingTooDeepIsAnsweredAsQemuDoesAndTheSessionGoesOn() throws Exception {
        int depth = 100_000;
        // QEMU's json-streamer answers each time the count passes MAX_NESTING and starts over
        int errors = depth / (JsonFraming.MAX_NESTING + 1);
        try (LateReader c = new LateReader()) {
            c.c.send("[".repeat(depth));
            for (JsonNode e : c.next(errors)) {
                assertEquals("GenericError", e.at("/error/class").asText(), e.toString());
                assertEquals("JSON nesting depth limit exceeded", e.at("/error/desc").asText());
                assertFalse(e.has("id"));
            }
            // the brackets left over still wait for their ends; a byte no JSON may hold resets the
            // parser (QEMU's qmp-spec, "Forcing the JSON parser into known-good state")
            c.c.ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xff}));
            assertEquals("JSON parse error, stray '\uFFFD'", c.next().at("/error/desc").asText());
            assertEquals("prelaunch", queryAfter(c));
            // exactly at the limit is still a text: QEMU parses it, and it is not an object
            c.c.send("[".repeat(JsonFraming.MAX_NESTING) + "]".repeat(JsonFraming.MAX_NESTING));
            assertEquals("QMP input must be a JSON object", c.next().at("/error/desc").asText());
        }
        try (QmpClient second = new QmpClient(socket)) {
            second.negotiate();
            assertEquals("prelaunch", second.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
        }
    }
}
