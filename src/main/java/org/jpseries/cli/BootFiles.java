package org.jpseries.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jpseries.spapr.BootException;
import org.jpseries.spapr.BootLayout;
import org.jpseries.spapr.KernelElf;

/** Reads and checks -kernel / -initrd against -m before anything starts (each problem is one line). */
public record BootFiles(KernelElf kernel, byte[] initrd, BootLayout layout) {
    public static BootFiles load(MachineConfig c) throws UsageException {
        byte[] k = read(c.kernel(), "kernel");
        byte[] i = c.initrd() == null ? null : read(c.initrd(), "initial ram disk");
        try {
            KernelElf elf = KernelElf.parse(k, c.kernel().toString());
            BootLayout l = BootLayout.plan(c.ramSize(), elf, i == null ? 0 : i.length);
            return new BootFiles(elf, i, l);
        } catch (BootException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static byte[] read(Path p, String what) throws UsageException {
        try {
            if (Files.isDirectory(p)) throw new UsageException("could not load " + what + " '" + p + "': is a directory");
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new UsageException("could not load " + what + " '" + p + "': No such file or directory");
        } catch (IOException | OutOfMemoryError e) {
            throw new UsageException("could not load " + what + " '" + p + "': " + e.getMessage());
        }
    }
}
