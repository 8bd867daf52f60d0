package org.jpseries.virtio;

import java.nio.ByteBuffer;

/**
 * One popped buffer (QEMU's VirtQueueElement): the head's index and the chain's segments, the
 * device-readable ("out") ones first, then the device-writable ("in") ones (virtio 1.2
 * §2.7.4.2). Segments are driver addresses, reached through the queue's {@link Dma}.
 */
public final class VirtQueueElement {
    final int head;
    final long[] addr;
    final int[] len;
    final int outCount;
    final int inCount;
    private final Dma dma;

    VirtQueueElement(int head, long[] addr, int[] len, int outCount, int inCount, Dma dma) {
        this.head = head;
        this.addr = addr;
        this.len = len;
        this.outCount = outCount;
        this.inCount = inCount;
        this.dma = dma;
    }

    public int head() {
        return head;
    }

    public int outCount() {
        return outCount;
    }

    public int inCount() {
        return inCount;
    }

    /** Bytes the device may read (QEMU iov_size of out_sg). */
    public long outSize() {
        long n = 0;
        for (int i = 0; i < outCount; i++) n += len[i] & 0xffffffffL;
        return n;
    }

    /** Bytes the device may write. */
    public long inSize() {
        long n = 0;
        for (int i = outCount; i < outCount + inCount; i++) n += len[i] & 0xffffffffL;
        return n;
    }

    /** The length of in-segment {@code k}. */
    public long inSegmentLength(int k) {
        return len[outCount + k] & 0xffffffffL;
    }

    /**
     * Copies up to {@code dst.remaining()} out bytes from out offset {@code from} (QEMU
     * iov_to_buf); returns how many, or -1 if the memory is unreachable.
     */
    public int readOut(long from, ByteBuffer dst) {
        return copy(0, outCount, from, dst, false);
    }

    /** Copies {@code src}'s remaining bytes into the in segments at in offset {@code from} (QEMU iov_from_buf); returns how many, or -1. */
    public int writeIn(long from, ByteBuffer src) {
        return copy(outCount, outCount + inCount, from, src, true);
    }

    private int copy(int first, int end, long from, ByteBuffer buf, boolean write) {
        int done = 0;
        byte[] tmp = new byte[(int) Math.min(buf.remaining(), 1 << 16)];
        for (int i = first; i < end && buf.hasRemaining(); i++) {
            long l = len[i] & 0xffffffffL;
            if (from >= l) {
                from -= l;
                continue;
            }
            long a = addr[i] + from;
            long left = l - from;
            from = 0;
            while (left > 0 && buf.hasRemaining()) {
                int n = (int) Math.min(Math.min(left, buf.remaining()), tmp.length);
                if (write) {
                    buf.get(tmp, 0, n);
                    if (!dma.write(a, tmp, 0, n)) return -1;
                } else {
                    if (!dma.read(a, tmp, 0, n)) return -1;
                    buf.put(tmp, 0, n);
                }
                a += n;
                left -= n;
                done += n;
            }
        }
        return done;
    }
}
