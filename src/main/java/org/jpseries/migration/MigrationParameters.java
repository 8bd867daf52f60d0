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
    /**
     * The self-announcement timing after a migration, in ms and rounds (QEMU's
     * DEFAULT_MIGRATE_ANNOUNCE_INITIAL, _MAX, _ROUNDS, _STEP). jpseries has no network device
     * to announce yet: the values are kept and reported, as management tools set them.
     */
    public static final long DEFAULT_ANNOUNCE_INITIAL = 50, DEFAULT_ANNOUNCE_MAX = 550, DEFAULT_ANNOUNCE_ROUNDS = 5,
            DEFAULT_ANNOUNCE_STEP = 100;

    private long maxBandwidth = DEFAULT_MAX_BANDWIDTH;
    private long downtimeLimit = DEFAULT_DOWNTIME_LIMIT;
    private int throttleInitial = DEFAULT_THROTTLE_INITIAL, throttleIncrement = DEFAULT_THROTTLE_INCREMENT;
    private int maxCpuThrottle = DEFAULT_MAX_CPU_THROTTLE, throttleTriggerThreshold = DEFAULT_THROTTLE_TRIGGER_THRESHOLD;
    private long announceInitial = DEFAULT_ANNOUNCE_INITIAL, announceMax = DEFAULT_ANNOUNCE_MAX;
    private long announceRounds = DEFAULT_ANNOUNCE_ROUNDS, announceStep = DEFAULT_ANNOUNCE_STEP;

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
        checkDowntime(ms);
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

    /** The self-announcement parameters (announce-initial, -max, -step in ms; -rounds a count). */
    public synchronized long announceInitial() {
        return announceInitial;
    }

    public synchronized long announceMax() {
        return announceMax;
    }

    public synchronized long announceRounds() {
        return announceRounds;
    }

    public synchronized long announceStep() {
        return announceStep;
    }

    /**
     * One migrate-set-parameters request: each member given, or null for unchanged. The longs
     * are QEMU's uint64 members in two's complement (QEMU reads -1 as 2^64 - 1); the percentages
     * are QEMU's uint8 members, 0 to 255.
     */
    public record Update(Long maxBandwidth, Long downtimeLimit, Integer throttleTriggerThreshold, Integer throttleInitial,
            Integer throttleIncrement, Integer maxCpuThrottle, Long announceInitial, Long announceMax, Long announceRounds,
            Long announceStep) {}

    /**
     * migrate-set-parameters as QEMU's qmp_migrate_set_parameters does it: the request over a
     * copy of the current values (migrate_params_test_apply), the whole copy checked in
     * migrate_params_check's order with its messages, then taken at once; nothing changes when
     * a check fails. So max-cpu-throttle below cpu-throttle-initial is refused whichever of the
     * two the request sets. A max-bandwidth of 2^63 bytes/s or more (QEMU allows up to 2^64 - 1)
     * is kept as Long.MAX_VALUE: no limit either way.
     *
     * @throws IllegalArgumentException with QEMU's message
     */
    public synchronized void apply(Update u) {
        int trigger = u.throttleTriggerThreshold() != null ? u.throttleTriggerThreshold() : throttleTriggerThreshold;
        int initial = u.throttleInitial() != null ? u.throttleInitial() : throttleInitial;
        int increment = u.throttleIncrement() != null ? u.throttleIncrement() : throttleIncrement;
        int maxThrottle = u.maxCpuThrottle() != null ? u.maxCpuThrottle() : maxCpuThrottle;
        long bandwidth = u.maxBandwidth() != null ? u.maxBandwidth() : maxBandwidth;
        long downtime = u.downtimeLimit() != null ? u.downtimeLimit() : downtimeLimit;
        long aInitial = u.announceInitial() != null ? u.announceInitial() : announceInitial;
        long aMax = u.announceMax() != null ? u.announceMax() : announceMax;
        long aRounds = u.announceRounds() != null ? u.announceRounds() : announceRounds;
        long aStep = u.announceStep() != null ? u.announceStep() : announceStep;
        percentIn("throttle_trigger_threshold", trigger, 1, 100);
        percentIn("cpu_throttle_initial", initial, 1, 99);
        percentIn("cpu_throttle_increment", increment, 1, 99);
        // max_bandwidth: QEMU's bound is SIZE_MAX, which no uint64 passes on a 64-bit host
        checkDowntime(downtime);
        if (maxThrottle < initial || maxThrottle > 99) {
            throw new IllegalArgumentException("Parameter 'max_cpu_throttle' expects an integer in the range of cpu_throttle_initial to 99");
        }
        announceAtMost("announce_initial", aInitial, 100_000);
        announceAtMost("announce_max", aMax, 100_000);
        announceAtMost("announce_rounds", aRounds, 1000);
        if (aStep == 0 || Long.compareUnsigned(aStep, 10_000) > 0) {
            throw new IllegalArgumentException(announceRange("announce_step", 10_000)); // QEMU takes 1 to 10000 and says "0 and"
        }
        throttleTriggerThreshold = trigger;
        throttleInitial = initial;
        throttleIncrement = increment;
        maxCpuThrottle = maxThrottle;
        maxBandwidth = bandwidth < 0 ? Long.MAX_VALUE : bandwidth;
        downtimeLimit = downtime;
        announceInitial = aInitial;
        announceMax = aMax;
        announceRounds = aRounds;
        announceStep = aStep;
    }

    /** QEMU prints MAX_MIGRATE_DOWNTIME as its macro's text (stringify). */
    private static final String DOWNTIME_RANGE = "Parameter 'downtime_limit' expects an integer in the range of 0 to (2000 * 1000) ms";

    private static void checkDowntime(long ms) {
        if (Long.compareUnsigned(ms, MAX_DOWNTIME_LIMIT) > 0) throw new IllegalArgumentException(DOWNTIME_RANGE);
    }

    private static void announceAtMost(String name, long v, long max) {
        if (Long.compareUnsigned(v, max) > 0) throw new IllegalArgumentException(announceRange(name, max));
    }

    private static String announceRange(String name, long max) {
        return "Parameter '" + name + "' expects a value between 0 and " + max;
    }

    private static int percentIn(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException("Parameter '" + name + "' expects an integer in the range of " + lo + " to " + hi);
        }
        return v;
    }
}
