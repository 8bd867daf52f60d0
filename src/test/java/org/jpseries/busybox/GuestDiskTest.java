package org.jpseries.busybox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jpseries.diff.Ext4Image;
import org.jpseries.diff.Ext4Image.Entry;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CI root disk bin/jpseries-fetch makes ({@code --print disk}), read on the host with debugfs:
 * a clean 64 MiB ext4 file system holding the initramfs' busybox system (its /init, applets and the
 * modules with the same modules.dep) with guest/disk/'s init scripts over it, everything owned by
 * root. Booting it is DiskBootTest's job (tag disk).
 */
@Tag("busybox")
class GuestDiskTest {
    static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFDIR = 0040000;

    static Path disk() {
        return Oracles.fetched("disk");
    }

    static Map<String, Entry> ls(String dir) throws Exception {
        return Ext4Image.ls(disk(), dir).stream().collect(Collectors.toMap(Entry::name, Function.identity()));
    }

    @Test
    void isACleanExt4FileSystemOf64MiB() throws Exception {
        assertEquals(64L << 20, Files.size(disk()), "image size");
        Oracles.Result fsck = Ext4Image.fsck(disk());
        assertEquals(0, fsck.exitCode(), "e2fsck -fn: " + fsck.out() + fsck.err());
    }

    @Test
    void holdsTheBusyboxSystemWithTheDiskInitScripts() throws Exception {
        Map<String, Entry> root = ls("/");
        for (String dir : List.of("bin", "sbin", "etc", "dev", "proc", "sys", "tmp", "root", "lib")) {
            assertTrue(root.containsKey(dir), "/" + dir + " missing: " + root.keySet());
            assertEquals(S_IFDIR, root.get(dir).mode() & S_IFMT, "/" + dir + " is a directory");
        }
        assertEquals("/bin/busybox", Ext4Image.readlink(disk(), "/sbin/init"));
        assertEquals("/bin/busybox", Ext4Image.readlink(disk(), "/bin/sh"));
        assertEquals(Files.size(Busybox.binary()), ls("/bin").get("busybox").size(), "/bin/busybox size");
        assertSameFile("guest/initramfs/init", "/init");
        assertSameFile("guest/initramfs/etc/inittab", "/etc/inittab");
        assertSameFile("guest/disk/etc/init.d/rcS", "/etc/init.d/rcS");
        assertSameFile("guest/disk/etc/init.d/rcK", "/etc/init.d/rcK");
        assertTrue(Ext4Image.cat(disk(), "/etc/init.d/rcS").contains("echo \"jpseries-disk: ready\""), "the disk's marker");
    }

    @Test
    void carriesTheInitramfsModules() throws Exception {
        Map<String, GuestInitramfsTest.Entry> initrd = GuestInitramfsTest.entries == null ? readInitrd() : GuestInitramfsTest.entries;
        String dep = initrd.keySet().stream().filter(n -> n.matches("lib/modules/[^/]+/modules\\.dep")).findFirst()
                .orElseThrow(() -> new AssertionError("the initramfs has no modules.dep"));
        assertEquals(initrd.get(dep).text(), Ext4Image.cat(disk(), "/" + dep), "modules.dep of the disk and the initramfs");
        for (String line : initrd.get(dep).text().lines().toList()) {
            String ko = dep.substring(0, dep.lastIndexOf('/') + 1) + line.substring(0, line.indexOf(':'));
            String dir = "/" + ko.substring(0, ko.lastIndexOf('/'));
            Entry e = ls(dir).get(ko.substring(ko.lastIndexOf('/') + 1));
            assertTrue(e != null, ko + " missing on the disk");
            assertEquals(initrd.get(ko).data().length, e.size(), ko + " size");
        }
    }

    @Test
    void everythingAtTheTopIsOwnedByRoot() throws Exception {
        for (String dir : List.of("/", "/bin", "/etc", "/etc/init.d", "/sbin")) {
            for (Entry e : ls(dir).values()) {
                assertEquals(0, e.uid(), dir + "/" + e.name() + " uid");
                assertEquals(0, e.gid(), dir + "/" + e.name() + " gid");
            }
        }
    }

    private static Map<String, GuestInitramfsTest.Entry> readInitrd() throws IOException {
        Map<String, GuestInitramfsTest.Entry> m = new java.util.LinkedHashMap<>();
        for (GuestInitramfsTest.Entry e : GuestInitramfsTest.readNewc(Busybox.initrd())) m.put(e.name(), e);
        return m;
    }

    private void assertSameFile(String repoFile, String imagePath) throws Exception {
        String want = Files.readString(Oracles.home().resolve(repoFile));
        assertEquals(want, Ext4Image.cat(disk(), imagePath), imagePath + " differs from " + repoFile);
        String dir = imagePath.substring(0, imagePath.lastIndexOf('/'));
        Entry e = ls(dir.isEmpty() ? "/" : dir).get(imagePath.substring(imagePath.lastIndexOf('/') + 1));
        assertEquals(S_IFREG, e.mode() & S_IFMT, imagePath + " is a file");
        assertEquals(Files.isExecutable(Oracles.home().resolve(repoFile)), (e.mode() & 0111) == 0111, imagePath + " execute bits");
    }
}
