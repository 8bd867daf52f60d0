package org.jpseries.block;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A raw image on the host, as QEMU's file (or host_device) protocol under its raw format driver
 * (block/file-posix.c, block/raw-format.c): positional reads and writes at byte offsets, flush,
 * discard and write-zeroes, on one descriptor opened by {@link #open} when the machine starts.
 *
 * <p>Cache modes ({@link CacheMode}): writeback flushes with fdatasync; writethrough and
 * directsync open O_DSYNC; none and directsync open O_DIRECT, and requests whose offset, length
 * or buffer do not meet the probed alignment ({@link DirectAlignment}) go through an aligned
 * bounce buffer (a write of part of an aligned block reads, patches and writes the block, with
 * other writes held off meanwhile, as QEMU's request serialisation does); unsafe makes flush do
 * nothing. Read-only drives are opened O_RDONLY and refuse writes (EROFS). Discard punches holes
 * (fallocate PUNCH_HOLE|KEEP_SIZE) and is offered only with discard=unmap on a writable image
 * whose file system punches holes ({@link #discardSupported}). The image is locked as QEMU locks
 * it ({@link ImageLocks}) unless locking is off.
 *
 * <p>Threads: read, write, flush, discard and writeZeroes may be called from any number of I/O
 * threads at once; drain, drained and close are the control thread's (machine reset, migration,
 * quit). Every request is counted in flight from start to end ({@link InFlight}), so drain
 * returns only once every request started before it has finished, and close never closes the
 * descriptor under a running call.
 */
public final class BlockBackend implements AutoCloseable {
    private final HostIo io;
    private final int fd;
    private final String name;
    private final long size;
    private final boolean readOnly;
    private final CacheMode cache;
    /** O_DIRECT alignment of offsets, lengths and buffers; 1 without O_DIRECT. */
    private final int align;
    /** The format was probed: block 0 may not be made to look like another format (raw-format.c). */
    private final boolean guardBlock0;
    private final InFlight inFlight = new InFlight();
    /** O_DIRECT only: read-modify-write of a partial block holds every other write off. */
    private final ReentrantReadWriteLock rmw = new ReentrantReadWriteLock();
    private volatile boolean discard, zeroRange = true;
    /** The guest's view: writes may stay volatile until a flush. */
    private volatile boolean writeCache;
    /** errno of a failed fdatasync without O_DIRECT: every later flush fails (QEMU page_cache_inconsistent). */
    private volatile int flushFailed;
    private boolean closed;

    private BlockBackend(HostIo io, int fd, String name, long size, boolean readOnly, CacheMode cache, int align, boolean guardBlock0,
            boolean discard) {
        this.io = io;
        this.fd = fd;
        this.name = name;
        this.size = size;
        this.readOnly = readOnly;
        this.cache = cache;
        this.align = align;
        this.guardBlock0 = guardBlock0;
        this.discard = discard;
        this.writeCache = !cache.writethrough();
    }

    /**
     * Opens {@code spec}'s image as QEMU's raw_open_common does. Refusals are one message (the
     * lock conflict two lines, as QEMU's) prefixed with the option that named the drive;
     * {@code warn} gets QEMU's probing warning for an image given without format=.
     */
    public static BlockBackend open(DriveSpec spec, Consumer<String> warn) throws BlockIoException {
        return open(spec, warn, BlockLibc.HOST, false);
    }

    /**
     * {@link #open}, inactive when {@code inactive} (QEMU's BDRV_O_INACTIVE on a migration's
     * destination): the image is locked for reading only, sharing write with the source, until
     * {@link #activate}.
     */
    public static BlockBackend open(DriveSpec spec, Consumer<String> warn, boolean inactive) throws BlockIoException {
        return open(spec, warn, BlockLibc.HOST, inactive);
    }

    static BlockBackend open(DriveSpec spec, Consumer<String> warn, HostIo io) throws BlockIoException {
        return open(spec, warn, io, false);
    }

    static BlockBackend open(DriveSpec spec, Consumer<String> warn, HostIo io, boolean inactive) throws BlockIoException {
        String name = spec.file().toString();
        Path p = spec.file();
        if (Files.exists(p) && !Files.isRegularFile(p) && !isBlockDevice(p)) {
            throw new BlockIoException(BlockIoException.EINVAL, spec.origin() + ": 'file' driver requires '" + name + "' to be a regular file");
        }
        int fd;
        try {
            fd = io.open(name, (spec.readOnly() ? BlockLibc.O_RDONLY : BlockLibc.O_RDWR) | spec.cache().openFlags());
        } catch (BlockIoException e) { // error_setg_file_open
            throw new BlockIoException(e.errno(), spec.origin() + ": Could not open '" + name + "': " + BlockLibc.strerror(e.errno()));
        }
        try {
            if (spec.locking() && inactive) ImageLocks.acquireInactive(io, fd, name);
            else if (spec.locking()) ImageLocks.acquire(io, fd, !spec.readOnly(), name);
            long size = io.size(fd);
            int align = spec.cache().direct() ? DirectAlignment.probe(io, fd) : 1;
            boolean probed = !spec.formatGiven();
            if (probed) {
                String format = ImageFormat.probe(head(io, fd, size, align));
                if (format != null) throw new BlockIoException(BlockIoException.EINVAL, ImageFormat.refusal(format, name));
                warn.accept(ImageFormat.probedRawWarning(name));
            }
            boolean discard = spec.discard() && !spec.readOnly() && punchesHoles(io, fd, size, Files.isRegularFile(p));
            BlockBackend b = new BlockBackend(io, fd, name, size, spec.readOnly(), spec.cache(), align, probed, discard);
            b.locking = spec.locking();
            b.active = !inactive;
            return b;
        } catch (BlockIoException e) {
            try {
                io.close(fd);
            } catch (BlockIoException ignored) {
                // the refusal is what matters
            }
            throw new BlockIoException(e.errno(), spec.origin() + ": " + e.getMessage());
        }
    }

    private static boolean isBlockDevice(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode") & 0170000) == 0060000; // S_IFBLK
        } catch (Exception e) {
            return false;
        }
    }

    /** The first {@link ImageFormat#PROBE_SIZE} bytes (fewer in a smaller image), read as probing reads them. */
    private static byte[] head(HostIo io, int fd, long size, int align) throws BlockIoException {
        int n = (int) Math.min(size, ImageFormat.PROBE_SIZE);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(align, ImageFormat.PROBE_SIZE), DirectAlignment.MAX);
            long got = size == 0 ? 0 : io.pread(fd, buf.asSlice(0, Math.max(align, ImageFormat.PROBE_SIZE)), 0);
            return buf.asSlice(0, Math.min(n, got)).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /**
     * Whether hole punching works here: a punch past the end of a regular file (with KEEP_SIZE it
     * changes nothing) fails with EOPNOTSUPP where the file system cannot punch. A block device
     * is taken at its word until a discard fails (then discard is withdrawn, as QEMU clears
     * has_discard).
     */
    private static boolean punchesHoles(HostIo io, int fd, long size, boolean regular) {
        if (!regular) return true;
        try {
            io.fallocate(fd, BlockLibc.FALLOC_FL_PUNCH_HOLE | BlockLibc.FALLOC_FL_KEEP_SIZE, size, DirectAlignment.MAX);
            return true;
        } catch (BlockIoException e) {
            return false;
        }
    }

    /** Whether the image's lock bytes are taken (file.locking); set once at open. */
    private boolean locking;
    /** False on a migration's destination until the source handed the image over (guarded by this). */
    private boolean active = true;

    /**
     * Takes the image for writing (QEMU bdrv_activate on a migration's destination, or on the
     * source again when its migration failed): the write lock bytes, now that the other side
     * released them; on a conflict the drive stays inactive and the error is QEMU's two lines.
     */
    public synchronized void activate() throws BlockIoException {
        if (active) return;
        if (locking) {
            ImageLocks.release(io, fd);
            try {
                ImageLocks.acquire(io, fd, !readOnly, name);
            } catch (BlockIoException e) {
                ImageLocks.acquireInactive(io, fd, name);
                throw e;
            }
        }
        active = true;
    }

    /**
     * Hands the image over (QEMU bdrv_inactivate_all, a migration's source before its last device
     * state): drained and flushed, then only the inactive locks stay, so the destination can take
     * the write lock.
     */
    public synchronized void inactivate() throws BlockIoException {
        if (!active) return;
        drain();
        if (!readOnly) flush();
        if (locking) {
            ImageLocks.release(io, fd);
            ImageLocks.acquireInactive(io, fd, name);
        }
        active = false;
    }

    public synchronized boolean active() {
        return active;
    }

    /** The image's size in bytes. */
    public long size() {
        return size;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public CacheMode cache() {
        return cache;
    }

    /** The O_DIRECT alignment in bytes, 1 without O_DIRECT. */
    public int alignment() {
        return align;
    }

    /** Whether discard (and unmapping write-zeroes) punch holes: the device offers VIRTIO_BLK_F_DISCARD only then. */
    public boolean discardSupported() {
        return discard;
    }

    /** Requests started and not finished. */
    public int inFlight() {
        return inFlight.count();
    }

    public void read(long offset, byte[] b, int off, int len) throws BlockIoException {
        io(false, offset, MemorySegment.ofArray(b).asSlice(off, len));
    }

    public void write(long offset, byte[] b, int off, int len) throws BlockIoException {
        io(true, offset, MemorySegment.ofArray(b).asSlice(off, len));
    }

    /** Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst} (heap or direct) and advances its position. */
    public void read(long offset, ByteBuffer dst) throws BlockIoException {
        io(false, offset, MemorySegment.ofBuffer(dst));
        dst.position(dst.limit());
    }

    /** Writes {@code src.remaining()} bytes at {@code offset} and advances its position. */
    public void write(long offset, ByteBuffer src) throws BlockIoException {
        io(true, offset, MemorySegment.ofBuffer(src));
        src.position(src.limit());
    }

    /** Reads {@code dst.byteSize()} bytes at {@code offset} (guest RAM: a native segment goes to the host call as it is). */
    public void read(long offset, MemorySegment dst) throws BlockIoException {
        io(false, offset, dst);
    }

    public void write(long offset, MemorySegment src) throws BlockIoException {
        io(true, offset, src);
    }

    private void checkRange(String what, long offset, long len) throws BlockIoException {
        if (offset < 0 || len < 0 || offset > size - len) {
            throw new BlockIoException(BlockIoException.EINVAL,
                    String.format("%s of %d bytes at %d is outside the image (%d bytes)", what, len, offset, size));
        }
    }

    private void checkWritable(String what) throws BlockIoException {
        if (readOnly) throw new BlockIoException(BlockIoException.EROFS, what + " refused: the drive is read-only");
    }

    private void io(boolean write, long offset, MemorySegment buf) throws BlockIoException {
        if (write) checkWritable("write");
        checkRange(write ? "write" : "read", offset, buf.byteSize());
        if (buf.byteSize() == 0) return;
        inFlight.begin();
        try {
            if (write && guardBlock0 && offset < ImageFormat.PROBE_SIZE) checkBlock0(offset, buf);
            if (align > 1 && !aligned(offset, buf)) {
                bounceDirect(write, offset, buf);
            } else if (!buf.isNative()) {
                bounce(write, offset, buf);
            } else if (write && align > 1) {
                rmw.readLock().lock();
                try {
                    transfer(true, offset, buf);
                } finally {
                    rmw.readLock().unlock();
                }
            } else {
                transfer(write, offset, buf);
            }
            if (write && !writeCache && !cache.writethrough() && !cache.noFlush()) io.fdatasync(fd); // O_DSYNC did not
        } finally {
            inFlight.end();
        }
    }

    private boolean aligned(long offset, MemorySegment buf) {
        return buf.isNative() && offset % align == 0 && buf.byteSize() % align == 0 && buf.address() % align == 0;
    }

    /** pread/pwrite until done (file-posix.c handle_aiocb_rw_linear); a read past the end of the file reads zeros. */
    private void transfer(boolean write, long offset, MemorySegment buf) throws BlockIoException {
        long done = 0, len = buf.byteSize();
        while (done < len) {
            MemorySegment rest = buf.asSlice(done);
            long n = write ? io.pwrite(fd, rest, offset + done) : io.pread(fd, rest, offset + done);
            if (n == 0) {
                if (write) throw new BlockIoException(BlockIoException.EIO, "pwrite: wrote nothing at " + (offset + done));
                rest.fill((byte) 0);
                return;
            }
            done += n;
        }
    }

    /** A heap buffer through native memory (the host call takes native memory only). */
    private void bounce(boolean write, long offset, MemorySegment buf) throws BlockIoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment tmp = a.allocate(buf.byteSize(), DirectAlignment.MAX);
            if (write) tmp.copyFrom(buf);
            transfer(write, offset, tmp);
            if (!write) buf.copyFrom(tmp);
        }
    }

    /** O_DIRECT with an unaligned offset, length or buffer: the covering aligned blocks through an aligned buffer. */
    private void bounceDirect(boolean write, long offset, MemorySegment buf) throws BlockIoException {
        long start = offset - offset % align;
        long end = (offset + buf.byteSize() + align - 1) / align * align;
        boolean partial = write && (start != offset || end != offset + buf.byteSize());
        if (write && end > size && partial) {
            throw new BlockIoException(BlockIoException.EINVAL, "write at " + offset + ": the image's last " + (size % align)
                    + " bytes are not a whole block of the " + align + "-byte O_DIRECT alignment (cache=none)");
        }
        var lock = partial ? rmw.writeLock() : write ? rmw.readLock() : null;
        if (lock != null) lock.lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment tmp = a.allocate(end - start, align);
            if (!write || partial) transfer(false, start, tmp);
            MemorySegment window = tmp.asSlice(offset - start, buf.byteSize());
            if (write) {
                window.copyFrom(buf);
                transfer(true, start, tmp);
            } else {
                buf.copyFrom(window);
            }
        } finally {
            if (lock != null) lock.unlock();
        }
    }

    /**
     * A write reaching block 0 of a probed image may not make it look like another format
     * (block/raw-format.c raw_co_pwritev: -EPERM), so a guest cannot turn its raw disk into a
     * qcow2 header the host would follow next time.
     */
    private void checkBlock0(long offset, MemorySegment buf) throws BlockIoException {
        byte[] block0 = new byte[(int) Math.min(size, ImageFormat.PROBE_SIZE)];
        long n = Math.min(buf.byteSize(), block0.length - offset);
        if (offset > 0 || n < block0.length) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment cur = a.allocate(Math.max(align, ImageFormat.PROBE_SIZE), DirectAlignment.MAX); // past the end reads zeros
                transfer(false, 0, cur);
                MemorySegment.copy(cur, ValueLayout.JAVA_BYTE, 0, block0, 0, block0.length);
            }
        }
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, block0, (int) offset, (int) n);
        String format = ImageFormat.probe(block0);
        if (format != null) {
            throw new BlockIoException(BlockIoException.EPERM, "write to block 0 refused: it would make the image look like "
                    + format + " (its format was probed: give format=raw)");
        }
    }

    /**
     * Makes every completed write durable (file-posix.c handle_aiocb_flush: fdatasync); nothing
     * under cache=unsafe (QEMU cache.no-flush). After a failed fdatasync without O_DIRECT, every
     * later flush fails too: the page cache no longer says what reached the disk.
     */
    public void flush() throws BlockIoException {
        if (cache.noFlush()) return;
        inFlight.begin();
        try {
            int failed = flushFailed;
            if (failed != 0) throw new BlockIoException(failed, "fdatasync: " + BlockLibc.strerror(failed) + " (an earlier flush failed)");
            try {
                io.fdatasync(fd);
            } catch (BlockIoException e) {
                if (!cache.direct()) flushFailed = e.errno();
                throw e;
            }
        } finally {
            inFlight.end();
        }
    }

    /** Without a write cache, a request that did not go through the O_DSYNC descriptor (fallocate) is made durable before it completes. */
    private void syncIfWritethrough() throws BlockIoException {
        if ((cache.writethrough() || !writeCache) && !cache.noFlush()) io.fdatasync(fd);
    }

    /** Whether the guest sees a volatile write cache (virtio-blk's writeback config field): off under writethrough and directsync. */
    public boolean writeCache() {
        return writeCache;
    }

    /**
     * The guest turns its drive's write cache on or off (virtio-blk VIRTIO_BLK_F_CONFIG_WCE; QEMU
     * blk_set_enable_write_cache, which then adds a flush to every write). Off: each write is made
     * durable before it completes, by fdatasync unless the descriptor is O_DSYNC already. On for a
     * drive opened writethrough: writes stay O_DSYNC (durable sooner than the guest needs; Linux
     * cannot clear O_DSYNC on an open descriptor).
     */
    public void setWriteCache(boolean on) {
        writeCache = on;
    }

    /**
     * Deallocates {@code len} bytes at {@code offset}: they read as zeros afterwards
     * (fallocate PUNCH_HOLE|KEEP_SIZE, file-posix.c handle_aiocb_discard). ENOTSUP when the drive
     * does not offer discard.
     */
    public void discard(long offset, long len) throws BlockIoException {
        checkWritable("discard");
        if (!discard) throw new BlockIoException(BlockIoException.ENOTSUP, "discard is not offered on this drive (discard=unmap on a file system that punches holes)");
        checkRange("discard", offset, len);
        if (len == 0) return;
        inFlight.begin();
        try {
            punch(offset, len);
            syncIfWritethrough();
        } finally {
            inFlight.end();
        }
    }

    private void punch(long offset, long len) throws BlockIoException {
        try {
            io.fallocate(fd, BlockLibc.FALLOC_FL_PUNCH_HOLE | BlockLibc.FALLOC_FL_KEEP_SIZE, offset, len);
        } catch (BlockIoException e) {
            if (e.errno() == BlockIoException.ENOTSUP) discard = false;
            throw e;
        }
    }

    /**
     * Makes {@code len} bytes at {@code offset} read as zeros (virtio-blk WRITE_ZEROES; QEMU
     * handle_aiocb_write_zeroes): a punched hole when {@code mayUnmap} and discard is offered,
     * else fallocate ZERO_RANGE where the file system has it, else written zeros.
     */
    public void writeZeroes(long offset, long len, boolean mayUnmap) throws BlockIoException {
        checkWritable("write-zeroes");
        checkRange("write-zeroes", offset, len);
        if (len == 0) return;
        if (guardBlock0 && offset < ImageFormat.PROBE_SIZE) { // zeros never look like another format, but go the checked way
            writeZeroBuffers(offset, len);
            return;
        }
        inFlight.begin();
        try {
            if (mayUnmap && discard) {
                punch(offset, len);
                syncIfWritethrough();
                return;
            }
            if (zeroRange) {
                try {
                    io.fallocate(fd, BlockLibc.FALLOC_FL_ZERO_RANGE | BlockLibc.FALLOC_FL_KEEP_SIZE, offset, len);
                    syncIfWritethrough();
                    return;
                } catch (BlockIoException e) {
                    if (e.errno() != BlockIoException.ENOTSUP) throw e;
                    zeroRange = false;
                }
            }
        } finally {
            inFlight.end();
        }
        writeZeroBuffers(offset, len);
    }

    private void writeZeroBuffers(long offset, long len) throws BlockIoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment zeros = a.allocate(Math.min(len, 1 << 20), DirectAlignment.MAX); // allocate() zero-fills
            for (long done = 0; done < len; done += zeros.byteSize()) {
                io(true, offset + done, zeros.asSlice(0, Math.min(zeros.byteSize(), len - done)));
            }
        }
    }

    /** Waits until every request started so far has finished (control thread: reset, migration, quit). */
    public void drain() {
        inFlight.drain();
    }

    /** A drained section (QEMU bdrv_drained_begin/end): requests starting before it is closed wait for its end. */
    public Drained drained() {
        inFlight.drainedBegin();
        return inFlight::drainedEnd;
    }

    /** Ends a drained section; closing it again is a bug. */
    @FunctionalInterface
    public interface Drained extends AutoCloseable {
        @Override
        void close();
    }

    /** Drains, then closes the descriptor (which drops the image locks). Later requests fail with EBADF. */
    @Override
    public void close() throws BlockIoException {
        inFlight.close();
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        io.close(fd);
    }

    /** The descriptor, for tests reading /proc/self/fdinfo. */
    int fd() {
        return fd;
    }

    @Override
    public String toString() {
        return name + " (raw" + (readOnly ? ", read-only" : "") + ", " + cache.describe() + ")";
    }
}
