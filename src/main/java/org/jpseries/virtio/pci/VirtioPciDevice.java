package org.jpseries.virtio.pci;

import static org.jpseries.virtio.pci.VirtioPciRegs.*;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.papr.GuestLog;
import org.jpseries.pci.MsiX;
import org.jpseries.pci.PciBar;
import org.jpseries.pci.PciDevice;
import org.jpseries.pci.PciRegion;
import org.jpseries.pci.PciRegs;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.virtio.Dma;
import org.jpseries.virtio.IoThread;
import org.jpseries.virtio.VirtQueue;
import org.jpseries.virtio.Virtio;
import org.jpseries.virtio.VirtioDevice;

/**
 * A virtio device on PCI (virtio 1.2 §4.1; QEMU hw/virtio/virtio-pci.c VirtIOPCIProxy) as QEMU
 * 7.2 builds it on pseries' conventional bus (disable-legacy=auto: transitional): vendor 0x1af4,
 * the transitional device ID, subsystem = the virtio device ID, revision 0, the legacy header and
 * configuration in I/O BAR 0, and the modern structures in the 64-bit prefetchable memory BAR 4
 * (common 0x0000, ISR 0x1000, device 0x2000, notify 0x3000 with multiplier 4) described by vendor
 * capabilities in QEMU's order (common, ISR, device, notify, PCI cfg access). With
 * disable-legacy=on it is modern-only (0x1040 + ID, revision 1, no BAR 0). With {@code vectors}
 * above 0 (the default: one per queue and one for the configuration) it has QEMU's MSI-X: the
 * capability heading the list, the table and PBA in the 4 KiB 32-bit BAR 1, the configuration and
 * queue vector registers (common configuration, and the legacy header's 20 and 22 while MSI-X is
 * enabled, when the legacy device configuration moves from 20 to 24); an interrupt sends its
 * source's vector, or raises INTx while MSI-X is disabled (virtio_pci_notify).
 *
 * <p>Threads: every register access (vCPU threads), the device's I/O thread and reset/save/load
 * take this function's monitor, which is also the virtio device's lock. An MSI-X message is sent
 * with that monitor held, as INTx is raised (the function's monitor, then the machine lock inside
 * the interrupt sources); the bridge's MSI window takes none of its own locks.
 */
public final class VirtioPciDevice extends PciDevice implements Device {
    /**
     * @param disableLegacy QEMU's disable-legacy=on: a modern-only device (required with iommu_platform=on)
     * @param dma how the device reaches guest memory (RAM, or the PHB's TCE translation for iommu_platform=on)
     * @param resetterBigEndian the byte order of the vCPU resetting the device, or of the target (big) off a vCPU (QEMU virtio_reset's device_endian)
     * @param vectors QEMU's vectors property: MSI-X vectors, {@link VirtioPciRegs#VECTORS_UNSPECIFIED} for the device's default, 0 for none
     * @param warn where a warning goes (QEMU's warn_report, which names the -device), e.g. "unable to init msix vectors to 5000"
     */
    public record Options(boolean disableLegacy, Dma dma, GuestLog log, BooleanSupplier resetterBigEndian, int vectors, Consumer<String> warn) {
        /** Warnings on stderr without the -device it came from. */
        public Options(boolean disableLegacy, Dma dma, GuestLog log, BooleanSupplier resetterBigEndian, int vectors) {
            this(disableLegacy, dma, log, resetterBigEndian, vectors, w -> System.err.println("jpseries: warning: " + w));
        }

        /** The vectors property unset: the device's default ({@link #defaultVectors}). */
        public Options(boolean disableLegacy, Dma dma, GuestLog log, BooleanSupplier resetterBigEndian) {
            this(disableLegacy, dma, log, resetterBigEndian, VECTORS_UNSPECIFIED);
        }
    }

    @Role(kind = Role.Kind.WIRING, why = "the virtio device behind the transport; its state is in this section")
    private final VirtioDevice vdev;
    @Role(kind = Role.Kind.CONFIG, why = "disable-legacy, fixed at creation")
    private final boolean legacy;
    @Role(kind = Role.Kind.WIRING, why = "the byte order a reset gives a legacy driver")
    private final BooleanSupplier resetterBigEndian;
    @Role(kind = Role.Kind.WIRING, why = "the device's I/O thread")
    private final IoThread io;
    @Role(kind = Role.Kind.CONFIG, why = "where the PCI cfg access capability is, fixed at creation")
    private final int cfgCap;
    @Role(kind = Role.Kind.STATE)
    private int dfselect;
    @Role(kind = Role.Kind.STATE)
    private int gfselect;
    @Role(kind = Role.Kind.STATE, value = "guest-features-written")
    private final int[] guestFeaturesWritten = new int[2];
    @Role(kind = Role.Kind.WIRING, why = "the MSI-X capability (null with vectors=0); its table and PBA travel in saveConfig")
    private final MsiX msix;
    @Role(kind = Role.Kind.CONFIG, why = "the vectors property (QEMU nvectors), 0 without MSI-X")
    private final int nvectors;
    @Role(kind = Role.Kind.STATE, value = "config-vector")
    private int configVector = NO_VECTOR;
    @Role(kind = Role.Kind.STATE, value = "queue-vectors")
    private final int[] queueVectors;

    public VirtioPciDevice(VirtioDevice vdev, Options o) {
        super(typeName(vdev), VENDOR_ID, o.disableLegacy() ? MODERN_DEVICE_BASE + vdev.deviceId() : transitionalId(vdev.deviceId()),
                o.disableLegacy() ? 1 : 0, classCode(vdev.deviceId()), VENDOR_ID, o.disableLegacy() ? SUBSYSTEM_QEMU : vdev.deviceId(), 1);
        if (!o.disableLegacy() && Virtio.has(vdev.hostFeatures(), Virtio.F_ACCESS_PLATFORM)) {
            throw new IllegalArgumentException("VIRTIO_F_IOMMU_PLATFORM was supported by neither legacy nor transitional device");
        }
        this.vdev = vdev;
        this.legacy = !o.disableLegacy();
        this.resetterBigEndian = o.resetterBigEndian();
        this.io = new IoThread(() -> toString());
        this.queueVectors = new int[vdev.queueCount()];
        java.util.Arrays.fill(queueVectors, NO_VECTOR);
        vdev.attach(this, transport, o.dma(), o.log(), io);
        // virtio_pci_device_plugged: the vendor capabilities, then the BARs
        addMemCap(CAP_COMMON_CFG, COMMON_OFFSET, REGION_SIZE, CAP_SIZE);
        addMemCap(CAP_ISR_CFG, ISR_OFFSET, REGION_SIZE, CAP_SIZE);
        addMemCap(CAP_DEVICE_CFG, DEVICE_OFFSET, REGION_SIZE, CAP_SIZE);
        int notify = addMemCap(CAP_NOTIFY_CFG, NOTIFY_OFFSET, NOTIFY_OFF_MULTIPLIER * QUEUE_MAX, NOTIFY_CAP_SIZE);
        put32(notify + CAP_SIZE, NOTIFY_OFF_MULTIPLIER);
        registerBar(new PciBar(MODERN_MEM_BAR, MODERN_BAR_SIZE, PciRegs.BAR_MEM_TYPE_64 | PciRegs.BAR_MEM_PREFETCH, modern));
        cfgCap = addCapability(PciRegs.CAP_ID_VNDR, CFG_CAP_SIZE);
        config[cfgCap + CAP_LEN] = (byte) CFG_CAP_SIZE;
        config[cfgCap + CAP_CFG_TYPE] = (byte) CAP_PCI_CFG;
        setWritable(cfgCap + CAP_BAR, 1, 0xff);
        setWritable(cfgCap + CAP_OFFSET, 4, 0xffffffffL);
        setWritable(cfgCap + CAP_LENGTH, 4, 0xffffffffL);
        setWritable(cfgCap + CFG_CAP_DATA, 4, 0xffffffffL);
        int n = o.vectors() == VECTORS_UNSPECIFIED ? defaultVectors(vdev) : o.vectors();
        if (n < 0 || n > PciRegs.MSIX_FLAGS_QSIZE + 1) {
            // msix_init's -EINVAL: QEMU warns and goes on without MSI-X
            o.warn().accept("unable to init msix vectors to " + Integer.toUnsignedString(n));
            n = 0;
        }
        nvectors = n;
        msix = n > 0 ? MsiX.addExclusiveBar(this, n, MSIX_BAR) : null;
        if (legacy) {
            // VIRTIO_PCI_REGION_SIZE: the header as long as it is with MSI-X present, then pow2ceil
            long size = Long.highestOneBit((msix != null ? LEGACY_CONFIG_MSIX : LEGACY_CONFIG_NO_MSIX) + vdev.configSize() - 1) << 1;
            registerBar(new PciBar(LEGACY_IO_BAR, size, PciRegs.BAR_SPACE_IO, legacyRegion));
        }
    }

    /**
     * The vectors property's default, one per queue and one for configuration changes: QEMU's
     * virtio-rng-pci 2, virtio-blk-pci num-queues + 1, virtio-net-pci 2 x queue pairs + 1
     * (config) + 1 (control queue) (their realize functions).
     */
    static int defaultVectors(VirtioDevice d) {
        return d.queueCount() + 1;
    }

    /** The vectors the function has (QEMU nvectors; 0 = no MSI-X). */
    public int vectors() {
        return nvectors;
    }

    // ---- interrupts (QEMU virtio_pci_notify) ---------------------------------------------------------------

    @Role(kind = Role.Kind.WIRING, why = "how the virtio device interrupts: MSI-X or INTx")
    private final VirtioDevice.Transport transport = new VirtioDevice.Transport() {
        @Override
        public void lowerIrq() {
            setIntx(false);
        }

        @Override
        public void notify(int queue) {
            synchronized (VirtioPciDevice.this) {
                if (msix != null && msix.enabled()) {
                    int v = queue == CONFIG ? configVector : queueVectors[queue];
                    if (v != NO_VECTOR) msix.notify(v);
                } else {
                    setIntx((vdev.isr() & 1) != 0);
                }
            }
        }
    };

    /** The vector a config or queue vector register takes: an invalid one reads back VIRTIO_MSI_NO_VECTOR ("make it possible for guest to discover an error took place"). */
    private int acceptVector(long val) {
        return val < nvectors ? (int) val : NO_VECTOR;
    }

    /** VIRTIO_PCI_COMMON_MSIX / VIRTIO_MSI_CONFIG_VECTOR. */
    private void setConfigVector(long val) {
        int old = configVector;
        configVector = acceptVector(val);
        unused(old);
    }

    /** VIRTIO_PCI_COMMON_Q_MSIX / VIRTIO_MSI_QUEUE_VECTOR, for the selected queue (a queue the device lacks keeps none). */
    private void setQueueVector(long val) {
        int q = vdev.queueSel();
        if (q >= queueVectors.length) return;
        int old = queueVectors[q];
        queueVectors[q] = acceptVector(val);
        unused(old);
    }

    private int queueVector() {
        int q = vdev.queueSel();
        return q < queueVectors.length ? queueVectors[q] : NO_VECTOR;
    }

    /** msix_vector_unuse: a vector no source uses any more loses its pending message. */
    private void unused(int v) {
        if (v == NO_VECTOR || v == configVector) return;
        for (int q : queueVectors) if (q == v) return;
        msix.clearPending(v);
    }

    /** The legacy device configuration's offset in BAR 0 (VIRTIO_PCI_CONFIG_SIZE: 24 while MSI-X is enabled). */
    private int legacyConfigOffset() {
        return msix != null && msix.enabled() ? LEGACY_CONFIG_MSIX : LEGACY_CONFIG_NO_MSIX;
    }

    /** QEMU's type name: "virtio-blk-pci". */
    static String typeName(VirtioDevice d) {
        return "virtio-" + d.name() + "-pci";
    }

    /** The transitional device IDs (§4.1.2.1, QEMU's PCI_DEVICE_ID_VIRTIO_*). */
    static int transitionalId(int virtioId) {
        return switch (virtioId) {
            case Virtio.ID_NET -> 0x1000;
            case Virtio.ID_BLOCK -> 0x1001;
            case Virtio.ID_RNG -> 0x1005;
            default -> throw new IllegalArgumentException("no transitional ID for virtio device " + virtioId);
        };
    }

    /** The class codes QEMU's virtio-*-pci set: Ethernet, SCSI storage, "other". */
    static int classCode(int virtioId) {
        return switch (virtioId) {
            case Virtio.ID_NET -> 0x020000;
            case Virtio.ID_BLOCK -> 0x010000;
            default -> 0x00ff00;
        };
    }

    private int addMemCap(int type, int offset, int length, int size) {
        int off = addCapability(PciRegs.CAP_ID_VNDR, size);
        config[off + CAP_LEN] = (byte) size;
        config[off + CAP_CFG_TYPE] = (byte) type;
        config[off + CAP_BAR] = (byte) MODERN_MEM_BAR;
        put32(off + CAP_OFFSET, offset);
        put32(off + CAP_LENGTH, length);
        return off;
    }

    public VirtioDevice virtioDevice() {
        return vdev;
    }

    /** The machine stopped or resumed: a stopped device starts no request and takes no frame. */
    public void setVmRunning(boolean running) {
        vdev.setVmRunning(running);
    }

    /** The registry's quiesce before a save: {@link #drain}. */
    @Override
    public void quiesce() {
        drain();
    }

    /** The machine stopped or resumes: the virtio device starts no request while stopped (QEMU virtio_vmstate_change). */
    @Override
    public void runStateChanged(boolean running) {
        vdev.setVmRunning(running);
    }

    /** Waits until no request is in flight (before a save; QEMU's drain). */
    public synchronized void drain() {
        vdev.drain();
    }

    /** Ends the I/O thread (the machine's run ended). */
    public void close() {
        io.close();
    }

    // ---- the modern BAR ----------------------------------------------------------------------------------------

    @Role(kind = Role.Kind.WIRING, why = "BAR 4's register decoder")
    private final PciRegion modern = new PciRegion() {
        @Override
        public long read(long offset, int size) {
            synchronized (VirtioPciDevice.this) {
                if (size == 8) return readModern(offset, 4) & 0xffffffffL | readModern(offset + 4, 4) << 32;
                return readModern(offset, size);
            }
        }

        @Override
        public void write(long offset, int size, long value) {
            synchronized (VirtioPciDevice.this) {
                if (size == 8) {
                    writeModern(offset, 4, value & 0xffffffffL);
                    writeModern(offset + 4, 4, value >>> 32);
                } else {
                    writeModern(offset, size, value & mask(size));
                }
            }
        }
    };

    private static long mask(int size) {
        return size >= 8 ? -1L : (1L << 8 * size) - 1;
    }

    private long readModern(long offset, int size) {
        int region = (int) (offset / REGION_SIZE);
        int off = (int) (offset % REGION_SIZE);
        return switch (region) {
            case 0 -> commonRead(off) & mask(size);
            case 1 -> vdev.takeIsr(); // virtio_pci_isr_read: read-to-clear, any offset
            case 2 -> configRead(vdev.config(true), off, size, false);
            default -> 0; // notify reads 0
        };
    }

    private void writeModern(long offset, int size, long value) {
        int region = (int) (offset / REGION_SIZE);
        int off = (int) (offset % REGION_SIZE);
        switch (region) {
            case 0 -> commonWrite(off, value);
            case 1 -> {} // ISR writes are ignored
            case 2 -> vdev.writeConfig(off, size, value, true);
            case 3 -> vdev.kick(off / NOTIFY_OFF_MULTIPLIER); // virtio_pci_notify_write: the value is not used
            default -> {}
        }
    }

    /** virtio_pci_common_read. */
    private long commonRead(int off) {
        VirtQueue q = vdev.queue(vdev.queueSel());
        return switch (off) {
            case COMMON_DFSELECT -> dfselect & 0xffffffffL;
            case COMMON_DF -> dfselect >= 0 && dfselect <= 1 ? (vdev.hostFeatures() & ~Virtio.LEGACY_ONLY_FEATURES) >>> 32 * dfselect & 0xffffffffL : 0;
            case COMMON_GFSELECT -> gfselect & 0xffffffffL;
            case COMMON_GF -> gfselect >= 0 && gfselect <= 1 ? guestFeaturesWritten[gfselect] & 0xffffffffL : 0;
            case COMMON_MSIX -> configVector;
            case COMMON_Q_MSIX -> queueVector();
            case COMMON_NUMQ -> vdev.queueCount();
            case COMMON_STATUS -> vdev.status();
            case COMMON_CFGGENERATION -> vdev.generation();
            case COMMON_Q_SELECT -> vdev.queueSel();
            case COMMON_Q_SIZE -> q == null ? 0 : q.size();
            case COMMON_Q_ENABLE -> q != null && q.enabled() ? 1 : 0;
            case COMMON_Q_NOFF -> vdev.queueSel(); // queues mapped in order
            case COMMON_Q_DESCLO -> q == null ? 0 : q.desc() & 0xffffffffL;
            case COMMON_Q_DESCHI -> q == null ? 0 : q.desc() >>> 32;
            case COMMON_Q_AVAILLO -> q == null ? 0 : q.avail() & 0xffffffffL;
            case COMMON_Q_AVAILHI -> q == null ? 0 : q.avail() >>> 32;
            case COMMON_Q_USEDLO -> q == null ? 0 : q.used() & 0xffffffffL;
            case COMMON_Q_USEDHI -> q == null ? 0 : q.used() >>> 32;
            case COMMON_Q_RESET -> q != null && q.resetState() ? 1 : 0;
            default -> 0;
        };
    }

    /** virtio_pci_common_write. */
    private void commonWrite(int off, long val) {
        VirtQueue q = vdev.queue(vdev.queueSel());
        switch (off) {
            case COMMON_DFSELECT -> dfselect = (int) val;
            case COMMON_GFSELECT -> gfselect = (int) val;
            case COMMON_MSIX -> setConfigVector(val);
            case COMMON_Q_MSIX -> setQueueVector(val);
            case COMMON_GF -> {
                if (gfselect >= 0 && gfselect <= 1) {
                    guestFeaturesWritten[gfselect] = (int) val;
                    vdev.setGuestFeatures((long) guestFeaturesWritten[1] << 32 | guestFeaturesWritten[0] & 0xffffffffL);
                }
            }
            case COMMON_STATUS -> {
                vdev.setStatus((int) val);
                if (vdev.status() == 0) resetVirtio();
            }
            case COMMON_Q_SELECT -> {
                if (val < QUEUE_MAX) vdev.setQueueSel((int) val);
            }
            case COMMON_Q_SIZE -> {
                if (q != null) q.setSize((int) val);
            }
            case COMMON_Q_ENABLE -> {
                if (val == 1) {
                    if (q != null) q.enable();
                } else {
                    vdev.guestError(String.format("wrong value for queue_enable %x", val));
                }
            }
            case COMMON_Q_DESCLO -> {
                if (q != null) q.setDesc(q.desc() & ~0xffffffffL | val);
            }
            case COMMON_Q_DESCHI -> {
                if (q != null) q.setDesc(q.desc() & 0xffffffffL | val << 32);
            }
            case COMMON_Q_AVAILLO -> {
                if (q != null) q.setAvail(q.avail() & ~0xffffffffL | val);
            }
            case COMMON_Q_AVAILHI -> {
                if (q != null) q.setAvail(q.avail() & 0xffffffffL | val << 32);
            }
            case COMMON_Q_USEDLO -> {
                if (q != null) q.setUsed(q.used() & ~0xffffffffL | val);
            }
            case COMMON_Q_USEDHI -> {
                if (q != null) q.setUsed(q.used() & 0xffffffffL | val << 32);
            }
            case COMMON_Q_RESET -> {
                if (val == 1 && q != null) vdev.resetQueue(q);
            }
            default -> {}
        }
    }

    /** A device configuration read: out of range reads all ones (virtio_config_*_readb..l). */
    private static long configRead(byte[] cfg, int off, int size, boolean bigEndian) {
        if (off < 0 || off + size > cfg.length) return mask(size);
        long v = 0;
        for (int i = 0; i < size; i++) v = v << 8 | cfg[off + (bigEndian ? i : size - 1 - i)] & 0xff;
        return v;
    }

    // ---- the legacy I/O BAR ------------------------------------------------------------------------------------

    @Role(kind = Role.Kind.WIRING, why = "BAR 0's register decoder")
    private final PciRegion legacyRegion = new PciRegion() {
        @Override
        public long read(long offset, int size) {
            synchronized (VirtioPciDevice.this) {
                if (size == 8) return readLegacy((int) offset, 4) & 0xffffffffL | readLegacy((int) offset + 4, 4) << 32;
                return readLegacy((int) offset, size);
            }
        }

        @Override
        public void write(long offset, int size, long value) {
            synchronized (VirtioPciDevice.this) {
                if (size == 8) {
                    writeLegacy((int) offset, 4, value & 0xffffffffL);
                    writeLegacy((int) offset + 4, 4, value >>> 32);
                } else {
                    writeLegacy((int) offset, size, value & mask(size));
                }
            }
        }
    };

    /** virtio_pci_config_read: the header, then the configuration in the device's byte order. */
    private long readLegacy(int off, int size) {
        int config = legacyConfigOffset();
        if (off >= config) {
            return configRead(vdev.config(false), off - config, size, vdev.ringBigEndian());
        }
        VirtQueue q = vdev.queue(vdev.queueSel());
        long v = switch (off) {
            case LEGACY_HOST_FEATURES -> vdev.hostFeatures() & 0xffffffffL;
            case LEGACY_GUEST_FEATURES -> vdev.guestFeatures() & 0xffffffffL;
            case LEGACY_QUEUE_PFN -> q == null ? 0 : q.desc() >>> Virtio.LEGACY_PFN_SHIFT;
            case LEGACY_QUEUE_NUM -> q == null ? 0 : q.size();
            case LEGACY_QUEUE_SEL -> vdev.queueSel();
            case LEGACY_STATUS -> vdev.status();
            case LEGACY_ISR -> vdev.takeIsr();
            case LEGACY_MSI_CONFIG_VECTOR -> configVector;
            case LEGACY_MSI_QUEUE_VECTOR -> queueVector();
            default -> 0xffffffffL;
        };
        return v & mask(size);
    }

    /** virtio_pci_config_write / virtio_ioport_write. */
    private void writeLegacy(int off, int size, long val) {
        int config = legacyConfigOffset();
        if (off >= config) {
            long le = val;
            if (vdev.ringBigEndian()) { // the value is the field's in the device's order; store its bytes little-endian
                le = 0;
                for (int i = 0; i < size; i++) le |= (val >>> 8 * (size - 1 - i) & 0xff) << 8 * i;
            }
            vdev.writeConfig(off - config, size, le, false);
            return;
        }
        switch (off) {
            case LEGACY_GUEST_FEATURES -> vdev.setGuestFeatures(Virtio.has(val, Virtio.F_BAD_FEATURE) ? vdev.badFeatures() : val);
            case LEGACY_QUEUE_PFN -> {
                if (val == 0) resetVirtio();
                else if (vdev.queue(vdev.queueSel()) != null) vdev.queue(vdev.queueSel()).setLegacyAddress(val << Virtio.LEGACY_PFN_SHIFT);
            }
            case LEGACY_QUEUE_SEL -> {
                if (val < QUEUE_MAX) vdev.setQueueSel((int) val);
            }
            case LEGACY_QUEUE_NOTIFY -> vdev.kick((int) val);
            case LEGACY_STATUS -> {
                vdev.setStatus((int) val);
                if (vdev.status() == 0) resetVirtio();
            }
            case LEGACY_MSI_CONFIG_VECTOR -> setConfigVector(val);
            case LEGACY_MSI_QUEUE_VECTOR -> setQueueVector(val);
            default -> {}
        }
    }

    // ---- the PCI cfg access capability (§4.1.4.9, QEMU virtio_write_config / virtio_read_config) -------------------

    private boolean touchesCfgData(int addr, int size) {
        int data = cfgCap + CFG_CAP_DATA;
        return addr < data + 4 && data < addr + size;
    }

    /** The window's offset and length, when the length is 1, 2 or 4 (otherwise the access does nothing). */
    private int cfgWindowLength() {
        int len = readConfigField(cfgCap + CAP_LENGTH);
        return len == 1 || len == 2 || len == 4 ? len : 0;
    }

    private int readConfigField(int off) {
        return config[off] & 0xff | (config[off + 1] & 0xff) << 8 | (config[off + 2] & 0xff) << 16 | (config[off + 3] & 0xff) << 24;
    }

    /** Whether [off, off+len) lies inside one of the modern regions (virtio_address_space_lookup; the cap's bar is not consulted). */
    private static boolean inModernRegion(long off, int len) {
        return off >= 0 && off / REGION_SIZE < 4 && off / REGION_SIZE == (off + len - 1) / REGION_SIZE;
    }

    @Override
    protected void configReading(int addr, int size) {
        int len = cfgWindowLength();
        if (len == 0 || !touchesCfgData(addr, size)) return;
        long off = readConfigField(cfgCap + CAP_OFFSET) & 0xffffffffL;
        if (!inModernRegion(off, len)) return;
        long v = readModern(off, len);
        for (int i = 0; i < len; i++) config[cfgCap + CFG_CAP_DATA + i] = (byte) (v >>> 8 * i);
    }

    @Override
    protected void configWritten(int addr, int size, int value) {
        if (addr <= PciRegs.COMMAND && PciRegs.COMMAND < addr + size && !busMaster()) {
            // virtio_write_config: bus mastering off stops the driver (QEMU virtio_set_disabled + DRIVER_OK cleared)
            vdev.setStatus(vdev.status() & ~Virtio.STATUS_DRIVER_OK);
        }
        int len = cfgWindowLength();
        if (len == 0 || !touchesCfgData(addr, size)) return;
        long off = readConfigField(cfgCap + CAP_OFFSET) & 0xffffffffL;
        if (!inModernRegion(off, len)) return;
        writeModern(off, len, readConfigField(cfgCap + CFG_CAP_DATA) & mask(len));
    }

    // ---- reset -------------------------------------------------------------------------------------------------

    /** virtio_pci_reset: the virtio device (after a drain), its vectors (msix_unuse_all_vectors: none pending) and the transport's registers. */
    private void resetVirtio() {
        vdev.reset(resetterBigEndian.getAsBoolean());
        configVector = NO_VECTOR;
        java.util.Arrays.fill(queueVectors, NO_VECTOR);
        if (msix != null) {
            for (int v = 0; v < nvectors; v++) msix.clearPending(v);
        }
        dfselect = gfselect = 0;
        guestFeaturesWritten[0] = guestFeaturesWritten[1] = 0;
    }

    @Override
    protected synchronized void resetDevice() {
        resetVirtio();
    }

    @Override
    public void reset(ResetReason why) {
        reset();
    }

    // ---- Device ------------------------------------------------------------------------------------------------

    /**
     * Version 1: the function's "config" and "intx" (with MSI-X its "msix-table" and "msix-pba"),
     * the transport's "dfselect", "gfselect", "guest-features-written", "config-vector" and
     * "queue-vectors" (QEMU virtio_pci_save_config / save_queue), and the virtio state (VirtioDevice.save).
     */
    @Override
    public DeviceId id() {
        return new DeviceId(typeName(), devfn(), 1, 1, ResetPhase.DEVICES);
    }

    @Override
    public java.util.Set<String> notReset() {
        return java.util.Set.of("generation"); // QEMU's virtio_reset keeps the configuration generation
    }

    @Override
    public synchronized String info() {
        return String.format("%s: status 0x%02x, features 0x%x of 0x%x, %d queues%s", this, vdev.status(), vdev.guestFeatures(),
                vdev.hostFeatures(), vdev.queueCount(), vdev.broken() ? ", needs reset" : "");
    }

    @Override
    public synchronized void saveState(Consumer<Section> out) {
        Section s = saveConfig(newSection());
        s.i32("dfselect", dfselect).i32("gfselect", gfselect).ints("guest-features-written", guestFeaturesWritten.clone());
        s.i32("config-vector", configVector).ints("queue-vectors", queueVectors.clone());
        out.accept(vdev.save(s));
    }

    @Override
    public synchronized void loadState(Section s) throws StateException {
        int df = s.i32("dfselect");
        int gf = s.i32("gfselect");
        int[] written = s.ints("guest-features-written");
        if (written.length != 2) throw new StateException("section " + s.label() + ": guest-features-written has " + written.length + " values, not 2");
        int cv = loadedVector(s, "config vector", s.i32("config-vector"));
        int[] qv = s.ints("queue-vectors");
        if (qv.length != queueVectors.length) {
            throw new StateException("section " + s.label() + ": queue-vectors has " + qv.length + " values, this " + typeName() + " has " + queueVectors.length + " queues");
        }
        for (int v : qv) loadedVector(s, "queue vector", v);
        Runnable apply = vdev.load(s);
        loadConfig(s); // checks, then loads the configuration space
        dfselect = df;
        gfselect = gf;
        System.arraycopy(written, 0, guestFeaturesWritten, 0, 2);
        configVector = cv;
        System.arraycopy(qv, 0, queueVectors, 0, qv.length);
        apply.run();
    }

    /** virtio_pci_load_config / load_queue: a vector this function does not have fails the load, as QEMU's "... vector %d >= nvectors %d". */
    private int loadedVector(Section s, String what, int v) throws StateException {
        if (v != NO_VECTOR && (v < 0 || v >= nvectors)) {
            throw new StateException("section " + s.label() + ": " + what + " " + v + " >= nvectors " + nvectors);
        }
        return v;
    }
}
