package org.jpseries.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockBackendTest {
    @TempDir
    Path dir;

    private static final int O_ACCMODE = 3, O_DSYNC = 010000, O_DIRECT = 040000; // x86-64 octal, as /proc/self/fdinfo prints them

    Path image(String name, long size) throws Exception {
        Path p = dir.resolve(name);
        try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    static DriveSpec spec(Path p, boolean readOnly, CacheMode cache, boolean discard, boolean locking, boolean formatGiven) {
        return new DriveSpec("d0", p, DriveSpec.IF_VIRTIO, readOnly, cache, discard, locking, formatGiven, "-drive file=" + p);
    }

    static DriveSpec spec(Path p) {
        return spec(p, false, CacheMode.WRITEBACK, false, true, true);
    }

    static BlockBackend open(DriveSpec s) throws BlockIoException {
        return BlockBackend.open(s, w -> { throw new AssertionError("unexpected warning " + w); });
    }

    /** The open flags of a descriptor of this process, as the kernel reports them. */
    static int flags(int fd) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) return Integer.parseInt(line.substring(6).trim(), 8);
        }
        throw new AssertionError("no flags in fdinfo " + fd);
    }

    /** Blocks the file occupies (stat's st_blocks, in 512-byte units). */
    static long blocks(Path p) throws Exception {
        Process pr = new ProcessBuilder("stat", "-c", "%b", p.toString()).start();
        String out = new String(pr.getInputStream().readAllBytes()).trim();
        assertEquals(0, pr.waitFor());
        return Long.parseLong(out);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Round trips at odd offsets through every buffer kind, checked against the file as Java reads it. */
    void roundTrips(CacheMode cache) throws Exception {
        Path p = image("rt.raw", 1 << 20);
        byte[] data = random(777, 1);
        try (BlockBackend b = open(spec(p, false, cache, false, true, true))) {
            assertEquals(1 << 20, b.size());
            b.write(12345, data, 0, data.length); // heap array
            ByteBuffer direct = ByteBuffer.allocateDirect(1001).put(random(1001, 2)).flip();
            b.write(65537, direct); // direct buffer, odd offset and length
            assertEquals(1001, direct.position());
            byte[] heapData = random(4096, 3);
            b.write(8192, ByteBuffer.wrap(heapData)); // heap buffer, aligned
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocate(3333, 1);
                seg.copyFrom(MemorySegment.ofArray(random(3333, 4)));
                b.write(200_003, seg.asSlice(1)); // native segment at an odd address
            }
            byte[] back = new byte[777];
            b.read(12345, back, 0, back.length);
            assertArrayEquals(data, back);
            ByteBuffer heap = ByteBuffer.allocate(1001);
            b.read(65537, heap);
            assertArrayEquals(random(1001, 2), heap.array());
            ByteBuffer d2 = ByteBuffer.allocateDirect(4096);
            b.read(8192, d2);
            byte[] d2b = new byte[4096];
            d2.flip().get(d2b);
            assertArrayEquals(heapData, d2b);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocate(3332, 1);
                b.read(200_003, seg);
                assertArrayEquals(java.util.Arrays.copyOfRange(random(3333, 4), 1, 3333), seg.toArray(ValueLayout.JAVA_BYTE));
            }
            b.flush();
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(file, 12345, 12345 + 777));
        assertArrayEquals(random(1001, 2), java.util.Arrays.copyOfRange(file, 65537, 65537 + 1001));
        assertEquals(0, file[12344]);
        assertEquals(0, file[12345 + 777]);
        assertEquals(0, file[65536]);
        assertEquals(0, file[65537 + 1001]);
        assertEquals(1 << 20, file.length, "no write past the image");
    }

    @Test
    void roundTripsAtOddOffsetsWriteback() throws Exception {
        roundTrips(CacheMode.WRITEBACK);
    }

    @Test
    void roundTripsAtOddOffsetsThroughODirect() throws Exception {
        roundTrips(CacheMode.parse("none"));
    }

    @Test
    void cacheModesSetTheOpenFlags() throws Exception {
        Path p = image("flags.raw", 1 << 16);
        String[][] modes = {{"writeback", "0", "0"}, {"writethrough", "1", "0"}, {"none", "0", "1"}, {"directsync", "1", "1"}, {"unsafe", "0", "0"}};
        for (String[] m : modes) {
            try (BlockBackend b = open(spec(p, false, CacheMode.parse(m[0]), false, true, true))) {
                int f = flags(b.fd());
                assertEquals(m[1].equals("1"), (f & O_DSYNC) != 0, m[0] + " O_DSYNC, flags " + Integer.toOctalString(f));
                assertEquals(m[2].equals("1"), (f & O_DIRECT) != 0, m[0] + " O_DIRECT, flags " + Integer.toOctalString(f));
                assertEquals(2, f & O_ACCMODE, m[0] + " O_RDWR");
                assertEquals(m[2].equals("1") ? 512 : 1, b.alignment() == 1 ? 1 : 512, m[0] + " alignment " + b.alignment());
            }
        }
    }

    @Test
    void readOnlyDrivesOpenReadOnlyAndRefuseWrites() throws Exception {
        Path p = image("ro.raw", 1 << 16);
        Files.write(p, random(1 << 16, 5));
        DriveSpec s = spec(p, true, CacheMode.WRITEBACK, true, true, true);
        try (BlockBackend b = open(s)) {
            assertEquals(0, flags(b.fd()) & O_ACCMODE, "O_RDONLY");
            BlockIoException e = assertThrows(BlockIoException.class, () -> b.write(0, new byte[512], 0, 512));
            assertEquals(BlockIoException.EROFS, e.errno());
            assertEquals("write refused: the drive is read-only", e.getMessage());
            assertEquals(BlockIoException.EROFS, assertThrows(BlockIoException.class, () -> b.writeZeroes(0, 512, true)).errno());
            assertEquals(BlockIoException.EROFS, assertThrows(BlockIoException.class, () -> b.discard(0, 512)).errno());
            assertFalse(b.discardSupported(), "no discard on a read-only drive");
            byte[] back = new byte[100];
            b.read(7, back, 0, 100);
            assertArrayEquals(java.util.Arrays.copyOfRange(random(1 << 16, 5), 7, 107), back);
        }
        assertArrayEquals(random(1 << 16, 5), Files.readAllBytes(p));
    }

    @Test
    void requestsOutsideTheImageFail() throws Exception {
        Path p = image("small.raw", 4096);
        try (BlockBackend b = open(spec(p))) {
            BlockIoException e = assertThrows(BlockIoException.class, () -> b.write(4000, new byte[512], 0, 512));
            assertEquals(BlockIoException.EINVAL, e.errno());
            assertEquals("write of 512 bytes at 4000 is outside the image (4096 bytes)", e.getMessage());
            assertThrows(BlockIoException.class, () -> b.read(-1, new byte[1], 0, 1));
            assertThrows(BlockIoException.class, () -> b.read(Long.MAX_VALUE, new byte[2], 0, 2));
        }
        assertEquals(4096, Files.size(p));
    }

    /** A HostIo that counts fdatasync calls and can hold pwrite until released. */
    static final class Hooked implements HostIo {
        final AtomicInteger fdatasyncs = new AtomicInteger();
        volatile CountDownLatch holdWrites;
        final CountDownLatch writeEntered = new CountDownLatch(1);

        public int open(String path, int flags) throws BlockIoException {
            return BlockLibc.HOST.open(path, flags);
        }

        public void close(int fd) throws BlockIoException {
            BlockLibc.HOST.close(fd);
        }

        public long size(int fd) throws BlockIoException {
            return BlockLibc.HOST.size(fd);
        }

        public long pread(int fd, MemorySegment buf, long offset) throws BlockIoException {
            return BlockLibc.HOST.pread(fd, buf, offset);
        }

        public long pwrite(int fd, MemorySegment buf, long offset) throws BlockIoException {
            writeEntered.countDown();
            CountDownLatch h = holdWrites;
            if (h != null) {
                try {
                    h.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return BlockLibc.HOST.pwrite(fd, buf, offset);
        }

        public void fdatasync(int fd) throws BlockIoException {
            fdatasyncs.incrementAndGet();
            BlockLibc.HOST.fdatasync(fd);
        }

        public void fallocate(int fd, int mode, long offset, long length) throws BlockIoException {
            BlockLibc.HOST.fallocate(fd, mode, offset, length);
        }

        public void ofdSetLock(int fd, short type, long start, long len) throws BlockIoException {
            BlockLibc.HOST.ofdSetLock(fd, type, start, len);
        }

        public boolean ofdConflict(int fd, short type, long start, long len) throws BlockIoException {
            return BlockLibc.HOST.ofdConflict(fd, type, start, len);
        }
    }

    @Test
    void flushReachesTheDiskExceptUnderCacheUnsafe() throws Exception {
        Path p = image("flush.raw", 1 << 16);
        for (String mode : List.of("writeback", "none", "unsafe")) {
            Hooked io = new Hooked();
            try (BlockBackend b = BlockBackend.open(spec(p, false, CacheMode.parse(mode), false, true, true), w -> { }, io)) {
                b.write(0, new byte[4096], 0, 4096);
                assertEquals(0, io.fdatasyncs.get(), mode + ": a write alone does not sync under " + mode);
                b.flush();
                b.flush();
                assertEquals(mode.equals("unsafe") ? 0 : 2, io.fdatasyncs.get(), mode + ": fdatasync per flush");
            }
        }
    }

    @Test
    void aGuestThatTurnsItsWriteCacheOffGetsEveryWriteSynced() throws Exception {
        Path p = image("wce.raw", 1 << 16);
        for (String mode : List.of("writeback", "writethrough", "unsafe")) {
            Hooked io = new Hooked();
            try (BlockBackend b = BlockBackend.open(spec(p, false, CacheMode.parse(mode), true, true, true), w -> { }, io)) {
                assertEquals(!mode.equals("writethrough"), b.writeCache(), mode);
                b.setWriteCache(false);
                b.write(0, new byte[512], 0, 512);
                // writeback: one fdatasync per write; writethrough: O_DSYNC already, none; unsafe: flushes ignored (QEMU cache.no-flush)
                assertEquals(mode.equals("writeback") ? 1 : 0, io.fdatasyncs.get(), mode + ": write with the cache off");
                b.writeZeroes(512, 512, false);
                assertEquals(mode.equals("unsafe") ? 0 : mode.equals("writeback") ? 2 : 1, io.fdatasyncs.get(), mode + ": fallocate with the cache off");
                b.setWriteCache(true);
                int before = io.fdatasyncs.get();
                b.write(0, new byte[512], 0, 512);
                assertEquals(before, io.fdatasyncs.get(), mode + ": write with the cache on");
            }
        }
    }

    @Test
    void discardDeallocatesAndReadsZeros() throws Exception {
        Path p = image("discard.raw", 4 << 20);
        Files.write(p, random(4 << 20, 6));
        long before = blocks(p);
        assertTrue(before >= (4 << 20) / 512, "the file is allocated: " + before);
        try (BlockBackend b = open(spec(p, false, CacheMode.WRITEBACK, true, true, true))) {
            assertTrue(b.discardSupported(), "ext4 punches holes");
            b.discard(1 << 20, 2 << 20);
            byte[] back = new byte[2 << 20];
            b.read(1 << 20, back, 0, back.length);
            assertArrayEquals(new byte[2 << 20], back);
            byte[] edge = new byte[16];
            b.read((1 << 20) - 8, edge, 0, 16);
            assertArrayEquals(java.util.Arrays.copyOfRange(random(4 << 20, 6), (1 << 20) - 8, 1 << 20), java.util.Arrays.copyOf(edge, 8));
        }
        long after = blocks(p);
        assertTrue(after <= before - (2 << 20) / 512, "2 MiB deallocated: " + before + " -> " + after + " blocks");
        assertEquals(4 << 20, Files.size(p), "KEEP_SIZE");
    }

    @Test
    void discardIsNotOfferedWithoutDiscardUnmap() throws Exception {
        Path p = image("nodiscard.raw", 1 << 16);
        try (BlockBackend b = open(spec(p))) {
            assertFalse(b.discardSupported());
            BlockIoException e = assertThrows(BlockIoException.class, () -> b.discard(0, 4096));
            assertTrue(e.unsupported(), e.getMessage());
        }
    }

    @Test
    void writeZeroesReadsBackZeros() throws Exception {
        Path p = image("zeroes.raw", 1 << 20);
        Files.write(p, random(1 << 20, 7));
        for (boolean direct : new boolean[] {false, true}) {
            try (BlockBackend b = open(spec(p, false, CacheMode.WRITEBACK.withDirect(direct), false, true, true))) {
                b.writeZeroes(1000, 70_000, false);
                byte[] back = new byte[70_002];
                b.read(999, back, 0, back.length);
                assertEquals(random(1 << 20, 7)[999], back[0]);
                assertEquals(random(1 << 20, 7)[71_000], back[70_001]);
                assertArrayEquals(new byte[70_000], java.util.Arrays.copyOfRange(back, 1, 70_001));
            }
            Files.write(p, random(1 << 20, 7));
        }
    }

    @Test
    void aSecondWriterIsRefusedAsQemuRefusesIt() throws Exception {
        Path p = image("locked.raw", 1 << 16);
        try (BlockBackend first = open(spec(p))) {
            // qemu-system-ppc64 7.2, a second -drive file=disk.raw,format=raw,if=virtio on an image in use:
            //   qemu-system-ppc64: -drive file=disk.raw,format=raw,if=virtio: Failed to get "write" lock
            //   Is another process using the image [disk.raw]?
            BlockIoException e = assertThrows(BlockIoException.class, () -> open(spec(p)));
            assertEquals("-drive file=" + p + ": Failed to get \"write\" lock\nIs another process using the image [" + p + "]?", e.getMessage());
            // ... and with readonly=on: Failed to get shared "write" lock
            e = assertThrows(BlockIoException.class, () -> open(spec(p, true, CacheMode.WRITEBACK, false, true, true)));
            assertEquals("-drive file=" + p + ": Failed to get shared \"write\" lock\nIs another process using the image [" + p + "]?",
                    e.getMessage());
            // file.locking=off opens anyway
            open(spec(p, false, CacheMode.WRITEBACK, false, false, true)).close();
        }
        open(spec(p)).close(); // closing the first dropped its locks
        try (BlockBackend reader = open(spec(p, true, CacheMode.WRITEBACK, false, true, true))) {
            // a read-only drive does not share write either (QEMU holds bytes 100 and 201)
            assertThrows(BlockIoException.class, () -> open(spec(p)));
        }
    }

    @Test
    void drainWaitsForTheRequestInFlight() throws Exception {
        Path p = image("drain.raw", 1 << 16);
        Hooked io = new Hooked();
        io.holdWrites = new CountDownLatch(1);
        BlockBackend b = BlockBackend.open(spec(p), w -> { }, io);
        try {
            List<Throwable> failures = new ArrayList<>();
            Thread writer = new Thread(() -> {
                try {
                    b.write(512, new byte[] {1, 2, 3}, 0, 3);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "io-thread");
            writer.start();
            assertTrue(io.writeEntered.await(10, TimeUnit.SECONDS));
            assertEquals(1, b.inFlight());
            CountDownLatch drained = new CountDownLatch(1);
            Thread control = new Thread(() -> {
                b.drain();
                drained.countDown();
            }, "control");
            control.start();
            assertFalse(drained.await(300, TimeUnit.MILLISECONDS), "drain returned with a write in flight");
            io.holdWrites.countDown();
            assertTrue(drained.await(10, TimeUnit.SECONDS));
            writer.join();
            assertEquals(List.of(), failures);
            assertEquals(0, b.inFlight());
            byte[] back = new byte[3];
            b.read(512, back, 0, 3);
            assertArrayEquals(new byte[] {1, 2, 3}, back, "the drained write is in the image");
        } finally {
            io.holdWrites.countDown(); // a failed assertion must not leave close() waiting for the held write
            b.close();
        }
    }

    @Test
    void aDrainedSectionHoldsNewRequestsUntilItEnds() throws Exception {
        Path p = image("drained.raw", 1 << 16);
        try (BlockBackend b = open(spec(p))) {
            CountDownLatch done = new CountDownLatch(1);
            Thread t;
            try (BlockBackend.Drained d = b.drained()) {
                t = new Thread(() -> {
                    try {
                        b.write(0, new byte[] {9}, 0, 1);
                        done.countDown();
                    } catch (BlockIoException e) {
                        throw new AssertionError(e);
                    }
                });
                t.start();
                assertFalse(done.await(200, TimeUnit.MILLISECONDS), "a request ran inside a drained section");
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            t.join();
        }
    }

    @Test
    void missingImageGivesQemusLine() {
        // qemu-system-ppc64 7.2: -drive file=missing.raw,format=raw,if=virtio: Could not open 'missing.raw': No such file or directory
        Path p = dir.resolve("missing.raw");
        BlockIoException e = assertThrows(BlockIoException.class, () -> open(spec(p)));
        assertEquals("-drive file=" + p + ": Could not open '" + p + "': No such file or directory", e.getMessage());
        // qemu-system-ppc64 7.2: -drive file=dir.d,format=raw,if=virtio: 'file' driver requires 'dir.d' to be a regular file
        e = assertThrows(BlockIoException.class, () -> open(spec(dir)));
        assertEquals("-drive file=" + dir + ": 'file' driver requires '" + dir + "' to be a regular file", e.getMessage());
    }

    @Test
    void probedImagesAreRefusedOrWarnedAndGuardBlock0() throws Exception {
        Path q = image("q.qcow2", 1 << 16);
        byte[] header = {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3};
        try (var f = new java.io.RandomAccessFile(q.toFile(), "rw")) {
            f.write(header);
        }
        BlockIoException e = assertThrows(BlockIoException.class, () -> open(spec(q, false, CacheMode.WRITEBACK, false, true, false)));
        assertEquals("-drive file=" + q + ": '" + q + "' is a qcow2 image: jpseries reads raw images only (convert it: qemu-img convert -O raw "
                + q + " IMAGE.raw, then format=raw)", e.getMessage());

        Path r = image("r.raw", 1 << 16);
        List<String> warnings = new ArrayList<>();
        try (BlockBackend b = BlockBackend.open(spec(r, false, CacheMode.WRITEBACK, false, true, false), warnings::add)) {
            // qemu-system-ppc64 7.2 -drive file=disk.raw,if=virtio prints these three lines
            assertEquals(List.of("WARNING: Image format was not specified for '" + r + "' and probing guessed raw.\n"
                    + "         Automatically detecting the format is dangerous for raw images, write operations on block 0 will be restricted.\n"
                    + "         Specify the 'raw' format explicitly to remove the restrictions."), warnings);
            e = assertThrows(BlockIoException.class, () -> b.write(0, header, 0, header.length));
            assertEquals(BlockIoException.EPERM, e.errno());
            byte[] sector = new byte[512];
            System.arraycopy(header, 0, sector, 0, 8);
            assertThrows(BlockIoException.class, () -> b.write(0, sector, 0, 512));
            b.write(0, new byte[] {'Q', 'F', 'I'}, 0, 3); // not yet a header
            assertThrows(BlockIoException.class, () -> b.write(3, new byte[] {(byte) 0xfb, 0, 0, 0, 2}, 0, 5), "completes one");
            b.write(512, sector, 0, 512); // block 1 is not guarded
        }
        assertEquals(0, Files.readAllBytes(r)[3], "the refused write is not in the image");
        try (BlockBackend b = open(spec(r))) { // format=raw: no guard, as QEMU
            b.write(0, header, 0, header.length);
        }
    }
}
