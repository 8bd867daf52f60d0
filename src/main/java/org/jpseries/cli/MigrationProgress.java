package org.jpseries.cli;

import java.io.PrintStream;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.spapr.SpaprMachine;

/**
 * A progress line on the emulator's standard error while an outgoing migration runs, when that
 * is a terminal (as HMP migrate's progress in QEMU's monitor): "migration: pass 2, 412 MiB of
 * 1024 MiB sent, 37 MiB left, 128 MiB/s", rewritten in place every half second, ended with the
 * outcome. A thread polls query-migrate's figures only while a migration runs.
 */
final class MigrationProgress implements SpaprMachine.Observer {
    private static final long PERIOD_MS = 500;
    private final SpaprMachine machine;
    private final PrintStream err;

    MigrationProgress(SpaprMachine machine, PrintStream err) {
        this.machine = machine;
        this.err = err;
    }

    @Override
    public void migration(MigrationStatus.Status status) {
        if (status != MigrationStatus.Status.SETUP) return;
        Thread t = new Thread(this::follow, "migration-progress");
        t.setDaemon(true);
        t.start();
    }

    private void follow() {
        MigrationStatus m = machine.migration();
        try {
            while (m.busy()) {
                err.print("\r" + line(m) + "\u001b[K");
                err.flush();
                Thread.sleep(PERIOD_MS);
            }
        } catch (InterruptedException e) {
            return;
        }
        err.print("\r" + line(m) + "\u001b[K\r\n");
        err.flush();
    }

    /** The progress line for the migration's current figures. */
    static String line(MigrationStatus m) {
        long mib = 1 << 20;
        return switch (m.status()) {
            case COMPLETED -> String.format("migration: completed in %d ms, downtime %d ms, %d MiB sent", m.totalMillis(), m.downtimeMillis(),
                    m.bytes() / mib);
            case FAILED -> "migration: failed: " + m.error();
            case CANCELLED -> "migration: cancelled";
            default -> String.format("migration: %s, pass %d, %d MiB sent, %d MiB left, %d Mbit/s", m.status().qapiName, m.passes(),
                    m.bytes() / mib, m.remainingBytes() / mib, m.mbps());
        };
    }
}
