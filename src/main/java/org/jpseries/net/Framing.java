package org.jpseries.net;

/**
 * QEMU's framing of frames on a stream socket (net/socket.c net_socket_receive, net/stream.c
 * net_stream_receive, net/net.c net_fill_rstate): each frame is preceded by its length as a
 * 4-byte big-endian integer, with no other header (no vnet header on these backends).
 */
public final class Framing {
    /** The length prefix: 4 bytes, big-endian. */
    public static final int HEADER = 4;
    /**
     * QEMU's NET_BUFSIZE (include/net/net.h, 4096 + 65536): the reassembly buffer of
     * net_fill_rstate, so the largest frame a peer can send; a longer one ends the connection.
     */
    public static final int MAX_FRAME = 4096 + 65536;
    /** What QEMU 7.2 prints (to stderr, without its program name) for a longer frame, verbatim. */
    public static final String OVERSIZED = "serious error: oversized packet received,connection terminated.";

    private Framing() {}

    /** Writes the length prefix of a {@code length}-byte frame at {@code at}. */
    public static void putHeader(byte[] b, int at, int length) {
        b[at] = (byte) (length >>> 24);
        b[at + 1] = (byte) (length >>> 16);
        b[at + 2] = (byte) (length >>> 8);
        b[at + 3] = (byte) length;
    }

    /** The frame as it goes on the wire: its length prefix, then its bytes. */
    public static byte[] encode(byte[] frame, int off, int len) {
        byte[] out = new byte[HEADER + len];
        putHeader(out, 0, len);
        System.arraycopy(frame, off, out, HEADER, len);
        return out;
    }
}
