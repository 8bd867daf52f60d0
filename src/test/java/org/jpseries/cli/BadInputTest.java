package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.cli.CraftedElf.Load;
import org.jpseries.spapr.TestKernelAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 items 1-4: hostile command-line input, run through {@link Main#run} as the launcher
 * does. Each case must end with exit status 1 and exactly one line on stderr, the one QEMU 7.2
 * prints where it has one (checked by hand with qemu-system-ppc64 -M pseries on the same files),
 * and never a Java stack trace.
 */
class BadInputTest {
    @TempDir
    Path dir;

    /** Runs jpseries in-process and returns its stderr, after checking it is one line and exit 1. */
    static String oneLine(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            rc = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Main.run(List.of(args)));
        } finally {
            System.setErr(old);
        }
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, rc, out);
        assertEquals(1, out.lines().count(), "one line, no stack trace: " + out);
        return out.strip();
    }

    Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    Path initrd() throws Exception {
        return file("initrd", new byte[4096]);
    }

    @Test
    void craftedKernelElfIsOneLineAsQemu() throws Exception {
        List<String> failed = new ArrayList<>();
        for (long phoff : new long[] {CraftedElf.MAX, CraftedElf.MAX - 55}) {
            Path k = file("phoff" + phoff, CraftedElf.phoff(phoff));
            failed.add(oneLine("-kernel", k.toString()));
            failed.add(oneLine("-kernel", k.toString(), "-initrd", initrd().toString()));
        }
        Path offset = file("offset", CraftedElf.segment(new Load(CraftedElf.MAX - 16, 0, 0x100, 0x100)));
        failed.add(oneLine("-kernel", offset.toString()));
        failed.add(oneLine("-kernel", offset.toString(), "-initrd", initrd().toString()));
        for (String f : failed) {
            assertTrue(f.matches("jpseries: error loading " + dir + "/(phoff[0-9]+|offset): Failed to load ELF"), f); // QEMU's ELF_LOAD_FAILED
        }

        Path apart = file("apart", CraftedElf.segment(CraftedElf.TEXT, new Load(0x1000, 1L << 40, 0x100, CraftedElf.MAX)));
        assertEquals("jpseries: error loading " + apart + ": The image segments are too big to load", oneLine("-kernel", apart.toString()));
        assertEquals("jpseries: error loading " + apart + ": The image segments are too big to load",
                oneLine("-kernel", apart.toString(), "-initrd", initrd().toString()));

        // QEMU loads this one and runs nothing (with -initrd: "Some ROM regions are overlapping");
        // jpseries checks that the kernel fits in RAM.
        Path huge = file("huge", CraftedElf.segment(new Load(0x1000, 0, 0x100, CraftedElf.MAX)));
        assertEquals("jpseries: kernel is larger than RAM: it needs 0x7fffffffffffffff bytes at 0x400000 but -m gives 0x20000000 (512 MiB)",
                oneLine("-kernel", huge.toString()));
        assertEquals(oneLine("-kernel", huge.toString()), oneLine("-kernel", huge.toString(), "-initrd", initrd().toString()));
    }

    @Test
    void ramSizesTheMachineCannotModelFailAtStart() throws Exception {
        Path k = file("k", TestKernelAccess.elf(true, 4 << 20));
        assertEquals("jpseries: -m 1T: Failed to allocate HPT of order 33 (jpseries holds hash page tables up to order 30,"
                + " for at most 128 GiB of RAM): Try smaller -m?", oneLine("-m", "1T", "-kernel", k.toString()));
        assertTrue(oneLine("-m", "129G", "-kernel", k.toString()).contains("HPT of order 31"));
        assertTrue(oneLine("-m", "18446744073709551615B", "-kernel", k.toString()).contains("HPT of order 46"), "QEMU's architected cap");
        assertEquals("jpseries: -m 16E: Value '16E' is out of range for parameter 'size'", oneLine("-m", "16E", "-kernel", k.toString()));
        for (String bad : List.of("1.5", ".5G", "1e3", "1 G", "1GiB", "0.1B", "-1", "abc", "")) {
            assertEquals("jpseries: -m " + bad + ": Parameter 'size' expects a non-negative number below 2^64",
                    oneLine("-m", bad, "-kernel", k.toString()), bad);
        }
    }

    @Test
    void bootFilesAreSizedBeforeTheyAreRead() throws Exception {
        Path k = file("k", TestKernelAccess.elf(true, 4 << 20));
        assertEquals("jpseries: could not load kernel '/dev/zero': not a regular file", oneLine("-kernel", "/dev/zero"));
        assertEquals("jpseries: could not load initial ram disk '/dev/zero': not a regular file",
                oneLine("-kernel", k.toString(), "-initrd", "/dev/zero"));
        Path sparse = dir.resolve("sparse");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(2L << 30);
        }
        assertEquals("jpseries: could not load initial ram disk '" + sparse + "': it has 2048 MiB, more than the 1024 MiB of RAM (-m)",
                oneLine("-m", "1G", "-kernel", k.toString(), "-initrd", sparse.toString()));
        assertEquals("jpseries: could not load kernel '" + sparse + "': it has 2048 MiB, more than the 1024 MiB of RAM (-m)",
                oneLine("-m", "1G", "-kernel", sparse.toString()));
        assertEquals("jpseries: could not load kernel '" + dir + "': is a directory", oneLine("-kernel", dir.toString()));
    }

    @Test
    void smpTopologyAsQemu() throws Exception {
        Path k = file("k", TestKernelAccess.elf(true, 4 << 20));
        String kernel = k.toString();
        assertEquals("jpseries: -smp cpus=2,maxcpus=1: Invalid CPU topology: maxcpus must be equal to or greater than smp:"
                + " sockets (1) * cores (1) * threads (1) == maxcpus (1) < smp_cpus (2)", oneLine("-smp", "cpus=2,maxcpus=1", "-kernel", kernel));
        assertEquals("jpseries: -smp 2,sockets=3: Invalid CPU topology: product of the hierarchy must match maxcpus:"
                + " sockets (3) * cores (0) * threads (1) != maxcpus (2)", oneLine("-smp", "2,sockets=3", "-kernel", kernel));
        assertEquals("jpseries: -smp 4,cores=3: Invalid CPU topology: product of the hierarchy must match maxcpus:"
                + " sockets (1) * cores (3) * threads (1) != maxcpus (4)", oneLine("-smp", "4,cores=3", "-kernel", kernel));
        assertEquals("jpseries: -smp 2,threads=3: Invalid CPU topology: product of the hierarchy must match maxcpus:"
                + " sockets (1) * cores (0) * threads (3) != maxcpus (2)", oneLine("-smp", "2,threads=3", "-kernel", kernel));
        assertEquals("jpseries: -smp 2,threads=2: TCG cannot support more than 1 thread/core on a pseries machine",
                oneLine("-smp", "2,threads=2", "-kernel", kernel));
        assertEquals("jpseries: -smp 2,dies=2: dies not supported by this machine's CPU topology", oneLine("-smp", "2,dies=2", "-kernel", kernel));
        assertEquals("jpseries: -smp 2,clusters=2: clusters not supported by this machine's CPU topology",
                oneLine("-smp", "2,clusters=2", "-kernel", kernel));
        assertEquals("jpseries: -smp foo: Parameter 'smp.cpus' expects integer", oneLine("-smp", "foo", "-kernel", kernel));
        assertEquals("jpseries: -smp 2,foo=1: Parameter 'smp.foo' is unexpected", oneLine("-smp", "2,foo=1", "-kernel", kernel));
        assertEquals("jpseries: -smp -1: Invalid SMP CPUs -1. The max CPUs supported by machine 'pseries' is 1024",
                oneLine("-smp", "-1", "-kernel", kernel));
    }
}
