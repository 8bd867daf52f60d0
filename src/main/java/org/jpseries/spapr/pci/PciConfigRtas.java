package org.jpseries.spapr.pci;

import java.util.function.LongFunction;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasCall;
import org.jpseries.papr.RtasTokens;
import org.jpseries.pci.PciDevice;
import org.jpseries.pci.PciRegs;

/**
 * Configuration space through RTAS (PAPR 7.3.4; QEMU spapr_pci.c rtas_read_pci_config,
 * rtas_ibm_read_pci_config and the writes): {@code read-pci-config(addr, size)} on BUID 0 and
 * {@code ibm,read-pci-config(addr, buid_hi, buid_lo, size)}, where addr is
 * {@code ext-reg[27:24] bus[23:16] devfn[15:8] reg[7:0]}. A size other than 1, 2 or 4, a missing
 * function, an unaligned or out-of-range register is Hardware Error (-1), as QEMU answers; Linux
 * then reads all ones.
 */
final class PciConfigRtas {
    /** Finds the function a config address names on the bridge with a BUID, or null. */
    private final LongFunction<java.util.function.IntFunction<PciDevice>> finder;

    /** @param finder BUID -> (config address -> function or null); null for an unknown BUID */
    PciConfigRtas(LongFunction<java.util.function.IntFunction<PciDevice>> finder) {
        this.finder = finder;
    }

    void register(Rtas rtas) {
        rtas.register(RtasTokens.READ_PCI_CONFIG, "read-pci-config", c -> {
            if (c.nargs() == 2 && c.nret() == 2) read(c, 0, c.arg(0), c.arg(1));
            else c.ret(0, Rtas.OUT_HW_ERROR);
        });
        rtas.register(RtasTokens.WRITE_PCI_CONFIG, "write-pci-config", c -> {
            if (c.nargs() == 3 && c.nret() == 1) write(c, 0, c.arg(0), c.arg(1), c.arg(2));
            else c.ret(0, Rtas.OUT_HW_ERROR);
        });
        rtas.register(RtasTokens.IBM_READ_PCI_CONFIG, "ibm,read-pci-config", c -> {
            if (c.nargs() == 4 && c.nret() == 2) read(c, c.arg(1) << 32 | c.arg(2), c.arg(0), c.arg(3));
            else c.ret(0, Rtas.OUT_HW_ERROR);
        });
        rtas.register(RtasTokens.IBM_WRITE_PCI_CONFIG, "ibm,write-pci-config", c -> {
            if (c.nargs() == 5 && c.nret() == 1) write(c, c.arg(1) << 32 | c.arg(2), c.arg(0), c.arg(3), c.arg(4));
            else c.ret(0, Rtas.OUT_HW_ERROR);
        });
    }

    /** rtas_pci_cfgaddr: the register, with extended-space bits 27:24 as bits 11:8. */
    static int register(long addr) {
        return (int) ((addr >>> 20 & 0xf00) | (addr & 0xff));
    }

    /** The function named, or null when the access is not one QEMU serves (finish_read_pci_config's checks). */
    private PciDevice target(long buid, long addr, long size) {
        if (size != 1 && size != 2 && size != 4) return null;
        var bridge = finder.apply(buid);
        if (bridge == null || (addr >>> 16 & 0xff) != 0) return null; // bus 0 only: no PCI-PCI bridges
        PciDevice d = bridge.apply((int) (addr >>> 8 & 0xff));
        int reg = register(addr);
        return d == null || reg % size != 0 || reg >= PciRegs.CONFIG_SPACE_SIZE ? null : d;
    }

    private void read(RtasCall c, long buid, long addr, long size) {
        PciDevice d = target(buid, addr, size);
        if (d == null) {
            c.ret(0, Rtas.OUT_HW_ERROR);
            return;
        }
        int v = d.readConfig(register(addr), (int) size);
        c.ret(0, Rtas.OUT_SUCCESS);
        c.ret(1, v);
    }

    private void write(RtasCall c, long buid, long addr, long size, long value) {
        PciDevice d = target(buid, addr, size);
        if (d == null) {
            c.ret(0, Rtas.OUT_HW_ERROR);
            return;
        }
        d.writeConfig(register(addr), (int) size, (int) value);
        c.ret(0, Rtas.OUT_SUCCESS);
    }
}
