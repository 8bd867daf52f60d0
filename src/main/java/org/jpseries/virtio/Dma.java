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

    /** An I/O address translation (the sPAPR TCE table's {@code translate}): the guest real address, or -1 when the access is not allowed. */
    @FunctionalInterface
    interface Translator {
        long translate(long ioAddress, boolean write);
    }

    /**
     * I/O addresses translated page by page ({@code pageSize}, a power of two) into RAM, for a
     * device created with iommu_platform=on (QEMU's DMA through the PHB's IOMMU region).
     */
    static Dma translated(GuestRam ram, Translator t, long pageSize) {
        if (Long.bitCount(pageSize) != 1) throw new IllegalArgumentException("page size " + pageSize);
        return new Dma() {
            private boolean each(long addr, long len, boolean write, Chunk c) {
                long done = 0;
                while (done < len) {
                    long a = addr + done;
                    long n = Math.min(len - done, pageSize - (a & (pageSize - 1)));
                    long pa = t.translate(a, write);
                    if (pa < 0 || !ram.contains(pa, n) || !c.run(pa, (int) done, (int) n)) return false;
                    done += n;
                }
                return true;
            }

            @Override
            public boolean read(long addr, byte[] dst, int off, int len) {
                return each(addr, len, false, (pa, at, n) -> {
                    ram.read(pa, dst, off + at, n);
                    return true;
                });
            }

            @Override
            public boolean write(long addr, byte[] src, int off, int len) {
                return each(addr, len, true, (pa, at, n) -> {
                    ram.write(pa, src, off + at, n);
                    return true;
                });
            }

            @Override
            public boolean accessible(long addr, long len, boolean write) {
                return len <= Integer.MAX_VALUE && each(addr, len, write, (pa, at, n) -> true);
            }
        };
    }

    /** One piece of a translated access: guest real address, offset in the caller's buffer, length. */
    @FunctionalInterface
    interface Chunk {
        boolean run(long pa, int at, int n);
    }
}
