package org.jpseries.virtio.pci;

/**
 * The virtio PCI transport's layout (virtio 1.2 §4.1.4; Linux include/uapi/linux/virtio_pci.h;
 * QEMU hw/virtio/virtio-pci.c virtio_pci_realize): the vendor capabilities, the common
 * configuration's fields, the legacy I/O header, and where QEMU puts each structure in the modern
 * memory BAR.
 */
public final class VirtioPciRegs {
    private VirtioPciRegs() {}

    public static final int VENDOR_ID = 0x1af4;
    /** Modern-only devices are 0x1040 + the virtio device ID (§4.1.2). */
    public static final int MODERN_DEVICE_BASE = 0x1040;
    /** QEMU's default subsystem ID of a function that sets none (PCI_SUBDEVICE_ID_QEMU). */
    public static final int SUBSYSTEM_QEMU = 0x1100;

    /** cfg_type of the vendor capabilities (§4.1.4). */
    public static final int CAP_COMMON_CFG = 1, CAP_NOTIFY_CFG = 2, CAP_ISR_CFG = 3, CAP_DEVICE_CFG = 4, CAP_PCI_CFG = 5;
    /** struct virtio_pci_cap: cap_vndr, cap_next, cap_len, cfg_type, bar, id, padding[2], offset, length. */
    public static final int CAP_LEN = 2, CAP_CFG_TYPE = 3, CAP_BAR = 4, CAP_OFFSET = 8, CAP_LENGTH = 12, CAP_SIZE = 16;
    /** struct virtio_pci_notify_cap adds notify_off_multiplier; virtio_pci_cfg_cap adds pci_cfg_data[4]. */
    public static final int NOTIFY_CAP_SIZE = 20, CFG_CAP_SIZE = 20, CFG_CAP_DATA = 16;

    /** struct virtio_pci_common_cfg (§4.1.4.3), with queue_notify_data and queue_reset of 1.2. */
    public static final int COMMON_DFSELECT = 0x00, COMMON_DF = 0x04, COMMON_GFSELECT = 0x08, COMMON_GF = 0x0c,
            COMMON_MSIX = 0x10, COMMON_NUMQ = 0x12, COMMON_STATUS = 0x14, COMMON_CFGGENERATION = 0x15,
            COMMON_Q_SELECT = 0x16, COMMON_Q_SIZE = 0x18, COMMON_Q_MSIX = 0x1a, COMMON_Q_ENABLE = 0x1c,
            COMMON_Q_NOFF = 0x1e, COMMON_Q_DESCLO = 0x20, COMMON_Q_DESCHI = 0x24, COMMON_Q_AVAILLO = 0x28,
            COMMON_Q_AVAILHI = 0x2c, COMMON_Q_USEDLO = 0x30, COMMON_Q_USEDHI = 0x34, COMMON_Q_RESET = 0x3a;

    /** The legacy header in I/O BAR 0 (§4.1.4.8): the device configuration follows at 20 without MSI-X, 24 with. */
    public static final int LEGACY_HOST_FEATURES = 0, LEGACY_GUEST_FEATURES = 4, LEGACY_QUEUE_PFN = 8, LEGACY_QUEUE_NUM = 12,
            LEGACY_QUEUE_SEL = 14, LEGACY_QUEUE_NOTIFY = 16, LEGACY_STATUS = 18, LEGACY_ISR = 19, LEGACY_CONFIG_NO_MSIX = 20;
    /** With MSI-X enabled the header adds the two vector registers (VIRTIO_MSI_CONFIG_VECTOR, VIRTIO_MSI_QUEUE_VECTOR) and the configuration follows at 24. */
    public static final int LEGACY_MSI_CONFIG_VECTOR = 20, LEGACY_MSI_QUEUE_VECTOR = 22, LEGACY_CONFIG_MSIX = 24;

    /** VIRTIO_MSI_NO_VECTOR. */
    public static final int NO_VECTOR = 0xffff;
    /** The vectors property left unset (QEMU DEV_NVECTORS_UNSPECIFIED): the device's own default. */
    public static final int VECTORS_UNSPECIFIED = -1;

    /** QEMU's BAR numbers (virtio_pci_realize): legacy I/O, MSI-X, modern memory. */
    public static final int LEGACY_IO_BAR = 0, MSIX_BAR = 1, MODERN_MEM_BAR = 4;
    /** QEMU's regions in the modern BAR: each 4 KiB; notify = notify_off_multiplier x VIRTIO_QUEUE_MAX. */
    public static final int COMMON_OFFSET = 0x0000, ISR_OFFSET = 0x1000, DEVICE_OFFSET = 0x2000, NOTIFY_OFFSET = 0x3000,
            REGION_SIZE = 0x1000;
    public static final int NOTIFY_OFF_MULTIPLIER = 4;
    /** VIRTIO_QUEUE_MAX: the queue numbers the transport accepts. */
    public static final int QUEUE_MAX = 1024;
    public static final int MODERN_BAR_SIZE = 0x4000;
}
