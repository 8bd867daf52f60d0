package org.jpseries.virtio.net;

import java.nio.ByteBuffer;
import org.jpseries.net.FrameReceiver;
import org.jpseries.net.NetBackend;

/**
 * A {@code -netdev} backend as a virtio-net's peer (QEMU's NIC and netdev NetClientState pair):
 * the guest's frames go to the backend's socket; the backend's frames go to the device, which
 * refuses one while the guest has no receive buffers, so the backend keeps it queued and stops
 * reading until the device asks again ({@link #retry}: QEMU's qemu_flush_queued_packets).
 */
public final class NetdevPeer implements NetPeer, FrameReceiver {
    private final NetBackend backend;
    private volatile VirtioNet nic;

    public NetdevPeer(NetBackend backend) {
        this.backend = backend;
    }

    /** Pairs the device and the backend: from now on the backend delivers to {@code nic}. */
    public void connect(VirtioNet nic) {
        this.nic = nic;
        backend.attach(this);
    }

    /** On the device's I/O thread: a frame the guest sent (dropped while no peer is connected, as QEMU). */
    @Override
    public void send(ByteBuffer frame) {
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        backend.send(b, 0, b.length);
    }

    /** The guest posted buffers after a refusal: only wakes the backend's thread (called with the device's lock held). */
    @Override
    public void retry() {
        backend.flushQueued();
    }

    /** The device decides in {@link #receive}, which refuses while it has no room. */
    @Override
    public boolean canReceive() {
        return nic != null;
    }

    @Override
    public boolean receive(byte[] frame) {
        VirtioNet n = nic;
        return n == null || n.receive(ByteBuffer.wrap(frame));
    }
}
