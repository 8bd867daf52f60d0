package org.jpseries.memory;

/**
 * A range of real addresses [{@link #base}, base + {@link #size}) served by a {@link MmioDevice}.
 * A disabled region is absent: accesses go where they would without it (QEMU's
 * memory_region_set_enabled, used for XIVE's ESB and TIMA windows while XICS is active).
 */
public final class MmioRegion {
    public final String name;
    public final long base;
    public final long size;
    public final MmioDevice device;
    private volatile boolean enabled;

    MmioRegion(String name, long base, long size, MmioDevice device) {
        this.name = name;
        this.base = base;
        this.size = size;
        this.device = device;
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean on) {
        enabled = on;
    }

    boolean contains(long ra) {
        return ra - base >= 0 && ra - base < size;
    }
}
