package org.jpseries.user;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open directory: getdents64 lists ".", ".." and then the entries in the host's readdir
 * order, with inode numbers and d_type from lstat. The listing is taken at the first read (and
 * again after a seek to 0), as a snapshot.
 */
public final class DirectoryFile extends OpenFile {
    public static final int DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8,
            DT_LNK = 10, DT_SOCK = 12;

    private final Path path;
    private List<String> names;
    private int pos;

    public DirectoryFile(Path path, int flags) {
        super(flags);
        this.path = path;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public int read(byte[] b, int off, int len) throws SyscallError {
        throw new SyscallError(Errno.EISDIR);
    }

    @Override
    public int write(byte[] b, int off, int len) throws SyscallError {
        throw new SyscallError(Errno.EBADF);
    }

    @Override
    public long seek(long offset, int whence) throws SyscallError {
        if (whence == 0 && offset >= 0) {
            pos = (int) Math.min(offset, Integer.MAX_VALUE);
            if (offset == 0) names = null;
            return pos;
        }
        if (whence == 1 && offset == 0) return pos;
        throw new SyscallError(Errno.EINVAL);
    }

    /** Fills {@code out} with linux_dirent64 records in the guest byte order; returns the bytes used. */
    public int getdents64(byte[] out, boolean littleEndian) throws IOException, SyscallError {
        if (names == null) {
            names = new ArrayList<>();
            names.add(".");
            names.add("..");
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                for (Path p : ds) names.add(p.getFileName().toString());
            }
        }
        int used = 0;
        while (pos < names.size()) {
            String name = names.get(pos);
            byte[] nb = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int reclen = (19 + nb.length + 1 + 7) & ~7;
            if (used + reclen > out.length) {
                if (used == 0) throw new SyscallError(Errno.EINVAL);
                break;
            }
            long ino = 0;
            int type = DT_UNKNOWN;
            try {
                FileStatus st = FileStatus.of(path.resolve(name), false);
                ino = st.ino();
                type = switch (st.type()) {
                    case FileStatus.S_IFDIR -> DT_DIR;
                    case FileStatus.S_IFREG -> DT_REG;
                    case FileStatus.S_IFLNK -> DT_LNK;
                    case FileStatus.S_IFCHR -> DT_CHR;
                    case FileStatus.S_IFBLK -> DT_BLK;
                    case FileStatus.S_IFIFO -> DT_FIFO;
                    case FileStatus.S_IFSOCK -> DT_SOCK;
                    default -> DT_UNKNOWN;
                };
            } catch (IOException e) {
                // vanished since the listing: report it without type
            }
            putLong(out, used, ino, littleEndian);
            putLong(out, used + 8, pos + 1, littleEndian);
            out[used + 16] = (byte) (littleEndian ? reclen : reclen >> 8);
            out[used + 17] = (byte) (littleEndian ? reclen >> 8 : reclen);
            out[used + 18] = (byte) type;
            System.arraycopy(nb, 0, out, used + 19, nb.length);
            for (int i = used + 19 + nb.length; i < used + reclen; i++) out[i] = 0;
            used += reclen;
            pos++;
        }
        return used;
    }

    private static void putLong(byte[] b, int o, long v, boolean le) {
        for (int i = 0; i < 8; i++) b[o + i] = (byte) (le ? v >>> (8 * i) : v >>> (8 * (7 - i)));
    }
}
