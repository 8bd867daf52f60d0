package org.jpseries.block;

/**
 * QEMU's image locking, so that jpseries and QEMU (and two jpseries) refuse each other as two
 * QEMUs do (block/file-posix.c raw_apply_lock_bytes, raw_check_lock_bytes, raw_handle_perm_lock).
 * Each permission bit i of the block layer has two bytes in the image file, locked with
 * open-file-description (OFD) read locks: byte 100 + i says "I hold permission i", byte 200 + i
 * says "I do not share permission i". Opening checks the opposite bytes: another holder's
 * "not shared" byte of a permission it wants, another holder of a permission it does not share.
 * A drive takes "consistent read", plus "write" unless read-only, and shares everything but
 * "write" (what qemu-system-ppc64 7.2 holds for a virtio-blk drive: /proc/locks shows bytes
 * 100-101 and 201 read-write, 100 and 201 read-only). The locks live as long as the descriptor.
 */
final class ImageLocks {
    private ImageLocks() {}

    static final int PERM_BASE = 100, SHARED_BASE = 200;
    /** QEMU's BLK_PERM_* bits in order (include/block/block-common.h), named as bdrv_perm_names names them. */
    static final String[] PERM_NAMES = {"consistent read", "write", "write unchanged", "resize"};
    static final int CONSISTENT_READ = 1, WRITE = 2, ALL = (1 << PERM_NAMES.length) - 1;

    /**
     * Locks the bytes of a drive's permissions on {@code fd} and checks no other holder
     * conflicts; on a conflict the locks taken are dropped and the message is QEMU's two lines.
     */
    static void acquire(HostIo io, int fd, boolean write, String filename) throws BlockIoException {
        acquire(io, fd, CONSISTENT_READ | (write ? WRITE : 0), ALL & ~WRITE, filename);
    }

    /**
     * The locks of an inactive drive (QEMU's BDRV_O_INACTIVE: a migration's destination before
     * the source hands the image over): "consistent read", sharing everything, so the source's
     * write lock does not conflict.
     */
    static void acquireInactive(HostIo io, int fd, String filename) throws BlockIoException {
        acquire(io, fd, CONSISTENT_READ, ALL, filename);
    }

    private static void acquire(HostIo io, int fd, int perm, int shared, String filename) throws BlockIoException {
        try {
            for (int i = 0; i < PERM_NAMES.length; i++) {
                if ((perm & 1 << i) != 0) lockByte(io, fd, PERM_BASE + i);
            }
            for (int i = 0; i < PERM_NAMES.length; i++) {
                if ((shared & 1 << i) == 0) lockByte(io, fd, SHARED_BASE + i);
            }
            for (int i = 0; i < PERM_NAMES.length; i++) {
                if ((perm & 1 << i) != 0 && io.ofdConflict(fd, BlockLibc.F_WRLCK, SHARED_BASE + i, 1)) {
                    throw conflict("Failed to get \"" + PERM_NAMES[i] + "\" lock", filename);
                }
            }
            for (int i = 0; i < PERM_NAMES.length; i++) {
                if ((shared & 1 << i) == 0 && io.ofdConflict(fd, BlockLibc.F_WRLCK, PERM_BASE + i, 1)) {
                    throw conflict("Failed to get shared \"" + PERM_NAMES[i] + "\" lock", filename);
                }
            }
        } catch (BlockIoException e) {
            release(io, fd);
            throw e;
        }
    }

    private static void lockByte(HostIo io, int fd, int offset) throws BlockIoException {
        try {
            io.ofdSetLock(fd, BlockLibc.F_RDLCK, offset, 1);
        } catch (BlockIoException e) {
            // raw_lock_error_setg_errno: EAGAIN and EACCES mean another holder, said without errno
            boolean held = e.errno() == BlockIoException.EAGAIN || e.errno() == BlockIoException.EACCES;
            throw new BlockIoException(e.errno(), "Failed to lock byte " + offset + (held ? "" : ": " + BlockLibc.strerror(e.errno())));
        }
    }

    private static BlockIoException conflict(String what, String filename) {
        return new BlockIoException(BlockIoException.EAGAIN, what + "\nIs another process using the image [" + filename + "]?");
    }

    /** Drops every lock byte (raw_apply_lock_bytes with unlock); failures only leave locks that close drops. */
    static void release(HostIo io, int fd) {
        try {
            io.ofdSetLock(fd, BlockLibc.F_UNLCK, PERM_BASE, SHARED_BASE + PERM_NAMES.length - PERM_BASE);
        } catch (BlockIoException e) {
            // closing the descriptor releases them
        }
    }
}
