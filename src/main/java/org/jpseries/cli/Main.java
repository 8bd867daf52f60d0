package org.jpseries.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.hw.ConsoleMux;
import org.jpseries.hw.HostTerminal;
import org.jpseries.hw.StdinPump;
import org.jpseries.monitor.ChardevSpec;
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
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        MachineConfig c;
        try {
            c = CommandLine.parse(args);
            if (c.startStopped() && c.qmp().isEmpty()) {
                System.err.println(PROG + ": warning: -S without -qmp: nothing can continue the machine (Ctrl-a x quits)");
            }
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
        SpaprMachine machine;
        try {
            machine = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(c.cpu(), c.smp(), c.ramSize(),
                    c.maxCpuCompat(), c.append(), org.jpseries.intc.IcMode.parse(c.icMode())), c.noReboot(), c.startStopped()), files.kernel(), files.initrd(),
                    new FileOutputStream(FileDescriptor.out), Logs.guestLog(c, logOut), System.err);
        } catch (BootException e) {
            throw new UsageException(e.getMessage());
        }
        machine.setLogs(c.log("int") ? logOut : null, c.log("in_asm") ? logOut : null);
        List<QmpServer> monitors = new ArrayList<>();
        try {
            for (ChardevSpec q : c.qmp()) monitors.add(new QmpServer(q, machine, c.name(), System.err).start());
        } catch (IOException e) {
            for (QmpServer m : monitors) m.close();
            throw new UsageException("-qmp: " + e.getMessage());
        }
        if (!c.serialStdio()) {
            System.err.println(PROG + ": warning: no graphical display: the guest console is on stdio (as with -nographic)");
        }
        HostTerminal terminal = c.monitorMux() ? HostTerminal.enterRaw() : null;
        ConsoleMux mux = new ConsoleMux(machine.platform().console()::receive, machine::quit, System.out);
        StdinPump.Input input = c.monitorMux() ? mux::input : b -> machine.platform().console().receive((byte) b);
        new StdinPump(System.in, input).start();
        try {
            return machine.run();
        } catch (InterruptedException e) {
            return 1;
        } finally {
            for (QmpServer m : monitors) m.close();
            if (terminal != null) terminal.restore();
            System.out.flush();
        }
    }
}
