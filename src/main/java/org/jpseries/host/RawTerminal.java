package org.jpseries.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The host terminal on standard input in raw mode for {@code -nographic} (QEMU
 * chardev/char-stdio.c, qemu_chr_set_echo_stdio with signal=off as for mon:stdio): no line
 * editing, no echo, no signal keys (Ctrl-c reaches the guest, Ctrl-a x quits), 8-bit characters,
 * output processing kept on as QEMU keeps OPOST. The saved settings are written back by
 * {@link #restore}, which allocates nothing and is registered with {@link ExitActions}, so the
 * terminal comes back however the process ends (normal exit, signal, fatal error).
 */
public final class RawTerminal {
    /** c_oflag's offset in struct termios and its OPOST bit (the same in every Linux ABI). */
    static final int C_OFLAG = 4, OPOST = 1;

    private final int fd;
    private final MemorySegment saved;
    private final ExitActions.Action undo = this::restore;

    private RawTerminal(int fd, MemorySegment saved) {
        this.fd = fd;
        this.saved = saved;
    }

    /** Whether descriptor {@code fd} is a terminal (isatty(3): tcgetattr succeeds). */
    public static boolean isTerminal(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.tcgetattr(fd, a.allocate(Libc.TERMIOS_ROOM));
        }
    }

    /** Puts standard input in raw mode; null (and nothing changed) when it is not a terminal. */
    public static RawTerminal enterRaw() {
        return enterRaw(0);
    }

    static RawTerminal enterRaw(int fd) {
        Arena arena = Arena.ofAuto();
        MemorySegment saved = arena.allocate(Libc.TERMIOS_ROOM);
        if (!Libc.tcgetattr(fd, saved)) return null;
        MemorySegment raw = arena.allocate(Libc.TERMIOS_ROOM);
        raw.copyFrom(saved);
        Libc.cfmakeraw(raw);
        raw.set(ValueLayout.JAVA_INT, C_OFLAG, raw.get(ValueLayout.JAVA_INT, C_OFLAG) | OPOST);
        RawTerminal t = new RawTerminal(fd, saved);
        ExitActions.add(t.undo);
        if (!Libc.tcsetattr(fd, raw)) { // also links the call restore makes, before it may be needed with no heap
            ExitActions.remove(t.undo);
            return null;
        }
        return t;
    }

    /** Writes the saved settings back (TCSANOW, as QEMU's term_exit); harmless when repeated. */
    public void restore() {
        Libc.tcsetattr(fd, saved);
        ExitActions.remove(undo);
    }
}
