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
        NONE("none"), SETUP("setup"), ACTIVE("active"), DEVICE("device"), COMPLETED("completed"), FAILED("failed");

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
            return this == EVENTS || this == ZERO_BLOCKS;
        }
    }

    private Status status = Status.NONE;
    private long startMillis, totalMillis, downtimeMillis, bytes, ramTotal, ramPages;
    private String error;
    private final Map<Capability, Boolean> caps = new EnumMap<>(Capability.class);

    public MigrationStatus() {
        for (Capability c : Capability.values()) caps.put(c, false);
    }

    public synchronized Status status() {
        return status;
    }

    /** A migration is under way (setup, active or device). */
    public synchronized boolean busy() {
        return status == Status.SETUP || status == Status.ACTIVE || status == Status.DEVICE;
    }

    public synchronized void start(long ramTotal) {
        status = Status.SETUP;
        startMillis = System.currentTimeMillis();
        totalMillis = downtimeMillis = bytes = ramPages = 0;
        this.ramTotal = ramTotal;
        error = null;
    }

    public synchronized void set(Status s) {
        status = s;
    }

    public synchronized void progress(long streamBytes, long ramPagesSent) {
        bytes = streamBytes;
        ramPages = ramPagesSent;
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
