package org.jpseries.net;

import java.util.function.Consumer;

/**
 * Reassembles frames from a stream socket's bytes as QEMU's net_fill_rstate (net/net.c) does,
 * with its quirks kept: the loop runs only while input is left, so a frame of length 0 is
 * completed when the next byte after its prefix arrives (and never if the connection ends
 * first); a length above {@link Framing#MAX_FRAME} is refused once more than that many of its
 * bytes have arrived, which ends the connection.
 */
final class FrameDecoder {
    private final byte[] header = new byte[Framing.HEADER];
    /** 0: reading the length, 2: reading the data (QEMU's states; 1, the vnet header, is unused). */
    private int state;
    private int index;
    /** The announced length, unsigned (QEMU's uint32_t packet_len). */
    private long length;
    private byte[] data;

    /**
     * Feeds {@code len} bytes; each completed frame goes to {@code sink} in order. Returns false
     * (and starts over, as QEMU resets its state) when a frame is longer than
     * {@link Framing#MAX_FRAME}: the caller then ends the connection.
     */
    boolean feed(byte[] b, int off, int len, Consumer<byte[]> sink) {
        while (len > 0) {
            if (state == 0) {
                int l = Math.min(Framing.HEADER - index, len);
                System.arraycopy(b, off, header, index, l);
                off += l;
                len -= l;
                index += l;
                if (index == Framing.HEADER) {
                    length = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                    index = 0;
                    state = 2;
                    data = new byte[(int) Math.min(length, Framing.MAX_FRAME)];
                }
            } else {
                int l = (int) Math.min(length - index, len);
                if (index + l > Framing.MAX_FRAME) {
                    reset();
                    return false;
                }
                System.arraycopy(b, off, data, index, l);
                index += l;
                off += l;
                len -= l;
                if (index >= length) {
                    byte[] frame = data;
                    reset();
                    sink.accept(frame);
                }
            }
        }
        return true;
    }

    /** Forgets a partial frame (QEMU's net_socket_rs_init on a new connection). */
    void reset() {
        state = 0;
        index = 0;
        length = 0;
        data = null;
    }

    /** Whether part of a frame (or of its length) has arrived and not yet been completed. */
    boolean partial() {
        return state != 0 || index != 0;
    }
}
