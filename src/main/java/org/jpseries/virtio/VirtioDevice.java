package org.jpseries.virtio;

import static org.jpseries.virtio.Virtio.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpseries.papr.GuestLog;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * A virtio device independent of its transport (virtio 1.2 §2-§3; QEMU hw/virtio/virtio.c
 * VirtIODevice): device status, 64-bit feature negotiation, its virtqueues, the interrupt status
 * (ISR), the configuration generation, and the rules that keep a driver's mistake inside the
 * device: a malformed ring marks the device broken and asks for a reset (DEVICE_NEEDS_RESET, one
 * {@code -d guest_errors} line), it never reaches a vCPU.
 *
 * <p>Threads and locks: every field is guarded by the transport's lock ({@link #lock}, the PCI
 * function's monitor). A queue notify on a vCPU thread only records the queue and wakes the
 * device's {@link IoThread} ({@link #kick}); that thread processes the queue under the lock and
 * may hand backend I/O to run after the lock is released ({@link #deferIo}), counted in
 * {@link #inflight} until it completes under the lock again. A reset or save drains: it waits on
 * the lock for the count to reach 0, with no new request started meanwhile.
 */
public abstract class VirtioDevice {
    /** What the device needs from its transport. */
    public interface Transport {
        /** Lowers the device's INTx (an ISR read, a reset: QEMU pci_irq_deassert / virtio_reset's notify). */
        void lowerIrq();

        /**
         * virtio_notify_vector: an interrupt for queue {@code queue}, or for the configuration when
         * it is {@link #CONFIG}; ISR bit 0 is already set. The PCI transport sends the vector the
         * driver gave that source when MSI-X is enabled, otherwise raises INTx (QEMU virtio_pci_notify).
         */
        void notify(int queue);

        /** The source of a configuration interrupt. */
        int CONFIG = -1;
    }

    /** The common features every device offers (QEMU DEFINE_VIRTIO_COMMON_FEATURES' defaults, plus VIRTIO_F_VERSION_1 and BAD_FEATURE the PCI transport adds). */
    public static final long COMMON_FEATURES = bit(F_RING_INDIRECT_DESC) | bit(F_RING_EVENT_IDX) | bit(F_NOTIFY_ON_EMPTY)
            | bit(F_ANY_LAYOUT) | bit(F_RING_RESET) | bit(F_VERSION_1) | bit(F_BAD_FEATURE);

    @Role(kind = Role.Kind.CONFIG, why = "the device's short name (\"blk\"), fixed by its class")
    private final String name;
    @Role(kind = Role.Kind.CONFIG, why = "the virtio device ID, fixed by its class")
    private final int deviceId;
    @Role(kind = Role.Kind.CONFIG, why = "the features offered, fixed at creation (the stream's features are checked against them)")
    private final long hostFeatures;
    @Role(kind = Role.Kind.STATE, value = "queues")
    private final VirtQueue[] queues;

    @Role(kind = Role.Kind.WIRING, why = "the transport's lock (the PCI function's monitor)")
    protected Object lock = this;
    @Role(kind = Role.Kind.WIRING, why = "the transport")
    private Transport transport;
    @Role(kind = Role.Kind.WIRING, why = "how the device reaches guest memory")
    private Dma dma;
    @Role(kind = Role.Kind.WIRING, why = "the -d log")
    protected GuestLog log = GuestLog.silent();
    @Role(kind = Role.Kind.WIRING, why = "the host thread that processes the queues")
    protected IoThread io;

    @Role(kind = Role.Kind.STATE)
    private int status;
    @Role(kind = Role.Kind.STATE, value = "guest-features")
    private long guestFeatures;
    @Role(kind = Role.Kind.STATE)
    private int isr;
    @Role(kind = Role.Kind.STATE)
    private int generation;
    @Role(kind = Role.Kind.STATE, value = "queue-sel")
    private int queueSel;
    @Role(kind = Role.Kind.STATE, value = "device-big-endian")
    private boolean deviceBigEndian = true;
    @Role(kind = Role.Kind.STATE)
    private boolean broken;

    @Role(kind = Role.Kind.DERIVED, why = "requests handed to backend I/O; 0 whenever the machine saves (it drains first)")
    private int inflight;
    @Role(kind = Role.Kind.DERIVED, why = "a drain is waiting: no new request starts")
    private boolean draining;
    @Role(kind = Role.Kind.WIRING, why = "queues notified and not yet processed by the I/O thread (bit per queue)")
    private final AtomicInteger pendingKicks = new AtomicInteger();
    @Role(kind = Role.Kind.WIRING, why = "the machine's run state (QEMU vm_running): stopped devices start nothing")
    private volatile boolean vmRunning = true;
    @Role(kind = Role.Kind.DERIVED, why = "backend work a queue handler handed over, run after the lock is released")
    private final List<IoWork> deferred = new ArrayList<>();

    /**
     * @param deviceFeatures the device-specific features offered (common ones are added)
     * @param accessPlatform iommu_platform=on: offer VIRTIO_F_ACCESS_PLATFORM, DMA through the transport's translation
     * @param queueSizes each queue's size (QEMU virtio_add_queue)
     */
    protected VirtioDevice(String name, int deviceId, long deviceFeatures, boolean accessPlatform, int... queueSizes) {
        if (queueSizes.length > 31) throw new IllegalArgumentException(queueSizes.length + " queues");
        this.name = name;
        this.deviceId = deviceId;
        this.hostFeatures = deviceFeatures | COMMON_FEATURES | (accessPlatform ? bit(F_ACCESS_PLATFORM) : 0);
        queues = new VirtQueue[queueSizes.length];
        for (int i = 0; i < queues.length; i++) queues[i] = new VirtQueue(this, i, queueSizes[i]);
    }

    /** Connects the device to its transport (once, before the machine runs). */
    public final void attach(Object lock, Transport transport, Dma dma, GuestLog log, IoThread io) {
        this.lock = lock;
        this.transport = transport;
        this.dma = dma;
        this.log = log;
        this.io = io;
    }

    public final String name() {
        return name;
    }

    public final int deviceId() {
        return deviceId;
    }

    public final long hostFeatures() {
        return hostFeatures;
    }

    final Dma dma() {
        return dma;
    }

    public final int queueCount() {
        return queues.length;
    }

    /** Queue {@code i}, or null when the device has no such queue. */
    public final VirtQueue queue(int i) {
        return i >= 0 && i < queues.length ? queues[i] : null;
    }

    // ---- status and features (§2.1, §2.2, §3.1) -------------------------------------------------------------------

    public final int status() {
        return status;
    }

    public final long guestFeatures() {
        return guestFeatures;
    }

    public final boolean negotiated(int bit) {
        return has(guestFeatures, bit);
    }

    /** The rings' and legacy configuration's byte order: little-endian once VERSION_1 is negotiated, else the device's (§2.4.3 legacy). */
    public final boolean ringBigEndian() {
        return !negotiated(F_VERSION_1) && deviceBigEndian;
    }

    /**
     * virtio_set_features: once FEATURES_OK is set the features are fixed; bits not offered are
     * dropped. Legacy BAD_FEATURE asks for the device's bad features (QEMU's bad_features).
     */
    public final void setGuestFeatures(long f) {
        if ((status & STATUS_FEATURES_OK) != 0) return;
        guestFeatures = f & hostFeatures;
        featuresChanged(guestFeatures);
    }

    /** The device's view of a feature change (virtio-net's header length); under the lock. */
    protected void featuresChanged(long features) {}

    /** What a legacy driver that sets BAD_FEATURE gets (QEMU's bad_features; 0 for most devices). */
    public long badFeatures() {
        return 0;
    }

    /**
     * virtio_set_status: FEATURES_OK is refused (the write ignored) when ACCESS_PLATFORM was offered
     * and not accepted (virtio_validate_features); DRIVER_OK starts processing every queue. A
     * status of 0 is the transport's reset.
     */
    public final void setStatus(int v) {
        v &= 0xff;
        if (negotiated(F_VERSION_1) && (status & STATUS_FEATURES_OK) == 0 && (v & STATUS_FEATURES_OK) != 0
                && has(hostFeatures, F_ACCESS_PLATFORM) && !negotiated(F_ACCESS_PLATFORM)) {
            return;
        }
        boolean start = (status & STATUS_DRIVER_OK) == 0 && (v & STATUS_DRIVER_OK) != 0;
        status = v;
        if (start) kickAll();
    }

    public final int generation() {
        return generation;
    }

    public final int queueSel() {
        return queueSel;
    }

    public final void setQueueSel(int q) {
        queueSel = q;
    }

    // ---- interrupts (§2.7.10, QEMU virtio_notify / virtio_notify_config) -----------------------------------------

    /** Reads and clears the ISR, lowering the line (§4.1.4.5). */
    public final int takeIsr() {
        int v = isr;
        isr = 0;
        transport.lowerIrq();
        return v;
    }

    public final int isr() {
        return isr;
    }

    /** virtio_notify: an interrupt for what was used on {@code q}, unless the driver suppressed it. */
    protected final void notifyQueue(VirtQueue q) throws VirtioError {
        if (!q.shouldNotify()) return;
        isr |= ISR_QUEUE;
        transport.notify(q.index());
    }

    /** virtio_notify_config: the configuration changed (only once the driver is running). */
    protected final void notifyConfig() {
        if ((status & STATUS_DRIVER_OK) == 0) return;
        isr |= ISR_QUEUE | ISR_CONFIG;
        generation = (generation + 1) & 0xff;
        transport.notify(Transport.CONFIG);
    }

    /**
     * virtio_error: the device stops ({@code broken}: no queue is processed until reset) and, for a
     * modern driver, sets DEVICE_NEEDS_RESET and tells it by a configuration interrupt. One
     * {@code -d guest_errors} line carries QEMU's message.
     */
    protected final void error(String message) {
        log.guestError("virtio-%s: %s", name, message); // QEMU's vdev->name, then virtio_error's message
        broken = true;
        if (negotiated(F_VERSION_1)) {
            status |= STATUS_NEEDS_RESET;
            notifyConfig();
        }
    }

    /** A driver error the transport found (QEMU's virtio_error from virtio-pci). */
    public final void guestError(String message) {
        error(message);
    }

    public final boolean broken() {
        return broken;
    }

    // ---- configuration space (§2.5) -----------------------------------------------------------------------------

    /** Bytes of device-specific configuration. */
    public abstract int configSize();

    /** Writes the device's configuration into {@code cfg} (its byte order set, its position 0; QEMU get_config). */
    protected abstract void fillConfig(ByteBuffer cfg);

    /** A driver's write of the configuration (QEMU set_config); {@code cfg} holds the whole space after the write. */
    protected void configWritten(ByteBuffer cfg) {}

    /** The configuration as a driver reads it: little-endian through the modern window, the legacy byte order through the legacy one. */
    public final byte[] config(boolean modern) {
        ByteBuffer b = ByteBuffer.allocate(configSize()).order(byteOrder(modern));
        fillConfig(b);
        return b.array();
    }

    /** The byte order of the driver's data structures in buffers (request headers, net headers): the rings'. */
    public final ByteOrder dataOrder() {
        return ringBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    public final ByteOrder byteOrder(boolean modern) {
        return modern || !ringBigEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    /** A driver's write of {@code size} bytes (value little-endian on the bus) at {@code off}. */
    public final void writeConfig(int off, int size, long value, boolean modern) {
        if (off < 0 || off + size > configSize()) return;
        byte[] c = config(modern);
        for (int i = 0; i < size; i++) c[off + i] = (byte) (value >>> 8 * i);
        configWritten(ByteBuffer.wrap(c).order(byteOrder(modern)));
    }

    // ---- processing -------------------------------------------------------------------------------------------------

    /**
     * A queue notify (§4.1.4.4): on the caller's thread (a vCPU) only marks the queue and wakes the
     * I/O thread. Out-of-range queues are ignored, as QEMU's virtio_queue_notify.
     */
    public final void kick(int q) {
        if (q < 0 || q >= queues.length) return;
        int before = pendingKicks.getAndUpdate(v -> v | 1 << q);
        if (before == 0 && io != null) io.execute(this::runKicks);
    }

    /** The I/O thread: each notified queue processed under the lock, then the deferred backend work. */
    private void runKicks() {
        int bits = pendingKicks.getAndSet(0);
        List<IoWork> work;
        synchronized (lock) {
            for (int q = 0; q < queues.length; q++) {
                if ((bits & 1 << q) == 0) continue;
                if (!canProcess(queues[q])) continue; // a drain's end or a resume looks again (kickAll)
                try {
                    handleQueue(queues[q]);
                } catch (VirtioError e) {
                    error(e.getMessage());
                } catch (RuntimeException e) {
                    error("internal error: " + e);
                }
            }
            work = new ArrayList<>(deferred);
            deferred.clear();
        }
        for (IoWork w : work) {
            CompletionStep step;
            try {
                step = w.run();
            } catch (RuntimeException e) { // a backend that failed unexpectedly: this device stops, nothing else does
                step = () -> {
                    throw new VirtioError("internal error: " + e);
                };
            }
            complete(step);
        }
    }

    private boolean canProcess(VirtQueue q) {
        return !broken && !draining && vmRunning && (status & STATUS_DRIVER_OK) != 0 && q.ready();
    }

    /** Whether the device may take buffers now (a peer's delivery asks; QEMU's vm_running and DRIVER_OK checks). */
    protected final boolean running() {
        return !broken && !draining && vmRunning && (status & STATUS_DRIVER_OK) != 0;
    }

    /** Processes what the driver made available on {@code q}; on the I/O thread under the lock. */
    protected abstract void handleQueue(VirtQueue q) throws VirtioError;

    /**
     * The QEMU handler loop: pops with notifications off, then on again and re-checks, so a buffer
     * added in between is never missed (§2.7.10).
     */
    protected final void drainQueue(VirtQueue q, ElementHandler h) throws VirtioError {
        do {
            q.setNotification(false);
            VirtQueueElement e;
            while (!broken && (e = q.pop()) != null) {
                if (!h.handle(e)) {
                    q.setNotification(true);
                    return;
                }
            }
            if (broken) return;
            q.setNotification(true);
        } while (!q.empty());
    }

    /** One popped element; false stops the loop (the device cannot take more now). */
    @FunctionalInterface
    protected interface ElementHandler {
        boolean handle(VirtQueueElement e) throws VirtioError;
    }

    /**
     * Hands {@code work} (backend I/O, without the lock) to run on the I/O thread once the queue
     * handler returns; it counts as in flight until the step it returns has run under the lock
     * (push and notify). A RuntimeException from the work stops this device (NEEDS_RESET).
     */
    protected final void deferIo(IoWork work) {
        inflight++;
        deferred.add(work);
    }

    /** Backend work off the lock; returns what completes it under the lock. */
    @FunctionalInterface
    protected interface IoWork {
        CompletionStep run();
    }

    /** Ends a deferred request: {@code finish} runs under the lock, then drains may proceed. */
    private void complete(CompletionStep finish) {
        synchronized (lock) {
            try {
                if (!broken) finish.run();
            } catch (VirtioError e) {
                error(e.getMessage());
            } catch (RuntimeException e) { // never past the I/O thread: this device stops, the emulator runs on
                error("internal error: " + e);
            } finally {
                inflight--;
                lock.notifyAll();
            }
        }
    }

    @FunctionalInterface
    protected interface CompletionStep {
        void run() throws VirtioError;
    }

    /** The machine stopped or resumed (QEMU's vm state change): a stopped device starts nothing; on resume every queue is looked at again. */
    public final void setVmRunning(boolean running) {
        vmRunning = running;
        if (running) {
            kickAll();
            resumed();
        }
    }

    /** After a resume or a reset the device may tell its peers to retry (virtio-net). */
    protected void resumed() {}

    /**
     * Waits, with the lock held by the caller, until no request is in flight (QEMU's drain before a
     * reset or save). No new request starts meanwhile. Never called on the I/O thread.
     */
    public final void drain() {
        if (io != null && io.current()) return;
        draining = true;
        try {
            while (inflight > 0) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            draining = false;
            kickAll();
        }
    }

    /** Every queue looked at again on the I/O thread (after a drain or a resume, as QEMU's ioeventfd restart). */
    private void kickAll() {
        pendingKicks.getAndUpdate(v -> v | (1 << queues.length) - 1);
        if (io != null) io.execute(this::runKicks);
    }

    public final int inflight() {
        return inflight;
    }

    // ---- reset and state --------------------------------------------------------------------------------------

    /**
     * virtio_reset, after a drain: status, features, ISR, queue selector and every queue back to
     * their reset values, the line lowered; the configuration generation is kept (as QEMU). A
     * legacy driver's byte order becomes that of the vCPU that reset the device.
     */
    public final void reset(boolean bigEndian) {
        drain();
        resetDevice();
        broken = false;
        guestFeatures = 0;
        featuresChanged(0);
        queueSel = 0;
        status = 0;
        isr = 0;
        deviceBigEndian = bigEndian;
        for (VirtQueue q : queues) q.reset();
        if (transport != null) transport.lowerIrq();
    }

    /** queue_reset (virtio 1.2 §2.6.1, QEMU virtio_queue_reset): that queue alone, after the device forgets what it held of it. */
    public final void resetQueue(VirtQueue q) {
        drain();
        queueReset(q);
        q.resetQueue();
    }

    /** The device's part of a queue reset (QEMU VirtioDeviceClass.queue_reset). */
    protected void queueReset(VirtQueue q) {}

    /** The device's own reset (QEMU VirtioDeviceClass.reset). */
    protected void resetDevice() {}

    /** Adds the virtio state to {@code s} (QEMU virtio_save): the common fields, the "queues" subsection, the device's "device" subsection. */
    public final Section save(Section s) {
        s.i32("status", status).i64("guest-features", guestFeatures).i32("isr", isr).i32("generation", generation)
                .i32("queue-sel", queueSel).bool("device-big-endian", deviceBigEndian).bool("broken", broken);
        s.sub(saveQueues());
        Section d = new Section("device", 0, 1);
        saveDevice(d);
        return s.sub(d);
    }

    /** The "queues" subsection: one array element per queue for each field. */
    private Section saveQueues() {
        int n = queues.length;
        int[] size = new int[n], last = new int[n], used = new int[n], signalled = new int[n], flags = new int[n];
        long[] desc = new long[n], avail = new long[n], usedAddr = new long[n];
        for (int i = 0; i < n; i++) {
            VirtQueue.Loaded l = queues[i].saved();
            size[i] = l.size();
            desc[i] = l.desc();
            avail[i] = l.avail();
            usedAddr[i] = l.used();
            last[i] = l.lastAvail();
            used[i] = l.usedIdx();
            signalled[i] = l.signalled();
            flags[i] = (l.enabled() ? 1 : 0) | (l.signalledValid() ? 2 : 0) | (l.reset() ? 4 : 0);
        }
        return new Section("queues", 0, 1).ints("size", size).longs("desc", desc).longs("avail", avail).longs("used", usedAddr)
                .ints("last-avail-idx", last).ints("used-idx", used).ints("signalled-used", signalled)
                .ints("flags", flags);
    }

    /** Bits of the queues' "flags": enabled, signalled-used valid, queue_reset reads 1. */
    private static final int QF_ENABLED = 1, QF_SIGNALLED_VALID = 2, QF_RESET = 4;

    protected void saveDevice(Section d) {}

    /** Checks everything in {@code s} (returning what to apply), so that nothing changes if any of it does not fit. */
    public final Runnable load(Section s) throws StateException {
        String where = "section " + s.label() + ": ";
        int st = s.i32("status", 0, 0xff);
        long gf = s.i64("guest-features");
        if ((gf & ~hostFeatures) != 0) {
            throw new StateException(String.format("%sfeatures 0x%x not offered by this %s (0x%x)", where, gf, name, hostFeatures));
        }
        int is = s.i32("isr", 0, 3);
        int gen = s.i32("generation", 0, 0xff);
        int sel = s.i32("queue-sel", 0, 0xffff);
        boolean be = s.bool("device-big-endian");
        boolean br = s.bool("broken");
        Section qs = s.subsection("queues");
        if (qs == null) throw new StateException(where + "no queues subsection");
        int n = queues.length;
        int[] size = qs.ints("size"), last = qs.ints("last-avail-idx"), used = qs.ints("used-idx"), sig = qs.ints("signalled-used"),
                flags = qs.ints("flags");
        long[] desc = qs.longs("desc"), avail = qs.longs("avail"), usedAddr = qs.longs("used");
        for (int len : new int[] {size.length, last.length, used.length, sig.length, flags.length, desc.length, avail.length, usedAddr.length}) {
            if (len != n) throw new StateException(where + "queues of " + len + " entries, this " + name + " has " + n);
        }
        VirtQueue.Loaded[] loaded = new VirtQueue.Loaded[n];
        for (int i = 0; i < n; i++) {
            if ((flags[i] & ~(QF_ENABLED | QF_SIGNALLED_VALID | QF_RESET)) != 0) throw new StateException(where + "queue " + i + " flags 0x" + Integer.toHexString(flags[i]));
            loaded[i] = queues[i].check(new VirtQueue.Loaded(size[i], desc[i], avail[i], usedAddr[i], (flags[i] & QF_ENABLED) != 0,
                    last[i], used[i], sig[i], (flags[i] & QF_SIGNALLED_VALID) != 0, (flags[i] & QF_RESET) != 0), where);
        }
        Section d = s.subsection("device");
        if (d == null) throw new StateException(where + "no device subsection");
        Runnable dev = loadDevice(d, where);
        return () -> {
            status = st;
            guestFeatures = gf;
            featuresChanged(gf);
            isr = is;
            generation = gen;
            queueSel = sel;
            deviceBigEndian = be;
            broken = br;
            for (int i = 0; i < queues.length; i++) queues[i].apply(loaded[i]);
            dev.run();
        };
    }

    /** Checks the device's subsection and returns how to apply it. */
    protected Runnable loadDevice(Section d, String where) throws StateException {
        return () -> {};
    }
}
