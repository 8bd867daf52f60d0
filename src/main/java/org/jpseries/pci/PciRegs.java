package org.jpseries.pci;

/**
 * Type-0 configuration header offsets and bits (PCI Local Bus Specification 3.0 §6.1-6.2;
 * Linux include/uapi/linux/pci_regs.h, which QEMU's hw/pci/pci_regs.h copies).
 */
public final class PciRegs {
    private PciRegs() {}

    public static final int VENDOR_ID = 0x00, DEVICE_ID = 0x02, COMMAND = 0x04, STATUS = 0x06, REVISION_ID = 0x08,
            CLASS_PROG = 0x09, CLASS_DEVICE = 0x0a, CACHE_LINE_SIZE = 0x0c, LATENCY_TIMER = 0x0d, HEADER_TYPE = 0x0e,
            BASE_ADDRESS_0 = 0x10, SUBSYSTEM_VENDOR_ID = 0x2c, SUBSYSTEM_ID = 0x2e, ROM_ADDRESS = 0x30,
            CAPABILITY_LIST = 0x34, INTERRUPT_LINE = 0x3c, INTERRUPT_PIN = 0x3d, MIN_GNT = 0x3e, MAX_LAT = 0x3f;
    /** Bytes of the standard header; capabilities follow. */
    public static final int HEADER_SIZE = 0x40;
    /** Bytes of a conventional PCI function's configuration space. */
    public static final int CONFIG_SPACE_SIZE = 0x100;

    public static final int COMMAND_IO = 0x1, COMMAND_MEMORY = 0x2, COMMAND_MASTER = 0x4, COMMAND_SERR = 0x100,
            COMMAND_INTX_DISABLE = 0x400;
    public static final int STATUS_INTERRUPT = 0x8, STATUS_CAP_LIST = 0x10, STATUS_66MHZ = 0x20, STATUS_UDF = 0x40,
            STATUS_FAST_BACK = 0x80, STATUS_PARITY = 0x100, STATUS_DEVSEL_MASK = 0x600, STATUS_SIG_TARGET_ABORT = 0x800,
            STATUS_REC_TARGET_ABORT = 0x1000, STATUS_REC_MASTER_ABORT = 0x2000, STATUS_SIG_SYSTEM_ERROR = 0x4000,
            STATUS_DETECTED_PARITY = 0x8000;

    /** Low bits of a base address register. */
    public static final int BAR_SPACE_IO = 0x1, BAR_MEM_TYPE_64 = 0x4, BAR_MEM_PREFETCH = 0x8;
    public static final int BAR_COUNT = 6;

    /** Capability IDs (PCI 3.0 Appendix H). */
    public static final int CAP_ID_MSI = 0x05, CAP_ID_VNDR = 0x09, CAP_ID_MSIX = 0x11;

    /**
     * The MSI-X capability (PCI 3.0 §6.8.2): message control at +2 (table size - 1, function
     * mask, enable), table and PBA offset/BIR at +4 and +8; a table entry is 16 bytes: message
     * address (low, high), data, vector control (bit 0: masked).
     */
    public static final int MSIX_FLAGS = 2, MSIX_TABLE = 4, MSIX_PBA = 8, MSIX_CAP_LENGTH = 12;
    public static final int MSIX_FLAGS_QSIZE = 0x7ff, MSIX_FLAGS_MASKALL = 0x4000, MSIX_FLAGS_ENABLE = 0x8000, MSIX_FLAGS_BIRMASK = 7;
    public static final int MSIX_ENTRY_SIZE = 16, MSIX_ENTRY_LOWER_ADDR = 0, MSIX_ENTRY_UPPER_ADDR = 4, MSIX_ENTRY_DATA = 8,
            MSIX_ENTRY_VECTOR_CTRL = 12, MSIX_ENTRY_CTRL_MASKBIT = 1;

    /** PCI_SLOT / PCI_FUNC / PCI_DEVFN. */
    public static int slot(int devfn) {
        return devfn >> 3 & 0x1f;
    }

    public static int function(int devfn) {
        return devfn & 7;
    }

    public static int devfn(int slot, int function) {
        return (slot & 0x1f) << 3 | function & 7;
    }

    /** Interrupt pins A-D (PCI_NUM_PINS). */
    public static final int NUM_PINS = 4;
    public static final int SLOTS = 32;
}
