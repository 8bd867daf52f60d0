package org.jpseries.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jpseries.host.StreamConnection;
import org.jpseries.host.StreamListener;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.spapr.SpaprMachine;

/**
 * A QMP monitor listening on a unix or TCP socket (QEMU's -qmp / -mon mode=control), or on a
 * listening socket inherited from the parent ({@code fd=N}). Like a QEMU monitor it serves one
 * client at a time: the next connection waits in the listen backlog until the current client
 * leaves. Unix sockets are served through {@link StreamListener}, so descriptors a client sends
 * with SCM_RIGHTS reach getfd. The machine's run-state changes become QMP events for the
 * connected client. Closing the server sends what is queued and removes a unix socket file.
 */
public final class QmpServer implements SpaprMachine.Observer, AutoCloseable {
    private final ChardevSpec spec;
    /** The pseries machine, or null for -machine none (which raises no run-state events of its own). */
    private final SpaprMachine machine;
    /** The unix or inherited listening socket, or null for TCP. */
    private final StreamListener streams;
    /** The TCP listening socket, or null. */
    private final ServerSocketChannel tcp;
    private final QmpCommands commands;
    private final PrintStream diag;
    private final Thread acceptor;
    private final String label;
    private volatile QmpSession current;
    /** query-chardev's view of the connected client: its socket (unix) or channel (TCP), or null. */
    private volatile Object client;
    private volatile boolean closing;

    /** A monitor whose query-chardev lists only itself. */
    public QmpServer(ChardevSpec spec, SpaprMachine machine, String name, PrintStream diag) throws IOException {
        this(spec, machine, name, diag, new Chardevs());
    }

    /**
     * Binds the socket (an existing unix socket file is replaced, as QEMU does) or adopts the
     * inherited one, registers with the machine and adds itself to {@code chardevs};
     * {@link #start} begins accepting.
     *
     * @param name     the guest's -name, or null
     * @param diag     where connection problems are reported
     * @param chardevs the machine's character devices (query-chardev)
     */
    public QmpServer(ChardevSpec spec, SpaprMachine machine, String name, PrintStream diag, Chardevs chardevs) throws IOException {
        this(spec, machine, null, name, diag, chardevs);
    }

    /** A monitor of a {@code -machine none} process (libvirt's probe). */
    public QmpServer(ChardevSpec spec, NoneMachine none, String name, PrintStream diag, Chardevs chardevs) throws IOException {
        this(spec, null, none, name, diag, chardevs);
    }

    private QmpServer(ChardevSpec spec, SpaprMachine machine, NoneMachine none, String name, PrintStream diag, Chardevs chardevs)
            throws IOException {
        this.spec = spec;
        this.machine = machine;
        this.diag = diag;
        if (spec.fd() >= 0) {
            streams = StreamListener.adopt(spec.fd());
            tcp = null;
        } else if (spec.unixPath() != null) {
            streams = StreamListener.listen(spec.unixPath());
            tcp = null;
        } else {
            streams = null;
            tcp = ServerSocketChannel.open();
            try {
                tcp.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                tcp.bind(new InetSocketAddress(spec.host(), spec.port()));
            } catch (IOException e) {
                tcp.close();
                throw e;
            }
        }
        this.label = spec.label() != null ? spec.label() : chardevs.nextCompatLabel();
        this.commands = machine != null ? new QmpCommands(machine, name, this::emit) : new QmpCommands(none, name, this::emit);
        HostCommands.register(commands, chardevs);
        commands.add("query-pci", java.util.List.of(), a -> PciInfo.query(machine != null ? machine.platform().pciHost().bus() : null));
        chardevs.add(this::chardevInfo);
        if (machine != null) machine.addObserver(this);
        acceptor = new Thread(this::acceptLoop, "qmp-" + spec);
        acceptor.setDaemon(true);
    }

    /**
     * QEMU's filename of a listening socket chardev: "disconnected:ADDRESS,server=on" while no
     * client is connected (qemu_chr_socket_address), "unix:PATH,server=on" or
     * "tcp:HOST:PORT,server=on <-> PEER:PORT" while one is (qemu_chr_compute_filename).
     */
    private Chardevs.Info chardevInfo() {
        Object c = client;
        String f;
        if (c == null) {
            f = "disconnected:" + spec + ",server=on";
        } else if (c instanceof SocketChannel ch) {
            f = "tcp:" + spec.host() + ":" + port() + ",server=on <-> " + peer(ch);
        } else {
            String path = null;
            try {
                path = streams.unixPath();
            } catch (IOException e) {
                // closing: fall back to the address given
            }
            f = path != null ? "unix:" + path + ",server=on" : spec + ",server=on";
        }
        return new Chardevs.Info(label, f, true);
    }

    private static String peer(SocketChannel ch) {
        try {
            return ch.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() + ":" + a.getPort() : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    public QmpServer start() {
        acceptor.start();
        return this;
    }

    /** The named descriptors of this monitor (getfd/closefd), for commands and tests. */
    MonitorFds fds() {
        return commands.fds;
    }

    /** The bound TCP port (useful with port 0 in tests), or 0 for a unix socket. */
    public int port() {
        try {
            return tcp != null && tcp.getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                if (streams != null) serve(streams.accept());
                else serve(tcp.accept());
            } catch (IOException e) {
                if (!closing) diag.println("jpseries: QMP " + spec + ": " + e.getMessage());
                return;
            }
        }
    }

    private void serve(StreamConnection c) {
        commands.fds.attach(c);
        client = c;
        try {
            serve(new QmpSession(c.inputStream(), c.outputStream(), c::close, commands));
        } finally {
            client = null;
            commands.fds.detach(c);
            c.close();
        }
    }

    private void serve(SocketChannel ch) {
        client = ch;
        try {
            serve(new QmpSession(Channels.newInputStream(ch), Channels.newOutputStream(ch), () -> closeQuietly(ch), commands));
        } finally {
            client = null;
            closeQuietly(ch);
        }
    }

    private void serve(QmpSession s) {
        current = s;
        try {
            s.serve();
        } catch (RuntimeException e) {
            diag.println("jpseries: QMP " + spec + ": session failed: " + e);
        } finally {
            current = null;
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
        if (!QmpReturns.EVENTS.containsKey(event)) throw new IllegalStateException("QMP event " + event + " is not declared in QmpReturns");
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

    /** MIGRATION {"status": ...}, sent only with the "events" capability on (QEMU migrate_set_state). */
    @Override
    public void migration(MigrationStatus.Status status) {
        if (!machine.migration().capability(MigrationStatus.Capability.EVENTS)) return;
        ObjectNode d = QmpJson.object();
        d.put("status", status.qapiName);
        emit("MIGRATION", d);
    }

    /** MIGRATION_PASS {"pass": N} when RAM pass N starts, only with the "events" capability on (QEMU migration_bitmap_sync). */
    @Override
    public void migrationPass(int pass) {
        if (!machine.migration().capability(MigrationStatus.Capability.EVENTS)) return;
        ObjectNode d = QmpJson.object();
        d.put("pass", pass);
        emit("MIGRATION_PASS", d);
    }

    @Override
    public void shutdown(boolean guest, String reason) {
        emit("SHUTDOWN", data(guest, reason));
    }

    /** GUEST_PANICKED {"action": pause|poweroff|run} (QEMU sends no "info" for pseries' os-term). */
    @Override
    public void guestPanicked(String action) {
        ObjectNode d = QmpJson.object();
        d.put("action", action);
        emit("GUEST_PANICKED", d);
    }

    /** Sends the connected client what is queued (the reply to quit, SHUTDOWN), then stops listening. */
    @Override
    public void close() {
        closing = true;
        QmpSession s = current;
        if (s != null) s.flushAndClose(1000);
        if (streams != null) {
            streams.close(); // removes a socket file it created
        } else {
            try {
                tcp.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        commands.fds.closeAll();
    }
}
