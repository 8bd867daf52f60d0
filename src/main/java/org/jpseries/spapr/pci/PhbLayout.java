package org.jpseries.spapr.pci;

/**
 * Where the PAPR host bridge number {@code index} sits (QEMU 7.2 hw/ppc/spapr.c
 * spapr_phb_placement and include/hw/pci-host/spapr.h): its BUID, a 64 KiB I/O window, a 2 GiB
 * 32-bit MMIO window at bus address 2 GiB, a 1 TiB 64-bit MMIO window mapped one to one, four
 * LSIs from SPAPR_IRQ_PCI_LSI, and the LIOBN of its default 32-bit DMA window (1 GiB of 4 KiB
 * TCEs at bus address 0).
 */
public record PhbLayout(int index, long buid, long ioWindow, long mem32Window, long mem64Window, int firstLsi, int dmaLiobn) {
    static final long BASE_BUID = 0x0800_0000_2000_0000L;
    /** SPAPR_PCI_BASE and SPAPR_PCI_LIMIT: 32 TiB .. 64 TiB of real addresses. */
    static final long PCI_BASE = 1L << 45, PCI_LIMIT = 1L << 46;
    public static final long IO_WINDOW_SIZE = 0x10000, MEM32_WINDOW_SIZE = 0x8000_0000L, MEM64_WINDOW_SIZE = 1L << 40;
    /** SPAPR_PCI_MEM_WIN_BUS_OFFSET: where the 32-bit window starts on the bus. */
    public static final long MEM32_BUS_OFFSET = 0x8000_0000L;
    /** SPAPR_IRQ_PCI_LSI (SPAPR_XIRQ_BASE + 0x200). */
    public static final int IRQ_PCI_LSI = 0x1200;
    /** SPAPR_IRQ_MSI: the first interrupt number given out for MSIs; the rest of the XICS range is theirs. */
    public static final int IRQ_MSI = 0x1300;
    /** SPAPR_PCI_DMA32_SIZE and the TCE page of the default window (the bridge's dma_win_addr 0, dma_win_size). */
    public static final long DMA32_WINDOW_SIZE = 0x4000_0000L;
    public static final int DMA32_PAGE_SHIFT = 12;
    /** The bridge's "dma64_win_addr": where a second DMA window goes while the default one is there (2^59). */
    public static final long DMA64_WINDOW_ADDR = 0x0800_0000_0000_0000L;
    /** SPAPR_PCI_DMA_MAX_WINDOWS with ddw=on (QEMU's default): the default window and one more. */
    public static final int DMA_MAX_WINDOWS = 2;
    /** The bridge's "pgsz" under TCG: TCE pages of 4 KiB, 64 KiB, 2 MiB and 16 MiB (as bits 1 << shift). */
    public static final long DDW_PAGE_SIZES = 1L << 12 | 1L << 16 | 1L << 21 | 1L << 24;
    /** SPAPR_PCI_MSI_WINDOW: the bus address where a function's MSI write (data = interrupt number) raises that interrupt. */
    public static final long MSI_WINDOW = 0x400_0000_0000L;
    /** Its size under TCG (QEMU's msi_window_size). */
    public static final long MSI_WINDOW_SIZE = 0x1000;
    /** SPAPR_MAX_PHBS: the 64-bit windows between 33 TiB and 64 TiB. */
    public static final int MAX_PHBS = (int) ((PCI_LIMIT - PCI_BASE) / MEM64_WINDOW_SIZE - 1);

    /** QEMU's placement of PHB {@code index}; its message when the index is too large. */
    public static PhbLayout of(int index) {
        if (index < 0 || index >= MAX_PHBS) throw new IllegalArgumentException("\"index\" for PAPR PHB is too large (max " + (MAX_PHBS - 1) + ")");
        return new PhbLayout(index, BASE_BUID + index, PCI_BASE + index * IO_WINDOW_SIZE, PCI_BASE + (index + 1) * MEM32_WINDOW_SIZE,
                PCI_BASE + (index + 1) * MEM64_WINDOW_SIZE, IRQ_PCI_LSI + index * 4, liobn(index, 0));
    }

    /** SPAPR_PCI_LIOBN(phb_index, window_num). */
    public static int liobn(int index, int window) {
        return 0x8000_0000 | index << 8 | window;
    }

    /** The node name: "pci@" and the BUID (QEMU's dtbusname). */
    public String nodeName() {
        return String.format("pci@%x", buid);
    }

    /** QEMU's bus id: the default bridge's bus is "pci.0". */
    public String busName() {
        return "pci." + index;
    }

    /** The DRC index of the bridge itself (SPAPR_DR_CONNECTOR_TYPE_SHIFT_PHB = 0x20000000 | index). */
    public int drcIndex() {
        return 0x2000_0000 | index;
    }

    /** The DRC id of slot/function {@code devfn} on bus 0 (QEMU drc_id_from_devfn: index << 16 | chassis 0 << 8 | devfn). */
    public int drcId(int devfn) {
        return index << 16 | devfn;
    }

    /** Its DRC index (SPAPR_DR_CONNECTOR_TYPE_PCI: type shift 0x40000000 | id, spapr_drc_index). */
    public int drcIndex(int devfn) {
        return 0x4000_0000 | drcId(devfn);
    }
}
