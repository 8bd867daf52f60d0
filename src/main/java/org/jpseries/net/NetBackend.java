package org.jpseries.net;

/**
 * A network backend: the host end of a netdev (QEMU's NetClientState of type socket, stream or dgram,
 * net/net.c), paired with one device. Made by {@link Netdevs#open} from a {@link NetdevSpec};
 * its sockets open in {@link #start}, at machine start.
 *
 * <p>Threads: {@link #send} runs on the calling (device) thread and may block while the peer's
 * socket buffer is full, so it is never called on a vCPU thread; {@link #flushQueued},
 * {@link #purgeQueued}, {@link #linkUp}, {@link #info} and {@link #close} may be called on any
 * thread and do not block on the peer. Frames from the peer reach the {@link FrameReceiver} on
 * the backend's own I/O thread.
 */
public interface NetBackend extends AutoCloseable {
    /** The netdev's id ({@code -netdev ...,id=ID}). */
    String id();

    /**
     * Installs the device's receiver (QEMU's peer); until then, and with null, the peer's frames
     * are dropped as QEMU drops a sender's frames when it has no peer.
     */
    void attach(FrameReceiver receiver);

    /**
     * Opens the sockets (listens, binds, or starts connecting) and the I/O thread. An error that
     * QEMU reports at startup is a {@link NetdevException} with QEMU's words; one QEMU reports
     * only later (a refused connect) leaves the link down and is one warning line.
     */
    void start() throws NetdevException;

    /**
     * The guest sends a frame (QEMU's qemu_send_packet toward this backend: net_socket_receive /
     * net_stream_receive). Returns true once the frame with its length prefix is written, false
     * when it is dropped: no peer is connected (QEMU's link_down: a listening socket before its
     * first client or between clients, a connection that ended) or the write failed, which ends
     * the connection.
     */
    boolean send(byte[] frame, int off, int len);

    /**
     * QEMU's qemu_flush_queued_packets: the device can receive again, so the I/O thread offers
     * the queued frames in order and, once all are taken, reads the socket again.
     */
    void flushQueued();

    /** QEMU's purge of the queue on a device reset (qemu_flush_or_purge_queued_packets with purge): drops the queued frames. */
    void purgeQueued();

    /** Whether a peer is connected (QEMU's link_down, inverted). */
    boolean linkUp();

    /** The line QEMU's {@code info network} shows for this netdev, after "id: index=0,type=T,". */
    String info();

    /** Counters of this backend's traffic. */
    NetCounters counters();

    /** Closes the sockets, wakes and ends the I/O thread; queued frames are dropped. */
    @Override
    void close();
}
