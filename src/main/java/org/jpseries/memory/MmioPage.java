package org.jpseries.memory;

/**
 * What a translation returns for a real address in an {@link MmioRegion}: not storage but the
 * device, bound to the page's offset in the region and to the accessing vCPU. The MMU never puts
 * such a page in its TLBs, so every access reaches the device; it has no bytes of its own.
 */
public final class MmioPage extends Page {

    public final MmioRegion region;
    /** Offset in the region of the first byte of this page. */
    public final long pageOffset;
    public final int cpu;

    public MmioPage(MmioRegion region, long offsetInRegion, int cpu) {
        super(java.lang.foreign.MemorySegment.NULL, 0, PROT_READ | PROT_WRITE, -1); // address 0: never in a TLB
        this.region = region;
        this.pageOffset = offsetInRegion & ~MASK;
        this.cpu = cpu;
    }

    /** Whether an access of {@code size} bytes at {@code ea} stays in this page (else it is refused). */
    public static boolean fits(long ea, int size) {
        return (ea & MASK) + size <= SIZE;
    }

    /** A load of 1, 2, 4 or 8 bytes at {@code ea} (in this page), in the access's byte order. */
    public long load(long ea, int size, boolean bigEndian) {
        long v = region.device.read(pageOffset + (ea & MASK), size, cpu);
        return bigEndian ? mask(v, size) : swap(v, size);
    }

    /** A store of the low {@code size} bytes of {@code v}, in the access's byte order. */
    public void store(long ea, int size, long v, boolean bigEndian) {
        region.device.write(pageOffset + (ea & MASK), size, bigEndian ? mask(v, size) : swap(v, size), cpu);
    }

    static long mask(long v, int size) {
        return size == 8 ? v : v & ((1L << (8 * size)) - 1);
    }

    static long swap(long v, int size) {
        return switch (size) {
            case 1 -> v & 0xFF;
            case 2 -> Short.reverseBytes((short) v) & 0xFFFFL;
            case 4 -> Integer.reverseBytes((int) v) & 0xFFFF_FFFFL;
            default -> Long.reverseBytes(v);
        };
    }
}
