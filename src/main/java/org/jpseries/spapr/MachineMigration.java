package org.jpseries.spapr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jpseries.migration.MachineStream;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationUri;
import org.jpseries.spapr.SpaprMachine.Observer;
import org.jpseries.spapr.SpaprMachine.RunState;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The machine's snapshots and migrations (QEMU migration/migration.c: qmp_migrate,
 * qmp_migrate_incoming, process_incoming_migration_co): the state stream of every registered
 * device ({@link MachineStream}) to or from a {@link MigrationUri}, the run states around it
 * (finish-migrate, postmigrate, inmigrate) and what query-migrate reports. Requests come from
 * monitor threads; the save and the load run on the machine's control thread, with the vCPUs
 * stopped.
 */
final class MachineMigration {
    private final SpaprMachine machine;
    private final MigrationStatus status = new MigrationStatus();

    MachineMigration(SpaprMachine machine) {
        this.machine = machine;
    }

    /** What query-migrate reports, and the migration capabilities. */
    MigrationStatus status() {
        return status;
    }

    /**
     * QMP migrate: opens the destination on the caller's thread (an error there is the caller's
     * reply, and the guest runs on), then the control thread stops the vCPUs, freezes the time
     * base and writes the state; returns at once, as QEMU's migrate does (query-migrate and the
     * MIGRATION events follow it). The source ends in postmigrate; a failed write resumes a
     * source that was running.
     *
     * @throws IllegalStateException with QEMU's message when a migration runs or is blocked
     */
    void migrate(MigrationUri uri, MigrationUri.FdSource fds) throws IOException {
        String blocker = machine.platform().migrationBlocker();
        if (blocker != null) throw new IllegalStateException("disallowing migration blocker (" + blocker + ")");
        RunState s = machine.runState();
        if (s == RunState.INMIGRATE) throw new IllegalStateException("Guest is waiting for an incoming migration");
        if (s == RunState.SHUTDOWN || s == RunState.GUEST_PANICKED || s == RunState.INTERNAL_ERROR) {
            throw new IllegalStateException("The machine is not in a state that can be migrated (" + s.qapiName + ")");
        }
        OutputStream out;
        synchronized (status) {
            if (status.busy()) throw new IllegalStateException("There's a migration process in progress");
            out = uri.openOutput(fds);
            status.start(machine.ram().size());
        }
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.SETUP); // before the control thread's "active"
        machine.requestMigrate(out);
    }

    /** The save, on the control thread. */
    void migrateOut(OutputStream out) {
        RunState before = machine.runState();
        boolean wasRunning = before == RunState.RUNNING;
        status.set(MigrationStatus.Status.ACTIVE);
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.ACTIVE);
        long stopped = System.currentTimeMillis();
        machine.stopGuest();
        machine.setRunState(RunState.FINISH_MIGRATE);
        if (wasRunning) {
            for (Observer o : machine.observers()) o.stopped();
        }
        status.set(MigrationStatus.Status.DEVICE);
        try (OutputStream o = out) {
            MachineStream.save(machine.devices(), MachineIdentity.of(machine.options().platform(), wasRunning), o, status);
        } catch (IOException | RuntimeException e) {
            status.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            machine.diag().println("jpseries: migration failed: " + status.error());
            for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.FAILED);
            machine.setRunState(before);
            if (wasRunning) {
                machine.resumeGuest();
                for (Observer o : machine.observers()) o.resumed();
            }
            return;
        }
        status.completed(System.currentTimeMillis() - stopped);
        machine.setRunState(RunState.POSTMIGRATE);
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.COMPLETED);
    }

    /** A migrate-incoming for the control thread. */
    record IncomingRequest(MigrationUri uri, MigrationUri.FdSource fds) {}

    /** QMP migrate-incoming after -incoming defer. */
    void migrateIncoming(MigrationUri uri, MigrationUri.FdSource fds) {
        if (machine.runState() != RunState.INMIGRATE || !"defer".equals(machine.options().incoming())
                || status.status() != MigrationStatus.Status.NONE) {
            throw new IllegalStateException("The incoming migration has already been started");
        }
        status.start(machine.ram().size());
        machine.requestIncoming(uri, fds);
    }

    Integer incoming(IncomingRequest r) {
        return incoming(r.uri(), r.fds());
    }

    /**
     * Loads the machine's state on the control thread (the vCPUs have not run). A stream that
     * does not fit ends the run with exit code 1 and one line naming the section, as QEMU's
     * "load of migration failed"; nothing of it runs. Otherwise the guest continues in the run
     * state the source had, or paused under -S. Returns the exit code if the run ends.
     */
    Integer incoming(MigrationUri uri, MigrationUri.FdSource fds) {
        if (status.status() == MigrationStatus.Status.NONE) status.start(machine.ram().size());
        status.set(MigrationStatus.Status.ACTIVE);
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.ACTIVE);
        Section header;
        try (InputStream in = uri.openInput(fds)) {
            header = MachineStream.load(machine.devices(), new java.io.BufferedInputStream(in, 1 << 16),
                    h -> MachineIdentity.check(h, machine.options().platform()));
            machine.partition().forget();
            machine.partition().sync(null);
        } catch (StateException | IOException e) {
            status.failed(e.getMessage());
            for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.FAILED);
            machine.diag().println("jpseries: load of migration failed: " + e.getMessage());
            return machine.endRun(RunState.INTERNAL_ERROR, false, "host-error", 1);
        }
        status.completed(0);
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.COMPLETED);
        boolean running;
        try {
            running = header.bool("running");
        } catch (StateException e) {
            running = false;
        }
        if (running && !machine.options().startPaused()) {
            machine.setRunState(RunState.RUNNING);
            machine.resumeGuest();
            for (Observer o : machine.observers()) o.resumed();
        } else {
            machine.setRunState(RunState.PAUSED);
        }
        return null;
    }
}
