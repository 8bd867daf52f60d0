package org.jpseries.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.jpseries.spapr.BootException;
import org.jpseries.spapr.BootLayout;
import org.jpseries.spapr.KernelElf;

/** Reads and checks -kernel / -initrd against -m before anything starts (each problem is one line). */
public record BootFiles(KernelElf kernel, byte[] initrd, BootLayout layout) {
    /** The largest file a Java array holds (the JDK's soft limit on array length). */
    static final long MAX_FILE = Integer.MAX_VALUE - 8;
    /** The largest single read of a boot file (bounds the host's temporary direct buffer). */
    static final int READ_CHUNK = 1 << 20;

    public static BootFiles load(MachineConfig c) throws UsageException {
        byte[] k = read(c.kernel(), "kernel", c.ramSize());
        byte[] i = c.initrd() == null ? null : read(c.initrd(), "initial ram disk", c.ramSize());
        try {
            KernelElf elf = KernelElf.parse(k, c.kernel().toString());
            BootLayout l = BootLayout.plan(c.ramSize(), elf, i == null ? 0 : i.length);
            return new BootFiles(elf, i, l);
        } catch (BootException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Reads a boot file, sized first: only a regular file no larger than guest RAM is read, and
     * never more bytes than it had when sized (QEMU's load_image_targphys refuses an image larger
     * than the room it has: "could not load initial ram disk '%s'"). /dev/zero, a FIFO or a
     * sparse file of terabytes is refused before a byte is read.
     */
    static byte[] read(Path p, String what, long ramSize) throws UsageException {
        String prefix = "could not load " + what + " '" + p + "': ";
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (a.isDirectory()) throw new UsageException(prefix + "is a directory");
            if (!a.isRegularFile()) throw new UsageException(prefix + "not a regular file");
            long size = a.size();
            if (size > ramSize) {
                throw new UsageException(prefix + String.format("it has %d MiB, more than the %d MiB of RAM (-m)", (size + (1 << 20) - 1) >> 20, ramSize >> 20));
            }
            if (size > MAX_FILE) throw new UsageException(prefix + "larger than jpseries can load (2 GiB)");
            try (InputStream in = Files.newInputStream(p)) {
                // In READ_CHUNK pieces: the channel reads a heap array through a temporary direct
                // buffer as large as the request and keeps it cached on this thread (sun.nio.ch.Util),
                // which for one whole vmlinux was 45 MB of native memory for the life of the process.
                byte[] b = new byte[(int) size];
                int n = 0;
                for (int r; n < b.length && (r = in.read(b, n, Math.min(READ_CHUNK, b.length - n))) > 0; ) n += r;
                if (n != size || in.read() >= 0) throw new UsageException(prefix + "it changed size while being read");
                return b;
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(prefix + "No such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UsageException(prefix + "Permission denied");
        } catch (OutOfMemoryError e) {
            throw new UsageException(prefix + "not enough Java heap to read it (JPSERIES_JAVA_OPTS=-Xmx...)");
        } catch (IOException e) {
            throw new UsageException(prefix + e.getMessage());
        }
    }
}
