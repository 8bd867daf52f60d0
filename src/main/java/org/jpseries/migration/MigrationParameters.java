package org.jpseries.migration;

/**
 * The migration parameters set with migrate-set-parameters and reported by
 * query-migrate-parameters (QEMU's MigrationParameters, qapi/migration.json), with QEMU 7.2's
 * defaults (migration/migration.c: MAX_THROTTLE, DEFAULT_MIGRATE_SET_DOWNTIME, the
 * DEFAULT_MIGRATE_CPU_THROTTLE_* values). Written by monitor threads, read by the migration
 * thread while it runs (a change applies to the next chunk, as in QEMU): every method is
 * synchronized.
 */
public final class MigrationParameters {
    /** QEMU's MAX_THROTTLE: 128 MiB/s. */
    public static final long DEFAULT_MAX_BANDWIDTH = 128L << 20;
    /** QEMU's DEFAULT_MIGRATE_SET_DOWNTIME, in ms. */
    public static final long DEFAULT_DOWNTIME_LIMIT = 300;
    /** QEMU's MAX_MIGRATE_DOWNTIME: 2000 s, in ms. */
    public static final long MAX_DOWNTIME_LIMIT = 2000L * 1000;
    public static final int DEFAULT_THROTTLE_INITIAL = 20, DEFAULT_THROTTLE_INCREMENT = 10, DEFAULT_MAX_CPU_THROTTLE = 99;
    public static final int DEFAULT_THROTTLE_TRIGGER_THRESHOLD = 50;

    private long maxBandwidth = DEFAULT_MAX_BANDWIDTH;
    private long downtimeLimit = DEFAULT_DOWNTIME_LIMIT;
    private int throttleInitial = DEFAULT_THROTTLE_INITIAL, throttleIncrement = DEFAULT_THROTTLE_INCREMENT;
    private int maxCpuThrottle = DEFAULT_MAX_CPU_THROTTLE, throttleTriggerThreshold = DEFAULT_THROTTLE_TRIGGER_THRESHOLD;

    /** max-bandwidth in bytes per second (libvirt passes 9223372036853727232 for "unlimited"). */
    public synchronized long maxBandwidth() {
        return maxBandwidth;
    }

    public synchronized void maxBandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) throw new IllegalArgumentException("Parameter 'max_bandwidth' expects an integer in the range of 0 to 9223372036854775807 bytes/second");
        maxBandwidth = bytesPerSecond;
    }

    /** downtime-limit in ms: the longest the final, stopped phase should take. */
    public synchronized long downtimeLimit() {
        return downtimeLimit;
    }

    public synchronized void downtimeLimit(long ms) {
        if (ms < 0 || ms > MAX_DOWNTIME_LIMIT) {
            throw new IllegalArgumentException("Parameter 'downtime_limit' expects an integer in the range of 0 to " + MAX_DOWNTIME_LIMIT + " ms");
        }
        downtimeLimit = ms;
    }

    /** cpu-throttle-initial and cpu-throttle-increment (auto-converge), in percent. */
    public synchronized int throttleInitial() {
        return throttleInitial;
    }

    public synchronized int throttleIncrement() {
        return throttleIncrement;
    }

    public synchronized void throttleInitial(int percent) {
        throttleInitial = percentIn("cpu_throttle_initial", percent, 1, 99);
    }

    public synchronized void throttleIncrement(int percent) {
        throttleIncrement = percentIn("cpu_throttle_increment", percent, 1, 99);
    }

    /** max-cpu-throttle, in percent. */
    public synchronized int maxCpuThrottle() {
        return maxCpuThrottle;
    }

    public synchronized void maxCpuThrottle(int percent) {
        maxCpuThrottle = percentIn("max_cpu_throttle", percent, 1, 99);
    }

    /** throttle-trigger-threshold: throttle when the pages dirtied in a pass exceed this percent of those sent. */
    public synchronized int throttleTriggerThreshold() {
        return throttleTriggerThreshold;
    }

    public synchronized void throttleTriggerThreshold(int percent) {
        throttleTriggerThreshold = percentIn("throttle_trigger_threshold", percent, 1, 100);
    }

    private static int percentIn(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException("Parameter '" + name + "' expects an integer in the range of " + lo + " to " + hi);
        }
        return v;
    }
}
