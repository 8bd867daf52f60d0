package org.jpseries.spapr;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jpseries.memory.GuestRam;

/**
 * The bytes of a kernel's PT_LOAD segments, kept for every reset (QEMU keeps them as ROM blobs:
 * hw/core/loader.c rom_add_blob, copied back by rom_reset). Until the machine has started they are
 * the file as read; then {@link #compact} deflates each segment (a 41 MB Debian vmlinux keeps
 * about 10 MB), or {@link #drop} lets them go when no reset can load them again (-no-reboot).
 */
public final class KernelImage {
    /** Inflating writes RAM this much at a time. */
    private static final int CHUNK = 1 << 20;

    private final List<KernelElf.Segment> segments;
    /** The kernel file as read, or null once compacted or dropped. Guarded by this. */
    private byte[] file;
    /** Each segment's file bytes deflated, or null while {@link #file} holds them or once dropped. Guarded by this. */
    private byte[][] deflated;

    KernelImage(byte[] file, List<KernelElf.Segment> segments) {
        this.file = file;
        this.segments = segments;
    }

    /** Writes every segment at {@code base} (its bss zeroed), from the file or the deflated copy. */
    public synchronized void load(GuestRam ram, long base) {
        if (file == null && deflated == null) throw new IllegalStateException("kernel image dropped: no reset may load it");
        for (int i = 0; i < segments.size(); i++) {
            KernelElf.Segment s = segments.get(i);
            long at = base + s.paddrOffset();
            if (file != null) ram.write(at, file, (int) s.fileOffset(), (int) s.fileSize());
            else inflate(deflated[i], ram, at, s.fileSize());
            if (s.memSize() > s.fileSize()) ram.fill(at + s.fileSize(), s.memSize() - s.fileSize(), (byte) 0);
        }
    }

    /** Keeps the segments deflated from now on (idempotent); the file's other bytes go. */
    public synchronized void compact() {
        if (file == null) return;
        byte[][] out = new byte[segments.size()][];
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            byte[] buf = new byte[CHUNK];
            for (int i = 0; i < out.length; i++) {
                KernelElf.Segment s = segments.get(i);
                d.reset();
                d.setInput(file, (int) s.fileOffset(), (int) s.fileSize());
                d.finish();
                ByteArrayOutputStream z = new ByteArrayOutputStream((int) Math.min(s.fileSize() / 3 + 64, Integer.MAX_VALUE));
                while (!d.finished()) z.write(buf, 0, d.deflate(buf));
                out[i] = z.toByteArray();
            }
        } finally {
            d.end();
        }
        deflated = out;
        file = null;
    }

    /** Lets the bytes go: nothing will load this image again. */
    public synchronized void drop() {
        file = null;
        deflated = null;
    }

    /** The bytes kept for the next load (tests: what compaction and dropping leave). */
    synchronized long retainedBytes() {
        if (file != null) return file.length;
        long n = 0;
        if (deflated != null) for (byte[] z : deflated) n += z.length;
        return n;
    }

    private static void inflate(byte[] z, GuestRam ram, long at, long size) {
        Inflater in = new Inflater();
        try {
            in.setInput(z);
            byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(size, 1))];
            long done = 0;
            while (done < size) {
                int n = in.inflate(buf, 0, (int) Math.min(buf.length, size - done));
                if (n == 0 && (in.finished() || in.needsInput())) break;
                ram.write(at + done, buf, 0, n);
                done += n;
            }
            if (done != size) throw new IllegalStateException("kernel image inflated to " + done + " of " + size + " bytes");
        } catch (DataFormatException e) {
            throw new IllegalStateException("kernel image corrupt in memory", e);
        } finally {
            in.end();
        }
    }
}
