package org.jpseries.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpseries.host.ExitActions;
import org.jpseries.host.FatalErrors;
import org.jpseries.host.HostSignals;
import org.jpseries.host.Pty;
import org.jpseries.host.RawTerminal;
import org.jpseries.hw.ConsoleMux;
import org.jpseries.hw.StdinPump;
import org.jpseries.monitor.ChardevSpec;
import org.jpseries.monitor.Chardevs;
import org.jpseries.monitor.QmpServer;
import org.jpseries.spapr.BootException;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;

/**
 * {@code jpseries}: the pseries system emulator with qemu-system-ppc64's command line. The
 * command line and boot files are checked (one line and exit 1 on any problem, as QEMU), then
 * the machine runs until the guest powers off (exit 0) or fails (exit 1).
 */
public final class Main {
    static final String PROG = "jpseries";

    private Main() {}

    public static void main(String[] args) {
        FatalErrors.install(PROG); // the process is ours: any thread's fatal error ends it (not in tests' JVMs)
        ownsProcess = true;
        System.exit(run(List.of(args)));
    }

    /** Set by {@link #main}: host signals are the machine's only when this JVM is jpseries itself. */
    private static volatile boolean ownsProcess;

    static int run(List<String> args) {
        MachineConfig c;
        try {
            c = CommandLine.parse(args);
            if (c.startStopped() && c.qmp().isEmpty()) {
                System.err.println(PROG + ": warning: -S without -qmp: nothing can continue the machine (Ctrl-a x quits)");
            }
            Daemon.check(c);
            if (c.machineNone()) return none(c);
            BootFiles files = BootFiles.load(c);
            if (c.dumpDtb() != null) return DumpDtb.write(c, files);
            return boot(c, files);
        } catch (UsageException e) {
            System.err.println(PROG + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Builds the pseries machine and runs it with the guest console on stdio: with -nographic
     * the host terminal goes to raw mode and Ctrl-a escapes are active (QEMU's mux chardev).
     */
    static int boot(MachineConfig c, BootFiles files) throws UsageException {
        PrintStream logOut = Logs.open(c);
        Chardevs chardevs = new Chardevs();
        Map<String, Pty> ptys = openPtys(c, chardevs);
        Pty consolePty = c.consolePty() == null ? null : ptys.get(c.consolePty());
        OutputStream consoleOut = consolePty != null ? consolePty.outputStream() : new FileOutputStream(FileDescriptor.out);
        SpaprMachine machine;
        org.jpseries.block.Drives drives;
        Map<String, org.jpseries.net.NetBackend> netdevs;
        try {
            // every drive and netdev opens before any device exists, as QEMU's (a missing or locked image is one line)
            // a migration's destination opens its images inactive until the source hands them over
            drives = org.jpseries.block.Drives.open(c.drives(), w -> System.err.println(PROG + ": " + w), c.incoming() != null);
        } catch (IOException e) {
            ptys.values().forEach(Pty::close);
            throw new UsageException(e.getMessage());
        }
        try {
            netdevs = org.jpseries.net.Netdevs.open(c.netdevs(), w -> System.err.println(PROG + ": " + w));
        } catch (org.jpseries.net.NetdevException e) {
            closeQuietly(drives);
            ptys.values().forEach(Pty::close);
            throw new UsageException(e.getMessage());
        }
        try {
            machine = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(c.cpu(), c.smp(), c.ramSize(),
                    c.maxCpuCompat(), c.append(), org.jpseries.intc.IcMode.parse(c.icMode())), c.actions(), c.startStopped(), c.incoming()),
                    files.kernel(), files.initrd(),
                    consoleOut, Logs.guestLog(c, logOut), System.err);
            machine.plugPciDevices(org.jpseries.spapr.PciDrivers.withDriveDevices(c.devices(), c.drives()), Logs.guestLog(c, logOut), drives,
                    netdevs);
        } catch (BootException | org.jpseries.memory.GuestRam.OutOfHostMemory e) {
            closeQuietly(drives);
            netdevs.values().forEach(org.jpseries.net.NetBackend::close);
            ptys.values().forEach(Pty::close);
            throw new UsageException(e.getMessage());
        }
        machine.setLogs(c.log("int") ? logOut : null, c.log("in_asm") ? logOut : null);
        if (ownsProcess) HostSignals.install(signal -> hostSignal(machine, signal)); // before any client can see the machine
        if (ownsProcess && RawTerminal.isTerminal(2)) machine.addObserver(new MigrationProgress(machine, System.err));
        List<QmpServer> monitors = new ArrayList<>();
        for (ChardevSpec q : c.qmp()) {
            try {
                monitors.add(new QmpServer(q, machine, c.name(), System.err, chardevs).start());
            } catch (IOException e) {
                for (QmpServer m : monitors) m.close();
                ptys.values().forEach(Pty::close);
                throw new UsageException((q.label() != null ? "-chardev socket,id=" + q.label() : "-qmp " + q) + ": " + e.getMessage());
            }
        }
        try {
            Daemon.ready(c);
        } catch (UsageException e) {
            for (QmpServer m : monitors) m.close();
            ptys.values().forEach(Pty::close);
            throw e;
        }
        RawTerminal terminal = null;
        if (consolePty != null) {
            new StdinPump(consolePty.inputStream(), b -> machine.platform().console().receive((byte) b)).start();
        } else {
            if (!c.serialStdio()) {
                System.err.println(PROG + ": warning: no graphical display: the guest console is on stdio (as with -nographic)");
            }
            terminal = c.monitorMux() ? RawTerminal.enterRaw() : null;
            ConsoleMux mux = new ConsoleMux(machine.platform().console()::receive, machine::quit, System.out);
            StdinPump.Input input = c.monitorMux() ? mux::input : b -> machine.platform().console().receive((byte) b);
            new StdinPump(System.in, input).start();
        }
        try {
            return machine.run();
        } catch (InterruptedException e) {
            return 1;
        } finally {
            for (QmpServer m : monitors) m.close();
            ptys.values().forEach(Pty::close);
            if (terminal != null) terminal.restore();
            closeQuietly(drives); // drained first: the guest's last writes reach the images
            netdevs.values().forEach(org.jpseries.net.NetBackend::close);
            System.out.flush();
        }
    }

    private static void closeQuietly(org.jpseries.block.Drives drives) {
        try {
            drives.close();
        } catch (IOException e) {
            System.err.println(PROG + ": " + e.getMessage());
        }
    }

    /**
     * {@code -machine none}: only the monitors (QEMU's null machine), until QMP quit or a host
     * signal. libvirt probes an emulator this way (docs/libvirt.md).
     */
    static int none(MachineConfig c) throws UsageException {
        org.jpseries.monitor.NoneMachine none = new org.jpseries.monitor.NoneMachine(c.startStopped());
        if (ownsProcess) HostSignals.install(signal -> {
            System.err.println(PROG + ": terminating on signal " + signal);
            none.quit();
        });
        Chardevs chardevs = new Chardevs();
        Map<String, Pty> ptys = openPtys(c, chardevs);
        List<QmpServer> monitors = new ArrayList<>();
        try {
            for (ChardevSpec q : c.qmp()) {
                try {
                    monitors.add(new QmpServer(q, none, c.name(), System.err, chardevs).start());
                } catch (IOException e) {
                    throw new UsageException((q.label() != null ? "-chardev socket,id=" + q.label() : "-qmp " + q) + ": " + e.getMessage());
                }
            }
            Daemon.ready(c);
            return none.run();
        } catch (InterruptedException e) {
            return 1;
        } finally {
            for (QmpServer m : monitors) m.close();
            ptys.values().forEach(Pty::close);
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean SIGNALLED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * SIGTERM, SIGINT or SIGHUP (QEMU's qemu_system_killed and qemu_kill_report): "terminating on
     * signal N", then the machine ends as on QMP quit but with SHUTDOWN reason host-signal, exit
     * status 0, whatever -action says; the monitors send the event and remove their sockets, and
     * the terminal is restored on the way out. QEMU adds "from pid P (cmd)": the JVM does not tell
     * a handler who sent the signal. A second signal while the machine is stopping does not wait
     * for it: the exit actions run and the process ends at once (status 1).
     */
    private static void hostSignal(SpaprMachine machine, int signal) {
        System.err.println(PROG + ": terminating on signal " + signal);
        if (SIGNALLED.getAndSet(true)) {
            ExitActions.runAll();
            Runtime.getRuntime().halt(1);
        }
        machine.quit("host-signal");
    }

    /**
     * Opens the -chardev pty devices and, as QEMU's char-pty.c does, tells the user where each
     * went: "char device redirected to /dev/pts/N (label ID)" on stderr.
     */
    static Map<String, Pty> openPtys(MachineConfig c, Chardevs chardevs) throws UsageException {
        Map<String, Pty> ptys = new LinkedHashMap<>();
        for (String id : c.ptys()) {
            try {
                Pty p = Pty.open();
                ptys.put(id, p);
                chardevs.addPty(id, p, id.equals(c.consolePty()));
                System.err.println("char device redirected to " + p.slavePath() + " (label " + id + ")");
            } catch (IOException e) {
                ptys.values().forEach(Pty::close);
                throw new UsageException("-chardev pty,id=" + id + ": " + e.getMessage());
            }
        }
        return ptys;
    }
}
