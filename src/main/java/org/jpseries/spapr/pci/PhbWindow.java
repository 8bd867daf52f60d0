package org.jpseries.spapr.pci;

import org.jpseries.memory.MmioDevice;
import org.jpseries.pci.PciBus;

/**
 * One of a host bridge's windows on the real address space (QEMU spapr_phb_realize's
 * "-mem32", "-mem64" and "-io" aliases of the bus's memory and I/O spaces): an access at an
 * offset in the window is an access to bus address {@code busBase + offset}. The CPU side gives
 * big-endian values ({@link MmioDevice}); the PCI bus carries little-endian ones, so values are
 * byte-reversed over the access size.
 */
final class PhbWindow implements MmioDevice {
    private final PciBus bus;
    private final long busBase;
    private final boolean io;

    PhbWindow(PciBus bus, long busBase, boolean io) {
        this.bus = bus;
        this.busBase = busBase;
        this.io = io;
    }

    static long swap(long v, int size) {
        return size == 1 ? v & 0xff : Long.reverseBytes(v) >>> (64 - 8 * size);
    }

    @Override
    public long read(long offset, int size, int cpu) {
        long a = busBase + offset;
        return swap(io ? bus.readIo(a, size) : bus.readMemory(a, size), size);
    }

    @Override
    public void write(long offset, int size, long value, int cpu) {
        long a = busBase + offset, v = swap(value, size);
        if (io) bus.writeIo(a, size, v);
        else bus.writeMemory(a, size, v);
    }
}
