package org.jpseries.block;

import java.io.IOException;

/**
 * A block request or host call that failed: the errno it failed with (or the one the refusal
 * stands for: EROFS for a write to a read-only drive, ENOTSUP for discard on a drive without it,
 * EINVAL for a range outside the image, EPERM for QEMU's guarded block 0) and one line saying why.
 * A device turns ENOTSUP into VIRTIO_BLK_S_UNSUPP and every other errno into VIRTIO_BLK_S_IOERR.
 */
public final class BlockIoException extends IOException {
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11, EACCES = 13, EINVAL = 22, EROFS = 30,
            ENOTSUP = 95;

    private final int errno;

    public BlockIoException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** The request was not carried out because the drive does not offer it (virtio-blk: VIRTIO_BLK_S_UNSUPP). */
    public boolean unsupported() {
        return errno == ENOTSUP;
    }
}
