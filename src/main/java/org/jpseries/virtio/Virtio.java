package org.jpseries.virtio;

/**
 * The transport-independent numbers of virtio 1.2 (OASIS virtio v1.2 §2.1 device status, §6
 * reserved feature bits, §5 device IDs; Linux include/uapi/linux/virtio_config.h and
 * virtio_ring.h).
 */
public final class Virtio {
    private Virtio() {}

    /** Device status bits (§2.1). */
    public static final int STATUS_ACKNOWLEDGE = 1, STATUS_DRIVER = 2, STATUS_DRIVER_OK = 4, STATUS_FEATURES_OK = 8,
            STATUS_NEEDS_RESET = 0x40, STATUS_FAILED = 0x80;

    /** Reserved feature bits (§6). */
    public static final int F_NOTIFY_ON_EMPTY = 24, F_ANY_LAYOUT = 27, F_RING_INDIRECT_DESC = 28, F_RING_EVENT_IDX = 29,
            F_BAD_FEATURE = 30, F_VERSION_1 = 32, F_ACCESS_PLATFORM = 33, F_RING_PACKED = 34, F_RING_RESET = 40;

    /** Features only a legacy interface shows (QEMU's VIRTIO_LEGACY_FEATURES): hidden from the modern feature window. */
    public static final long LEGACY_ONLY_FEATURES = bit(F_BAD_FEATURE) | bit(F_NOTIFY_ON_EMPTY) | bit(F_ANY_LAYOUT);

    /** Device IDs (§5). */
    public static final int ID_NET = 1, ID_BLOCK = 2, ID_RNG = 4;

    /** Split virtqueue descriptor flags (§2.7.5) and ring flags (§2.7.6, §2.7.8). */
    public static final int DESC_F_NEXT = 1, DESC_F_WRITE = 2, DESC_F_INDIRECT = 4;
    public static final int AVAIL_F_NO_INTERRUPT = 1, USED_F_NO_NOTIFY = 1;

    /** ISR status bits (§4.1.4.5): a used buffer, a configuration change. */
    public static final int ISR_QUEUE = 1, ISR_CONFIG = 2;

    /** The largest queue (§2.7: 32768 for split rings); QEMU's VIRTQUEUE_MAX_SIZE is 1024. */
    public static final int QUEUE_MAX_SIZE = 1024;

    /** The legacy ring alignment (§2.7.2 Legacy Interfaces, VIRTIO_PCI_VRING_ALIGN) and the PFN shift. */
    public static final int LEGACY_VRING_ALIGN = 4096, LEGACY_PFN_SHIFT = 12;

    public static long bit(int n) {
        return 1L << n;
    }

    public static boolean has(long features, int bit) {
        return (features & bit(bit)) != 0;
    }
}
