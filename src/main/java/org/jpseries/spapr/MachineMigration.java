package org.jpseries.spapr;

import java.io.BufferedInputStream;
import java.io.IOException;
import org.jpseries.migration.IncomingStatus;
import org.jpseries.migration.MachineStream;
import org.jpseries.migration.MigrationChannel;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationUri;
import org.jpseries.migration.PreCopy;
import org.jpseries.migration.ReturnPath;
import org.jpseries.spapr.SpaprMachine.Observer;
import org.jpseries.spapr.SpaprMachine.RunState;
import org.jpseries.state.StateException;

/**
 * The machine's migrations and snapshots (QEMU migration/migration.c: qmp_migrate,
 * migration_thread, migration_completion, qmp_migrate_incoming, process_incoming_migration_co):
 * pre-copy of the state stream ({@link PreCopy}) to a {@link MigrationUri}, the run states
 * around it (finish-migrate, postmigrate, inmigrate) and what query-migrate reports.
 *
 * <p>Threads: requests come from monitor threads. The live phase (RAM passes while the guest
 * runs) is the "migration" thread's; the switchover (vCPUs stopped, the rest of the state, the
 * destination's answer) and every load run on the machine's control thread. An incoming
 * tcp:/unix: socket is bound when the machine starts and accepted on the "migration-incoming"
 * thread, so the control thread stays free until the source connects.
 */
final class MachineMigration {
    private final SpaprMachine machine;
    private final MigrationStatus status = new MigrationStatus();
    private final IncomingStatus incoming = new IncomingStatus();
    /** The stream being loaded, or null: closed by {@link #abandonIncoming} to end a load at once. */
    private volatile MigrationChannel.Incoming loading;
    private volatile boolean abandoned;

    MachineMigration(SpaprMachine machine) {
        this.machine = machine;
    }

    /** What query-migrate reports, and the migration capabilities and parameters. */
    MigrationStatus status() {
        return status;
    }

    /** What query-migrate reports on a destination. */
    IncomingStatus incomingStatus() {
        return incoming;
    }

    /**
     * QMP migrate: opens a file:, exec: or fd: destination on the caller's thread (an error there
     * is the caller's reply, and the guest runs on), then returns at once while the migration
     * thread connects a tcp: or unix: one (a failure to connect is the migration's, as QEMU's
     * asynchronous connect: status failed with "Failed to connect to ...") and runs the live
     * phase; query-migrate and the MIGRATION events follow it.
     *
     * @throws IllegalStateException with QEMU's message when a migration runs or is blocked
     */
    void migrate(MigrationUri uri, MigrationUri.FdSource fds) throws IOException {
        String blocker = machine.platform().migrationBlocker();
        if (blocker != null) throw new IllegalStateException("disallowing migration blocker (" + blocker + ")");
        RunState s = machine.runState();
        if (s == RunState.INMIGRATE) throw new IllegalStateException("Guest is waiting for an incoming migration");
        if (s == RunState.POSTMIGRATE) throw new IllegalStateException("Can't migrate the vm that was paused due to previous migration");
        if (s == RunState.SHUTDOWN || s == RunState.GUEST_PANICKED || s == RunState.INTERNAL_ERROR) {
            throw new IllegalStateException("The machine is not in a state that can be migrated (" + s.qapiName + ")");
        }
        MigrationChannel opened;
        synchronized (status) {
            if (status.busy()) throw new IllegalStateException("There's a migration process in progress");
            opened = uri.connects() ? null : uri.openOutput(fds);
            status.start(machine.ram().size());
        }
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.SETUP);
        Thread t = new Thread(() -> {
            MigrationChannel channel = opened;
            if (channel == null) {
                try {
                    channel = uri.openOutput(fds);
                } catch (IOException e) {
                    failed(e.getMessage());
                    return;
                }
            }
            live(new PreCopy(machine.devices(), machine.ram(), channel, status, machine.migrationVcpus(), pass -> {
                for (Observer o : machine.observers()) o.migrationPass(pass);
            }));
        }, "migration");
        t.setDaemon(true);
        t.start();
    }

    /** migrate_cancel (QEMU migrate_fd_cancel): the live phase stops at its next section, a paused switchover at once. */
    void cancel() {
        if (status.requestCancel()) {
            for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.CANCELLING);
        }
    }

    /** The live phase, on the migration thread; the switchover is requested from the control thread. */
    private void live(PreCopy copy) {
        status.set(MigrationStatus.Status.ACTIVE);
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.ACTIVE);
        try {
            copy.live(MachineIdentity.of(machine.options().platform(), machine.runState() == RunState.RUNNING));
        } catch (PreCopy.Cancelled e) {
            copy.abandon();
            cancelled();
            return;
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(copy, e);
            return;
        }
        machine.requestMigrate(copy);
    }

    /**
     * The switchover, on the control thread (QEMU migration_completion): stops the vCPUs and the
     * time base, waits in pre-switchover for migrate-continue when pause-before-switchover is on,
     * sends the rest, and ends in postmigrate; a failure or a refusal by the destination resumes
     * a source that was running.
     */
    void switchover(PreCopy copy) {
        RunState before = machine.runState();
        boolean wasRunning = before == RunState.RUNNING;
        if (status.cancelRequested()) {
            copy.abandon();
            cancelled();
            return;
        }
        long stopped = System.currentTimeMillis();
        machine.stopGuest();
        machine.setRunState(RunState.FINISH_MIGRATE);
        if (wasRunning) {
            for (Observer o : machine.observers()) o.stopped();
        }
        try {
            if (status.capability(MigrationStatus.Capability.PAUSE_BEFORE_SWITCHOVER)) {
                status.set(MigrationStatus.Status.PRE_SWITCHOVER);
                for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.PRE_SWITCHOVER);
                if (!status.awaitSwitchover()) {
                    copy.abandon();
                    cancelled();
                    restore(before, wasRunning);
                    return;
                }
                // QEMU's migration_maybe_pause: "device" only follows "pre-switchover"
                status.set(MigrationStatus.Status.DEVICE);
                for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.DEVICE);
            }
            machine.inactivateDrives(); // the images go to the destination with the last state
            copy.complete(MachineStream.globalState(before.qapiName));
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(copy, e);
            restore(before, wasRunning);
            return;
        }
        status.completed(System.currentTimeMillis() - stopped);
        machine.setRunState(RunState.POSTMIGRATE);
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.COMPLETED);
    }

    private void restore(RunState before, boolean wasRunning) {
        try {
            machine.activateDrives(); // the images stay here (QEMU's bdrv_activate_all after a failed completion)
        } catch (IOException e) {
            machine.diag().println("jpseries: " + e.getMessage());
        }
        machine.setRunState(before);
        if (wasRunning) {
            machine.resumeGuest();
            for (Observer o : machine.observers()) o.resumed();
        }
    }

    private void fail(PreCopy copy, Exception e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        String refusal = copy.destinationRefusal();
        if (refusal != null) why = "the destination refused the stream: " + refusal;
        copy.abandon();
        failed(why);
    }

    private void failed(String why) {
        status.failed(why);
        machine.diag().println("jpseries: migration failed: " + why);
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.FAILED);
    }

    private void cancelled() {
        status.cancelled();
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.CANCELLED);
    }

    /** An accepted incoming stream for the control thread, or why it could not be opened. */
    record IncomingRequest(MigrationChannel.Incoming channel, IOException error) {}

    /**
     * -incoming URI at start (not "defer"): binds tcp:/unix: now (an error ends the start with
     * QEMU's kind of line, as the exception's message), then waits for the source on the
     * migration-incoming thread.
     */
    void listen(MigrationUri uri, MigrationUri.FdSource fds) throws IOException {
        MigrationUri.Listener l;
        synchronized (incoming) { // QEMU's qmp_migrate_incoming: only a successful start counts
            if (incoming.started()) throw new IllegalStateException("The incoming migration has already been started");
            l = uri.listen(fds);
            incoming.start(l.addresses());
        }
        Thread t = new Thread(() -> {
            try {
                machine.requestIncoming(new IncomingRequest(l.accept(), null));
            } catch (IOException e) {
                machine.requestIncoming(new IncomingRequest(null, e));
            }
        }, "migration-incoming");
        t.setDaemon(true);
        t.start();
    }

    /** QMP migrate-incoming after -incoming defer. */
    void migrateIncoming(MigrationUri uri, MigrationUri.FdSource fds) throws IOException {
        if (machine.runState() != RunState.INMIGRATE || !"defer".equals(machine.options().incoming())) {
            throw new IllegalStateException("The incoming migration has already been started");
        }
        listen(uri, fds);
    }

    /**
     * Loads the machine's state on the control thread (the vCPUs have not run). A stream that
     * does not fit ends the run with exit code 1 and one line naming the section, as QEMU's
     * "load of migration failed", and the source hears why on the return path; nothing of it
     * runs. Otherwise the source hears that it loaded, and the guest continues in the run state
     * the source had, or paused under -S. Returns the exit code if the run ends.
     */
    Integer incoming(IncomingRequest r) {
        incoming.active();
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.ACTIVE);
        MachineStream.Loaded loaded;
        try (MigrationChannel.Incoming ch = r.channel()) {
            if (r.error() != null) throw r.error();
            loading = ch;
            if (abandoned) return null; // a quit came first: the run ends as it asked
            try {
                loaded = MachineStream.load(machine.devices(), new BufferedInputStream(ch.in(), 1 << 16), ch.back() == null,
                        h -> MachineIdentity.check(h, machine.options().platform()));
                machine.partition().forget();
                machine.partition().sync(null);
            } catch (StateException e) {
                answer(ch, e.getMessage());
                throw e;
            }
            answer(ch, null);
        } catch (StateException | IOException e) {
            incoming.ended(false);
            if (abandoned) {
                machine.diag().println("jpseries: incoming migration abandoned: the machine is quitting");
                return null; // the quit request queued behind this load ends the run
            }
            for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.FAILED);
            machine.diag().println("jpseries: load of migration failed: " + e.getMessage());
            return machine.endRun(RunState.INTERNAL_ERROR, false, "host-error", 1);
        }
        incoming.ended(true);
        for (Observer o : machine.observers()) o.migration(MigrationStatus.Status.COMPLETED);
        boolean imagesTaken = true;
        try {
            machine.activateDrives(); // the source released them before its last state (process_incoming_migration_bh)
        } catch (IOException e) {
            machine.diag().println("jpseries: " + e.getMessage()); // QEMU keeps such a guest paused
            imagesTaken = false;
        }
        if (imagesTaken && loaded.running() && !machine.options().startPaused()) {
            machine.setRunState(RunState.RUNNING);
            machine.resumeGuest();
            for (Observer o : machine.observers()) o.resumed();
        } else {
            machine.setRunState(RunState.PAUSED);
        }
        return null;
    }

    /**
     * quit or a host signal while a stream loads (any thread): the load, which may wait for a
     * stalled source for ever, stops at once and the run ends as asked rather than as a failed
     * load, as QEMU's main loop serves quit between the incoming coroutine's reads.
     */
    void abandonIncoming() {
        abandoned = true;
        MigrationChannel.Incoming ch = loading;
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }

    /** Tells the source on the return path (tcp:, unix:) whether the stream loaded; a source that went away is no error here. */
    private static void answer(MigrationChannel.Incoming ch, String refusal) {
        if (ch.back() == null) return;
        try {
            ReturnPath.send(ch.back(), refusal);
        } catch (IOException e) {
            // the source is gone: the load's own outcome stands
        }
    }
}
