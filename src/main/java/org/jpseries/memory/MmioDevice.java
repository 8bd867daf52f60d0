package org.jpseries.memory;

/**
 * A device register window reached by guest loads and stores to real addresses outside RAM
 * (QEMU's MemoryRegionOps with DEVICE_BIG_ENDIAN): an access of 1, 2, 4 or 8 bytes at an offset
 * in the region. Values are as a big-endian device sees them: the byte at the lowest address is
 * the most significant; the CPU side swaps for little-endian accesses. {@code cpu} is the index
 * of the vCPU performing the access (the TIMA is per thread). Implementations take the machine
 * lock themselves and must not throw for any guest input.
 */
public interface MmioDevice {
    /** The value read, zero-extended to 64 bits (all ones for an invalid access, as unassigned I/O). */
    long read(long offset, int size, int cpu);

    void write(long offset, int size, long value, int cpu);
}
