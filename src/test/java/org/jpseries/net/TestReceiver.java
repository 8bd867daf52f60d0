package org.jpseries.net;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device side for tests: takes frames while open, refuses them (QEMU's 0) while closed. */
final class TestReceiver implements FrameReceiver {
    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    volatile boolean open = true;
    /** Frames it still takes before it answers "no room" from receive() (not from canReceive). */
    volatile int room = Integer.MAX_VALUE;
    volatile Thread caller;

    @Override
    public boolean canReceive() {
        caller = Thread.currentThread();
        return open;
    }

    @Override
    public boolean receive(byte[] frame) {
        caller = Thread.currentThread();
        if (room <= 0) return false;
        room--;
        frames.add(frame);
        return true;
    }

    byte[] next() throws InterruptedException {
        byte[] f = frames.poll(10, TimeUnit.SECONDS);
        if (f == null) throw new AssertionError("no frame within 10 s");
        return f;
    }
}
