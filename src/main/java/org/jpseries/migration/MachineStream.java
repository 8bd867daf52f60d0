package org.jpseries.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.memory.GuestRam;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.state.stream.StreamReader;
import org.jpseries.state.stream.StreamWriter;

/**
 * The layout of a machine's state stream: first the "machine" section (its configuration and
 * run state, checked before anything is loaded), then every registered device's sections in
 * registration order. Both directions run on the machine's control thread with the vCPUs
 * stopped.
 */
public final class MachineStream {
    /** The first section's name. */
    public static final String HEADER = "machine";

    /** Checks the header against the machine that is to load the stream; throws naming the field that differs. */
    @FunctionalInterface
    public interface HeaderCheck {
        void check(Section header) throws StateException;
    }

    private MachineStream() {}

    /**
     * Writes the header and every device's sections; reports the stream's bytes and the RAM
     * pages sent to {@code status} as it goes. Returns the stream's size.
     */
    public static long save(DeviceRegistry devices, Section header, OutputStream out, MigrationStatus status) throws IOException {
        StreamWriter w = new StreamWriter(out);
        w.write(header);
        IOException[] failure = new IOException[1];
        long[] ram = new long[1];
        devices.save(s -> {
            if (failure[0] != null) return;
            try {
                w.write(s);
                if (s.name().equals(GuestRam.STATE_NAME)) ram[0] += GuestRam.pagesIn(s);
                status.progress(w.bytesWritten());
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) throw failure[0];
        w.finish();
        out.flush();
        status.progress(w.bytesWritten());
        return w.bytesWritten();
    }

    /**
     * Reads a stream: the header first ({@code check} accepts it or throws), then every
     * device's sections into {@code devices}, then their post-load steps. Returns the header.
     * Any problem is one {@link StateException} naming the section; nothing of a failed load
     * may run (the caller exits).
     */
    public static Section load(DeviceRegistry devices, InputStream in, HeaderCheck check) throws StateException {
        StreamReader r = new StreamReader(in);
        Section header = r.next();
        if (header == null || !header.name().equals(HEADER)) {
            throw new StateException("the stream does not start with the '" + HEADER + "' section");
        }
        check.check(header);
        devices.load(r);
        return header;
    }
}
