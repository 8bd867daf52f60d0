package org.jpseries.memory;

import java.util.Arrays;
import org.jpseries.state.Role;

/**
 * The machine's MMIO regions: real addresses outside RAM that devices serve. Looked up only when
 * a translation lands outside RAM (never on a RAM access), so a linear scan of the few regions is
 * enough. Regions are added at machine construction; enabling and disabling is thread-safe.
 */
public final class MmioMap {
    @Role(kind = Role.Kind.WIRING, why = "device windows added at machine construction; their devices own their state")
    private volatile MmioRegion[] regions = new MmioRegion[0];

    /** Adds a region (initially disabled); regions must not overlap. */
    public synchronized MmioRegion add(String name, long base, long size, MmioDevice device) {
        for (MmioRegion r : regions) {
            if (base < r.base + r.size && r.base < base + size) throw new IllegalArgumentException(name + " overlaps " + r.name);
        }
        MmioRegion r = new MmioRegion(name, base, size, device);
        MmioRegion[] next = Arrays.copyOf(regions, regions.length + 1);
        next[regions.length] = r;
        regions = next;
        return r;
    }

    /** The enabled region holding real address {@code ra}, or null. */
    public MmioRegion find(long ra) {
        for (MmioRegion r : regions) {
            if (r.enabled() && r.contains(ra)) return r;
        }
        return null;
    }
}
