package org.jpseries.migration;

import java.util.EnumMap;
import java.util.Map;

/**
 * What query-migrate reports (QEMU's MigrationInfo) and the capabilities set with
 * migrate-set-capabilities. Written by the machine's control thread while it saves, read by
 * monitor threads: every method is synchronized.
 */
public final class MigrationStatus {
    /** QEMU's MigrationStatus names (qapi/migration.json) used here. */
    public enum Status {
        NONE("none"), SETUP("setup"), ACTIVE("active"), PRE_SWITCHOVER("pre-switchover"), DEVICE("device"),
        CANCELLING("cancelling"), CANCELLED("cancelled"), COMPLETED("completed"), FAILED("failed");

        public final String qapiName;

        Status(String qapiName) {
            this.qapiName = qapiName;
        }
    }

    /** The capabilities jpseries knows (QEMU's MigrationCapability names); all off by default as in QEMU. */
    public enum Capability {
        EVENTS("events"), ZERO_BLOCKS("zero-blocks"), AUTO_CONVERGE("auto-converge"), POSTCOPY_RAM("postcopy-ram"),
        PAUSE_BEFORE_SWITCHOVER("pause-before-switchover"), XBZRLE("xbzrle"), COMPRESS("compress"), RETURN_PATH("return-path");

        public final String qapiName;

        Capability(String qapiName) {
            this.qapiName = qapiName;
        }

        public static Capability parse(String name) {
            for (Capability c : values()) {
                if (c.qapiName.equals(name)) return c;
            }
            return null;
        }

        /** Whether jpseries implements it (the others are refused when turned on). */
        public boolean supported() {
            return this == EVENTS || this == ZERO_BLOCKS || this == AUTO_CONVERGE || this == PAUSE_BEFORE_SWITCHOVER
                    || this == RETURN_PATH;
        }
    }

    private Status status = Status.NONE;
    private long startMillis, totalMillis, downtimeMillis, setupMillis, bytes, ramTotal, ramPages;
    private long zeroPages, remainingBytes, dirtyPagesRate, mbps, expectedDowntime;
    private int passes, throttlePercent;
    private boolean cancelRequested, switchoverAllowed;
    private String error;
    private final MigrationParameters parameters = new MigrationParameters();
    private final Map<Capability, Boolean> caps = new EnumMap<>(Capability.class);

    public MigrationStatus() {
        for (Capability c : Capability.values()) caps.put(c, false);
    }

    public synchronized Status status() {
        return status;
    }

    /** A migration is under way (setup, active, pre-switchover, device or cancelling). */
    public synchronized boolean busy() {
        return status == Status.SETUP || status == Status.ACTIVE || status == Status.PRE_SWITCHOVER || status == Status.DEVICE
                || status == Status.CANCELLING;
    }

    public synchronized void start(long ramTotal) {
        status = Status.SETUP;
        startMillis = System.currentTimeMillis();
        totalMillis = downtimeMillis = setupMillis = bytes = ramPages = zeroPages = dirtyPagesRate = mbps = expectedDowntime = 0;
        passes = throttlePercent = 0;
        remainingBytes = ramTotal;
        cancelRequested = switchoverAllowed = false;
        this.ramTotal = ramTotal;
        error = null;
    }

    /** The parameters (migrate-set-parameters); one object for the machine's lifetime. */
    public MigrationParameters parameters() {
        return parameters;
    }

    /** migrate_cancel: asks a running migration to stop; false if none runs. */
    public synchronized boolean requestCancel() {
        if (!busy()) return false;
        cancelRequested = true;
        if (status != Status.DEVICE) status = Status.CANCELLING;
        notifyAll();
        return true;
    }

    /** migrate-continue: lets a migration paused in pre-switchover go on; false if none waits there. */
    public synchronized boolean continueSwitchover() {
        if (status != Status.PRE_SWITCHOVER) return false;
        switchoverAllowed = true;
        notifyAll();
        return true;
    }

    /** Waits in pre-switchover (pause-before-switchover) for migrate-continue or migrate_cancel; true to go on. */
    public synchronized boolean awaitSwitchover() throws InterruptedException {
        while (!switchoverAllowed && !cancelRequested) wait();
        return !cancelRequested;
    }

    public synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /** The migration stopped on request: status "cancelled". */
    public synchronized void cancelled() {
        status = Status.CANCELLED;
        totalMillis = System.currentTimeMillis() - startMillis;
    }

    /** The setup phase ended (query-migrate "setup-time"). */
    public synchronized void setupDone() {
        setupMillis = System.currentTimeMillis() - startMillis;
    }

    /**
     * A RAM pass began (QEMU's migration_bitmap_sync: "dirty-sync-count"): {@code remaining}
     * bytes are to be sent in it, pages were dirtied at {@code dirtyRate} per second during the
     * previous one, the link moved {@code mbps} megabits per second, and sending what is left
     * with the guest stopped would take {@code expectedDowntime} ms.
     */
    public synchronized void pass(int pass, long remaining, long dirtyRate, long mbps, long expectedDowntime) {
        passes = pass;
        remainingBytes = remaining;
        dirtyPagesRate = dirtyRate;
        this.mbps = mbps;
        this.expectedDowntime = expectedDowntime;
    }

    /** The auto-converge throttle now, in percent (query-migrate "cpu-throttle-percentage"). */
    public synchronized void throttle(int percent) {
        throttlePercent = percent;
    }

    /** RAM pages sent so far: non-zero ones (with data) and zero ones (only marked). */
    public synchronized void ramSent(long normal, long zero, long remaining) {
        ramPages = normal;
        zeroPages = zero;
        remainingBytes = remaining;
    }

    public synchronized int passes() {
        return passes;
    }

    public synchronized long zeroPages() {
        return zeroPages;
    }

    public synchronized long remainingBytes() {
        return status == Status.COMPLETED ? 0 : remainingBytes;
    }

    /** Pages dirtied per second in the last pass; 0 once completed, as QEMU reports it (so is remainingBytes). */
    public synchronized long dirtyPagesRate() {
        return status == Status.COMPLETED ? 0 : dirtyPagesRate;
    }

    public synchronized long mbps() {
        return mbps;
    }

    public synchronized long expectedDowntime() {
        return expectedDowntime;
    }

    public synchronized long setupMillis() {
        return setupMillis;
    }

    public synchronized int throttlePercent() {
        return throttlePercent;
    }

    public synchronized void set(Status s) {
        status = s;
    }

    /** The stream's size so far. */
    public synchronized void progress(long streamBytes) {
        bytes = streamBytes;
    }

    public synchronized void completed(long downtime) {
        status = Status.COMPLETED;
        totalMillis = System.currentTimeMillis() - startMillis;
        downtimeMillis = downtime;
    }

    public synchronized void failed(String message) {
        status = Status.FAILED;
        totalMillis = System.currentTimeMillis() - startMillis;
        error = message;
    }

    public synchronized long totalMillis() {
        return status == Status.COMPLETED || status == Status.FAILED ? totalMillis : System.currentTimeMillis() - startMillis;
    }

    public synchronized long downtimeMillis() {
        return downtimeMillis;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long ramTotal() {
        return ramTotal;
    }

    public synchronized long ramPages() {
        return ramPages;
    }

    public synchronized String error() {
        return error;
    }

    public synchronized boolean capability(Capability c) {
        return caps.get(c);
    }

    public synchronized void setCapability(Capability c, boolean on) {
        caps.put(c, on);
    }

    public synchronized Map<Capability, Boolean> capabilities() {
        return new EnumMap<>(caps);
    }
}
