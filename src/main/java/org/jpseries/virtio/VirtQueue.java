package org.jpseries.virtio;

import static org.jpseries.virtio.Virtio.*;

import java.lang.invoke.VarHandle;
import org.jpseries.state.Role;
import org.jpseries.state.StateException;

/**
 * One split virtqueue (virtio 1.2 §2.7; QEMU hw/virtio/virtio.c VirtQueue and virtqueue_split_pop,
 * virtqueue_fill/flush, virtio_should_notify, virtio_queue_split_set_notification): the
 * descriptor table, the available ring the driver fills and the used ring the device returns
 * buffers on, in the byte order of the device ({@link VirtioDevice#ringBigEndian()}: little for a
 * modern driver, the resetting vCPU's for a legacy one). A ring the driver got wrong raises a
 * {@link VirtioError} with QEMU's message. Guarded by the device's lock.
 */
public final class VirtQueue {
    private static final int DESC_SIZE = 16;

    @Role(kind = Role.Kind.CONFIG, why = "the device's queue size (QEMU virtio_add_queue), fixed at creation")
    private final int maxSize;
    @Role(kind = Role.Kind.WIRING, why = "the device this queue belongs to")
    private final VirtioDevice owner;
    @Role(kind = Role.Kind.CONFIG, why = "its index, fixed at creation")
    private final int index;

    @Role(kind = Role.Kind.STATE, value = "size")
    int size;
    @Role(kind = Role.Kind.STATE, value = "desc")
    long desc;
    @Role(kind = Role.Kind.STATE, value = "avail")
    long avail;
    @Role(kind = Role.Kind.STATE, value = "used")
    long used;
    @Role(kind = Role.Kind.STATE, value = "enabled")
    boolean enabled;
    @Role(kind = Role.Kind.STATE, value = "last-avail-idx")
    int lastAvailIdx;
    @Role(kind = Role.Kind.STATE, value = "used-idx")
    int usedIdx;
    @Role(kind = Role.Kind.STATE, value = "signalled-used")
    int signalledUsed;
    @Role(kind = Role.Kind.STATE, value = "signalled-used-valid")
    boolean signalledUsedValid;
    @Role(kind = Role.Kind.STATE, value = "reset")
    boolean resetState;
    @Role(kind = Role.Kind.DERIVED, why = "buffers popped and not yet used: last-avail-idx - used-idx (QEMU's inuse, recomputed on load)")
    int inUse;

    VirtQueue(VirtioDevice owner, int index, int maxSize) {
        this.owner = owner;
        this.index = index;
        this.maxSize = maxSize;
        reset();
    }

    public int index() {
        return index;
    }

    public int maxSize() {
        return maxSize;
    }

    public int size() {
        return size;
    }

    public boolean enabled() {
        return enabled;
    }

    public long desc() {
        return desc;
    }

    public long avail() {
        return avail;
    }

    public long used() {
        return used;
    }

    /** virtio_queue_reset: the ring forgotten, the size back to the device's. */
    void reset() {
        size = maxSize;
        desc = avail = used = 0;
        enabled = false;
        lastAvailIdx = usedIdx = signalledUsed = inUse = 0;
        signalledUsedValid = false;
        resetState = false;
    }

    // ---- driver-written registers (the transport) ------------------------------------------------------------

    /** virtio_queue_set_num: 1..maxSize; a queue the device does not have keeps 0. Ignored once enabled. */
    public void setSize(int n) {
        if (enabled || maxSize == 0 || n < 1 || n > maxSize) return;
        size = n;
    }

    public void setDesc(long a) {
        if (!enabled) desc = a;
    }

    public void setAvail(long a) {
        if (!enabled) avail = a;
    }

    public void setUsed(long a) {
        if (!enabled) used = a;
    }

    /** queue_enable = 1 (virtio_queue_enable). */
    public void enable() {
        if (maxSize == 0) return;
        enabled = true;
        resetState = false;
    }

    /** A legacy QUEUE_PFN (virtio_queue_set_addr + virtio_queue_update_rings): the three parts laid out from it, §2.7.2 Legacy Interfaces. */
    public void setLegacyAddress(long descAddr) {
        if (maxSize == 0) return;
        size = maxSize;
        desc = descAddr;
        avail = desc + (long) DESC_SIZE * size;
        long availEnd = avail + 4 + 2L * size + 2;
        used = (availEnd + LEGACY_VRING_ALIGN - 1) & -(long) LEGACY_VRING_ALIGN;
        enabled = descAddr != 0;
    }

    /** queue_reset = 1 (virtio 1.2 §2.6.1, VIRTIO_F_RING_RESET): this queue alone back to its reset state, reading 1 until enabled again. */
    public void resetQueue() {
        reset();
        resetState = true;
    }

    public boolean resetState() {
        return resetState;
    }

    /** Whether the device may use the ring. */
    boolean ready() {
        return enabled && size > 0 && desc != 0;
    }

    // ---- ring accesses -------------------------------------------------------------------------------------------

    private int read16(long a, String what) throws VirtioError {
        byte[] b = new byte[2];
        if (!owner.dma().read(a, b, 0, 2)) throw new VirtioError("Cannot map " + what);
        return owner.ringBigEndian() ? (b[0] & 0xff) << 8 | b[1] & 0xff : (b[1] & 0xff) << 8 | b[0] & 0xff;
    }

    private void write16(long a, int v, String what) throws VirtioError {
        byte[] b = owner.ringBigEndian() ? new byte[] {(byte) (v >> 8), (byte) v} : new byte[] {(byte) v, (byte) (v >> 8)};
        if (!owner.dma().write(a, b, 0, 2)) throw new VirtioError("Cannot map " + what);
    }

    private static long field(byte[] b, int off, int len, boolean be) {
        long v = 0;
        for (int i = 0; i < len; i++) v = v << 8 | b[off + (be ? i : len - 1 - i)] & 0xff;
        return v;
    }

    private int availIdx() throws VirtioError {
        return read16(avail + 2, "avail");
    }

    private int availFlags() throws VirtioError {
        return read16(avail, "avail");
    }

    private int usedEvent() throws VirtioError {
        return read16(avail + 4 + 2L * size, "avail");
    }

    private void setAvailEvent(int v) throws VirtioError {
        write16(used + 4 + 8L * size, v, "used");
    }

    /** Checks the three parts lie in reachable memory (virtio_init_region_cache's "Cannot map ..."). */
    private void checkRings() throws VirtioError {
        Dma d = owner.dma();
        if (!d.accessible(desc, (long) DESC_SIZE * size, false)) throw new VirtioError("Cannot map desc");
        if (!d.accessible(avail, 6 + 2L * size, false)) throw new VirtioError("Cannot map avail");
        if (!d.accessible(used, 6 + 8L * size, true)) throw new VirtioError("Cannot map used");
    }

    /** How many buffers wait (virtqueue_num_heads): more than the ring holds is the driver's error. */
    private int pending() throws VirtioError {
        int idx = availIdx();
        int n = (idx - lastAvailIdx) & 0xffff;
        if (n > size) throw new VirtioError(String.format("Guest moved used index from %d to %d", lastAvailIdx, idx));
        VarHandle.acquireFence(); // the ring entries after the index (virtio_rmb)
        return n;
    }

    /** virtio_queue_empty. */
    public boolean empty() throws VirtioError {
        return !ready() || pending() == 0;
    }

    /**
     * virtqueue_split_pop: the next available chain, or null. Descriptors are checked as QEMU
     * does: heads and next indexes in range, indirect tables whole multiples of 16 bytes and not
     * nested, no readable descriptor after a writable one, no chain longer than its table (a loop),
     * no zero-length or unreachable buffer.
     */
    public VirtQueueElement pop() throws VirtioError {
        if (!ready()) return null;
        checkRings();
        if (pending() == 0) return null;
        if (inUse >= size) throw new VirtioError("Virtqueue size exceeded");
        VirtQueueElement e = walk(lastAvailIdx);
        lastAvailIdx = (lastAvailIdx + 1) & 0xffff;
        if (owner.negotiated(F_RING_EVENT_IDX)) setAvailEvent(lastAvailIdx);
        inUse++;
        return e;
    }

    /**
     * virtqueue_avail_bytes for writable bytes: whether the chains waiting hold at least
     * {@code need} bytes the device may write, without taking any (virtio-net's room check).
     */
    public boolean availInBytes(long need) throws VirtioError {
        if (!ready()) return false;
        checkRings();
        int n = pending();
        long total = 0;
        for (int k = 0; k < n && total < need; k++) total += walk((lastAvailIdx + k) & 0xffff).inSize();
        return total >= need;
    }

    /** Reads the chain the available ring names at {@code availIdx}, checking it; changes nothing. */
    private VirtQueueElement walk(int availIdx) throws VirtioError {
        int head = read16(avail + 4 + 2L * (availIdx % size), "avail");
        if (head >= size) throw new VirtioError(String.format("Guest says index %d is available", head));
        boolean be = owner.ringBigEndian();
        Dma dma = owner.dma();
        byte[] d = new byte[DESC_SIZE];
        long table = desc;
        int max = size;
        int i = head;
        readDesc(dma, table, i, d);
        if ((field(d, 12, 2, be) & DESC_F_INDIRECT) != 0) {
            if (!owner.negotiated(F_RING_INDIRECT_DESC)) throw new VirtioError("Indirect descriptor not negotiated");
            long len = field(d, 8, 4, be);
            if (len == 0 || len % DESC_SIZE != 0) throw new VirtioError("Invalid size for indirect buffer table");
            table = field(d, 0, 8, be);
            if (!dma.accessible(table, len, false)) throw new VirtioError("Cannot map indirect buffer");
            max = (int) (len / DESC_SIZE);
            i = 0;
            readDesc(dma, table, i, d);
        }
        long[] addr = new long[Math.min(max, 16)];
        int[] lens = new int[addr.length];
        int out = 0, in = 0, entries = 0;
        while (true) {
            long a = field(d, 0, 8, be);
            int len = (int) field(d, 8, 4, be);
            int flags = (int) field(d, 12, 2, be);
            int next = (int) field(d, 14, 2, be);
            if ((flags & DESC_F_INDIRECT) != 0) throw new VirtioError("Nested indirect descriptor");
            boolean write = (flags & DESC_F_WRITE) != 0;
            if (!write && in > 0) throw new VirtioError("Incorrect order for descriptors");
            if (len == 0) throw new VirtioError("virtio: zero sized buffers are not allowed");
            if (!dma.accessible(a, len & 0xffffffffL, write)) throw new VirtioError("virtio: bogus descriptor or out of resources");
            if (++entries > max) throw new VirtioError("Looped descriptor");
            if (entries > addr.length) {
                addr = java.util.Arrays.copyOf(addr, Math.min(max, addr.length * 2));
                lens = java.util.Arrays.copyOf(lens, addr.length);
            }
            addr[entries - 1] = a;
            lens[entries - 1] = len;
            if (write) in++;
            else out++;
            if ((flags & DESC_F_NEXT) == 0) break;
            if (next >= max) throw new VirtioError(String.format("Desc next is %d", next));
            readDesc(dma, table, next, d);
        }
        return new VirtQueueElement(head, addr, lens, out, in, dma);
    }

    private void readDesc(Dma dma, long table, int i, byte[] d) throws VirtioError {
        if (!dma.read(table + (long) DESC_SIZE * i, d, 0, DESC_SIZE)) throw new VirtioError("Cannot map desc");
    }

    /** virtqueue_unpop: gives the last popped chain back (a packet that did not fit). */
    public void unpop() {
        lastAvailIdx = (lastAvailIdx - 1) & 0xffff;
        inUse--;
    }

    /**
     * virtqueue_push (fill + flush): returns {@code e} with {@code len} bytes written. The element
     * is in the ring before the index moves (virtio_wmb), and whatever the device wrote into the
     * buffer is visible before either.
     */
    public void push(VirtQueueElement e, long len) throws VirtioError {
        boolean be = owner.ringBigEndian();
        byte[] u = new byte[8];
        for (int k = 0; k < 4; k++) {
            u[be ? 3 - k : k] = (byte) (e.head >>> 8 * k);
            u[be ? 7 - k : 4 + k] = (byte) (len >>> 8 * k);
        }
        VarHandle.releaseFence();
        if (!owner.dma().write(used + 4 + 8L * (usedIdx % size), u, 0, 8)) throw new VirtioError("Cannot map used");
        VarHandle.releaseFence();
        int old = usedIdx;
        usedIdx = (usedIdx + 1) & 0xffff;
        write16(used + 2, usedIdx, "used");
        inUse--;
        // virtqueue_split_flush: a used event the driver asked for may have been passed over
        if ((short) (usedIdx - signalledUsed) < ((usedIdx - old) & 0xffff)) signalledUsedValid = false;
    }

    /**
     * virtio_queue_split_set_notification: whether the driver should kick for new buffers, by the
     * used ring's NO_NOTIFY flag or, with EVENT_IDX, the avail_event field (§2.7.10).
     */
    public void setNotification(boolean enable) throws VirtioError {
        if (!ready()) return;
        if (owner.negotiated(F_RING_EVENT_IDX)) {
            if (enable) setAvailEvent(availIdx());
        } else {
            int flags = read16(used, "used");
            write16(used, enable ? flags & ~USED_F_NO_NOTIFY : flags | USED_F_NO_NOTIFY, "used");
        }
        VarHandle.fullFence(); // the driver's next index is read after this store (smp_mb)
    }

    /** virtio_should_notify (split): whether the driver wants an interrupt for what was just used (§2.7.10, vring_need_event). */
    boolean shouldNotify() throws VirtioError {
        VarHandle.fullFence();
        if (owner.negotiated(F_NOTIFY_ON_EMPTY) && inUse == 0 && pending() == 0) return true;
        if (!owner.negotiated(F_RING_EVENT_IDX)) return (availFlags() & AVAIL_F_NO_INTERRUPT) == 0;
        boolean valid = signalledUsedValid;
        signalledUsedValid = true;
        int old = signalledUsed;
        int now = signalledUsed = usedIdx;
        return !valid || needEvent(usedEvent(), now, old);
    }

    /** vring_need_event: whether {@code event} lies in (old, now]. */
    static boolean needEvent(int event, int now, int old) {
        return ((now - event - 1) & 0xffff) < ((now - old) & 0xffff);
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    /** The queue's fields, one element of each array of the "queues" subsection. */
    record Loaded(int size, long desc, long avail, long used, boolean enabled, int lastAvail, int usedIdx, int signalled,
            boolean signalledValid, boolean reset) {}

    Loaded saved() {
        return new Loaded(size, desc, avail, used, enabled, lastAvailIdx, usedIdx, signalledUsed, signalledUsedValid, resetState);
    }

    /** Checks one loaded queue (QEMU virtio_load's "VQ %d size 0x%x Guest index 0x%x inconsistent with Host index 0x%x"). */
    Loaded check(Loaded l, String where) throws StateException {
        if (l.size < (maxSize == 0 ? 0 : 1) || l.size > maxSize) throw new StateException(String.format("%sVQ %d size 0x%x out of 1..0x%x", where, index, l.size, maxSize));
        for (int v : new int[] {l.lastAvail, l.usedIdx, l.signalled}) {
            if (v < 0 || v > 0xffff) throw new StateException(String.format("%sVQ %d index 0x%x out of range", where, index, v));
        }
        if (((l.lastAvail - l.usedIdx) & 0xffff) > l.size) {
            throw new StateException(String.format("%sVQ %d size 0x%x Guest index 0x%x inconsistent with Host index 0x%x", where,
                    index, l.size, l.lastAvail, l.usedIdx));
        }
        return l;
    }

    void apply(Loaded l) {
        size = l.size;
        desc = l.desc;
        avail = l.avail;
        used = l.used;
        enabled = l.enabled;
        lastAvailIdx = l.lastAvail;
        usedIdx = l.usedIdx;
        signalledUsed = l.signalled;
        signalledUsedValid = l.signalledValid;
        resetState = l.reset;
        inUse = (lastAvailIdx - usedIdx) & 0xffff;
    }
}
