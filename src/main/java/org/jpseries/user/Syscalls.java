package org.jpseries.user;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jpseries.cpu.Cpu;

/**
 * Linux system calls for ppc64 (numbers from arch/powerpc/kernel/syscalls/syscall.tbl), served
 * from the host. Unknown calls return -ENOSYS.
 */
public final class Syscalls {
    public static final int ENOENT = 2, EBADF = 9, ENOMEM = 12, EFAULT = 14, EINVAL = 22, ENOSYS = 38;

    public static final int NR_EXIT = 1, NR_READ = 3, NR_WRITE = 4, NR_EXIT_GROUP = 234;

    private final InputStream stdin;
    private final OutputStream stdout, stderr;
    public boolean strace;

    public Syscalls(InputStream stdin, OutputStream stdout, OutputStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public long dispatch(Cpu cpu, LinuxUser proc, long nr) {
        long a0 = cpu.gpr[3], a1 = cpu.gpr[4], a2 = cpu.gpr[5];
        return switch ((int) nr) {
            case NR_EXIT, NR_EXIT_GROUP -> {
                flush();
                proc.exit(cpu, (int) a0);
                yield 0;
            }
            case NR_WRITE -> write(cpu, (int) a0, a1, a2);
            case NR_READ -> read(cpu, (int) a0, a1, a2);
            default -> -ENOSYS;
        };
    }

    public void flush() {
        try {
            stdout.flush();
            stderr.flush();
        } catch (IOException ignored) {
            // the host stream is gone; nothing more to do
        }
    }

    private long write(Cpu cpu, int fd, long buf, long len) {
        OutputStream out = fd == 1 ? stdout : fd == 2 ? stderr : null;
        if (out == null) return -EBADF;
        byte[] b = new byte[(int) Math.min(len, 1 << 20)];
        cpu.mmu.read(buf, b, 0, b.length);
        try {
            out.write(b);
            if (fd == 2) out.flush();
        } catch (IOException e) {
            return -EBADF;
        }
        return b.length;
    }

    private long read(Cpu cpu, int fd, long buf, long len) {
        if (fd != 0) return -EBADF;
        try {
            flush();
            byte[] b = new byte[(int) Math.min(len, 1 << 16)];
            int n = stdin.read(b);
            if (n <= 0) return 0;
            cpu.mmu.write(buf, b, 0, n);
            return n;
        } catch (IOException e) {
            return -EBADF;
        }
    }
}
