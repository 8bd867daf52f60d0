package org.jpseries.memory;

import java.util.Arrays;
import org.jpseries.state.Role;

/**
 * The machine's MMIO regions: real addresses outside RAM that devices serve. Looked up only when
 * a translation lands outside RAM (never on a RAM access), so a linear scan of the few regions is
 * enough. Regions are added at machine construction; enabling and disabling is thread-safe. A
 * real address no region holds is {@link Unassigned}.
 */
public final class MmioMap {
    @Role(kind = Role.Kind.WIRING, why = "device windows added at machine construction; their devices own their state")
    private volatile MmioRegion[] regions = new MmioRegion[0];
    @Role(kind = Role.Kind.WIRING, why = "answers where no region does; stateless")
    private final Unassigned unassigned = new Unassigned();
    /** All real addresses, offset = real address: where {@link #route} sends what no region holds. */
    @Role(kind = Role.Kind.WIRING, why = "the unassigned window, fixed")
    private final MmioRegion everywhere = new MmioRegion("unassigned", 0, Long.MAX_VALUE, unassigned);

    public MmioMap() {
        everywhere.setEnabled(true);
    }

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

    /** The enabled region holding real address {@code ra}, or the unassigned one (offsets = real addresses). */
    public MmioRegion route(long ra) {
        MmioRegion r = find(ra);
        return r != null ? r : everywhere;
    }

    /** What answers real addresses outside RAM and every region. */
    public Unassigned unassigned() {
        return unassigned;
    }
}
