package org.jpseries.pci;

import java.util.ArrayList;
import java.util.List;

/**
 * A PCI bus behind a host bridge (QEMU hw/pci/pci.c PCIBus, bus 0 only): 32 slots of up to 8
 * functions, configuration accesses by devfn, the BARs mapped in its memory and I/O spaces, and
 * INTx routing: pin P of slot S drives the bridge's pin (S + P) % 4 (QEMU pci_swizzle_map_irq_fn);
 * a bridge pin is asserted while any function drives it (QEMU pci_change_irq_level's counts).
 *
 * <p>Threads: the device table is written at machine construction only. Mappings are rebuilt
 * under this object's monitor when a function's BARs or command register change and published
 * as one immutable array, which MMIO reads without a lock. The pin counts are guarded by this
 * object's monitor and the bridge's lines are set with it held (device, then bus, then the
 * interrupt sources).
 */
public final class PciBus {
    /** Where the bus's INTx pins go (the host bridge's LSIs). */
    @FunctionalInterface
    public interface IntxRouter {
        void setLevel(int bridgePin, boolean level);
    }

    /** One mapped BAR: bus addresses [base, base + bar.size()). */
    record Mapping(long base, PciBar bar, PciDevice device) {}

    private final String name;
    private final PciDevice[] functions = new PciDevice[256];
    private final IntxRouter router;
    private final PciDma dma;
    private final int[] pinCount = new int[PciRegs.NUM_PINS];
    /** Serialises remaps; taken before any device's monitor, never inside one. */
    private final Object mapLock = new Object();
    private volatile Mapping[] memory = new Mapping[0];
    private volatile Mapping[] io = new Mapping[0];

    public PciBus(String name, IntxRouter router) {
        this(name, router, PciDma.NONE);
    }

    /** @param dma what its bus masters reach (the host bridge's DMA windows) */
    public PciBus(String name, IntxRouter router, PciDma dma) {
        this.name = name;
        this.router = router;
        this.dma = dma;
    }

    /** What the functions on this bus reach as bus masters. */
    public PciDma dma() {
        return dma;
    }

    /** The bus's QEMU id ("pci.0"). */
    public String name() {
        return name;
    }

    /**
     * Plugs {@code d} at {@code devfn} (QEMU pci_qdev_realize's placement), or at the first free
     * slot's function 0 when {@code devfn} is negative.
     *
     * @throws IllegalArgumentException with QEMU's message when the slot is taken or the bus full
     */
    public synchronized int plug(PciDevice d, int devfn) {
        if (devfn < 0) {
            for (int s = 0; s < PciRegs.SLOTS && devfn < 0; s++) {
                if (functions[PciRegs.devfn(s, 0)] == null) devfn = PciRegs.devfn(s, 0);
            }
            if (devfn < 0) throw new IllegalArgumentException("PCI: no slot/function available for " + d.typeName() + ", all in use or reserved");
        } else if (devfn > 255) {
            throw new IllegalArgumentException("Property 'addr' out of range");
        } else if (functions[devfn] != null) { // spapr_pci_pre_plug: the slot's connector has a device
            PciDevice f0 = functions[PciRegs.devfn(PciRegs.slot(devfn), 0)];
            throw new IllegalArgumentException(String.format("PCI: slot %d already occupied by %s", PciRegs.slot(devfn),
                    (f0 != null ? f0 : functions[devfn]).typeName()));
        }
        d.plugged(this, devfn);
        functions[devfn] = d;
        return devfn;
    }

    /** The function at {@code devfn}, or null. */
    public PciDevice find(int devfn) {
        return devfn >= 0 && devfn < 256 ? functions[devfn] : null;
    }

    /** Every function, in devfn order. */
    public synchronized List<PciDevice> devices() {
        List<PciDevice> out = new ArrayList<>();
        for (PciDevice d : functions) {
            if (d != null) out.add(d);
        }
        return out;
    }

    // ---- BAR mappings -------------------------------------------------------------------------

    /** Rebuilds the mapped BARs from every function's configuration (QEMU pci_update_mappings). */
    public void remap() {
        synchronized (mapLock) {
            remapLocked();
        }
    }

    private void remapLocked() {
        List<Mapping> mem = new ArrayList<>(), ios = new ArrayList<>();
        for (PciDevice d : functions) {
            if (d == null) continue;
            for (int i = 0; i < PciRegs.BAR_COUNT; i++) {
                PciBar b = d.bar(i);
                long a = d.barAddress(i);
                if (b == null || a == PciDevice.UNMAPPED) continue;
                (b.io() ? ios : mem).add(new Mapping(a, b, d));
            }
        }
        memory = mem.toArray(Mapping[]::new);
        io = ios.toArray(Mapping[]::new);
    }

    /** The BAR mapped at bus memory address {@code addr}, or null. */
    Mapping findMemory(long addr) {
        return find(memory, addr);
    }

    Mapping findIo(long addr) {
        return find(io, addr);
    }

    private static Mapping find(Mapping[] ms, long addr) {
        // later mappings win on overlap, as QEMU's subregion priority 1 in registration order
        for (int i = ms.length - 1; i >= 0; i--) {
            Mapping m = ms[i];
            if (Long.compareUnsigned(addr - m.base, m.bar.size()) < 0) return m;
        }
        return null;
    }

    /** A read of bus memory; nothing there reads 0 (QEMU 7.2's unassigned access). */
    public long readMemory(long addr, int size) {
        Mapping m = findMemory(addr);
        return m == null ? 0 : m.bar.region().read(addr - m.base, size);
    }

    public void writeMemory(long addr, int size, long value) {
        Mapping m = findMemory(addr);
        if (m != null) m.bar.region().write(addr - m.base, size, value);
    }

    public long readIo(long addr, int size) {
        Mapping m = findIo(addr);
        return m == null ? 0 : m.bar.region().read(addr - m.base, size);
    }

    public void writeIo(long addr, int size, long value) {
        Mapping m = findIo(addr);
        if (m != null) m.bar.region().write(addr - m.base, size, value);
    }

    // ---- INTx -------------------------------------------------------------------------------------

    /** The bridge pin a function's pin drives (QEMU pci_swizzle_map_irq_fn). */
    public static int bridgePin(int devfn, int pin) {
        return (PciRegs.slot(devfn) + pin - 1) % PciRegs.NUM_PINS;
    }

    synchronized void intxChanged(PciDevice d, boolean level) {
        int p = bridgePin(d.devfn(), d.pin());
        int before = pinCount[p];
        pinCount[p] += level ? 1 : -1;
        if ((before == 0) != (pinCount[p] == 0)) router.setLevel(p, pinCount[p] != 0);
    }

    /** Recounts the pins from the functions after a load; the lines' levels are the interrupt sources' own state. */
    public void recount() {
        int[] counts = new int[PciRegs.NUM_PINS];
        for (PciDevice d : functions) { // device monitors first, never inside this one
            if (d != null && d.intxAsserted()) counts[bridgePin(d.devfn(), d.pin())]++;
        }
        synchronized (this) {
            System.arraycopy(counts, 0, pinCount, 0, counts.length);
        }
    }

    /** Whether bridge pin {@code p} is asserted. */
    public synchronized boolean pinAsserted(int p) {
        return pinCount[p] != 0;
    }
}
