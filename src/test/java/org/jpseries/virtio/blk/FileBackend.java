package org.jpseries.virtio.blk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

/** The test's block backend: a raw file, read-only or not, with discard and write-zeroes, and a gate that can hold requests in flight. */
public final class FileBackend implements BlkBackend, AutoCloseable {
    private final FileChannel ch;
    private final boolean readOnly;
    private final long size;
    /** While set, every read and write waits for it (a request held in flight). */
    public volatile CountDownLatch gate;
    public volatile CountDownLatch entered;
    public volatile int flushes;

    private FileBackend(FileChannel ch, long size, boolean readOnly) {
        this.ch = ch;
        this.size = size;
        this.readOnly = readOnly;
    }

    public static FileBackend create(Path p, long size, boolean readOnly) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            c.truncate(size);
            c.write(ByteBuffer.allocate(1), size - 1);
        }
        FileChannel ch = readOnly ? FileChannel.open(p, StandardOpenOption.READ) : FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new FileBackend(ch, size, readOnly);
    }

    private void hold() {
        CountDownLatch g = gate;
        if (g == null) return;
        if (entered != null) entered.countDown();
        try {
            g.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        hold();
        while (dst.hasRemaining()) {
            int n = ch.read(dst, offset);
            if (n < 0) throw new IOException("end of file");
            offset += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        hold();
        long at = offset;
        while (src.hasRemaining()) at += ch.write(src, at);
    }

    @Override
    public void flush() throws IOException {
        flushes++;
        ch.force(false);
    }

    @Override
    public boolean canDiscard() {
        return true;
    }

    @Override
    public boolean canWriteZeroes() {
        return true;
    }

    @Override
    public void discard(long offset, long len) throws IOException {
        writeZeroes(offset, len, true);
    }

    @Override
    public void writeZeroes(long offset, long len, boolean mayUnmap) throws IOException {
        ByteBuffer z = ByteBuffer.allocate((int) Math.min(len, 1 << 16));
        for (long done = 0; done < len; ) {
            z.clear().limit((int) Math.min(z.capacity(), len - done));
            done += ch.write(z, offset + done);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
