package org.jpseries.virtio;

import org.jpseries.memory.GuestRam;

/**
 * How a virtio device reaches the driver's memory: guest-physical addresses straight into RAM
 * (QEMU's address_space_memory), or, for a device created with iommu_platform=on
 * ({@link Virtio#F_ACCESS_PLATFORM}), I/O addresses the platform translates (sPAPR TCEs). Every
 * method answers false rather than throw when the range is not reachable.
 */
public interface Dma {
    /** Reads {@code len} bytes of memory at {@code addr}; false if any of it is unreachable. */
    boolean read(long addr, byte[] dst, int off, int len);

    /** Writes {@code len} bytes at {@code addr} (RAM's dirty log sees them); false if any of it is unreachable. */
    boolean write(long addr, byte[] src, int off, int len);

    /** Whether {@code len} bytes at {@code addr} are reachable for a read, or a write. */
    boolean accessible(long addr, long len, boolean write);

    /** Guest-physical addresses in RAM ({@link GuestRam#read}/{@link GuestRam#write} keep the dirty log right). */
    static Dma of(GuestRam ram) {
        return new Dma() {
            @Override
            public boolean read(long addr, byte[] dst, int off, int len) {
                if (!ram.contains(addr, len)) return false;
                ram.read(addr, dst, off, len);
                return true;
            }

            @Override
            public boolean write(long addr, byte[] src, int off, int len) {
                if (!ram.contains(addr, len)) return false;
                ram.write(addr, src, off, len);
                return true;
            }

            @Override
            public boolean accessible(long addr, long len, boolean write) {
                return ram.contains(addr, len);
            }
        };
    }
}
