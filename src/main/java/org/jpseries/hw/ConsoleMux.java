package org.jpseries.hw;

import java.io.PrintStream;

/**
 * QEMU's "mux" chardev escapes for {@code -nographic} / {@code -serial mon:stdio}
 * (chardev/char-mux.c): after Ctrl-a, {@code x} quits, {@code h} prints the list, Ctrl-a sends a
 * literal Ctrl-a; any other key after Ctrl-a is dropped. Everything else goes to the guest console.
 * There is no monitor yet, so {@code c} is not offered.
 */
public final class ConsoleMux {
    public static final int ESCAPE = 0x01; // Ctrl-a

    /** Where plain input goes (the vty's receive). */
    @FunctionalInterface
    public interface Sink {
        void put(byte b) throws InterruptedException;
    }

    private final Sink guest;
    private final Runnable quit;
    private final PrintStream terminal;
    private boolean escaped;

    public ConsoleMux(Sink guest, Runnable quit, PrintStream terminal) {
        this.guest = guest;
        this.quit = quit;
        this.terminal = terminal;
    }

    public void input(int b) throws InterruptedException {
        b &= 0xff;
        if (escaped) {
            escaped = false;
            switch (b) {
                case 'x' -> {
                    terminal.print("QEMU: Terminated\r\n");
                    terminal.flush();
                    quit.run();
                }
                case 'h', '?' -> {
                    terminal.print("\r\nC-a h    print this help\r\nC-a x    exit emulator\r\nC-a C-a  sends C-a\r\n");
                    terminal.flush();
                }
                case ESCAPE -> guest.put((byte) ESCAPE);
                default -> { } // unknown escapes are swallowed, as QEMU does
            }
        } else if (b == ESCAPE) {
            escaped = true;
        } else {
            guest.put((byte) b);
        }
    }
}
