package org.jpseries.hw;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Puts the controlling terminal in raw mode for {@code -nographic} (as QEMU's stdio chardev does
 * with tcsetattr): no line editing, no echo, no signal keys, so Ctrl-c reaches the guest and
 * Ctrl-a x quits. Uses stty on /dev/tty and restores the saved settings on {@link #restore} and
 * at JVM exit. Does nothing when stdin is not a terminal.
 */
public final class HostTerminal {
    private final String saved;

    private HostTerminal(String saved) {
        this.saved = saved;
    }

    /** Returns a handle to restore, or null if there is no terminal to change. */
    public static HostTerminal enterRaw() {
        if (System.console() == null || !new File("/dev/tty").canRead()) return null;
        String settings = stty("-g");
        if (settings == null) return null;
        if (stty("raw", "-echo") == null) return null;
        HostTerminal t = new HostTerminal(settings.trim());
        Runtime.getRuntime().addShutdownHook(new Thread(t::restore, "terminal-restore"));
        return t;
    }

    public void restore() {
        stty(saved);
    }

    private static String stty(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
