package org.jpseries.pci;

/**
 * One base address register of a function (QEMU's PCIIORegion): its size (a power of two), its
 * type bits ({@link PciRegs#BAR_SPACE_IO}, {@link PciRegs#BAR_MEM_TYPE_64}, {@link PciRegs#BAR_MEM_PREFETCH})
 * and what it maps. Where it sits on the bus is the device's configuration space; the bus
 * computes it (QEMU pci_bar_address).
 */
public record PciBar(int index, long size, int type, PciRegion region) {
    public PciBar {
        if (index < 0 || index >= PciRegs.BAR_COUNT) throw new IllegalArgumentException("BAR " + index);
        if (Long.bitCount(size) != 1 || size < 4) throw new IllegalArgumentException("BAR size " + size + " is not a power of two");
        if ((type & PciRegs.BAR_MEM_TYPE_64) != 0 && index == PciRegs.BAR_COUNT - 1) throw new IllegalArgumentException("64-bit BAR 5");
    }

    public boolean io() {
        return (type & PciRegs.BAR_SPACE_IO) != 0;
    }

    public boolean mem64() {
        return !io() && (type & PciRegs.BAR_MEM_TYPE_64) != 0;
    }

    /** Its register's offset in configuration space (QEMU pci_bar). */
    public int configOffset() {
        return PciRegs.BASE_ADDRESS_0 + 4 * index;
    }
}
