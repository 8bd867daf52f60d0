package org.jpseries.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the host would commit memory for a mapping: Linux's {@code __vm_enough_memory}
 * (mm/util.c) under the host's {@code vm.overcommit_memory}. qemu-ppc64le maps every guest
 * mapping in the host, so the host's kernel answers its brk and mmap; jpseries backs pages only
 * when touched and asks the same question here, so that a program gets the ENOMEM it gets under
 * qemu (sbrk(64 GiB) on a host with less RAM and swap), and what it is given it can touch.
 *
 * <ul>
 *   <li>0, heuristic (the default): one request fails when it is larger than RAM plus swap;</li>
 *   <li>1, always: nothing fails;</li>
 *   <li>2, never overcommit: the host's committed memory plus the guest's charged mappings plus
 *       the request must stay below CommitLimit, and MAP_NORESERVE is not honoured.</li>
 * </ul>
 * Only charged ({@link Mapping#accounted}) requests are asked about; see {@link Mapping}.
 */
final class HostCommit {
    static final int OVERCOMMIT_GUESS = 0, OVERCOMMIT_ALWAYS = 1, OVERCOMMIT_NEVER = 2;

    /** The host's policy, read once at start. */
    static final HostCommit HOST = readHost();

    final int mode;
    /** totalram_pages + total_swap_pages, in bytes: MemTotal + SwapTotal. */
    private final long ramAndSwap;

    HostCommit(int mode, long ramAndSwap) {
        this.mode = mode;
        this.ramAndSwap = ramAndSwap;
    }

    /** Whether MAP_NORESERVE exempts a mapping from the charge (not under mode 2: mm/mmap.c do_mmap). */
    boolean honoursNoreserve() {
        return mode != OVERCOMMIT_NEVER;
    }

    /**
     * Whether {@code bytes} more may be committed while the guest's charged mappings hold
     * {@code guestCommitted} bytes.
     */
    boolean allows(long bytes, long guestCommitted) {
        return switch (mode) {
            case OVERCOMMIT_ALWAYS -> true;
            case OVERCOMMIT_NEVER -> {
                long[] m = meminfo("CommitLimit:", "Committed_AS:");
                yield m[0] < 0 || m[1] < 0 || m[1] + guestCommitted + bytes < m[0];
            }
            default -> bytes <= ramAndSwap;
        };
    }

    private static HostCommit readHost() {
        int mode = OVERCOMMIT_GUESS;
        try {
            mode = Integer.parseInt(Files.readString(Path.of("/proc/sys/vm/overcommit_memory")).trim());
        } catch (IOException | NumberFormatException e) {
            // the kernel's default
        }
        long[] m = meminfo("MemTotal:", "SwapTotal:");
        // without /proc the request cannot be judged: let the touch find the limit
        if (m[0] < 0) return new HostCommit(OVERCOMMIT_ALWAYS, Long.MAX_VALUE);
        return new HostCommit(mode, m[0] + Math.max(0, m[1]));
    }

    /** Fields of /proc/meminfo in bytes (-1 where missing). */
    private static long[] meminfo(String... names) {
        long[] v = new long[names.length];
        java.util.Arrays.fill(v, -1);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                for (int i = 0; i < names.length; i++) {
                    if (line.startsWith(names[i])) {
                        String[] f = line.substring(names[i].length()).trim().split("\\s+");
                        v[i] = Long.parseLong(f[0]) * 1024;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // missing fields stay -1
        }
        return v;
    }
}
