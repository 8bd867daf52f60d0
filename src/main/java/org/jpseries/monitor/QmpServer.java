package org.jpseries.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import org.jpseries.spapr.SpaprMachine;

/**
 * A QMP monitor listening on a unix or TCP socket (QEMU's -qmp / -mon mode=control). Like a
 * QEMU monitor it serves one client at a time: the next connection waits in the listen backlog
 * until the current client leaves. The machine's run-state changes become QMP events for the
 * connected client. Closing the server sends what is queued and removes a unix socket file.
 */
public final class QmpServer implements SpaprMachine.Observer, AutoCloseable {
    private final ChardevSpec spec;
    private final ServerSocketChannel listener;
    private final QmpCommands commands;
    private final PrintStream diag;
    private final Thread acceptor;
    private volatile QmpSession current;
    private volatile boolean closing;

    /**
     * Binds the socket (an existing unix socket file is replaced, as QEMU does) and registers
     * with the machine; {@link #start} begins accepting.
     *
     * @param name the guest's -name, or null
     * @param diag where connection problems are reported
     */
    public QmpServer(ChardevSpec spec, SpaprMachine machine, String name, PrintStream diag) throws IOException {
        this.spec = spec;
        this.diag = diag;
        if (spec.unixPath() != null) {
            Files.deleteIfExists(spec.unixPath());
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(spec.unixPath()));
        } else {
            listener = ServerSocketChannel.open();
            listener.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(spec.host(), spec.port()));
        }
        this.commands = new QmpCommands(machine, name, this::emit);
        machine.addObserver(this);
        acceptor = new Thread(this::acceptLoop, "qmp-" + spec);
        acceptor.setDaemon(true);
    }

    public QmpServer start() {
        acceptor.start();
        return this;
    }

    /** The bound TCP port (useful with port 0 in tests), or 0 for a unix socket. */
    public int port() {
        try {
            return listener.getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                if (!closing) diag.println("jpseries: QMP " + spec + ": " + e.getMessage());
                return;
            }
            QmpSession s = new QmpSession(Channels.newInputStream(ch), Channels.newOutputStream(ch), () -> closeQuietly(ch), commands);
            current = s;
            try {
                s.serve();
            } catch (RuntimeException e) {
                diag.println("jpseries: QMP " + spec + ": session failed: " + e);
            } finally {
                current = null;
                closeQuietly(ch);
            }
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // already gone
        }
    }

    void emit(String event, ObjectNode data) {
        QmpSession s = current;
        if (s != null) s.event(event, data);
    }

    private static ObjectNode data(boolean guest, String reason) {
        ObjectNode d = QmpJson.object();
        d.put("guest", guest).put("reason", reason);
        return d;
    }

    // ---- SpaprMachine.Observer: QEMU's run-state events ---------------------------------------

    @Override
    public void reset(boolean guest) {
        emit("RESET", data(guest, guest ? "guest-reset" : "host-qmp-system-reset"));
    }

    @Override
    public void stopped() {
        emit("STOP", null);
    }

    @Override
    public void resumed() {
        emit("RESUME", null);
    }

    @Override
    public void shutdown(boolean guest, String reason) {
        emit("SHUTDOWN", data(guest, reason));
    }

    /** Sends the connected client what is queued (the reply to quit, SHUTDOWN), then stops listening. */
    @Override
    public void close() {
        closing = true;
        QmpSession s = current;
        if (s != null) s.flushAndClose(1000);
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
        if (spec.unixPath() != null) {
            try {
                Files.deleteIfExists(spec.unixPath());
            } catch (IOException e) {
                // a stale file is harmless: the next bind replaces it
            }
        }
    }
}
