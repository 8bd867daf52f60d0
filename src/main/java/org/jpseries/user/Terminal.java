package org.jpseries.user;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Terminal ioctls on a host terminal, translated between the powerpc ABI the guest uses
 * (arch/powerpc/include/uapi/asm/ioctls.h and termbits.h: its own request numbers, a 44-byte
 * struct termios with 19 control characters in a different order and different flag bits) and
 * the host's generic Linux ABI (x86-64: asm-generic/termbits.h). The host calls go through the
 * C library's ioctl by the foreign-function API. Process groups stay inside the process: the
 * guest is its own foreground process group.
 */
final class Terminal {
    private Terminal() {}

    // guest (powerpc) requests
    static final int TCGETS = 0x402c7413, TCSETS = 0x802c7414, TCSETSW = 0x802c7415, TCSETSF = 0x802c7416,
            TCGETA = 0x40147417, TCSETA = 0x80147418, TCSETAW = 0x80147419, TCSETAF = 0x8014741c,
            TCSBRK = 0x2000741d, TCXONC = 0x2000741e, TCFLSH = 0x2000741f, TIOCGWINSZ = 0x40087468,
            TIOCSWINSZ = 0x80087467, TIOCGPGRP = 0x40047477, TIOCSPGRP = 0x80047476, TIOCOUTQ = 0x40047473,
            TIOCSCTTY = 0x540e, TIOCNOTTY = 0x5422, TIOCGSID = 0x5429;

    // host (generic) requests
    static final int H_TCGETS = 0x5401, H_TCSETS = 0x5402, H_TCSETSW = 0x5403, H_TCSETSF = 0x5404,
            H_TCSBRK = 0x5409, H_TCXONC = 0x540a, H_TCFLSH = 0x540b, H_TIOCOUTQ = 0x5411,
            H_TIOCGWINSZ = 0x5413, H_TIOCSWINSZ = 0x5414;

    /** Control-character slots: guest index i holds host index CC_MAP[i] (VINTR..VDISCARD). */
    static final int[] CC_MAP = {0, 1, 2, 3, 4, 6, 11, 5, 16, 7, 14, 12, 10, 8, 9, 15, 13};

    /** Flag correspondences {guest bit, host bit}. */
    static final int[][] IFLAG = {{1, 1}, {2, 2}, {4, 4}, {8, 8}, {0x10, 0x10}, {0x20, 0x20}, {0x40, 0x40},
        {0x80, 0x80}, {0x100, 0x100}, {0x200, 0x400}, {0x400, 0x1000}, {0x800, 0x800}, {0x1000, 0x200},
        {0x2000, 0x2000}, {0x4000, 0x4000}};
    static final int[][] OFLAG = {{1, 1}, {2, 4}, {4, 2}, {8, 8}, {0x10, 0x10}, {0x20, 0x20}, {0x40, 0x40},
        {0x80, 0x80}};
    static final int[][] CFLAG = {{0x400, 0x40}, {0x800, 0x80}, {0x1000, 0x100}, {0x2000, 0x200},
        {0x4000, 0x400}, {0x8000, 0x800}, {0x80000000, 0x80000000}};
    static final int[][] LFLAG = {{0x80, 1}, {0x100, 2}, {0x4000, 4}, {8, 8}, {2, 0x10}, {4, 0x20},
        {0x10, 0x40}, {0x80000000, 0x80}, {0x400000, 0x100}, {0x40, 0x200}, {0x20, 0x400}, {1, 0x800},
        {0x800000, 0x1000}, {0x20000000, 0x4000}, {0x400, 0x8000}, {0x10000000, 0x10000}};
    /** Bit rates of the speed codes B0..B38400, then the extended ones. */
    private static final int[] BAUD = {0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200,
        38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000,
        3000000, 3500000, 4000000};

    static int toHost(int v, int[][] map) {
        int r = 0;
        for (int[] m : map) if ((v & m[0]) != 0) r |= m[1];
        return r;
    }

    static int toGuest(int v, int[][] map) {
        int r = 0;
        for (int[] m : map) if ((v & m[1]) != 0) r |= m[0];
        return r;
    }

    /** Speed code: guest 0..15 and 16+k for the host's CBAUDEX|(k+1). */
    private static int hostBaud(int guestCode) {
        return guestCode <= 15 ? guestCode : 0x1000 | (guestCode - 15);
    }

    private static int guestBaud(int hostCode) {
        return (hostCode & 0x1000) == 0 ? hostCode & 0xf : 15 + (hostCode & 0xf);
    }

    static long ioctl(int hostFd, int cmd, long arg, GuestMemory m, int pid) throws SyscallError {
        switch (cmd) {
            case TCGETS -> {
                m.checkWritable(arg, 44);
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment t = a.allocate(60);
                    call(hostFd, H_TCGETS, t);
                    int ifl = t.get(ValueLayout.JAVA_INT, 0), ofl = t.get(ValueLayout.JAVA_INT, 4);
                    int cfl = t.get(ValueLayout.JAVA_INT, 8), lfl = t.get(ValueLayout.JAVA_INT, 12);
                    int line = t.get(ValueLayout.JAVA_BYTE, 16);
                    int oflag = toGuest(ofl, OFLAG) | ((ofl & 0x1800) == 0x1800 ? 0xc00 : 0);
                    int baud = guestBaud(cfl & 0x100f);
                    int cflag = toGuest(cfl, CFLAG) | ((cfl & 0x30) << 4) | baud | (guestBaud((cfl >>> 16) & 0x100f) << 16);
                    m.put32(arg, toGuest(ifl, IFLAG));
                    m.put32(arg + 4, oflag);
                    m.put32(arg + 8, cflag);
                    m.put32(arg + 12, toGuest(lfl, LFLAG));
                    byte[] cc = new byte[20];
                    for (int i = 0; i < CC_MAP.length; i++) cc[i] = t.get(ValueLayout.JAVA_BYTE, 17 + CC_MAP[i]);
                    cc[19] = (byte) line;
                    m.write(arg + 16, cc);
                    m.put32(arg + 36, BAUD[Math.min(baud, BAUD.length - 1)]);
                    m.put32(arg + 40, BAUD[Math.min(baud, BAUD.length - 1)]);
                }
                return 0;
            }
            case TCSETS, TCSETSW, TCSETSF -> {
                byte[] cc = m.read(arg + 16, 20);
                int ifl = m.u32(arg), ofl = m.u32(arg + 4), cfl = m.u32(arg + 8), lfl = m.u32(arg + 12);
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment t = a.allocate(60);
                    int oflag = toHost(ofl, OFLAG) | ((ofl & 0xc00) == 0xc00 ? 0x1800 : 0);
                    int cflag = toHost(cfl, CFLAG) | ((cfl & 0x300) >>> 4) | hostBaud(cfl & 0xff)
                            | (hostBaud((cfl >>> 16) & 0xff) << 16);
                    t.set(ValueLayout.JAVA_INT, 0, toHost(ifl, IFLAG));
                    t.set(ValueLayout.JAVA_INT, 4, oflag);
                    t.set(ValueLayout.JAVA_INT, 8, cflag);
                    t.set(ValueLayout.JAVA_INT, 12, toHost(lfl, LFLAG));
                    t.set(ValueLayout.JAVA_BYTE, 16, cc[19]);
                    for (int i = 0; i < CC_MAP.length; i++) t.set(ValueLayout.JAVA_BYTE, 17 + CC_MAP[i], cc[i]);
                    int req = cmd == TCSETS ? H_TCSETS : cmd == TCSETSW ? H_TCSETSW : H_TCSETSF;
                    call(hostFd, req, t);
                }
                return 0;
            }
            case TIOCGWINSZ -> {
                m.checkWritable(arg, 8);
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment w = a.allocate(8);
                    call(hostFd, H_TIOCGWINSZ, w);
                    for (int i = 0; i < 4; i++) m.put16(arg + 2L * i, w.get(ValueLayout.JAVA_SHORT, 2L * i));
                }
                return 0;
            }
            case TIOCSWINSZ -> {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment w = a.allocate(8);
                    for (int i = 0; i < 4; i++) w.set(ValueLayout.JAVA_SHORT, 2L * i, (short) m.u16(arg + 2L * i));
                    call(hostFd, H_TIOCSWINSZ, w);
                }
                return 0;
            }
            case TIOCOUTQ -> {
                m.put32(arg, 0);
                return 0;
            }
            case TIOCGPGRP, TIOCGSID -> {
                m.put32(arg, pid);
                return 0;
            }
            case TIOCSPGRP -> {
                if (m.u32(arg) != pid) throw new SyscallError(Errno.EPERM);
                return 0;
            }
            case TIOCSCTTY, TIOCNOTTY -> {
                return 0;
            }
            case TCFLSH, TCXONC, TCSBRK -> {
                int req = cmd == TCFLSH ? H_TCFLSH : cmd == TCXONC ? H_TCXONC : H_TCSBRK;
                callValue(hostFd, req, arg);
                return 0;
            }
            case TCGETA, TCSETA, TCSETAW, TCSETAF -> throw new SyscallError(Errno.EINVAL);
            default -> throw new SyscallError(Errno.ENOTTY);
        }
    }

    // ---- the host's ioctl(2) through the C library ----

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static final class Native {
        static final MethodHandle IOCTL_PTR, IOCTL_LONG;

        static {
            Linker l = Linker.nativeLinker();
            MemorySegment f = l.defaultLookup().find("ioctl").orElseThrow();
            IOCTL_PTR = l.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                    Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
            IOCTL_LONG = l.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
        }
    }

    private static void call(int fd, int req, MemorySegment arg) throws SyscallError {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            int r = (int) Native.IOCTL_PTR.invokeExact(st, fd, (long) req, arg);
            if (r < 0) throw new SyscallError((int) ERRNO.get(st, 0L));
        } catch (SyscallError e) {
            throw e;
        } catch (Throwable t) {
            if (System.getenv("JPSERIES_DEBUG_TTY") != null) t.printStackTrace();
            throw new SyscallError(Errno.ENOTTY);
        }
    }

    private static void callValue(int fd, int req, long arg) throws SyscallError {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            int r = (int) Native.IOCTL_LONG.invokeExact(st, fd, (long) req, arg);
            if (r < 0) throw new SyscallError((int) ERRNO.get(st, 0L));
        } catch (SyscallError e) {
            throw e;
        } catch (Throwable t) {
            throw new SyscallError(Errno.ENOTTY);
        }
    }
}
