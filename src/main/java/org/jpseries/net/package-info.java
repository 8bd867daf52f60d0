/**
 * Network backends on the host side, as QEMU's NetClientState pairs (net/net.c): a
 * {@link org.jpseries.net.NetBackend} is one end of the pair, the device (virtio-net) the other.
 * The device hands the guest's frames to the backend ({@link org.jpseries.net.NetBackend#send});
 * the backend hands the peer's frames to the {@link org.jpseries.net.FrameReceiver} the device
 * installs, with QEMU's flow control: a frame the device cannot take now is queued
 * ({@link org.jpseries.net.ReceiveQueue}, QEMU's NetQueue), the backend stops reading its socket
 * until the device says it can receive again ({@link org.jpseries.net.NetBackend#flushQueued},
 * qemu_flush_queued_packets), and queued frames then arrive in order.
 *
 * <p>Backends: {@code -netdev socket} (listen=, connect=, fd=; net/socket.c) and {@code -netdev
 * stream} (inet and unix, server=on|off; net/stream.c), both with QEMU's framing
 * ({@link org.jpseries.net.Framing}): each frame preceded by its length as a 4-byte big-endian
 * integer; {@code -netdev dgram} (unicast inet; net/dgram.c), one frame per UDP datagram. The command line's form of a netdev is a {@link org.jpseries.net.NetdevSpec}
 * (parsed by {@code cli.NetdevOptions}); {@link org.jpseries.net.Netdevs#open} makes the backends
 * at machine start. Each backend runs its socket on its own I/O thread (docs/architecture.md,
 * threads and locks).
 */
package org.jpseries.net;
