package org.jpseries.pci;

/**
 * What a bus-master function reaches (QEMU's pci_get_address_space: the address space the host
 * bridge gives its bus, here the PAPR bridge's TCE windows and MSI window). Accesses are in bus
 * addresses; data is bytes in bus order (little-endian values, as the function's DMA engine puts
 * them). Called on any thread; implementations never throw for any address.
 */
public interface PciDma {
    /** Nothing answers: every access fails (a bus whose bridge gives no DMA). */
    PciDma NONE = new PciDma() {
        @Override
        public boolean read(long addr, byte[] dst, int off, int len) {
            return false;
        }

        @Override
        public boolean write(long addr, byte[] src, int off, int len) {
            return false;
        }
    };

    /** Reads {@code len} bytes at bus address {@code addr}; false if some byte is not reachable for reading. */
    boolean read(long addr, byte[] dst, int off, int len);

    /** Writes {@code len} bytes at bus address {@code addr}; false if some byte is not reachable for writing. */
    boolean write(long addr, byte[] src, int off, int len);
}
