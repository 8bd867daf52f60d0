package org.jpseries.migration;

import java.io.InputStream;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.state.stream.StreamReader;

/**
 * The layout of a machine's state stream: first the "machine" section (its configuration,
 * checked before anything is loaded), then RAM in passes ({@link PreCopy}), then every other
 * registered device's sections, then "globalstate" (the run state the source had when it
 * stopped for the switchover, as QEMU's migration/global_state.c). Streams written before
 * "globalstate" existed end with the devices; their header's "running" says the run state.
 */
public final class MachineStream {
    /** The first section's name. */
    public static final String HEADER = "machine";
    /** The last section's name. */
    public static final String GLOBAL_STATE = "globalstate";
    static final int GLOBAL_STATE_VERSION = 1;

    /** Checks the header against the machine that is to load the stream; throws naming the field that differs. */
    @FunctionalInterface
    public interface HeaderCheck {
        void check(Section header) throws StateException;
    }

    /** What a load found: the header and whether the source was running when it stopped. */
    public record Loaded(Section header, boolean running) {}

    private MachineStream() {}

    /** The trailing section: QEMU's RunState name the source had before it stopped for the switchover. */
    public static Section globalState(String runState) {
        return new Section(GLOBAL_STATE, 0, GLOBAL_STATE_VERSION).str("runstate", runState);
    }

    /**
     * Reads a stream: the header first ({@code check} accepts it or throws), then every
     * device's sections into {@code devices} (RAM passes as they come), the trailing
     * "globalstate", then their post-load steps. Any problem is one {@link StateException}
     * naming the section; nothing of a failed load may run (the caller exits).
     */
    public static Loaded load(DeviceRegistry devices, InputStream in, HeaderCheck check) throws StateException {
        return load(devices, in, true, check);
    }

    /** As {@link #load(DeviceRegistry, InputStream, HeaderCheck)}; {@code endsInput} false for a connection that stays open after the stream (see {@link StreamReader}). */
    public static Loaded load(DeviceRegistry devices, InputStream in, boolean endsInput, HeaderCheck check) throws StateException {
        StreamReader r = new StreamReader(in, endsInput);
        Section header = r.next();
        if (header == null || !header.name().equals(HEADER)) {
            throw new StateException("the stream does not start with the '" + HEADER + "' section");
        }
        check.check(header);
        Section[] global = new Section[1];
        devices.load(() -> {
            Section s = r.next();
            if (s == null || !s.name().equals(GLOBAL_STATE)) return s;
            if (s.version() > GLOBAL_STATE_VERSION) {
                throw new StateException("section " + s.label() + ": version " + s.version() + " is newer than this jpseries loads ("
                        + GLOBAL_STATE_VERSION + ")");
            }
            global[0] = s;
            Section after = r.next();
            if (after != null) throw new StateException("section " + after.label() + ": follows the last section, " + GLOBAL_STATE);
            return null;
        });
        boolean running = global[0] != null ? "running".equals(global[0].str("runstate")) : header.bool("running");
        return new Loaded(header, running);
    }
}
