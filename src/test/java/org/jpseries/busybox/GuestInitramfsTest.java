package org.jpseries.busybox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The initramfs bin/jpseries-fetch builds, read back as the kernel will unpack it (gzip'd newc
 * cpio): guest/initramfs/init as PID 1 handing over to busybox init, every applet linked,
 * guest/initramfs copied with its modes, the kernel modules /etc/modules names with everything they
 * depend on and a modules.dep for modprobe, everything owned by root. (Booting it is the system
 * emulator's job; scripts/boot-qemu-system boots it under qemu-system-ppc64 for reference.)
 */
@Tag("busybox")
class GuestInitramfsTest {
    static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFDIR = 0040000, S_IFLNK = 0120000;

    record Entry(String name, int mode, int uid, int gid, byte[] data) {
        int type() {
            return mode & S_IFMT;
        }

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static Map<String, Entry> entries;

    @BeforeAll
    static void read() throws IOException {
        entries = new LinkedHashMap<>();
        for (Entry e : readNewc(Busybox.initrd())) entries.put(e.name(), e);
    }

    /** Parses a gzip'd "newc" (070701) cpio archive up to its TRAILER!!! entry. */
    static List<Entry> readNewc(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            long offset = 0;
            while (true) {
                byte[] header = new byte[110];
                in.readFully(header);
                String h = new String(header, StandardCharsets.US_ASCII);
                if (!h.startsWith("070701")) throw new IOException("bad cpio magic at offset " + offset + ": " + h.substring(0, 6));
                int mode = hex(h, 1), uid = hex(h, 2), gid = hex(h, 3), size = hex(h, 6), nameSize = hex(h, 11);
                byte[] name = new byte[nameSize];
                in.readFully(name);
                offset += 110 + nameSize;
                offset += skipPad(in, offset);
                byte[] data = new byte[size];
                in.readFully(data);
                offset += size;
                offset += skipPad(in, offset);
                String n = new String(name, 0, nameSize - 1, StandardCharsets.UTF_8);
                if (n.equals("TRAILER!!!")) return out;
                out.add(new Entry(n, mode, uid, gid, data));
            }
        }
    }

    static int hex(String header, int field) {
        return (int) Long.parseLong(header.substring(6 + 8 * field, 14 + 8 * field), 16);
    }

    static int skipPad(InputStream in, long offset) throws IOException {
        int pad = (int) ((4 - offset % 4) % 4);
        for (int i = 0; i < pad; i++) if (in.read() < 0) throw new IOException("truncated cpio archive");
        return pad;
    }

    Entry entry(String name) {
        Entry e = entries.get(name);
        assertTrue(e != null, "the initramfs has no " + name);
        return e;
    }

    void assertLink(String name, String target) {
        Entry e = entry(name);
        assertEquals(S_IFLNK, e.type(), name + " is not a symlink");
        assertEquals(target, e.text(), name + " points elsewhere");
    }

    @Test
    void initHandsOverToBusyboxInit() throws IOException {
        Entry init = entry("init");
        assertEquals(S_IFREG | 0755, init.mode(), "/init is an executable script");
        assertTrue(init.text().startsWith("#!/bin/sh\n"), "/init is a shell script");
        assertTrue(init.text().strip().endsWith("exec /sbin/init"), "/init ends in busybox init");
        assertLink("sbin/init", "/bin/busybox");
        assertLink("bin/sh", "/bin/busybox");
        Entry bb = entry("bin/busybox");
        assertEquals(S_IFREG | 0755, bb.mode(), "bin/busybox mode");
        assertArrayEquals(Files.readAllBytes(Busybox.binary()), bb.data(), "bin/busybox differs from the fetched busybox");
    }

    @Test
    void everyAppletIsLinked() throws IOException {
        List<String> applets = Files.readAllLines(Oracles.home().resolve("guest/busybox-applets.list")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.equals("bin/busybox")).toList();
        assertTrue(applets.size() > 200, "applet list too short: " + applets.size());
        for (String a : applets) assertLink(a, "/bin/busybox");
    }

    @Test
    void guestFilesAreCopiedWithTheirModes() throws IOException {
        Path root = Oracles.home().resolve("guest/initramfs");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 3, "guest/initramfs has only " + files);
        for (Path f : files) {
            String name = root.relativize(f).toString();
            Entry e = entry(name);
            assertEquals(S_IFREG, e.type(), name);
            assertArrayEquals(Files.readAllBytes(f), e.data(), name + " differs from guest/initramfs");
            assertEquals(Files.isExecutable(f), (e.mode() & 0111) == 0111, name + " execute bits");
        }
        // What init needs at boot: its table, the sysinit script it names, mount points.
        assertTrue(entry("etc/inittab").text().contains("::sysinit:/etc/init.d/rcS"), "inittab runs rcS at sysinit");
        assertEquals(0755, entry("etc/init.d/rcS").mode() & 0777, "rcS mode");
        for (String dir : List.of("dev", "proc", "sys", "tmp", "root", "etc")) assertEquals(S_IFDIR, entry(dir).type(), dir);
    }

    /** Every module /etc/modules lists is in modules.dep, and so is every module that one needs. */
    @Test
    void listedModulesAndTheirDependenciesAreThere() {
        String dir = "lib/modules/" + kernelRelease() + "/";
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (String line : entry(dir + "modules.dep").text().lines().toList()) {
            int colon = line.indexOf(':');
            deps.put(line.substring(0, colon), List.of(line.substring(colon + 1).trim().split(" +")).stream()
                    .filter(s -> !s.isEmpty()).toList());
        }
        List<String> listed = entry("etc/modules").text().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertTrue(listed.containsAll(List.of("virtio_pci", "virtio_blk", "virtio_net", "virtio_rng", "ext4")), listed.toString());
        for (String name : listed) {
            String file = deps.keySet().stream().filter(f -> moduleName(f).equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " is not in modules.dep: " + deps.keySet()));
            for (String dep : deps.get(file)) assertTrue(deps.containsKey(dep), file + " needs " + dep + ", which is not in modules.dep");
        }
        for (String file : deps.keySet()) {
            byte[] ko = entry(dir + file).data();
            assertEquals("\u007fELF", new String(ko, 0, 4, StandardCharsets.ISO_8859_1), file + " is an uncompressed ELF module");
        }
        for (String needed : List.of("virtio", "virtio_ring", "virtio_pci_legacy_dev", "virtio_pci_modern_dev",
                "crc16", "mbcache", "jbd2", "failover", "net_failover")) {
            assertTrue(deps.keySet().stream().anyMatch(f -> moduleName(f).equals(needed)), needed + " missing");
        }
    }

    /** The module name of a .ko path: its base name, "-" read as "_" (as modprobe does). */
    static String moduleName(String file) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        return base.substring(0, base.length() - ".ko".length()).replace('-', '_');
    }

    /** The one kernel release under lib/modules. */
    static String kernelRelease() {
        List<String> releases = entries.keySet().stream().filter(n -> n.matches("lib/modules/[^/]+")).toList();
        assertEquals(1, releases.size(), "kernel releases under lib/modules: " + releases);
        return releases.get(0).substring("lib/modules/".length());
    }

    @Test
    void everythingIsOwnedByRoot() {
        for (Entry e : entries.values()) {
            assertEquals(0, e.uid(), e.name() + " uid");
            assertEquals(0, e.gid(), e.name() + " gid");
        }
    }
}
