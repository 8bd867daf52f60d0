package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's QMP client over a real unix socket: raw writes, and one parsed message per CR LF line read. */
public final class QmpClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final SocketChannel ch;
    private final OutputStream out;
    private final BlockingQueue<Object> lines = new ArrayBlockingQueue<>(10_000);
    /** Every line received, in order (for checking wire format). */
    final List<String> raw = java.util.Collections.synchronizedList(new ArrayList<>());

    public QmpClient(Path socket) throws IOException {
        this(socket, true);
    }

    /** With {@code reading} false nothing is read: a client that stops reading its replies. */
    QmpClient(Path socket, boolean reading) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        out = Channels.newOutputStream(ch);
        if (!reading) return;
        InputStream in = Channels.newInputStream(ch);
        Thread t = new Thread(() -> {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    line.write(b);
                    if (b == '\n') {
                        String s = line.toString(StandardCharsets.UTF_8);
                        raw.add(s);
                        lines.put(JSON.readTree(s));
                        line.reset();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
            lines.offer("EOF");
        }, "qmp-test-reader");
        t.setDaemon(true);
        t.start();
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next message, failing after {@code seconds}; null at end of stream. */
    public JsonNode next(long seconds) throws InterruptedException {
        Object o = lines.poll(seconds, TimeUnit.SECONDS);
        if (o == null) throw new AssertionError("no QMP message within " + seconds + " s");
        return o instanceof JsonNode n ? n : null;
    }

    public JsonNode next() throws InterruptedException {
        return next(60);
    }

    /** Sends a request and returns the messages up to and including its reply (events first). */
    public List<JsonNode> exchange(String request) throws Exception {
        send(request);
        List<JsonNode> got = new ArrayList<>();
        while (true) {
            JsonNode n = next();
            if (n == null) throw new AssertionError("connection closed before the reply to " + request);
            got.add(n);
            if (n.has("return") || n.has("error")) return got;
        }
    }

    /** The reply alone (asserting no event came first). */
    public JsonNode call(String request) throws Exception {
        List<JsonNode> got = exchange(request);
        if (got.size() != 1) throw new AssertionError("unexpected messages before the reply: " + got);
        return got.get(0);
    }

    public JsonNode negotiate() throws Exception {
        JsonNode greeting = next();
        JsonNode r = call("{\"execute\": \"qmp_capabilities\"}");
        if (!r.has("return")) throw new AssertionError(r.toString());
        return greeting;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
