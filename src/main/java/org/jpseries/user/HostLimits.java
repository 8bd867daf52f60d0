package org.jpseries.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's resource limits, which qemu passes through to getrlimit/prlimit64: read from
 * /proc/self/limits (one line per RLIMIT_*, in their numeric order). The JVM raises its own
 * RLIMIT_NOFILE soft limit at start, so the launcher hands on the original one.
 */
final class HostLimits {
    private HostLimits() {}

    static final long RLIM_INFINITY = -1L;
    static final int RLIM_NLIMITS = 16;
    static final String NOFILE_ENV = "JPSERIES_NOFILE_SOFT";

    private static final long[][] LIMITS = read();

    private static long[][] read() {
        long[][] l = new long[RLIM_NLIMITS][];
        // what a usual host has, for when /proc is missing
        for (int i = 0; i < RLIM_NLIMITS; i++) l[i] = new long[] {RLIM_INFINITY, RLIM_INFINITY};
        l[3] = new long[] {8L << 20, RLIM_INFINITY};
        l[4] = new long[] {0, RLIM_INFINITY};
        l[7] = new long[] {1024, 1L << 20};
        try {
            String[] lines = Files.readString(Path.of("/proc/self/limits")).split("\n");
            for (int i = 1; i < lines.length && i <= RLIM_NLIMITS; i++) {
                String line = lines[i];
                if (line.length() < 47) continue;
                l[i - 1] = new long[] {value(line.substring(26, 47)), value(line.substring(47, Math.min(68, line.length())))};
            }
        } catch (IOException | RuntimeException e) {
            // keep the defaults
        }
        String soft = System.getenv(NOFILE_ENV);
        if (soft != null) {
            try {
                l[7][0] = soft.trim().equals("unlimited") ? RLIM_INFINITY : Long.parseLong(soft.trim());
            } catch (NumberFormatException e) {
                // keep what /proc says
            }
        }
        return l;
    }

    private static long value(String s) {
        String t = s.trim();
        return t.equals("unlimited") ? RLIM_INFINITY : Long.parseLong(t);
    }

    /** {soft, hard} of a resource; null for an unknown one. */
    static long[] get(int resource) {
        return resource >= 0 && resource < RLIM_NLIMITS ? LIMITS[resource].clone() : null;
    }

    /** The descriptor limit the fd table enforces. */
    static int openFiles() {
        long s = LIMITS[7][0];
        return s < 0 || s > (1 << 20) ? 1 << 20 : (int) Math.max(s, 3);
    }
}
