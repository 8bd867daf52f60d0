package org.jpseries.migration;

/**
 * Paces the live phase of a migration to max-bandwidth (QEMU's qemu_file_rate_limit with
 * BUFFER_DELAY windows of 100 ms): after each chunk the sender sleeps until the bytes sent in
 * the current window are within the limit. 0 means no limit, as in QEMU. The limit is read
 * again at every window, so migrate-set-parameters applies while a migration runs.
 */
final class RateLimiter {
    static final long WINDOW_MS = 100;
    private final MigrationParameters parameters;
    private long windowStart = System.nanoTime(), windowBytes;

    RateLimiter(MigrationParameters parameters) {
        this.parameters = parameters;
    }

    /** Accounts {@code bytes} just sent and sleeps while the window's budget is spent. */
    void sent(long bytes) throws InterruptedException {
        windowBytes += bytes;
        while (true) {
            long limit = parameters.maxBandwidth();
            if (limit <= 0) {
                windowBytes = 0;
                return;
            }
            long elapsedMs = (System.nanoTime() - windowStart) / 1_000_000;
            if (elapsedMs >= WINDOW_MS) { // a new window; what went beyond the elapsed time's budget carries over
                windowStart = System.nanoTime();
                windowBytes = Math.max(0, windowBytes - budget(limit, elapsedMs));
                elapsedMs = 0;
            }
            if (windowBytes <= budget(limit, WINDOW_MS)) return;
            Thread.sleep(WINDOW_MS - elapsedMs);
        }
    }

    /** Bytes allowed in {@code ms} at {@code limit} bytes/s, without overflow for libvirt's huge limit. */
    private static long budget(long limit, long ms) {
        return limit > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : limit * ms / 1000;
    }
}
