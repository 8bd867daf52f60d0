package org.jpseries.cli;

import java.util.List;

/**
 * {@code jpseries}: the pseries system emulator with qemu-system-ppc64's command line. The
 * command line and boot files are checked (one line and exit 1 on any problem, as QEMU); the
 * vCPUs that would run the guest are not wired to the platform yet.
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
            if (c.qmp() != null) System.err.println(PROG + ": warning: -qmp " + c.qmp() + ": QMP is not implemented yet; option ignored");
            if (c.startStopped()) System.err.println(PROG + ": warning: -S: there is no monitor to continue from yet; option ignored");
            BootFiles files = BootFiles.load(c);
            if (c.dumpDtb() != null) return DumpDtb.write(c, files);
        } catch (UsageException e) {
            System.err.println(PROG + ": " + e.getMessage());
            return 1;
        }
        System.err.println(PROG + ": the pseries machine is not wired to its vCPUs yet (platform, client interface and "
                + "devices exist; booting arrives with the supervisor CPU); use bin/jpseries-user to run ppc64le programs");
        return 1;
    }
}
