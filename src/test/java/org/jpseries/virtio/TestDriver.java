package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.memory.GuestRam;
import org.jpseries.pci.PciBus;
import org.jpseries.pci.PciDevice;
import org.jpseries.pci.PciRegs;

/**
 * A test-side virtio driver written from the virtio 1.2 specification (§2.7 split rings, §3.1
 * initialisation, §4.1 PCI) in the way Linux's virtio_pci_modern / virtio_pci_legacy drive a
 * function: configuration space through the function, the BARs through the bus, rings in guest
 * RAM. It knows nothing of the device's classes: only addresses, registers and bytes.
 */
class TestDriver {
    static final long MODERN_BAR = 0x1_0000_0000L, LEGACY_BAR = 0x1000, MSIX_BAR = 0x8000_0000L;
    /** VIRTIO_MSI_NO_VECTOR. */
    static final int NO_VECTOR = 0xffff;
    /** Where the driver puts its rings and buffers: queue q at RING_BASE + q * 64 KiB, buffers from BUF_BASE. */
    static final long RING_BASE = 0x10_0000, BUF_BASE = 0x40_0000;

    final GuestRam ram;
    final PciBus bus;
    final PciDevice dev;
    final boolean modern;
    /** The legacy driver's view of the device's byte order (the vCPU's). */
    final boolean bigEndian;
    long common, isr, device, notify;
    int notifyMultiplier;
    final List<Queue> queues = new ArrayList<>();
    long features;
    private long nextBuf = BUF_BASE;
    /** Set before {@link #init}: drive MSI-X as Linux's vp_find_vqs_msix (vector 0 for the configuration, 1 + q for queue q), messages to this address with the vector as data; 0 = INTx. */
    long msiAddress;
    /** MSI-X is enabled: the legacy device configuration is at 24, not 20 (VIRTIO_PCI_CONFIG_OFF). */
    boolean msixEnabled;

    /** One of the driver's virtqueues: the parts, its free descriptors, its indexes. */
    final class Queue {
        final int index, size;
        final long desc, avail, used;
        int notifyOff;
        int availIdx, lastUsed, nextDesc;

        Queue(int index, int size) {
            this.index = index;
            this.size = size;
            desc = RING_BASE + index * 0x10000L;
            avail = desc + 16L * size;
            used = (avail + 6 + 2L * size + 4095) & ~4095L;
        }
    }

    TestDriver(GuestRam ram, PciBus bus, PciDevice dev, boolean modern, boolean bigEndian) {
        this.ram = ram;
        this.bus = bus;
        this.dev = dev;
        this.modern = modern;
        this.bigEndian = bigEndian;
    }

    // ---- PCI (what pci_enable_device and virtio_pci_find_capability do) -------------------------------------

    int cfg(int off, int size) {
        return dev.readConfig(off, size);
    }

    /** Assigns the BARs as firmware would (sizing by writing all ones), enables I/O, memory and bus mastering. */
    void enable() {
        for (int bar : new int[] {0, 1, 4}) {
            int off = PciRegs.BASE_ADDRESS_0 + 4 * bar;
            dev.writeConfig(off, 4, 0xffffffff);
            int probe = dev.readConfig(off, 4);
            if (probe == 0) continue;
            if ((probe & 1) != 0) {
                dev.writeConfig(off, 4, (int) LEGACY_BAR);
            } else if ((probe & 6) == 0) { // 32-bit memory: the MSI-X BAR
                dev.writeConfig(off, 4, (int) MSIX_BAR);
            } else {
                dev.writeConfig(off, 4, (int) MODERN_BAR);
                dev.writeConfig(off + 4, 4, (int) (MODERN_BAR >>> 32));
            }
        }
        dev.writeConfig(PciRegs.COMMAND, 2, PciRegs.COMMAND_IO | PciRegs.COMMAND_MEMORY | PciRegs.COMMAND_MASTER);
    }

    /** virtio_pci_find_capability for each cfg_type: the first vendor capability of that type, its BAR and offset. */
    void findCapabilities() {
        int pos = cfg(PciRegs.CAPABILITY_LIST, 1);
        int seen = 0;
        while (pos != 0 && seen++ < 48) {
            if (cfg(pos, 1) == PciRegs.CAP_ID_VNDR) {
                int type = cfg(pos + 3, 1), bar = cfg(pos + 4, 1), offset = cfg(pos + 8, 4);
                long base = bar == 4 ? MODERN_BAR : -1;
                if (type == 1 && common == 0) common = base + offset;
                if (type == 3 && isr == 0) isr = base + offset;
                if (type == 4 && device == 0) device = base + offset;
                if (type == 2 && notify == 0) {
                    notify = base + offset;
                    notifyMultiplier = cfg(pos + 16, 4);
                }
            }
            pos = cfg(pos + 1, 1);
        }
        assertTrue(common != 0 && isr != 0 && device != 0 && notify != 0, "all four structures found");
    }

    // ---- registers ---------------------------------------------------------------------------------------

    long rd(long off, int size) {
        return modern ? bus.readMemory(common + off, size) : bus.readIo(LEGACY_BAR + off, size);
    }

    void wr(long off, int size, long v) {
        if (modern) bus.writeMemory(common + off, size, v);
        else bus.writeIo(LEGACY_BAR + off, size, v);
    }

    int status() {
        return (int) (modern ? rd(0x14, 1) : rd(18, 1));
    }

    void setStatus(int s) {
        if (modern) wr(0x14, 1, s);
        else wr(18, 1, s);
    }

    /** Reads the ISR (clears it). */
    int readIsr() {
        return (int) (modern ? bus.readMemory(isr, 1) : bus.readIo(LEGACY_BAR + 19, 1));
    }

    /** A device configuration byte (modern: the device window; legacy: after the 20-byte header, 24 with MSI-X enabled). */
    long devCfg(int off, int size) {
        return modern ? bus.readMemory(device + off, size) : bus.readIo(LEGACY_BAR + legacyConfig() + off, size);
    }

    void devCfgWrite(int off, int size, long v) {
        if (modern) bus.writeMemory(device + off, size, v);
        else bus.writeIo(LEGACY_BAR + legacyConfig() + off, size, v);
    }

    private int legacyConfig() {
        return msixEnabled ? 24 : 20;
    }

    // ---- MSI-X (Linux pci_msix_enable / msix_capability_init; virtio vp_find_vqs_msix) -----------------------

    /** The MSI-X capability's offset, or 0. */
    int msixCap() {
        for (int pos = cfg(PciRegs.CAPABILITY_LIST, 1), seen = 0; pos != 0 && seen < 48; pos = cfg(pos + 1, 1), seen++) {
            if (cfg(pos, 1) == PciRegs.CAP_ID_MSIX) return pos;
        }
        return 0;
    }

    /**
     * msix_capability_init: enable with the function masked, each vector's entry written (address
     * {@code addr}, data = the vector) and unmasked, then the function mask cleared. Returns the
     * table size.
     */
    int enableMsix(long addr) {
        int cap = msixCap();
        assertTrue(cap != 0, "an MSI-X capability");
        int control = cfg(cap + 2, 2);
        int n = (control & 0x7ff) + 1;
        int table = cfg(cap + 4, 4);
        assertEquals(1, table & 7, "the table in BAR 1");
        dev.writeConfig(cap + 2, 2, 0x8000 | 0x4000);
        long base = MSIX_BAR + (table & ~7);
        for (int v = 0; v < n; v++) {
            bus.writeMemory(base + 16L * v, 4, addr & 0xffffffffL);
            bus.writeMemory(base + 16L * v + 4, 4, addr >>> 32);
            bus.writeMemory(base + 16L * v + 8, 4, v);
            bus.writeMemory(base + 16L * v + 12, 4, 0);
        }
        dev.writeConfig(cap + 2, 2, 0x8000);
        msixEnabled = true;
        return n;
    }

    /** Sets the configuration vector (modern msix_config, legacy VIRTIO_MSI_CONFIG_VECTOR); what the device read back. */
    int setConfigVector(int v) {
        wr(modern ? 0x10 : 20, 2, v);
        return (int) rd(modern ? 0x10 : 20, 2);
    }

    /** Sets the selected queue's vector (modern queue_msix_vector, legacy VIRTIO_MSI_QUEUE_VECTOR); what the device read back. */
    int setQueueVector(int q, int v) {
        wr(modern ? 0x16 : 14, 2, q);
        wr(modern ? 0x1a : 22, 2, v);
        return (int) rd(modern ? 0x1a : 22, 2);
    }

    long deviceFeatures() {
        if (!modern) return rd(0, 4);
        wr(0x00, 4, 0);
        long lo = rd(0x04, 4);
        wr(0x00, 4, 1);
        return lo | rd(0x04, 4) << 32;
    }

    // ---- §3.1.1 initialisation --------------------------------------------------------------------------

    /** Reset, ACKNOWLEDGE, DRIVER, features (those in {@code want} the device offers), FEATURES_OK checked, queues, DRIVER_OK. */
    long init(long want, int queueCount) {
        enable();
        if (modern) findCapabilities();
        setStatus(0);
        assertEquals(0, status(), "reset reads back 0");
        setStatus(1);
        setStatus(1 | 2);
        long offered = deviceFeatures();
        features = offered & want;
        if (modern) {
            wr(0x08, 4, 0);
            wr(0x0c, 4, features & 0xffffffffL);
            wr(0x08, 4, 1);
            wr(0x0c, 4, features >>> 32);
            setStatus(1 | 2 | 8);
            assertEquals(8, status() & 8, "FEATURES_OK accepted");
        } else {
            wr(4, 4, features & 0xffffffffL);
        }
        if (msiAddress != 0) {
            enableMsix(msiAddress);
            assertEquals(0, setConfigVector(0), "the configuration vector taken");
        }
        for (int q = 0; q < queueCount; q++) setupQueue(q);
        setStatus(status() | 4);
        return features;
    }

    Queue setupQueue(int q) {
        Queue vq;
        if (modern) {
            wr(0x16, 2, q);
            int size = (int) rd(0x18, 2);
            assertTrue(size > 0, "queue " + q + " exists");
            assertEquals(0, rd(0x1c, 2), "queue not enabled yet");
            vq = new Queue(q, size);
            ram.fill(vq.desc, 0x10000, (byte) 0);
            wr(0x20, 4, vq.desc & 0xffffffffL);
            wr(0x24, 4, vq.desc >>> 32);
            wr(0x28, 4, vq.avail & 0xffffffffL);
            wr(0x2c, 4, vq.avail >>> 32);
            wr(0x30, 4, vq.used & 0xffffffffL);
            wr(0x34, 4, vq.used >>> 32);
            vq.notifyOff = (int) rd(0x1e, 2);
            if (msixEnabled) assertEquals(1 + q, setQueueVector(q, 1 + q), "queue " + q + "'s vector taken");
            wr(0x1c, 2, 1);
        } else {
            wr(14, 2, q);
            int size = (int) rd(12, 2);
            assertTrue(size > 0, "queue " + q + " exists");
            vq = new Queue(q, size);
            ram.fill(vq.desc, 0x10000, (byte) 0);
            wr(8, 4, vq.desc >>> 12);
            if (msixEnabled) assertEquals(1 + q, setQueueVector(q, 1 + q), "queue " + q + "'s vector taken");
        }
        while (queues.size() <= q) queues.add(null);
        queues.set(q, vq);
        return vq;
    }

    // ---- memory in the driver's byte order ------------------------------------------------------------

    boolean be() {
        return !modern && bigEndian && (features & 1L << 32) == 0;
    }

    void put(long addr, int len, long v) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[be() ? len - 1 - i : i] = (byte) (v >>> 8 * i);
        ram.write(addr, b, 0, len);
    }

    long get(long addr, int len) {
        byte[] b = new byte[len];
        ram.read(addr, b, 0, len);
        long v = 0;
        for (int i = 0; i < len; i++) v |= (b[be() ? len - 1 - i : i] & 0xffL) << 8 * i;
        return v;
    }

    long alloc(int len) {
        long a = nextBuf;
        nextBuf = (nextBuf + len + 15) & ~15L;
        return a;
    }

    long buffer(byte[] content) {
        long a = alloc(content.length);
        ram.write(a, content, 0, content.length);
        return a;
    }

    byte[] read(long a, int len) {
        byte[] b = new byte[len];
        ram.read(a, b, 0, len);
        return b;
    }

    // ---- §2.7.13 supplying buffers -------------------------------------------------------------------

    /** A buffer segment: address, length, device-writable. */
    record Seg(long addr, int len, boolean write) {}

    static Seg out(long a, int len) {
        return new Seg(a, len, false);
    }

    static Seg in(long a, int len) {
        return new Seg(a, len, true);
    }

    /** Writes one chain (direct descriptors) and makes it available; returns its head. No notify. */
    int add(Queue q, Seg... segs) {
        int head = q.nextDesc;
        for (int i = 0; i < segs.length; i++) {
            int d = (head + i) % q.size;
            long at = q.desc + 16L * d;
            put(at, 8, segs[i].addr);
            put(at + 8, 4, segs[i].len);
            put(at + 12, 2, (segs[i].write ? 2 : 0) | (i + 1 < segs.length ? 1 : 0));
            put(at + 14, 2, (d + 1) % q.size);
        }
        q.nextDesc = (head + segs.length) % q.size;
        publish(q, head);
        return head;
    }

    /** One descriptor pointing at an indirect table holding the segments (§2.7.5.3). */
    int addIndirect(Queue q, Seg... segs) {
        long table = alloc(16 * segs.length);
        for (int i = 0; i < segs.length; i++) {
            long at = table + 16L * i;
            put(at, 8, segs[i].addr);
            put(at + 8, 4, segs[i].len);
            put(at + 12, 2, (segs[i].write ? 2 : 0) | (i + 1 < segs.length ? 1 : 0));
            put(at + 14, 2, i + 1);
        }
        int head = q.nextDesc;
        long at = q.desc + 16L * head;
        put(at, 8, table);
        put(at + 8, 4, 16L * segs.length);
        put(at + 12, 2, 4);
        put(at + 14, 2, 0);
        q.nextDesc = (head + 1) % q.size;
        publish(q, head);
        return head;
    }

    void publish(Queue q, int head) {
        put(q.avail + 4 + 2L * (q.availIdx % q.size), 2, head);
        q.availIdx = (q.availIdx + 1) & 0xffff;
        java.lang.invoke.VarHandle.fullFence();
        put(q.avail + 2, 2, q.availIdx);
    }

    /** virtqueue_kick_prepare: whether the device wants a notify (NO_NOTIFY flag, or avail_event with EVENT_IDX). */
    boolean needsKick(Queue q, int oldIdx) {
        java.lang.invoke.VarHandle.fullFence();
        if ((features & 1L << 29) != 0) {
            int event = (int) get(q.used + 4 + 8L * q.size, 2);
            return ((q.availIdx - event - 1) & 0xffff) < ((q.availIdx - oldIdx) & 0xffff);
        }
        return (get(q.used, 2) & 1) == 0;
    }

    /** vp_notify: the queue's index written to its notify address. */
    void kick(Queue q) {
        if (modern) bus.writeMemory(notify + (long) q.notifyOff * notifyMultiplier, 2, q.index);
        else bus.writeIo(LEGACY_BAR + 16, 2, q.index);
    }

    /** Sets avail.flags (NO_INTERRUPT) or used_event (§2.7.7, §2.7.10). */
    void suppressInterrupts(Queue q, boolean noInterrupt) {
        put(q.avail, 2, noInterrupt ? 1 : 0);
    }

    void setUsedEvent(Queue q, int idx) {
        put(q.avail + 4 + 2L * q.size, 2, idx);
    }

    int usedIdx(Queue q) {
        return (int) get(q.used + 2, 2);
    }

    /** Waits for the device to use one more buffer (the I/O thread runs it); returns {id, len}. */
    long[] waitUsed(Queue q) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (usedIdx(q) == q.lastUsed) {
            if (System.nanoTime() > end) fail("queue " + q.index + ": nothing used within 5 s (status 0x" + Integer.toHexString(status()) + ")");
            Thread.onSpinWait();
        }
        java.lang.invoke.VarHandle.fullFence();
        long at = q.used + 4 + 8L * (q.lastUsed % q.size);
        q.lastUsed = (q.lastUsed + 1) & 0xffff;
        return new long[] {get(at, 4), get(at + 4, 4)};
    }

    /** Gives the I/O thread time to act on something it should not (a negative check). */
    static void settle() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
