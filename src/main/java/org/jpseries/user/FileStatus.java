package org.jpseries.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What stat(2) reports about a file, read from the host through the "unix" attribute view, and
 * its layouts in guest memory: the ppc64 {@code struct stat} (arch/powerpc/include/uapi/asm/stat.h,
 * 144 bytes, st_nlink before st_mode) and {@code struct statx} (include/uapi/linux/stat.h).
 */
public record FileStatus(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size,
                         long blksize, long blocks, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec,
                         long ctimeSec, int ctimeNsec) {
    public static final int S_IFMT = 0170000, S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFDIR = 0040000,
            S_IFREG = 0100000, S_IFLNK = 0120000, S_IFSOCK = 0140000, S_IFBLK = 0060000;

    public static FileStatus of(Path p, boolean follow) throws IOException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,mode,nlink,uid,gid,rdev,size,lastAccessTime,lastModifiedTime,ctime", opts);
        long size = (Long) a.get("size");
        int mode = (Integer) a.get("mode");
        Instant at = ((FileTime) a.get("lastAccessTime")).toInstant();
        Instant mt = ((FileTime) a.get("lastModifiedTime")).toInstant();
        Instant ct = ((FileTime) a.get("ctime")).toInstant();
        // The attribute view has no st_blocks: count whole 4 KiB blocks as ext4 and tmpfs allocate them.
        long blocks = (mode & S_IFMT) == S_IFREG || (mode & S_IFMT) == S_IFDIR ? ((size + 4095) / 4096) * 8 : 0;
        return new FileStatus((Long) a.get("dev"), (Long) a.get("ino"), mode, (Integer) a.get("nlink"),
                (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("rdev"), size, 4096, blocks,
                at.getEpochSecond(), at.getNano(), mt.getEpochSecond(), mt.getNano(), ct.getEpochSecond(), ct.getNano());
    }

    /** An anonymous pipe (or a JVM stream with no host file behind it). */
    public static FileStatus fifo() {
        long now = System.currentTimeMillis() / 1000;
        return new FileStatus(0xc, 1, S_IFIFO | 0600, 1, LinuxUser.hostUid(), LinuxUser.hostGid(), 0, 0, 4096, 0,
                now, 0, now, 0, now, 0);
    }

    public int type() {
        return mode & S_IFMT;
    }

    /** Writes the ppc64 struct stat (144 bytes). */
    public void writeStat(GuestMemory m, long a) {
        m.checkWritable(a, 144);
        m.put64(a, dev);
        m.put64(a + 8, ino);
        m.put64(a + 16, nlink);
        m.put32(a + 24, mode);
        m.put32(a + 28, uid);
        m.put32(a + 32, gid);
        m.put32(a + 36, 0);
        m.put64(a + 40, rdev);
        m.put64(a + 48, size);
        m.put64(a + 56, blksize);
        m.put64(a + 64, blocks);
        m.put64(a + 72, atimeSec);
        m.put64(a + 80, atimeNsec);
        m.put64(a + 88, mtimeSec);
        m.put64(a + 96, mtimeNsec);
        m.put64(a + 104, ctimeSec);
        m.put64(a + 112, ctimeNsec);
        m.put64(a + 120, 0);
        m.put64(a + 128, 0);
        m.put64(a + 136, 0);
    }

    public static final int STATX_BASIC_STATS = 0x7ff;

    /** Writes struct statx (256 bytes) with the basic fields. */
    public void writeStatx(GuestMemory m, long a) {
        m.checkWritable(a, 256);
        m.zero(a, 256);
        m.put32(a, STATX_BASIC_STATS);
        m.put32(a + 4, (int) blksize);
        m.put32(a + 16, (int) nlink);
        m.put32(a + 20, uid);
        m.put32(a + 24, gid);
        m.put16(a + 28, mode);
        m.put64(a + 32, ino);
        m.put64(a + 40, size);
        m.put64(a + 48, blocks);
        timestamp(m, a + 64, atimeSec, atimeNsec);
        timestamp(m, a + 96, ctimeSec, ctimeNsec);
        timestamp(m, a + 112, mtimeSec, mtimeNsec);
        m.put32(a + 128, major(rdev));
        m.put32(a + 132, minor(rdev));
        m.put32(a + 136, major(dev));
        m.put32(a + 140, minor(dev));
    }

    private static void timestamp(GuestMemory m, long a, long sec, int nsec) {
        m.put64(a, sec);
        m.put32(a + 8, nsec);
    }

    /** Linux's new_encode_dev split (include/linux/kdev_t.h). */
    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }
}
