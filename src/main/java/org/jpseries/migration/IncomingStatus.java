package org.jpseries.migration;

import java.util.List;

/**
 * The destination's side of query-migrate (QEMU's MigrationIncomingState as
 * fill_destination_migration_info reports it): the addresses it listens on until the stream
 * ends, and the status from the moment the source connected: active while it loads, then
 * completed or failed. Before a source connects there is no status. Written by the
 * migration-incoming and control threads, read by monitor threads: every method is synchronized.
 */
public final class IncomingStatus {
    private MigrationStatus.Status status = MigrationStatus.Status.NONE;
    private List<MigrationUri.BoundAddress> addresses = List.of();
    private boolean started;

    /** Whether -incoming URI or migrate-incoming took effect. */
    public synchronized boolean started() {
        return started;
    }

    /** -incoming URI or migrate-incoming took effect, listening at {@code bound} (tcp:, unix:; else empty). */
    public synchronized void start(List<MigrationUri.BoundAddress> bound) {
        started = true;
        addresses = List.copyOf(bound);
    }

    /** The source connected (or the stream opened): the load runs. */
    public synchronized void active() {
        status = MigrationStatus.Status.ACTIVE;
    }

    /** The load ended; the listening addresses are gone (QEMU frees them with the incoming state). */
    public synchronized void ended(boolean loaded) {
        status = loaded ? MigrationStatus.Status.COMPLETED : MigrationStatus.Status.FAILED;
        addresses = List.of();
    }

    public synchronized MigrationStatus.Status status() {
        return status;
    }

    public synchronized List<MigrationUri.BoundAddress> addresses() {
        return addresses;
    }
}
