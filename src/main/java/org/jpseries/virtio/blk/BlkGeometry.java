package org.jpseries.virtio.blk;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The disk geometry QEMU reports for a virtio-blk without cyls/heads/secs (hw/block/hd-geometry.c
 * hd_geometry_guess): from the first MBR partition with a usable end CHS when that gives at most
 * 16 heads (guess_disk_lchs), else 16 heads of 63 sectors and as many cylinders as fit, 2..16383
 * (guess_chs_for_size).
 */
public record BlkGeometry(int cylinders, int heads, int sectors) {
    static final int SECTOR = 512;

    public static BlkGeometry guess(BlkBackend b) {
        long total = b.size() / SECTOR;
        BlkGeometry lchs = fromMbr(b, total);
        if (lchs != null && lchs.heads <= 16) return lchs;
        long c = total / (16 * 63);
        return new BlkGeometry((int) Math.max(2, Math.min(16383, c)), 16, 63);
    }

    private static BlkGeometry fromMbr(BlkBackend b, long total) {
        if (total < 1) return null;
        ByteBuffer s = ByteBuffer.allocate(SECTOR);
        try {
            b.read(0, s);
        } catch (IOException e) {
            return null;
        }
        byte[] m = s.array();
        if ((m[510] & 0xff) != 0x55 || (m[511] & 0xff) != 0xaa) return null;
        for (int i = 0; i < 4; i++) {
            int p = 0x1be + 16 * i;
            long nrSects = (m[p + 12] & 0xff) | (m[p + 13] & 0xff) << 8 | (m[p + 14] & 0xff) << 16 | (long) (m[p + 15] & 0xff) << 24;
            int endHead = m[p + 5] & 0xff;
            if (nrSects == 0 || endHead == 0) continue;
            int heads = endHead + 1;
            int sectors = m[p + 6] & 63;
            if (sectors == 0) continue;
            long cyls = total / ((long) heads * sectors);
            if (cyls < 1 || cyls > 16383) continue;
            return new BlkGeometry((int) cyls, heads, sectors);
        }
        return null;
    }
}
