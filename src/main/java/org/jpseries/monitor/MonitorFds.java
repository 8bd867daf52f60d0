package org.jpseries.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpseries.host.HostFd;
import org.jpseries.host.StreamConnection;
import org.jpseries.migration.MigrationUri;

/**
 * A monitor's named file descriptors (QEMU monitor/fds.c: mon->fds): getfd names the next
 * descriptor the connected client sent with SCM_RIGHTS, closefd closes one, and a command that
 * needs one (migrate "fd:NAME") takes it over with {@link #takeFd}. The names outlive a client's
 * connection, as in QEMU; they are closed with the monitor.
 */
final class MonitorFds implements MigrationUri.FdSource {
    private final Map<String, HostFd> named = new LinkedHashMap<>();
    /** The connected client's socket, whose received descriptors getfd takes; null for none or TCP. */
    private volatile StreamConnection client;

    void attach(StreamConnection c) {
        client = c;
    }

    void detach(StreamConnection c) {
        if (client == c) client = null;
    }

    /** QEMU qmp_getfd and monitor_add_fd: a name already in use gets the new descriptor and its old one is closed. */
    void getfd(String fdname) throws QmpError {
        StreamConnection c = client;
        HostFd fd = c == null ? null : c.takeReceivedFd();
        if (fd == null) throw QmpError.generic("No file descriptor supplied via SCM_RIGHTS");
        if (!fdname.isEmpty() && Character.isDigit(fdname.charAt(0))) {
            fd.close();
            throw QmpError.generic("Parameter 'fdname' expects a name not starting with a digit");
        }
        HostFd old;
        synchronized (named) {
            old = named.put(fdname, fd);
        }
        if (old != null) old.close();
    }

    /** QEMU qmp_closefd. */
    void closefd(String fdname) throws QmpError {
        HostFd fd;
        synchronized (named) {
            fd = named.remove(fdname);
        }
        if (fd == null) throw QmpError.generic("File descriptor named '" + fdname + "' not found");
        fd.close();
    }

    /**
     * Hands the descriptor named {@code fdname} to the caller, who then owns (and closes) it;
     * the name is free again (QEMU monitor_get_fd).
     */
    HostFd takeFd(String fdname) throws QmpError {
        HostFd fd;
        synchronized (named) {
            fd = named.remove(fdname);
        }
        if (fd == null) throw QmpError.generic("File descriptor named '" + fdname + "' has not been found");
        return fd;
    }

    /** The names in use, in the order they were first given. */
    List<String> names() {
        synchronized (named) {
            return new ArrayList<>(named.keySet());
        }
    }

    /** Closes every named descriptor (the monitor goes away). */
    void closeAll() {
        List<HostFd> all;
        synchronized (named) {
            all = new ArrayList<>(named.values());
            named.clear();
        }
        for (HostFd f : all) f.close();
    }

    // ---- fd: migration URIs (the stream owns the descriptor and closes it) ---------------------

    @Override
    public java.io.OutputStream output(String name) throws java.io.IOException {
        return take(name).outputStream();
    }

    @Override
    public java.io.InputStream input(String name) throws java.io.IOException {
        return take(name).inputStream();
    }

    private HostFd take(String name) throws java.io.IOException {
        try {
            return takeFd(name);
        } catch (QmpError e) {
            throw new java.io.IOException(e.getMessage());
        }
    }
}
