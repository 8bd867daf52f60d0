package org.jpseries.net;

/**
 * The device's side of a netdev (QEMU's peer NIC, NetClientInfo can_receive/receive): where a
 * backend delivers the frames its peer sends. Both methods are called on the backend's I/O
 * thread only, one frame at a time, in the order the peer sent them.
 */
public interface FrameReceiver {
    /**
     * QEMU's can_receive: whether the device could take a frame now (the guest posted receive
     * buffers, the machine runs). When false the frame is queued and the backend stops reading
     * until {@link NetBackend#flushQueued}.
     */
    boolean canReceive();

    /**
     * QEMU's receive: takes one frame (which the device may keep; the backend never reuses it).
     * Returns true when the frame is consumed, delivered or dropped by the device as QEMU's
     * device drops it (a positive or negative return in QEMU); false when the device has no room
     * for it now (QEMU's 0): the backend keeps it at the head of its queue, stops reading the
     * socket, and offers it again after {@link NetBackend#flushQueued}.
     */
    boolean receive(byte[] frame);
}
