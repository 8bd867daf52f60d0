package org.jpseries.virtio.net;

import java.nio.ByteBuffer;

/**
 * The host side of a virtio-net (QEMU's NetClientState peer), here one without offloads or a
 * virtio-net header of its own (as QEMU's socket and stream backends): whole Ethernet frames both
 * ways. Frames to the guest go through {@link VirtioNet#receive}, which refuses (false) while the
 * guest has no buffers; the device then calls {@link #retry} once it has some (QEMU's
 * qemu_flush_queued_packets).
 */
public interface NetPeer {
    /** A frame the guest sent; on the device's I/O thread, without its lock. */
    void send(ByteBuffer frame);

    /** The guest gave receive buffers after a refusal: deliver again. Called with the device's lock held: only wake a thread, never block. */
    default void retry() {}

    /** No peer: frames the guest sends are dropped (QEMU's NIC without a netdev). */
    NetPeer NONE = frame -> {};
}
