package org.jpseries.virtio.blk;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What virtio-blk needs of a block backend (QEMU's BlockBackend as hw/block/virtio-blk.c uses
 * it): the size, whether it is read-only, reads and writes at byte offsets, flush, and optionally
 * discard and write-zeroes. Called on the device's I/O thread, never with the device's lock held.
 */
public interface BlkBackend {
    /** Bytes. */
    long size();

    boolean readOnly();

    /** Fills {@code dst}'s remaining bytes from {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes {@code src}'s remaining bytes at {@code offset}. */
    void write(long offset, ByteBuffer src) throws IOException;

    void flush() throws IOException;

    /** Whether the backend writes back (QEMU's cache=writeback: blk_enable_write_cache), the initial WCE. */
    default boolean writeCache() {
        return true;
    }

    default boolean canDiscard() {
        return false;
    }

    default boolean canWriteZeroes() {
        return false;
    }

    /** Drops {@code len} bytes at {@code offset} (only when {@link #canDiscard}). */
    default void discard(long offset, long len) throws IOException {
        throw new IOException("discard not supported");
    }

    /** Zeroes {@code len} bytes at {@code offset}, deallocating them if {@code mayUnmap} (only when {@link #canWriteZeroes}). */
    default void writeZeroes(long offset, long len, boolean mayUnmap) throws IOException {
        throw new IOException("write-zeroes not supported");
    }
}
