package org.jpseries.virtio.blk;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jpseries.block.BlockBackend;

/**
 * A host drive ({@link BlockBackend}: -drive, -blockdev) as virtio-blk's backend (QEMU's
 * BlockBackend attached to the device): reads, writes, flush, discard and write-zeroes go to
 * the image; discard is offered only where the drive punches holes.
 */
public final class DriveBackend implements BlkBackend {
    private final BlockBackend drive;

    public DriveBackend(BlockBackend drive) {
        this.drive = drive;
    }

    @Override
    public long size() {
        return drive.size();
    }

    @Override
    public boolean readOnly() {
        return drive.readOnly();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        drive.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        drive.write(offset, src);
    }

    @Override
    public void flush() throws IOException {
        drive.flush();
    }

    @Override
    public boolean writeCache() {
        return drive.writeCache();
    }

    @Override
    public boolean canDiscard() {
        return drive.discardSupported();
    }

    /** The drive zeroes by hole, zero range or written zeros, whichever the host has (QEMU's write-zeroes=on default). */
    @Override
    public boolean canWriteZeroes() {
        return !drive.readOnly();
    }

    @Override
    public void discard(long offset, long len) throws IOException {
        drive.discard(offset, len);
    }

    @Override
    public void writeZeroes(long offset, long len, boolean mayUnmap) throws IOException {
        drive.writeZeroes(offset, len, mayUnmap);
    }
}
