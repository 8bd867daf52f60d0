package org.jpseries.block;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The machine's open drives, by id: every {@link DriveSpec} of the command line opened when the
 * machine starts, in order, as QEMU opens every -drive and -blockdev before it creates devices
 * (so a missing or locked image ends the start with its one message, and no drive of a failed
 * start stays open or locked). Devices take theirs by id; reset and migration drain them all.
 * Opened, drained and closed by the control thread.
 */
public final class Drives implements AutoCloseable {
    private final Map<String, BlockBackend> open;

    private Drives(Map<String, BlockBackend> open) {
        this.open = open;
    }

    public static Drives open(List<DriveSpec> specs, Consumer<String> warn) throws BlockIoException {
        return open(specs, warn, false);
    }

    /** @param inactive a migration's destination (-incoming): every drive inactive until {@link #activateAll} */
    public static Drives open(List<DriveSpec> specs, Consumer<String> warn, boolean inactive) throws BlockIoException {
        Map<String, BlockBackend> m = new LinkedHashMap<>();
        try {
            for (DriveSpec s : specs) m.put(s.id(), BlockBackend.open(s, warn, inactive));
        } catch (BlockIoException e) {
            new Drives(m).closeQuietly();
            throw e;
        }
        return new Drives(m);
    }

    /** The open drive {@code id}, or null. */
    public BlockBackend get(String id) {
        return open.get(id);
    }

    /** Takes every drive for writing (a destination after its load, a source whose migration failed). */
    public void activateAll() throws BlockIoException {
        for (BlockBackend b : open.values()) b.activate();
    }

    /** Hands every drive over to a migration's destination (flushed, write locks released). */
    public void inactivateAll() throws BlockIoException {
        for (BlockBackend b : open.values()) b.inactivate();
    }

    /** Waits until no drive has a request in flight (machine reset, migration's switchover, quit). */
    public void drainAll() {
        for (BlockBackend b : open.values()) b.drain();
    }

    /** Drains and closes every drive; the first failure is thrown once all are closed. */
    @Override
    public void close() throws BlockIoException {
        BlockIoException first = null;
        for (BlockBackend b : open.values()) {
            try {
                b.close();
            } catch (BlockIoException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (BlockIoException e) {
            // the open failure is what the user sees
        }
    }
}
