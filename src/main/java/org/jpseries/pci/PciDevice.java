package org.jpseries.pci;

import static org.jpseries.pci.PciRegs.*;

import java.util.Arrays;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * One PCI function (QEMU hw/pci/pci.c PCIDevice): its 256-byte configuration space with QEMU's
 * write masks (pci_init_wmask, pci_init_w1cmask), its base address registers, its capability
 * list and its INTx pin. The configuration space is the device's state; where its BARs sit on
 * the bus follows from it ({@link #barAddress}, QEMU pci_bar_address) and the bus maps them.
 *
 * <p>Threads: configuration accesses (RTAS on vCPU threads, the machine at reset and load) and
 * INTx changes (device threads) take this object's monitor. INTx reaches the bus with it held
 * (device, then the bus's pin counts, then the interrupt sources); BAR changes remap the bus after
 * it is released (the bus's map lock, then each device).
 */
public abstract class PciDevice {
    /** Where a BAR is when it is not mapped (QEMU's PCI_BAR_UNMAPPED). */
    public static final long UNMAPPED = -1;

    /** The configuration space (little-endian, as the bus carries it). */
    protected final byte[] config = new byte[CONFIG_SPACE_SIZE];
    private final byte[] wmask = new byte[CONFIG_SPACE_SIZE];
    private final byte[] w1cmask = new byte[CONFIG_SPACE_SIZE];
    private final PciBar[] bars = new PciBar[BAR_COUNT];
    private final String typeName;
    private String qdevId = "";
    private int capEnd = HEADER_SIZE;
    private PciBus bus;
    private int devfn = -1;
    /** The level the function drives on its pin (QEMU irq_state), whether or not INTx is disabled. */
    private boolean intx;
    /** Its MSI-X capability, if it added one ({@link MsiX#addExclusiveBar}). */
    private MsiX msix;

    /**
     * @param typeName QEMU's type name ("virtio-blk-pci"): the device tree's location code names it
     * @param classCode base class, subclass and programming interface (24 bits, QEMU PCI_CLASS_PROG..)
     * @param pin the interrupt pin, 1-4 for INTA-INTD, 0 for none
     */
    protected PciDevice(String typeName, int vendor, int device, int revision, int classCode, int subsystemVendor,
            int subsystem, int pin) {
        this.typeName = typeName;
        put16(VENDOR_ID, vendor);
        put16(DEVICE_ID, device);
        config[REVISION_ID] = (byte) revision;
        config[CLASS_PROG] = (byte) classCode;
        put16(CLASS_DEVICE, classCode >>> 8);
        put16(SUBSYSTEM_VENDOR_ID, subsystemVendor);
        put16(SUBSYSTEM_ID, subsystem);
        config[INTERRUPT_PIN] = (byte) pin;
        // pci_init_wmask / pci_init_w1cmask
        wmask[CACHE_LINE_SIZE] = (byte) 0xff;
        wmask[INTERRUPT_LINE] = (byte) 0xff;
        putMask(wmask, COMMAND, COMMAND_IO | COMMAND_MEMORY | COMMAND_MASTER | COMMAND_INTX_DISABLE | COMMAND_SERR);
        Arrays.fill(wmask, HEADER_SIZE, CONFIG_SPACE_SIZE, (byte) 0xff);
        putMask(w1cmask, STATUS, STATUS_PARITY | STATUS_SIG_TARGET_ABORT | STATUS_REC_TARGET_ABORT | STATUS_REC_MASTER_ABORT
                | STATUS_SIG_SYSTEM_ERROR | STATUS_DETECTED_PARITY);
    }

    public final String typeName() {
        return typeName;
    }

    /** The -device id (QEMU's qdev id), "" when none was given. */
    public final String qdevId() {
        return qdevId;
    }

    /** Names the function as -device id= did; before it is plugged. */
    public final void setQdevId(String id) {
        this.qdevId = id == null ? "" : id;
    }

    /** The slot and function on its bus, -1 before it is plugged. */
    public final int devfn() {
        return devfn;
    }

    public final PciBus bus() {
        return bus;
    }

    final void plugged(PciBus bus, int devfn) {
        if (this.bus != null) throw new IllegalStateException(typeName + " is already on a bus");
        this.bus = bus;
        this.devfn = devfn;
    }

    /** The interrupt pin (1-4 = INTA-INTD, 0 = none). */
    public final int pin() {
        return config[INTERRUPT_PIN] & 0xff;
    }

    // ---- set-up, at construction ---------------------------------------------------------------

    /** Declares BAR {@code b} (QEMU pci_register_bar): its register holds the type bits, its address bits become writable. */
    protected final void registerBar(PciBar b) {
        if (bars[b.index()] != null) throw new IllegalStateException("BAR " + b.index() + " registered twice");
        bars[b.index()] = b;
        long mask = ~(b.size() - 1);
        int off = b.configOffset();
        put32(off, b.type());
        putLong(wmask, off, b.mem64() ? 8 : 4, mask);
    }

    /**
     * Adds a capability of {@code size} bytes (QEMU pci_add_capability): links it into the list,
     * makes it read-only by default and returns its offset. Writable fields are opened with
     * {@link #setWritable}.
     */
    protected final int addCapability(int capId, int size) {
        int off = (capEnd + 3) & ~3;
        if (off + size > CONFIG_SPACE_SIZE) throw new IllegalStateException("no room for capability " + capId);
        config[off] = (byte) capId;
        config[off + 1] = config[CAPABILITY_LIST];
        config[CAPABILITY_LIST] = (byte) off;
        config[STATUS] |= STATUS_CAP_LIST;
        Arrays.fill(wmask, off, off + size, (byte) 0);
        capEnd = off + size;
        return off;
    }

    final void attachMsiX(MsiX m) {
        if (msix != null) throw new IllegalStateException(typeName + " has an MSI-X capability already");
        msix = m;
    }

    /** Its MSI-X capability, or null (QEMU msix_present). */
    public final MsiX msix() {
        return msix;
    }

    /** Makes {@code len} bytes at {@code off} guest-writable under {@code mask} (little-endian). */
    protected final void setWritable(int off, int len, long mask) {
        putLong(wmask, off, len, mask);
    }

    // ---- configuration accesses --------------------------------------------------------------------

    /** A configuration read of 1, 2 or 4 bytes, naturally aligned inside the space (the caller checks); {@link #configReading} first. */
    public final synchronized int readConfig(int addr, int size) {
        configReading(addr, size);
        return (int) getLong(config, addr, size);
    }

    /**
     * A configuration read without this function's monitor or read hook, for the device tree,
     * which is built under the machine lock (the lock order forbids taking a function's monitor
     * inside it, as INTx goes function, then machine). The identity fields it reads never change;
     * a byte the guest writes meanwhile (cache line size) reads as either value.
     */
    public final int peekConfig(int addr, int size) {
        return (int) getLong(config, addr, size);
    }

    /** Called before every configuration read, with this device locked (QEMU's config_read hook: virtio's PCI cfg access capability fills its data window here). */
    protected void configReading(int addr, int size) {}

    /**
     * A configuration write (QEMU pci_default_write_config): writable bits take the value,
     * write-one-to-clear bits clear; a change of a BAR or the command register remaps the BARs,
     * and INTx disable takes effect at once; the MSI-X control byte is acted on (msix_write_config:
     * unmasked vectors send what is pending, after this monitor is released). Then
     * {@link #configWritten}.
     */
    public final void writeConfig(int addr, int size, int value) {
        boolean remap;
        long[] messages = null;
        synchronized (this) {
            boolean[] msixBefore = msix == null ? null : msix.beforeConfigWrite(addr, size);
            boolean wasDisabled = intxDisabled();
            for (int i = 0; i < size; i++) {
                int v = value >>> 8 * i & 0xff, a = addr + i;
                config[a] = (byte) (config[a] & ~wmask[a] | v & wmask[a]);
                config[a] &= (byte) ~(v & w1cmask[a]);
            }
            boolean commandTouched = addr <= COMMAND && COMMAND < addr + size;
            // enabling INTx raises a pin the function drives; disabling lowers it (QEMU pci_update_irq_disabled)
            if (commandTouched && wasDisabled != intxDisabled() && intx && bus != null) bus.intxChanged(this, wasDisabled);
            remap = bus != null && (commandTouched || addr < BASE_ADDRESS_0 + 24 && addr + size > BASE_ADDRESS_0);
            if (msix != null) messages = msix.afterConfigWrite(msixBefore);
            configWritten(addr, size, value);
        }
        if (remap) bus.remap(); // outside this monitor: the bus reads every function's BARs
        if (messages != null) msix.send(messages);
    }

    /** Called after every configuration write, with this device locked (QEMU's msix_write_config and config_write hooks). */
    protected void configWritten(int addr, int size, int value) {}

    public final synchronized int command() {
        return (int) getLong(config, COMMAND, 2);
    }

    /** Whether the function may master the bus (DMA): COMMAND.MASTER. */
    public final boolean busMaster() {
        return (command() & COMMAND_MASTER) != 0;
    }

    private boolean intxDisabled() {
        return (getLong(config, COMMAND, 2) & COMMAND_INTX_DISABLE) != 0;
    }

    public final PciBar bar(int i) {
        return bars[i];
    }

    /**
     * Where BAR {@code i} is on the bus, or {@link #UNMAPPED} (QEMU pci_bar_address): decoding
     * must be enabled in the command register, the address non-zero (pseries does not allow 0),
     * aligned, and a 32-bit BAR below 4 GiB.
     */
    public final synchronized long barAddress(int i) {
        PciBar b = bars[i];
        if (b == null) return UNMAPPED;
        int cmd = command();
        int off = b.configOffset();
        long addr;
        if (b.io()) {
            if ((cmd & COMMAND_IO) == 0) return UNMAPPED;
            addr = getLong(config, off, 4) & ~3L & 0xffffffffL;
            long last = addr + b.size() - 1;
            return last <= addr || last >= 0xffffffffL || addr == 0 ? UNMAPPED : addr;
        }
        if ((cmd & COMMAND_MEMORY) == 0) return UNMAPPED;
        addr = (b.mem64() ? getLong(config, off, 8) : getLong(config, off, 4) & 0xffffffffL) & ~0xfL & ~(b.size() - 1);
        long last = addr + b.size() - 1;
        if (Long.compareUnsigned(last, addr) <= 0 || last == UNMAPPED || addr == 0) return UNMAPPED;
        if (!b.mem64() && last >= 0xffffffffL) return UNMAPPED;
        return addr;
    }

    // ---- INTx -------------------------------------------------------------------------------------

    /** Drives the function's pin (QEMU pci_set_irq): the status bit follows; the bus sees it unless INTx is disabled. */
    protected final void setIntx(boolean level) {
        synchronized (this) {
            if (pin() == 0 || level == intx) return;
            intx = level;
            config[STATUS] = (byte) (level ? config[STATUS] | STATUS_INTERRUPT : config[STATUS] & ~STATUS_INTERRUPT);
            if (!intxDisabled() && bus != null) bus.intxChanged(this, level);
        }
    }

    /** pci_device_deassert_intx: MSI-X took over. */
    final void deassertIntx() {
        setIntx(false);
    }

    // ---- DMA ------------------------------------------------------------------------------------------

    /**
     * A DMA read as a bus master (QEMU pci_dma_read through the bus master address space): false
     * when COMMAND.MASTER is clear (QEMU's disabled bus_master_enable_region) or the bridge does
     * not reach every byte.
     */
    public final boolean dmaRead(long addr, byte[] dst, int off, int len) {
        return bus != null && busMaster() && bus.dma().read(addr, dst, off, len);
    }

    /** A DMA write as a bus master (pci_dma_write, and an MSI message); false as {@link #dmaRead}. */
    public final boolean dmaWrite(long addr, byte[] src, int off, int len) {
        return bus != null && busMaster() && bus.dma().write(addr, src, off, len);
    }

    /** The level the function drives, as the bus counts it (false while INTx is disabled). */
    final synchronized boolean intxAsserted() {
        return intx && !intxDisabled() && pin() != 0;
    }

    // ---- reset and state ------------------------------------------------------------------------------

    /**
     * The function's reset (QEMU pci_do_device_reset): INTx deasserted, the writable command and
     * status bits, interrupt line and cache line size cleared, BARs back to their type bits and
     * unmapped; then {@link #resetDevice}.
     */
    public final void reset() {
        synchronized (this) {
            setIntx(false);
            int cmdMask = (int) (getLong(wmask, COMMAND, 2) | getLong(w1cmask, COMMAND, 2));
            put16(COMMAND, (int) getLong(config, COMMAND, 2) & ~cmdMask);
            int stMask = (int) (getLong(wmask, STATUS, 2) | getLong(w1cmask, STATUS, 2));
            put16(STATUS, (int) getLong(config, STATUS, 2) & ~stMask);
            config[INTERRUPT_LINE] = 0;
            config[CACHE_LINE_SIZE] = 0;
            for (PciBar b : bars) {
                if (b != null) putLong(config, b.configOffset(), b.mem64() ? 8 : 4, b.type());
            }
            if (msix != null) msix.reset();
        }
        if (bus != null) bus.remap();
        resetDevice();
    }

    /** The device's own reset, after the function's (QEMU's DeviceClass.reset of the device). */
    protected abstract void resetDevice();

    /**
     * Adds "config" (the 256 bytes) and "intx" (the level the function drives) to a section (QEMU's
     * vmstate_pci_device), and with an MSI-X capability its "msix-table" and "msix-pba" (msix_save).
     */
    protected final synchronized Section saveConfig(Section s) {
        s.bytes("config", config.clone()).bool("intx", intx);
        if (msix != null) msix.save(s);
        return s;
    }

    /**
     * Loads what {@link #saveConfig} wrote; the read-only bits must be this device's. The bus
     * remaps at its post-load. An unmasked vector left pending sends its message (msix_load).
     */
    protected final void loadConfig(Section s) throws StateException {
        long[] messages = null;
        synchronized (this) {
            Runnable msixLoad = msix == null ? null : msix.load(s);
            loadConfigBytes(s);
            if (msix != null) {
                msixLoad.run();
                messages = msix.postLoad();
            }
        }
        if (messages != null) msix.send(messages);
    }

    private void loadConfigBytes(Section s) throws StateException {
        byte[] c = s.bytes("config");
        if (c.length != CONFIG_SPACE_SIZE) throw new StateException("section " + s.label() + ": config of " + c.length + " bytes, not " + CONFIG_SPACE_SIZE);
        for (int i = 0; i < CONFIG_SPACE_SIZE; i++) {
            int ro = ~(wmask[i] | w1cmask[i]) & 0xff;
            if (i == STATUS) ro &= ~STATUS_INTERRUPT;
            if ((c[i] & ro) != (config[i] & ro)) {
                throw new StateException(String.format("section %s: config byte 0x%02x is 0x%02x, this %s has 0x%02x", s.label(), i,
                        c[i] & 0xff, typeName, config[i] & 0xff));
            }
        }
        System.arraycopy(c, 0, config, 0, CONFIG_SPACE_SIZE);
        intx = s.bool("intx");
    }

    // ---- little-endian helpers ------------------------------------------------------------------

    protected final void put16(int off, int v) {
        putLong(config, off, 2, v);
    }

    protected final void put32(int off, int v) {
        putLong(config, off, 4, v);
    }

    private static void putMask(byte[] b, int off, int v) {
        putLong(b, off, 2, v);
    }

    static void putLong(byte[] b, int off, int len, long v) {
        for (int i = 0; i < len; i++) b[off + i] = (byte) (v >>> 8 * i);
    }

    static long getLong(byte[] b, int off, int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) v = v << 8 | b[off + i] & 0xff;
        return v;
    }

    @Override
    public String toString() {
        return String.format("%s at %02x.%x", typeName, slot(devfn), function(devfn));
    }
}
