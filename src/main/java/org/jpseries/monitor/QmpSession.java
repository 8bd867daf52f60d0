package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * One QMP client connection (QEMU monitor/qmp.c): the greeting, capabilities negotiation, then
 * one reply per request in order, with the request's "id" echoed; events once negotiated.
 * Requests are read and run on the calling thread; everything sent goes through a
 * {@link QmpOutbox} drained by a writer thread. A client that reads slowly, or pipelines many
 * requests before reading, holds back its own session (reading stops while its replies are
 * pending) but never the machine, and loses no reply or event. Malformed input gets a
 * GenericError and the session goes on.
 */
final class QmpSession {
    private final InputStream in;
    private final OutputStream out;
    private final Runnable closer;
    private final QmpCommands commands;
    private final QmpOutbox outbox = new QmpOutbox();
    private final Thread writer;
    private volatile boolean negotiated;
    /** The client enabled the "oob" capability: exec-oob is accepted (no jpseries command runs out of band). */
    private boolean oob;
    private volatile boolean closed;
    /** A request is being answered (so closing waits for its reply, e.g. quit's). */
    private volatile boolean busy;

    /**
     * @param closer closes the connection (ends a blocked read)
     */
    QmpSession(InputStream in, OutputStream out, Runnable closer, QmpCommands commands) {
        this.in = in;
        this.out = out;
        this.closer = closer;
        this.commands = commands;
        this.writer = new Thread(this::writeLoop, "qmp-writer");
        writer.setDaemon(true);
    }

    /** Serves the client until it disconnects; never throws for anything the client sends. */
    void serve() {
        writer.start();
        try {
            if (!outbox.reply(encode(greeting()))) return;
            JsonFraming framing = new JsonFraming(in);
            while (!closed) {
                JsonFraming.Text t = framing.next();
                if (t == null) break;
                busy = true;
                try {
                    ObjectNode reply = t.bytes() == null ? error(QmpError.generic(t.error()), null) : handle(t.bytes());
                    if (!outbox.reply(encode(reply))) break; // closed while waiting for the client to read
                } finally {
                    busy = false;
                }
            }
        } catch (IOException e) {
            // the client went away mid-request: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // a client that only half-closed still gets all its replies, however slowly it reads;
            // one that went away ends the writer, and the server's close ends the wait
            flushAndClose(-1);
        }
    }

    static ObjectNode greeting() {
        ObjectNode g = QmpJson.object();
        ObjectNode v = g.putObject("QMP").putObject("version");
        v.putObject("qemu").put("micro", QmpCommands.MICRO).put("minor", QmpCommands.MINOR).put("major", QmpCommands.MAJOR);
        v.put("package", QmpCommands.PACKAGE);
        g.withObject("/QMP").putArray("capabilities").add("oob");
        return g;
    }

    /** One request: QEMU's checks of the envelope (qmp_dispatch_check_obj), negotiation, dispatch. */
    ObjectNode handle(byte[] text) {
        JsonNode id = null;
        try {
            JsonNode req = QmpJson.parse(text);
            if (!req.isObject()) throw QmpError.generic("QMP input must be a JSON object");
            id = req.get("id");
            String exec = null, execKey = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = req.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "execute", "exec-oob" -> {
                        if (e.getKey().equals("exec-oob") && !oob) throw QmpError.generic("QMP input member 'exec-oob' is unexpected");
                        if (!e.getValue().isTextual()) throw QmpError.generic("QMP input member '" + e.getKey() + "' must be a string");
                        if (execKey != null) throw QmpError.generic("QMP input member '" + e.getKey() + "' clashes with '" + execKey + "'");
                        execKey = e.getKey();
                        exec = e.getValue().asText();
                    }
                    case "arguments" -> {
                        if (!e.getValue().isObject()) throw QmpError.generic("QMP input member 'arguments' must be an object");
                    }
                    case "id" -> { }
                    default -> throw QmpError.generic("QMP input member '" + e.getKey() + "' is unexpected");
                }
            }
            if (exec == null) throw QmpError.generic("QMP input lacks member 'execute'");
            ObjectNode args = req.has("arguments") ? (ObjectNode) req.get("arguments") : QmpJson.object();
            QmpCommands.Command c = commands.find(exec);
            if (!negotiated) {
                if (!exec.equals("qmp_capabilities")) {
                    throw new QmpError(QmpError.COMMAND_NOT_FOUND, "Expecting capabilities negotiation with 'qmp_capabilities'");
                }
                commands.invoke(c, args);
                boolean wantOob = false;
                for (JsonNode cap : args.path("enable")) {
                    // QEMU's QMPCapability enum has one member; its visitor words the error this way
                    if (!cap.asText().equals("oob")) throw QmpError.generic("Parameter 'null' does not accept value '" + cap.asText() + "'");
                    wantOob = true;
                }
                oob = wantOob;
                negotiated = true;
                return result(QmpJson.object(), id);
            }
            if (exec.equals("qmp_capabilities")) {
                throw new QmpError(QmpError.COMMAND_NOT_FOUND, "Capabilities negotiation is already complete, command ignored");
            }
            if (c == null) throw new QmpError(QmpError.COMMAND_NOT_FOUND, "The command " + exec + " has not been found");
            if (execKey.equals("exec-oob")) throw QmpError.generic("The command " + exec + " does not support OOB");
            return result(commands.invoke(c, args), id);
        } catch (QmpError e) {
            return error(e, id);
        } catch (RuntimeException e) {
            // an emulator bug must not take the monitor (or the machine) down
            return error(QmpError.generic("internal error: " + e), id);
        }
    }

    private static ObjectNode result(JsonNode value, JsonNode id) {
        ObjectNode r = QmpJson.object();
        r.set("return", value);
        if (id != null) r.set("id", id);
        return r;
    }

    private static ObjectNode error(QmpError e, JsonNode id) {
        ObjectNode r = QmpJson.object();
        r.putObject("error").put("class", e.errorClass).put("desc", e.getMessage());
        if (id != null) r.set("id", id);
        return r;
    }

    /** An event, with QEMU's timestamp (seconds and microseconds of the host's wall clock); dropped before negotiation. */
    void event(String name, ObjectNode data) {
        if (!negotiated || closed) return;
        Instant now = Instant.now();
        ObjectNode e = QmpJson.object();
        e.putObject("timestamp").put("seconds", now.getEpochSecond()).put("microseconds", now.getNano() / 1000);
        e.put("event", name);
        if (data != null) e.set("data", data);
        if (!outbox.event(encode(e))) abort(); // the client has read nothing for QmpOutbox.EVENT_LIMIT bytes
    }

    private static byte[] encode(ObjectNode n) {
        return QmpJson.line(n).getBytes(StandardCharsets.UTF_8);
    }

    private void writeLoop() {
        try {
            for (byte[] b; (b = outbox.take()) != null;) {
                out.write(b);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            closed = true;
            outbox.close();
            closer.run();
        }
    }

    /** Sends what is queued (for up to {@code millis}, or while the client takes it if negative), then closes the connection. */
    void flushAndClose(long millis) {
        long start = System.nanoTime();
        while ((busy || !outbox.isEmpty()) && writer.isAlive() && !closed
                && (millis < 0 || System.nanoTime() - start < millis * 1_000_000)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    /**
     * Drops the connection at once, without waiting for the writer: used on the machine's
     * control thread (events), which must never block on a client.
     */
    private void abort() {
        closed = true;
        outbox.close();
        closer.run();
    }

    void close() {
        if (closed && !writer.isAlive()) return;
        closed = true;
        outbox.close();
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closer.run();
    }
}
