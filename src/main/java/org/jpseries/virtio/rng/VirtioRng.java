package org.jpseries.virtio.rng;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Random;
import org.jpseries.state.Role;
import org.jpseries.virtio.VirtQueue;
import org.jpseries.virtio.VirtQueueElement;
import org.jpseries.virtio.Virtio;
import org.jpseries.virtio.VirtioDevice;
import org.jpseries.virtio.VirtioError;

/**
 * virtio-rng (virtio 1.2 §5.4; QEMU hw/virtio/virtio-rng.c): one request queue of 8 whose
 * writable buffers the device fills with entropy from the host (QEMU 7.2's default backend,
 * rng-builtin, reads the host's getrandom; here the JDK's SecureRandom, which reads the same
 * kernel source), limited to {@code maxBytes} per {@code periodMs} as QEMU's max-bytes and period
 * properties (defaults INT64_MAX bytes per 65536 ms: no limit in practice).
 */
public final class VirtioRng extends VirtioDevice {
    /** QEMU's virtio_add_queue(vdev, 8, handle_input). */
    public static final int QUEUE_SIZE = 8;
    /** QEMU's defaults of max-bytes and period (ms). */
    public static final long DEFAULT_MAX_BYTES = Long.MAX_VALUE, DEFAULT_PERIOD_MS = 1 << 16;

    @Role(kind = Role.Kind.WIRING, why = "the host's entropy source")
    private final Random source;
    @Role(kind = Role.Kind.CONFIG, why = "max-bytes, fixed at creation")
    private final long maxBytes;
    @Role(kind = Role.Kind.CONFIG, why = "period, fixed at creation")
    private final long periodMs;
    @Role(kind = Role.Kind.DERIVED, why = "bytes left in this period; QEMU does not migrate it either (a new period starts)")
    private long quotaRemaining;
    @Role(kind = Role.Kind.DERIVED, why = "whether the period's timer is armed")
    private boolean timerArmed;

    public VirtioRng() {
        this(new SecureRandom(), DEFAULT_MAX_BYTES, DEFAULT_PERIOD_MS);
    }

    /**
     * @throws IllegalArgumentException with QEMU's message for a period or max-bytes out of range
     */
    public VirtioRng(Random source, long maxBytes, long periodMs) {
        this(source, maxBytes, periodMs, false);
    }

    /** @param iommuPlatform QEMU's iommu_platform=on: VIRTIO_F_ACCESS_PLATFORM offered, DMA through the transport's translation */
    public VirtioRng(Random source, long maxBytes, long periodMs, boolean iommuPlatform) {
        super("rng", Virtio.ID_RNG, 0, iommuPlatform, QUEUE_SIZE);
        if (periodMs <= 0) throw new IllegalArgumentException("'period' parameter expects a positive integer");
        if (maxBytes <= 0) throw new IllegalArgumentException("'max-bytes' parameter must be non-negative, and less than 2^63");
        this.source = source;
        this.maxBytes = maxBytes;
        this.periodMs = periodMs;
        this.quotaRemaining = maxBytes;
    }

    @Override
    public int configSize() {
        return 0;
    }

    @Override
    protected void fillConfig(ByteBuffer cfg) {}

    /** virtio_rng_process / chr_read: each buffer filled up to what the quota allows, the rest waits for the next period. */
    @Override
    protected void handleQueue(VirtQueue q) throws VirtioError {
        drainQueue(q, e -> {
            long want = Math.min(e.inSize(), 1 << 20);
            if (quotaRemaining <= 0) {
                q.unpop();
                armTimer();
                return false;
            }
            int n = (int) Math.min(want, quotaRemaining);
            byte[] b = new byte[n];
            source.nextBytes(b);
            if (e.writeIn(0, ByteBuffer.wrap(b)) < 0) throw new VirtioError("virtio: bogus descriptor or out of resources");
            quotaRemaining -= n;
            q.push(e, n);
            notifyQueue(q);
            return true;
        });
    }

    /** check_rate_limit: a new period, then the queue looked at again. */
    private void armTimer() {
        if (timerArmed || io == null) return;
        timerArmed = true;
        io.schedule(() -> {
            synchronized (lock) {
                timerArmed = false;
                quotaRemaining = maxBytes;
            }
            kick(0);
        }, periodMs);
    }

    @Override
    protected void resetDevice() {
        quotaRemaining = maxBytes;
    }
}
