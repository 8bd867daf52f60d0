package org.jpseries.hw;

import java.io.IOException;
import java.io.InputStream;

/**
 * The host side of the console input queue: a daemon thread that reads the host's stdin and feeds
 * each byte through the {@link ConsoleMux} (which forwards to {@link SpaprVty#receive}, blocking
 * while the guest's ring is full). End of input simply stops the thread; the guest keeps running.
 */
public final class StdinPump implements Runnable {
    /** Where each input byte goes: the {@link ConsoleMux} (-nographic) or the console directly. */
    @FunctionalInterface
    public interface Input {
        void input(int b) throws InterruptedException;
    }

    private final InputStream in;
    private final Input mux;

    public StdinPump(InputStream in, Input mux) {
        this.in = in;
        this.mux = mux;
    }

    public Thread start() {
        Thread t = new Thread(this, "console-input");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        byte[] buf = new byte[256];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) mux.input(buf[i]);
            }
        } catch (IOException e) {
            // stdin closed or unreadable: no more console input
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
