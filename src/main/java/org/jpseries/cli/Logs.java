package org.jpseries.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import org.jpseries.papr.GuestLog;

/** The {@code -d}/{@code -D} log destination: the -D file (created/truncated, as QEMU) or stderr. */
public final class Logs {
    private Logs() {}

    public static PrintStream open(MachineConfig c) throws UsageException {
        if (c.logFile() == null) return System.err;
        try {
            return new PrintStream(new FileOutputStream(c.logFile().toFile()), true);
        } catch (IOException e) {
            throw new UsageException("-D " + c.logFile() + ": could not open log file: " + e.getMessage());
        }
    }

    public static GuestLog guestLog(MachineConfig c, PrintStream out) {
        return new GuestLog(c.log("guest_errors"), c.log("unimp"), out);
    }
}
