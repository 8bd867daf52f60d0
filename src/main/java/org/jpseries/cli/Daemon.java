package org.jpseries.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the process tells the outside once its monitors listen (QEMU os-posix.c
 * qemu_write_pidfile and os_setup_post): the {@code -pidfile} gets the pid, and with
 * {@code -daemonize} the launcher (bin/jpseries), which started the JVM in the background since
 * a JVM cannot fork itself, is told it may return, through the file named by
 * {@value #READY_ENV}. Both files are written whole and renamed into place, so a reader never
 * sees a partial pid.
 */
final class Daemon {
    /** The environment variable through which bin/jpseries waits for a -daemonize'd JVM. */
    static final String READY_ENV = "JPSERIES_DAEMON_READY";

    private Daemon() {}

    /** Checked before anything is started: -daemonize needs the launcher that waits for {@link #ready}. */
    static void check(MachineConfig c) throws UsageException {
        if (c.daemonize() && System.getenv(READY_ENV) == null) {
            throw new UsageException("-daemonize: start jpseries through bin/jpseries, which daemonizes it (a JVM cannot fork itself)");
        }
    }

    /** The monitors listen: writes the pidfile, then releases a waiting launcher. */
    static void ready(MachineConfig c) throws UsageException {
        String pid = ProcessHandle.current().pid() + "\n";
        if (c.pidfile() != null) write(c.pidfile(), pid, "-pidfile " + c.pidfile());
        String r = System.getenv(READY_ENV);
        if (c.daemonize() && r != null) write(Path.of(r), pid, "-daemonize");
    }

    private static void write(Path p, String text, String what) throws UsageException {
        try {
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp" + ProcessHandle.current().pid());
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UsageException(what + ": Failed to write pid file: " + e.getMessage());
        }
    }
}
