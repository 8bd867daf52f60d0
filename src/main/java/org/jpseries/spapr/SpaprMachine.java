package org.jpseries.spapr;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.LinkedBlockingQueue;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.TimeBase;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.xics.XicsOutput;
import org.jpseries.memory.GuestRam;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationUri;
import org.jpseries.mmu.hash.HashPageTable;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.MachineControl;
import org.jpseries.papr.VcpuControl;

/**
 * QEMU's pseries machine (hw/ppc/spapr.c) with its vCPUs: guest RAM, one time base, the
 * partition's hashed page table, one host thread per vCPU, and the platform (device tree, client
 * interface, RTAS, hcalls, XICS, console). The machine is the platform's {@link VcpuControl},
 * {@link MachineControl} and {@link XicsOutput}.
 *
 * <p>Threads: each vCPU runs on its own thread; requests that end or reset the machine (RTAS
 * power-off and system-reboot, ibm,os-term, Ctrl-a x, a vCPU failure) become events for the
 * thread in {@link #run}, which stops the vCPUs before it acts, so a reset never races guest code.
 */
public final class SpaprMachine implements VcpuControl, MachineControl, XicsOutput {
    /**
     * @param actions     -action (and -no-reboot, -no-shutdown): what a guest reboot, shutdown or panic does
     * @param startPaused -S: the machine is reset but its vCPUs wait for {@link #resume} (QMP cont)
     * @param incoming    -incoming: a migration URI to load the machine's state from before it
     *                    runs, "defer" to wait for QMP migrate-incoming, or null
     */
    public record Options(SpaprPlatform.Options platform, Actions actions, boolean startPaused, String incoming) {
        /** {@code noReboot}: -no-reboot (reboot=shutdown), the other actions QEMU's defaults. */
        public Options(SpaprPlatform.Options platform, boolean noReboot, boolean startPaused, String incoming) {
            this(platform, noReboot ? Actions.DEFAULT.with("reboot", "shutdown") : Actions.DEFAULT, startPaused, incoming);
        }

        public Options(SpaprPlatform.Options platform, boolean noReboot, boolean startPaused) {
            this(platform, noReboot, startPaused, null);
        }

        public Options(SpaprPlatform.Options platform, boolean noReboot) {
            this(platform, noReboot, false);
        }
    }

    /** QEMU's RunState names as query-status reports them. */
    public enum RunState {
        PRELAUNCH("prelaunch"), RUNNING("running"), PAUSED("paused"), SHUTDOWN("shutdown"), GUEST_PANICKED("guest-panicked"),
        INTERNAL_ERROR("internal-error"), INMIGRATE("inmigrate"), FINISH_MIGRATE("finish-migrate"), POSTMIGRATE("postmigrate");

        public final String qapiName;

        RunState(String qapiName) {
            this.qapiName = qapiName;
        }
    }

    /**
     * What the machine tells its observers (the QMP monitor turns these into QEMU's events).
     * Called on the machine's control thread, after the change took effect.
     */
    public interface Observer {
        /** RESET: {@code guest} is true when the guest asked for it (RTAS system-reboot). */
        default void reset(boolean guest) {}

        /** STOP: the vCPUs were stopped (monitor stop). */
        default void stopped() {}

        /** RESUME: the vCPUs run again. */
        default void resumed() {}

        /** SHUTDOWN: the run ends, or stops under shutdown=pause; {@code reason} is QEMU's ShutdownCause name (guest-shutdown, host-qmp-quit, ...). */
        default void shutdown(boolean guest, String reason) {}

        /** GUEST_PANICKED: {@code action} is QEMU's GuestPanicAction (pause, poweroff, run). */
        default void guestPanicked(String action) {}

        /** MIGRATION: an outgoing or incoming migration changed status (also called on the migration thread). */
        default void migration(MigrationStatus.Status status) {}

        /** MIGRATION_PASS: an outgoing migration starts RAM pass {@code pass} (1, 2, ...; called on the migration thread). */
        default void migrationPass(int pass) {}
    }

    private enum Kind { POWER_OFF, RESET, HOST_RESET, PANIC, GUEST_ERROR, QUIT, FATAL, PAUSE, RESUME, MIGRATE, INCOMING }

    private record Event(Kind kind, String message, Object payload, java.util.concurrent.CompletableFuture<Void> done) {
        Event(Kind kind, String message) {
            this(kind, message, null, null);
        }
    }

    private final Options opt;
    private final GuestRam ram;
    private final TimeBase timeBase = new TimeBase();
    private final HashPageTable hpt;
    private final Vcpu[] vcpus;
    private final SpaprPlatform platform;
    /** LPCR/PCR across the vCPUs and the global completion of invalidating hcalls. */
    private final Partition partition;
    /** Every stateful part, registered once here: reset, tree, monitor and state walk it. */
    private final DeviceRegistry devices = new DeviceRegistry();
    private final PrintStream diag;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** auto-converge's throttle of the vCPUs while a migration runs. */
    private final VcpuThrottle throttle;

    /** Guards the run state of the machine and of every vCPU (see {@link Vcpu}). */
    private final Object runLock = new Object();
    private boolean running;
    private boolean exiting;
    private volatile RunState runState = RunState.PRELAUNCH;
    private final java.util.List<Observer> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Builds the machine; nothing runs until {@link #run}.
     *
     * @param consoleOut where the guest's console (spapr-vty) output goes
     * @param diag       where the machine's own messages go (QEMU's stderr)
     */
    /** The RAM's memory region name, as QEMU's pseries machine calls it (its messages name it). */
    public static final String RAM_NAME = "ppc_spapr.ram";

    public SpaprMachine(Options opt, KernelElf kernel, byte[] initrd, OutputStream consoleOut, GuestLog log, PrintStream diag)
            throws BootException {
        this.opt = opt;
        this.diag = diag;
        SpaprPlatform.Options p = opt.platform();
        this.ram = new GuestRam(p.ramSize(), RAM_NAME);
        this.hpt = new HashPageTable(HashPageTable.shiftForRam(p.ramSize()), ram);
        this.vcpus = new Vcpu[p.smp()];
        for (int i = 0; i < vcpus.length; i++) vcpus[i] = new Vcpu(i, p.cpu(), ram, timeBase, hpt, this);
        this.throttle = new VcpuThrottle(vcpus);
        if (vcpus.length > 1) {
            // code decoded by one vCPU is dropped by any vCPU's store to its page (coherent icache)
            Cpu[] partition = new Cpu[vcpus.length];
            for (int i = 0; i < vcpus.length; i++) partition[i] = vcpus[i].cpu;
            for (Cpu c : partition) c.peers = partition;
        }
        devices.register(org.jpseries.device.Device.keptAcrossReset(timeBase)); // before the vCPUs: DEC is relative to it
        devices.register(ram);
        devices.register(hpt);
        this.platform = new SpaprPlatform(p, ram, kernel, initrd, consoleOut, this, this, this, timeBase::read, log, devices);
        this.partition = new Partition(vcpus, this, platform, p.cpu(), p.largeDecrementerBits(), hpt.shootdown());
        for (Vcpu v : vcpus) devices.register(v);
        new HptHcalls(hpt).register(platform.hcalls());
    }

    /**
     * Creates the -device PCI functions and plugs them into the default bridge, in order
     * (QEMU's qdev_device_add at start). Before {@link #run}.
     *
     * @throws BootException one line naming the -device when a property or the placement is refused
     */
    public void plugPciDevices(java.util.List<org.jpseries.device.DeviceSpec> specs, GuestLog log, org.jpseries.block.Drives drives,
            java.util.Map<String, org.jpseries.net.NetBackend> netdevs) throws BootException {
        this.drives = drives;
        platform.plugPciDevices(specs, new PciDrivers.Context(ram, log, this::resetterBigEndian, drives, netdevs));
    }

    /** The -drive/-blockdev images (null: none), handed over between a migration's two sides. */
    private volatile org.jpseries.block.Drives drives;

    /**
     * A migration's source before its last device state (QEMU bdrv_inactivate_all): every image
     * flushed and its write lock released, so that the destination can take it.
     */
    void inactivateDrives() throws java.io.IOException {
        if (drives != null) drives.inactivateAll();
    }

    /** A destination after its load, or a source whose migration failed: the images taken for writing again. */
    void activateDrives() throws java.io.IOException {
        if (drives != null) drives.activateAll();
    }

    /**
     * The byte order a legacy virtio device takes at reset (QEMU virtio_reset's device_endian):
     * that of the vCPU resetting it, big-endian off a vCPU (a machine reset: the target's order).
     */
    private boolean resetterBigEndian() {
        for (Vcpu v : vcpus) {
            if (v.thread == Thread.currentThread()) return (v.cpu.msr & Cpu.MSR_LE) == 0;
        }
        return true;
    }

    /** QEMU's {@code -d int} and {@code -d in_asm}: log to {@code out} (null for an item turns it off). Before {@link #run}. */
    public void setLogs(PrintStream interrupts, PrintStream inAsm) {
        for (Vcpu v : vcpus) v.setLogs(interrupts, inAsm);
    }

    /** Guest RAM (tests, the monitor). */
    GuestRam ram() {
        return ram;
    }

    public SpaprPlatform platform() {
        return platform;
    }

    /** The partition's time base (tests freeze it as a save does). */
    TimeBase timeBase() {
        return timeBase;
    }

    public Options options() {
        return opt;
    }

    /** The vCPU's architected state (for tests and the monitor); not to be changed while it runs. */
    public Cpu cpu(int id) {
        return vcpus[id].cpu;
    }

    /**
     * Powers the machine on and runs it until the run ends: 0 when the guest powers off (or
     * reboots under reboot=shutdown, or panics under panic=shutdown) or the user quits; 1 when
     * the guest panics under panic=exit-failure or the machine or its firmware interface fails.
     */
    public int run() throws InterruptedException {
        for (Vcpu v : vcpus) {
            v.thread = new Thread(() -> vcpuThread(v), "vcpu" + v.id);
            v.thread.setDaemon(true);
            v.thread.start();
        }
        systemReset(ResetReason.COLD);
        try {
            if (opt.incoming() != null) {
                timeBase.stop();
                if (!opt.incoming().equals("defer")) {
                    try {
                        migrations.listen(MigrationUri.parse(opt.incoming()), null); // bound before the run state says inmigrate
                    } catch (java.io.IOException e) {
                        diag.println("jpseries: -incoming " + opt.incoming() + ": " + e.getMessage());
                        return end(RunState.INTERNAL_ERROR, false, "host-error", 1);
                    }
                }
                runState = RunState.INMIGRATE;
            } else if (opt.startPaused()) {
                timeBase.stop();
            } else {
                runState = RunState.RUNNING;
                resumeVcpus();
            }
            // here, off the vCPUs' way: a reset request waits for it on this thread
            platform.retainKernel(opt.actions().reboot() != Actions.Reboot.SHUTDOWN);
            while (true) {
                Event e = events.take();
                try {
                    Integer exit = handle(e);
                    if (exit != null) return exit;
                } finally {
                    if (e.done != null) e.done.complete(null);
                }
            }
        } finally {
            shutdown();
            // the MMU's fast paths reach RAM by host address, unchecked: unmap it only when no vCPU
            // can run again (shutdown waits for them; an interrupted wait leaves it mapped)
            if (!anyActive()) ram.close();
        }
    }

    /** Acts on one request on the control thread; returns the exit code when the run ends. */
    private Integer handle(Event e) {
        switch (e.kind) {
            case POWER_OFF -> {
                return shutdownRequest(true, "guest-shutdown", 0);
            }
            case QUIT -> { // QMP quit, Ctrl-a x and host signals end the run whatever -action says (QEMU's qmp_quit)
                return end(RunState.SHUTDOWN, false, e.message == null ? "host-qmp-quit" : e.message, 0);
            }
            case RESET, HOST_RESET -> {
                boolean guest = e.kind == Kind.RESET;
                if (opt.actions().reboot() == Actions.Reboot.SHUTDOWN) {
                    return shutdownRequest(guest, guest ? "guest-reset" : "host-qmp-system-reset", 0);
                }
                boolean wasRunning = runState == RunState.RUNNING;
                systemReset(guest ? ResetReason.GUEST : ResetReason.HOST);
                for (Observer o : observers) o.reset(guest);
                if (wasRunning) resumeVcpus();
                else if (runState != RunState.INMIGRATE && runState != RunState.FINISH_MIGRATE) runState = RunState.PRELAUNCH; // as QEMU's main loop
            }
            case PANIC -> {
                diag.println("jpseries: " + e.message);
                return panic();
            }
            case GUEST_ERROR -> {
                diag.println("jpseries: " + e.message);
                return end(RunState.GUEST_PANICKED, true, "guest-panic", 1);
            }
            case FATAL -> {
                diag.println(e.message);
                return end(RunState.INTERNAL_ERROR, false, "host-error", 1);
            }
            case PAUSE -> {
                if (runState == RunState.RUNNING) {
                    stopVcpus();
                    timeBase.stop();
                    runState = RunState.PAUSED;
                    for (Observer o : observers) o.stopped();
                }
            }
            case MIGRATE -> migrations.switchover((org.jpseries.migration.PreCopy) e.payload);
            case INCOMING -> {
                return migrations.incoming((MachineMigration.IncomingRequest) e.payload);
            }
            case RESUME -> {
                if (runState == RunState.PAUSED || runState == RunState.PRELAUNCH || runState == RunState.POSTMIGRATE) {
                    timeBase.resume();
                    runState = RunState.RUNNING;
                    resumeVcpus();
                    for (Observer o : observers) o.resumed();
                }
            }
        }
        return null;
    }

    /**
     * A guest panic under -action panic= (QEMU qemu_system_guest_panicked): GUEST_PANICKED with
     * the action taken, then pause (panic=pause, or panic=shutdown with shutdown=pause), a
     * shutdown (reason guest-panic) that ends the run with 0 or, for exit-failure, 1; or nothing
     * more (none: the guest runs on).
     */
    private Integer panic() {
        Actions a = opt.actions();
        if (a.panic() == Actions.Panic.PAUSE || a.panic() == Actions.Panic.SHUTDOWN && a.shutdown() == Actions.Shutdown.PAUSE) {
            for (Observer o : observers) o.guestPanicked("pause");
            stopIn(RunState.GUEST_PANICKED);
            return null;
        }
        if (a.panic() == Actions.Panic.NONE) {
            for (Observer o : observers) o.guestPanicked("run");
            return null;
        }
        for (Observer o : observers) o.guestPanicked("poweroff");
        stopVcpus();
        runState = RunState.GUEST_PANICKED;
        return shutdownRequest(true, "guest-panic", a.panic() == Actions.Panic.EXIT_FAILURE ? 1 : 0);
    }

    /**
     * A shutdown the guest (or system_reset under reboot=shutdown) asked for: the SHUTDOWN event,
     * then the run ends with {@code exit}, or under shutdown=pause the machine stops in run state
     * "shutdown" (QEMU main_loop_should_exit), where only system_reset or quit lead on.
     */
    private Integer shutdownRequest(boolean guest, String reason, int exit) {
        for (Observer o : observers) o.shutdown(guest, reason);
        if (opt.actions().shutdown() == Actions.Shutdown.PAUSE) {
            stopIn(RunState.SHUTDOWN);
            return null;
        }
        stopVcpus();
        if (runState != RunState.GUEST_PANICKED) runState = RunState.SHUTDOWN;
        return exit;
    }

    /** QEMU's vm_stop(state): the vCPUs and the clock stop; STOP if the machine was running. */
    private void stopIn(RunState state) {
        boolean wasRunning = runState == RunState.RUNNING;
        stopVcpus();
        timeBase.stop();
        runState = state;
        if (wasRunning) {
            for (Observer o : observers) o.stopped();
        }
    }

    private int end(RunState state, boolean guest, String reason, int exit) {
        stopVcpus();
        runState = state;
        for (Observer o : observers) o.shutdown(guest, reason);
        return exit;
    }

    public void addObserver(Observer o) {
        observers.add(o);
    }

    public RunState runState() {
        return runState;
    }

    /** Monitor "stop": the vCPUs and the time base stop; returns once they have. */
    public java.util.concurrent.CompletableFuture<Void> pause() {
        return request(Kind.PAUSE, null);
    }

    /** Monitor "cont" (also leaves -S's prelaunch state). */
    public java.util.concurrent.CompletableFuture<Void> resume() {
        return request(Kind.RESUME, null);
    }

    /** Monitor "system_reset": a full machine reset; a paused machine stays paused (as QEMU). */
    public java.util.concurrent.CompletableFuture<Void> hostReset() {
        return request(Kind.HOST_RESET, null);
    }

    /** Monitor "quit" or a host signal: the run ends with exit code 0; {@code reason} as QEMU's ShutdownCause. */
    public java.util.concurrent.CompletableFuture<Void> quit(String reason) {
        migrations.abandonIncoming(); // a load in progress would hold the control thread until its source ends
        return request(Kind.QUIT, reason);
    }

    private java.util.concurrent.CompletableFuture<Void> request(Kind k, String message) {
        return request(k, message, null);
    }

    private java.util.concurrent.CompletableFuture<Void> request(Kind k, String message, Object payload) {
        java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
        events.add(new Event(k, message, payload, f));
        return f;
    }

    // ---- snapshots and migration: MachineMigration -------------------------------------------

    private final MachineMigration migrations = new MachineMigration(this);

    /** What query-migrate reports, and the migration capabilities. */
    public MigrationStatus migration() {
        return migrations.status();
    }

    /** What query-migrate reports on a destination (-incoming). */
    public org.jpseries.migration.IncomingStatus incomingMigration() {
        return migrations.incomingStatus();
    }

    /** The machine's devices (reset, tree, state walk them). */
    public DeviceRegistry devices() {
        return devices;
    }

    /** QMP migrate (see {@link MachineMigration#migrate}). */
    public void migrate(MigrationUri uri, MigrationUri.FdSource fds) throws java.io.IOException {
        migrations.migrate(uri, fds);
    }

    /** QMP migrate_cancel: a running migration stops (status cancelling, then cancelled); nothing when none runs. */
    public void migrateCancel() {
        migrations.cancel();
    }

    /**
     * QMP migrate-incoming after -incoming defer.
     *
     * @throws IllegalStateException with QEMU's message when it cannot start (a tcp:/unix: address that cannot be bound)
     */
    public void migrateIncoming(MigrationUri uri, MigrationUri.FdSource fds) {
        try {
            migrations.migrateIncoming(uri, fds);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    // what MachineMigration drives, on the control thread (requests: any thread)

    /** The switchover of a migration whose live phase ended. */
    java.util.concurrent.CompletableFuture<Void> requestMigrate(org.jpseries.migration.PreCopy copy) {
        return request(Kind.MIGRATE, null, copy);
    }

    java.util.concurrent.CompletableFuture<Void> requestIncoming(MachineMigration.IncomingRequest r) {
        return request(Kind.INCOMING, null, r);
    }

    /** What a migration needs of the vCPUs: dropping write translations (dirty logging) and auto-converge's throttle. */
    org.jpseries.migration.PreCopy.Vcpus migrationVcpus() {
        return new org.jpseries.migration.PreCopy.Vcpus() {
            @Override
            public void dropWriteTranslations() {
                org.jpseries.mmu.TlbShootdown t = hpt.shootdown();
                t.flushAll();
                t.awaitFlushed(null, t.seq());
            }

            @Override
            public void throttle(int percent) {
                throttle.set(percent);
            }
        };
    }

    java.util.List<Observer> observers() {
        return observers;
    }

    void setRunState(RunState s) {
        runState = s;
    }

    Partition partition() {
        return partition;
    }

    PrintStream diag() {
        return diag;
    }

    /** The vCPUs and the time base stop (control thread). */
    void stopGuest() {
        stopVcpus();
        timeBase.stop();
    }

    /** The time base and the vCPUs go on (control thread). */
    void resumeGuest() {
        timeBase.resume();
        resumeVcpus();
    }

    /** The run ends in {@code state} (control thread); returns {@code exit}. */
    int endRun(RunState state, boolean guest, String reason, int exit) {
        return end(state, guest, reason, exit);
    }

    /** The host thread running a vCPU (QMP query-cpus-fast's thread-id is the host's id for it). */
    public Thread vcpuThread(int id) {
        return vcpus[id].thread;
    }

    /** Whether RTAS has the vCPU stopped (never started, or stop-self). */
    public boolean vcpuStopped(int id) {
        return isStopped(id);
    }

    /**
     * Machine reset (QEMU's spapr_machine_reset), one step per line. An interrupt a device raises
     * while this runs latches in the shared sources (no controller is active from the second step
     * to the seventh) or is dropped with its device's reset; the controller activated in the
     * seventh step takes the latched ones. The vCPUs stay stopped: the caller resumes them.
     */
    void systemReset(ResetReason why) {
        stopVcpus();                                  // 1. no vCPU runs guest code
        step("stop");
        platform.detachInterruptController();         // 2. interrupts latch from here on
        step("detach");
        devices.reset(ResetPhase.DEVICES, why);       // 3. devices quiesced
        step("devices");
        devices.reset(ResetPhase.VCPUS, why);         // 4. registers, SLB, VPA/SLB-shadow/DTL registrations
        step("vcpus");
        devices.reset(ResetPhase.MMU, why);           // 5. HPT contents, process table, LPCR
        partition.forget();
        step("mmu");
        devices.reset(ResetPhase.CAS, why);           // 6. CAS forgotten; compat PVR = max-cpu-compat ...
        partition.sync(null);                         //    ... on every vCPU (PCR), with the LPCR
        step("cas");
        devices.reset(ResetPhase.INTC, why);          // 7. both controllers reset, ...
        platform.activatePreCasController();          //    ... then the pre-CAS one active
        step("intc");
        BootLayout.InitialState boot = platform.rebuildTree(); // 8. kernel reloaded, device tree rebuilt
        step("tree");
        startBootVcpu(boot);                          // 9. CPU 0 at the kernel's entry
        step("boot");
        resets++;
        ResetChecker checker = resetChecker;
        if (checker != null) checker.resetDone(devices);
    }

    private volatile ResetChecker resetChecker;

    /** Checks every later reset against the state after the next one (set before {@link #run} to compare with power-on). */
    public void setResetChecker(ResetChecker checker) {
        this.resetChecker = checker;
    }

    private volatile long resets;

    /** Machine resets since the machine was built, the power-on reset included. */
    public long resets() {
        return resets;
    }

    /** Instructions the vCPU has retired (read racily while it runs). */
    public long retired(int id) {
        return vcpus[id].retired();
    }

    /** For the reset-sequence test: called after each step of {@link #systemReset} with its name. */
    private volatile java.util.function.Consumer<String> resetProbe;

    void setResetProbe(java.util.function.Consumer<String> probe) {
        this.resetProbe = probe;
    }

    private void step(String name) {
        java.util.function.Consumer<String> p = resetProbe;
        if (p != null) p.accept(name);
    }

    /** Sets the RTAS run state of a vCPU (its section's "started"; {@link #isStopped} reads it). */
    void setVcpuStarted(Vcpu v, boolean started) {
        synchronized (runLock) {
            v.started = started;
        }
    }

    /** vCPU reset (step 4, {@link Vcpu#reset}): registers and RTAS state, under the run lock. */
    void resetVcpu(Vcpu v) {
        synchronized (runLock) {
            v.cpu.reset();
            v.started = false;
        }
        platform.vcpuAreas(v.id).reset();
    }

    private void startBootVcpu(BootLayout.InitialState boot) {
        synchronized (runLock) {
            Cpu c = vcpus[0].cpu;
            c.writeMsr(boot.msr());
            c.nip = boot.nip();
            c.gpr[1] = boot.r1();
            c.gpr[3] = boot.r3();
            c.gpr[4] = boot.r4();
            c.gpr[5] = boot.r5();
            vcpus[0].started = true;
        }
    }

    /** Stops every vCPU at an instruction boundary and waits until none executes guest code. */
    private void stopVcpus() {
        synchronized (runLock) {
            running = false;
            for (Vcpu v : vcpus) {
                v.cpu.halted = true;
                v.cpu.kick();
            }
            while (anyActive()) {
                try {
                    runLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        devices.runStateChanged(false); // devices start no new work: RAM and their state hold still from here
    }

    private boolean anyActive() {
        for (Vcpu v : vcpus) {
            if (v.active) return true;
        }
        return false;
    }

    private void resumeVcpus() {
        devices.runStateChanged(true);
        synchronized (runLock) {
            running = true;
            runLock.notifyAll();
        }
    }

    private void shutdown() {
        stopVcpus();
        synchronized (runLock) {
            exiting = true;
            runLock.notifyAll();
        }
        for (Vcpu v : vcpus) v.cpu.sys.cancelTimers();
    }

    private void vcpuThread(Vcpu v) {
        while (true) {
            synchronized (runLock) {
                v.active = false;
                runLock.notifyAll();
                while (!exiting && !(running && v.started)) {
                    try {
                        runLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (exiting) return;
                v.active = true;
                v.cpu.halted = false;
            }
            try {
                v.runGuest();
            } catch (OutOfMemoryError e) {
                throw e; // no heap to report with: the process's fatal-error handler ends the run (host.FatalErrors)
            } catch (Throwable t) {
                // An emulator bug, never guest input: report the vCPU and stop the machine. Should the
                // report itself fail (no heap left), the error escapes to the fatal-error handler.
                synchronized (runLock) {
                    v.started = false;
                }
                events.add(new Event(Kind.FATAL, failure(v, t)));
            }
        }
    }

    private static String failure(Vcpu v, Throwable t) {
        Cpu c = v.cpu;
        StringBuilder sb = new StringBuilder();
        sb.append("jpseries: internal error on vCPU ").append(v.id).append(": ").append(t).append('\n');
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("    at ").append(e).append('\n');
            if (sb.length() > 4000) break;
        }
        sb.append(String.format("NIP %016x   LR %016x CTR %016x MSR %016x%n", c.cia, c.lr, c.ctr, c.msr));
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("GPR%02d %016x%s", i, c.gpr[i], i % 4 == 3 ? "\n" : " "));
        }
        sb.append(String.format("CR %08x SRR0 %016x SRR1 %016x DAR %016x DSISR %08x%n", c.cr, c.sys.spr[Spr.SRR0],
                c.sys.spr[Spr.SRR1], c.sys.spr[Spr.DAR], c.sys.spr[Spr.DSISR]));
        return sb.toString();
    }

    // ---- the hypervisor side of a vCPU --------------------------------------------------------




    /** A vCPU in checkstop stays stopped (QEMU: cs->halted) and the machine takes it as a guest panic. */
    void checkstop(Vcpu v, GuestInterrupt cause) {
        setVcpuStarted(v, false);
        events.add(new Event(Kind.PANIC, "vCPU " + v.id + " entered checkstop: machine check with MSR[ME]=0 at 0x"
                + Long.toHexString(v.cpu.cia)));
    }

    /**
     * New partition registers for a vCPU other than the hcall's: applied at once when it is not
     * inside the interpreter (run lock), else published for its next instruction boundary.
     */
    void givePartitionRegisters(Vcpu v, Cpu.PartitionRegisters r) {
        synchronized (runLock) {
            if (!v.active) {
                v.cpu.applyPartitionRegisters(r);
                return;
            }
            v.cpu.publishPartitionRegisters(r);
        }
    }

    /** {@code sc 1} from supervisor state: run the hcall in r3 with this vCPU's registers. */
    void hypercall(Vcpu v) {
        partition.hypercall(v, platform.hcalls());
    }

    // ---- VcpuControl --------------------------------------------------------------------------

    @Override
    public int count() {
        return vcpus.length;
    }

    /** H_CEDE: MSR[EE]=1 and idle until an interrupt condition, an H_PROD or a machine stop. */
    @Override
    public void cede(int vcpu) {
        Cpu c = vcpus[vcpu].cpu;
        c.msr |= Cpu.MSR_EE;
        c.idle();
    }

    @Override
    public void prod(int target) {
        vcpus[target].cpu.prod();
    }

    @Override
    public void confer(int vcpu, int target) {
        Thread.yield();
    }

    @Override
    public boolean isStopped(int vcpu) {
        synchronized (runLock) {
            return !vcpus[vcpu].started;
        }
    }

    /** RTAS start-cpu (QEMU rtas_start_cpu): MSR = SF|ME, nip = entry, r3 as given, at the partition's LPCR. */
    @Override
    public void start(int vcpu, long entry, long r3) {
        Vcpu v = vcpus[vcpu];
        synchronized (runLock) {
            while (v.active) {
                try {
                    runLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Cpu c = v.cpu;
            c.writeMsr(Cpu.MSR_SF | Cpu.MSR_ME);
            c.nip = entry;
            c.gpr[1] = 0;
            c.gpr[3] = r3;
            c.gpr[4] = 0;
            c.lower(Cpu.PENDING_SYSTEM_RESET); // an NMI sent while it was stopped does not follow it
            v.started = true;
            runLock.notifyAll();
        }
    }

    @Override
    public void signalSystemReset(int vcpu) {
        Vcpu v = vcpus[vcpu];
        synchronized (runLock) {
            if (v.started) v.cpu.raise(Cpu.PENDING_SYSTEM_RESET);
        }
    }

    /**
     * QMP inject-nmi (QEMU's spapr_nmi): a system reset interrupt on every started vCPU; a
     * stopped machine takes it when it runs again. The guest's kernel reports it (an oops with
     * the interrupted registers, or a crash dump where one is set up).
     */
    public void injectNmi() {
        for (int i = 0; i < vcpus.length; i++) signalSystemReset(i);
    }

    @Override
    public void stopSelf(int vcpu) {
        Vcpu v = vcpus[vcpu];
        synchronized (runLock) {
            v.started = false;
        }
        v.cpu.halted = true;
    }

    // ---- MachineControl -----------------------------------------------------------------------

    @Override
    public void requestPowerOff() {
        events.add(new Event(Kind.POWER_OFF, null));
    }

    @Override
    public void requestReset() {
        events.add(new Event(Kind.RESET, null));
    }

    @Override
    public void guestPanicked(String message) {
        String cas = platform.casFatal();
        // CAS failing is the platform refusing the guest (QEMU exits 1), not a panic: -action does not apply
        events.add(cas != null ? new Event(Kind.GUEST_ERROR, cas) : new Event(Kind.PANIC, "OS terminated: " + message));
    }

    @Override
    public void clientExit() {
        events.add(new Event(Kind.GUEST_ERROR, "the firmware client called exit"));
    }

    /** The user quit (Ctrl-a x, QEMU's mux calling qmp_quit): stop and leave with exit code 0. */
    public void quit() {
        quit("host-qmp-quit");
    }

    // ---- XicsOutput ---------------------------------------------------------------------------

    @Override
    public void externalInterrupt(int server, boolean asserted) {
        if (server < 0 || server >= vcpus.length) return;
        Cpu c = vcpus[server].cpu;
        if (asserted) c.raise(Cpu.PENDING_EXTERNAL);
        else c.lower(Cpu.PENDING_EXTERNAL);
    }
}
