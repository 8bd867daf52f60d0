package org.jpseries.pci;

/**
 * What a base address register maps: registers or memory of a PCI function on the bus (QEMU's
 * MemoryRegionOps with DEVICE_LITTLE_ENDIAN, as every PCI device's). An access of 1, 2, 4 or 8
 * bytes at an offset in the BAR; values are as the PCI bus carries them, little-endian: the byte
 * at the lowest address is the least significant. Called on vCPU threads; implementations take
 * their own locks, must not throw for any guest input, and read all ones for nothing.
 */
public interface PciRegion {
    long read(long offset, int size);

    void write(long offset, int size, long value);
}
