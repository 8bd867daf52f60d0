package org.jpseries.block;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import org.jpseries.host.Downcalls;

/**
 * The C library calls of an image file, bound through {@link Downcalls} as
 * {@code org.jpseries.host.Libc} binds its own: errno is captured by the linker at the call and
 * every failure is a {@link BlockIoException} "call: strerror". Buffers must be native segments
 * ({@link BlockBackend} copies heap ones through native memory). Constants are Linux's
 * (include/uapi/asm-generic/fcntl.h, linux/falloc.h); O_DIRECT is the one flag whose value
 * differs between the hosts the JDK runs on (x86-64, arm64, ppc64le).
 */
final class BlockLibc implements HostIo {
    static final BlockLibc HOST = new BlockLibc();

    static final int O_RDONLY = 0, O_RDWR = 2, O_DSYNC = 0x1000, O_CLOEXEC = 0x80000;
    static final int O_DIRECT = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
        case "aarch64", "arm64" -> 0x10000; // arch/arm64/include/uapi/asm/fcntl.h
        case "ppc64", "ppc64le" -> 0x20000; // arch/powerpc/include/uapi/asm/fcntl.h
        default -> 0x4000; // asm-generic (x86-64)
    };
    static final int FALLOC_FL_KEEP_SIZE = 1, FALLOC_FL_PUNCH_HOLE = 2, FALLOC_FL_ZERO_RANGE = 0x10;
    static final int F_OFD_GETLK = 36, F_OFD_SETLK = 37;
    static final short F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
    static final int SEEK_SET = 0, SEEK_END = 2;
    /** struct flock on LP64 Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid. */
    private static final int FLOCK_SIZE = 32, L_TYPE = 0, L_WHENCE = 2, L_START = 8, L_LEN = 16;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle OPEN = Downcalls.errnoCall("open", FunctionDescriptor.of(I, P, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = Downcalls.errnoCall("close", FunctionDescriptor.of(I, I));
    private static final MethodHandle LSEEK = Downcalls.errnoCall("lseek", FunctionDescriptor.of(L, I, L, I));
    private static final MethodHandle PREAD = Downcalls.errnoCall("pread", FunctionDescriptor.of(L, I, P, L, L));
    private static final MethodHandle PWRITE = Downcalls.errnoCall("pwrite", FunctionDescriptor.of(L, I, P, L, L));
    private static final MethodHandle FDATASYNC = Downcalls.errnoCall("fdatasync", FunctionDescriptor.of(I, I));
    private static final MethodHandle FALLOCATE = Downcalls.errnoCall("fallocate", FunctionDescriptor.of(I, I, I, L, L));
    private static final MethodHandle FCNTL_PTR = Downcalls.errnoCall("fcntl", FunctionDescriptor.of(I, I, I, P), Linker.Option.firstVariadicArg(2));
    private BlockLibc() {}

    /** strerror(3)'s text for {@code errno}. */
    static String strerror(int errno) {
        return Downcalls.strerror(errno);
    }

    private static long check(String what, long r, MemorySegment st) throws BlockIoException {
        if (r < 0) {
            int errno = Downcalls.errno(st);
            throw new BlockIoException(errno, what + ": " + strerror(errno));
        }
        return r;
    }

    private static RuntimeException bug(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    @Override
    public int open(String path, int flags) throws BlockIoException {
        MemorySegment st = Downcalls.callState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocateFrom(path);
            while (true) {
                try {
                    return (int) check("open", (int) OPEN.invokeExact(st, p, flags | O_CLOEXEC, 0), st);
                } catch (BlockIoException e) {
                    if (e.errno() != BlockIoException.EINTR) throw e;
                }
            }
        } catch (BlockIoException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    @Override
    public void close(int fd) throws BlockIoException {
        MemorySegment st = Downcalls.callState();
        try {
            check("close", (int) CLOSE.invokeExact(st, fd), st); // Linux releases fd even on failure: never retried
        } catch (BlockIoException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    @Override
    public long size(int fd) throws BlockIoException {
        MemorySegment st = Downcalls.callState();
        try {
            return check("lseek", (long) LSEEK.invokeExact(st, fd, 0L, SEEK_END), st);
        } catch (BlockIoException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    @Override
    public long pread(int fd, MemorySegment buf, long offset) throws BlockIoException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                return check("pread", (long) PREAD.invokeExact(st, fd, buf, buf.byteSize(), offset), st);
            } catch (BlockIoException e) {
                if (e.errno() != BlockIoException.EINTR) throw e;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    @Override
    public long pwrite(int fd, MemorySegment buf, long offset) throws BlockIoException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                return check("pwrite", (long) PWRITE.invokeExact(st, fd, buf, buf.byteSize(), offset), st);
            } catch (BlockIoException e) {
                if (e.errno() != BlockIoException.EINTR) throw e;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    @Override
    public void fdatasync(int fd) throws BlockIoException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                check("fdatasync", (int) FDATASYNC.invokeExact(st, fd), st);
                return;
            } catch (BlockIoException e) {
                if (e.errno() != BlockIoException.EINTR) throw e;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    @Override
    public void fallocate(int fd, int mode, long offset, long length) throws BlockIoException {
        MemorySegment st = Downcalls.callState();
        while (true) {
            try {
                check("fallocate", (int) FALLOCATE.invokeExact(st, fd, mode, offset, length), st);
                return;
            } catch (BlockIoException e) {
                if (e.errno() != BlockIoException.EINTR) throw e;
            } catch (Throwable t) {
                throw bug(t);
            }
        }
    }

    private static int flock(int fd, int cmd, MemorySegment fl, String what) throws BlockIoException {
        MemorySegment st = Downcalls.callState();
        try {
            return (int) check(what, (int) FCNTL_PTR.invokeExact(st, fd, cmd, fl), st);
        } catch (BlockIoException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(t);
        }
    }

    private static MemorySegment flockStruct(Arena a, short type, long start, long len) {
        MemorySegment fl = a.allocate(FLOCK_SIZE, 8);
        fl.set(ValueLayout.JAVA_SHORT, L_TYPE, type);
        fl.set(ValueLayout.JAVA_SHORT, L_WHENCE, (short) SEEK_SET);
        fl.set(L, L_START, start);
        fl.set(L, L_LEN, len);
        return fl;
    }

    @Override
    public void ofdSetLock(int fd, short type, long start, long len) throws BlockIoException {
        try (Arena a = Arena.ofConfined()) {
            flock(fd, F_OFD_SETLK, flockStruct(a, type, start, len), "fcntl(F_OFD_SETLK)");
        }
    }

    @Override
    public boolean ofdConflict(int fd, short type, long start, long len) throws BlockIoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fl = flockStruct(a, type, start, len);
            flock(fd, F_OFD_GETLK, fl, "fcntl(F_OFD_GETLK)");
            return fl.get(ValueLayout.JAVA_SHORT, L_TYPE) != F_UNLCK;
        }
    }
}
