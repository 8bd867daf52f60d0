package org.jpseries.user;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * statfs(2) of the host file system holding a path, through the C library. The host's 64-bit
 * {@code struct statfs} (f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree,
 * f_fsid[2], f_namelen, f_frsize, f_flags, f_spare[4]) has the same fields and sizes as
 * powerpc64's (asm-generic/statfs.h with 64-bit words), so each field is copied across.
 */
final class HostStatfs {
    private HostStatfs() {}

    static final int SIZE = 120;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final class Native {
        static final MethodHandle STATFS;

        static {
            Linker l = Linker.nativeLinker();
            STATFS = l.downcallHandle(l.defaultLookup().find("statfs").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                    Linker.Option.captureCallState("errno"));
        }
    }

    static void statfs(Path p, GuestMemory m, long buf) throws SyscallError {
        m.checkWritable(buf, SIZE);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment path = a.allocateFrom(p.toString());
            MemorySegment out = a.allocate(SIZE);
            int r = (int) Native.STATFS.invokeExact(st, path, out);
            if (r < 0) throw new SyscallError((int) ERRNO.get(st, 0L));
            for (int off = 0; off < SIZE; off += 8) {
                if (off == 56) { // f_fsid: two ints
                    m.put32(buf + 56, out.get(ValueLayout.JAVA_INT, 56));
                    m.put32(buf + 60, out.get(ValueLayout.JAVA_INT, 60));
                } else {
                    m.put64(buf + off, out.get(ValueLayout.JAVA_LONG, off));
                }
            }
        } catch (SyscallError e) {
            throw e;
        } catch (Throwable t) {
            throw new SyscallError(Errno.ENOSYS);
        }
    }
}
