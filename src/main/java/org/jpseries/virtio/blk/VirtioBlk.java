package org.jpseries.virtio.blk;

import static org.jpseries.virtio.Virtio.bit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.virtio.VirtQueue;
import org.jpseries.virtio.VirtQueueElement;
import org.jpseries.virtio.Virtio;
import org.jpseries.virtio.VirtioDevice;
import org.jpseries.virtio.VirtioError;

/**
 * virtio-blk (virtio 1.2 §5.2; QEMU hw/block/virtio-blk.c) with QEMU 7.2's defaults for a raw
 * file: one queue of 256, 512-byte blocks, seg_max 254, the guessed geometry, write cache on
 * (FLUSH, CONFIG_WCE), DISCARD and WRITE_ZEROES when the backend can, RO for a read-only one.
 * Requests IN, OUT, FLUSH, GET_ID, DISCARD and WRITE_ZEROES run on the I/O thread without the
 * lock; the status byte is written after the data, then the buffer is used.
 */
public final class VirtioBlk extends VirtioDevice {
    /** Feature bits (§5.2.3). */
    public static final int F_SIZE_MAX = 1, F_SEG_MAX = 2, F_GEOMETRY = 4, F_RO = 5, F_BLK_SIZE = 6, F_FLUSH = 9,
            F_TOPOLOGY = 10, F_CONFIG_WCE = 11, F_DISCARD = 13, F_WRITE_ZEROES = 14;
    /** Request types (§5.2.6). */
    public static final int T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11, T_WRITE_ZEROES = 13;
    public static final int T_BARRIER = 0x80000000;
    /** Status values. */
    public static final int S_OK = 0, S_IOERR = 1, S_UNSUPP = 2;
    /** VIRTIO_BLK_ID_BYTES. */
    public static final int ID_BYTES = 20;
    public static final int SECTOR = 512;
    /** QEMU's queue-size, max-discard-sectors and max-write-zeroes-sectors defaults. */
    public static final int QUEUE_SIZE = 256, MAX_DISCARD_SECTORS = 0x3fffff, MAX_WRITE_ZEROES_SECTORS = 0x3fffff;
    /** struct virtio_blk_config's ends: without discard, with discard, with write-zeroes (QEMU virtio_blk_cfg_size_params). */
    static final int CONFIG_BASE = 36, CONFIG_DISCARD = 48, CONFIG_WRITE_ZEROES = 57;

    @Role(kind = Role.Kind.WIRING, why = "the host block backend")
    private final BlkBackend backend;
    @Role(kind = Role.Kind.CONFIG, why = "serial=, fixed at creation")
    private final String serial;
    @Role(kind = Role.Kind.CONFIG, why = "the geometry guessed at creation")
    private final BlkGeometry geometry;
    @Role(kind = Role.Kind.STATE, value = "wce")
    private boolean writeCache;

    /** @param serial QEMU's serial= ("" when not given), at most 20 bytes reach the guest */
    public VirtioBlk(BlkBackend backend, String serial) {
        this(backend, serial, false);
    }

    /** @param iommuPlatform QEMU's iommu_platform=on (needs disable-legacy=on on the transport) */
    public VirtioBlk(BlkBackend backend, String serial, boolean iommuPlatform) {
        super("blk", Virtio.ID_BLOCK, features(backend), iommuPlatform, QUEUE_SIZE);
        this.backend = backend;
        this.serial = serial == null ? "" : serial;
        this.geometry = BlkGeometry.guess(backend);
        this.writeCache = backend.writeCache();
    }

    /** virtio_blk_get_features for a modern-capable device. */
    static long features(BlkBackend b) {
        long f = bit(F_SEG_MAX) | bit(F_GEOMETRY) | bit(F_BLK_SIZE) | bit(F_TOPOLOGY) | bit(F_CONFIG_WCE);
        f |= bit(F_FLUSH); // VIRTIO_BLK_F_WCE: a write cache, or x-enable-wce-if-config-wce with CONFIG_WCE offered
        if (b.readOnly()) f |= bit(F_RO);
        if (b.canDiscard()) f |= bit(F_DISCARD);
        if (b.canWriteZeroes()) f |= bit(F_WRITE_ZEROES);
        return f;
    }

    @Override
    public int configSize() {
        if (Virtio.has(hostFeatures(), F_WRITE_ZEROES)) return CONFIG_WRITE_ZEROES;
        return Virtio.has(hostFeatures(), F_DISCARD) ? CONFIG_DISCARD : CONFIG_BASE;
    }

    /** virtio_blk_update_config. */
    @Override
    protected void fillConfig(ByteBuffer c) {
        c.putLong(0, backend.size() / SECTOR);
        c.putInt(8, 0); // size_max
        c.putInt(12, QUEUE_SIZE - 2); // seg_max (seg-max-adjust)
        c.putShort(16, (short) geometry.cylinders());
        c.put(18, (byte) geometry.heads());
        c.put(19, (byte) geometry.sectors());
        c.putInt(20, SECTOR); // blk_size
        c.put(24, (byte) 0); // physical_block_exp
        c.put(25, (byte) 0); // alignment_offset
        c.putShort(26, (short) 0); // min_io_size
        c.putInt(28, 0); // opt_io_size
        c.put(32, (byte) (writeCache ? 1 : 0));
        c.putShort(34, (short) 1); // num_queues
        if (Virtio.has(hostFeatures(), F_DISCARD)) {
            c.putInt(36, MAX_DISCARD_SECTORS);
            c.putInt(40, 1); // max_discard_seg
            c.putInt(44, 1); // discard_sector_alignment: the block size in sectors
        }
        if (Virtio.has(hostFeatures(), F_WRITE_ZEROES)) {
            c.putInt(48, MAX_WRITE_ZEROES_SECTORS);
            c.putInt(52, 1); // max_write_zeroes_seg
            c.put(56, (byte) 1); // write_zeroes_may_unmap
        }
    }

    /** virtio_blk_set_config: only wce is the driver's. */
    @Override
    protected void configWritten(ByteBuffer cfg) {
        writeCache = cfg.get(32) != 0;
    }

    @Override
    protected void resetDevice() {
        writeCache = backend.writeCache();
    }

    /** virtio_blk_handle_vq / virtio_blk_handle_request. */
    @Override
    protected void handleQueue(VirtQueue q) throws VirtioError {
        drainQueue(q, e -> {
            request(q, e);
            return true;
        });
    }

    private void request(VirtQueue q, VirtQueueElement e) throws VirtioError {
        if (e.outCount() < 1 || e.inCount() < 1) throw new VirtioError("virtio-blk missing headers");
        ByteBuffer hdr = ByteBuffer.allocate(16).order(dataOrder());
        if (e.readOut(0, hdr) != 16) throw new VirtioError("virtio-blk request outhdr too short");
        if (e.inSegmentLength(e.inCount() - 1) < 1) throw new VirtioError("virtio-blk request inhdr too short");
        int type = hdr.getInt(0) & ~T_BARRIER;
        long sector = hdr.getLong(8);
        long inLen = e.inSize();
        long dataIn = inLen - 1; // the status byte is the last byte written
        switch (type) {
            case T_IN, T_OUT -> {
                boolean write = type == T_OUT;
                long bytes = write ? e.outSize() - 16 : dataIn;
                if (!rangeOk(sector, bytes)) {
                    finish(q, e, inLen, S_IOERR);
                    return;
                }
                deferIo(() -> {
                    int st = write ? doWrite(e, sector * SECTOR, bytes) : doRead(e, sector * SECTOR, bytes);
                    return () -> finish(q, e, inLen, st);
                });
            }
            case T_FLUSH -> deferIo(() -> {
                int st = S_OK;
                try {
                    backend.flush();
                } catch (IOException x) {
                    st = S_IOERR;
                }
                int fst = st;
                return () -> finish(q, e, inLen, fst);
            });
            case T_GET_ID -> {
                byte[] id = serial.getBytes(StandardCharsets.UTF_8);
                int n = (int) Math.min(id.length + 1L, Math.min(dataIn, ID_BYTES));
                byte[] buf = java.util.Arrays.copyOf(id, n); // the serial and its NUL, cut to the buffer and 20 bytes
                if (e.writeIn(0, ByteBuffer.wrap(buf)) < 0) throw new VirtioError("virtio: bogus descriptor or out of resources");
                finish(q, e, inLen, S_OK);
            }
            case T_DISCARD, T_WRITE_ZEROES -> discardOrZero(q, e, inLen, type == T_WRITE_ZEROES);
            default -> finish(q, e, inLen, S_UNSUPP);
        }
    }

    /** virtio_blk_sect_range_ok: whole sectors inside the disk. */
    private boolean rangeOk(long sector, long bytes) {
        long total = backend.size() / SECTOR;
        if (bytes % SECTOR != 0 || sector < 0) return false;
        return Long.compareUnsigned(sector, total) <= 0 && bytes / SECTOR <= total - sector;
    }

    /** virtio_blk_handle_discard_write_zeroes: one segment of {le64 sector, le32 num_sectors, le32 flags}. */
    private void discardOrZero(VirtQueue q, VirtQueueElement e, long inLen, boolean zeroes) throws VirtioError {
        if (!Virtio.has(hostFeatures(), zeroes ? F_WRITE_ZEROES : F_DISCARD) || e.outSize() - 16 != 16) {
            finish(q, e, inLen, S_UNSUPP);
            return;
        }
        ByteBuffer seg = ByteBuffer.allocate(16).order(dataOrder());
        if (e.readOut(16, seg) != 16) throw new VirtioError("virtio: bogus descriptor or out of resources");
        long sector = seg.getLong(0);
        long count = seg.getInt(8) & 0xffffffffL;
        int flags = seg.getInt(12);
        boolean unmap = (flags & 1) != 0;
        if (zeroes ? (flags & ~1) != 0 : flags != 0) {
            finish(q, e, inLen, S_UNSUPP);
            return;
        }
        if (count > (zeroes ? MAX_WRITE_ZEROES_SECTORS : MAX_DISCARD_SECTORS) || !rangeOk(sector, count * SECTOR) || backend.readOnly()) {
            finish(q, e, inLen, S_IOERR);
            return;
        }
        deferIo(() -> {
            int st = S_OK;
            try {
                if (zeroes) backend.writeZeroes(sector * SECTOR, count * SECTOR, unmap);
                else backend.discard(sector * SECTOR, count * SECTOR);
            } catch (IOException x) {
                st = S_IOERR;
            }
            int fst = st;
            return () -> finish(q, e, inLen, fst);
        });
    }

    private static final int CHUNK = 1 << 16;

    /** The read on the I/O thread: backend into guest memory, chunk by chunk. */
    private int doRead(VirtQueueElement e, long offset, long bytes) {
        try {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(bytes, 1)));
            for (long done = 0; done < bytes; ) {
                int n = (int) Math.min(b.capacity(), bytes - done);
                b.clear().limit(n);
                backend.read(offset + done, b);
                b.flip();
                if (e.writeIn(done, b) != n) return S_IOERR;
                done += n;
            }
            return S_OK;
        } catch (IOException x) {
            return S_IOERR;
        }
    }

    /** The write on the I/O thread: guest memory into the backend; a write-through cache flushes after it. */
    private int doWrite(VirtQueueElement e, long offset, long bytes) {
        if (backend.readOnly()) return S_IOERR; // QEMU: EACCES, reported (werror=report)
        try {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(bytes, 1)));
            for (long done = 0; done < bytes; ) {
                int n = (int) Math.min(b.capacity(), bytes - done);
                b.clear().limit(n);
                if (e.readOut(16 + done, b) != n) return S_IOERR;
                b.flip();
                backend.write(offset + done, b);
                done += n;
            }
            if (!writeCacheNow()) backend.flush();
            return S_OK;
        } catch (IOException x) {
            return S_IOERR;
        }
    }

    private boolean writeCacheNow() {
        synchronized (lock) {
            return writeCache;
        }
    }

    /** virtio_blk_req_complete: the status byte last in the buffer, then used with the whole in length. */
    private void finish(VirtQueue q, VirtQueueElement e, long inLen, int status) throws VirtioError {
        ByteBuffer s = ByteBuffer.wrap(new byte[] {(byte) status});
        if (e.writeIn(inLen - 1, s) != 1) throw new VirtioError("virtio: bogus descriptor or out of resources");
        q.push(e, inLen);
        notifyQueue(q);
    }

    @Override
    protected void saveDevice(Section d) {
        d.bool("wce", writeCache);
    }

    @Override
    protected Runnable loadDevice(Section d, String where) throws StateException {
        boolean w = d.bool("wce");
        return () -> writeCache = w;
    }

    /** Used by tests and the monitor: the serial the guest reads. */
    public String serial() {
        return serial;
    }
}
