package org.jpseries.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * brk and mmap reserve address space; a page gets host storage when the guest first touches it
 * (issue 16 item 3). Huge requests get the host's overcommit answer, here a fixed host of 16 GiB
 * RAM and swap under the heuristic policy, so the test does not depend on the machine.
 */
class DemandPagingTest {
    static final int MMAP = 90, MUNMAP = 91, BRK = 45, MPROTECT = 125, MREMAP = 163, MADVISE = 205, OPEN = 5, CLOSE = 6;
    static final long GiB = 1L << 30, MiB = 1L << 20, PAGE = 4096;
    static final int PRW = 3, ANON = MemoryManager.MAP_PRIVATE | MemoryManager.MAP_ANONYMOUS;

    @TempDir
    Path tmp;

    static GuestProcess process() {
        GuestProcess g = new GuestProcess();
        g.proc.memory.commit = new HostCommit(HostCommit.OVERCOMMIT_GUESS, 16 * GiB);
        g.proc.memory.setBrkStart(4 * GiB); // room to grow up to the stack at 256 GiB
        return g;
    }

    @Test
    void mappingAGibibyteAndTouchingThreePagesStoresThreePages() {
        GuestProcess g = process();
        long before = g.space.pagesCreated();
        long m = g.call(MMAP, 0, GiB, PRW, ANON, -1, 0);
        assertTrue(m > 0);
        g.proc.mem.put64(m + 5 * PAGE + 8, 0x1122334455667788L);
        g.proc.mem.put8(m + 600 * MiB, 9);
        assertEquals(0, g.proc.mem.u8(m + GiB - 1));
        assertEquals(0x1122334455667788L, g.proc.mem.u64(m + 5 * PAGE + 8));
        assertEquals(9, g.proc.mem.u8(m + 600 * MiB));
        assertEquals(3, g.space.pagesCreated() - before, "pages given host storage");
        // the same through brk
        long b0 = g.call(BRK, 0);
        assertEquals(b0 + GiB, g.call(BRK, b0 + GiB));
        g.proc.mem.put8(b0 + GiB - 1, 1);
        assertEquals(4, g.space.pagesCreated() - before);
        // unmapping a huge range costs what it holds, not its size
        assertEquals(0, g.call(MUNMAP, m, GiB));
        assertEquals(b0, g.call(BRK, b0));
        assertEquals(-Errno.EFAULT, g.call(3 /* read */, 0, m + PAGE, 1));
    }

    @Test
    void hugeRequestsGetTheHostsOvercommitAnswer() {
        GuestProcess g = process();
        long b0 = g.call(BRK, 0);
        assertEquals(b0, g.call(BRK, b0 + 64 * GiB), "brk beyond RAM + swap fails, the break stays");
        assertEquals(b0 + 8 * GiB, g.call(BRK, b0 + 8 * GiB));
        assertEquals(-Errno.ENOMEM, g.call(MMAP, 0, 64 * GiB, PRW, ANON, -1, 0));
        assertEquals(-Errno.ENOMEM, g.call(MMAP, 0, 1L << 40, PRW, ANON, -1, 0));
        // per request, as Linux's heuristic: two of 12 GiB are both granted
        assertTrue(g.call(MMAP, 0, 12 * GiB, PRW, ANON, -1, 0) > 0);
        assertTrue(g.call(MMAP, 0, 12 * GiB, PRW, ANON, -1, 0) > 0);
        long nr = g.call(MMAP, 0, 1L << 40, PRW, ANON | MemoryManager.MAP_NORESERVE, -1, 0);
        assertTrue(nr > 0, "MAP_NORESERVE is not charged");
        g.proc.mem.put8(nr + (1L << 39), 5);
        assertEquals(5, g.proc.mem.u8(nr + (1L << 39)));
        // a read-only private mapping is not charged until mprotect makes it writable
        long ro = g.call(MMAP, 0, 64 * GiB, 1, ANON, -1, 0);
        assertTrue(ro > 0);
        assertEquals(-Errno.ENOMEM, g.call(MPROTECT, ro, 64 * GiB, PRW));
        assertEquals(0, g.call(MPROTECT, ro, 4 * GiB, PRW));
        assertEquals(0, g.call(MPROTECT, ro, 4 * GiB, 1), "already charged");
        assertEquals(0, g.call(MPROTECT, ro, 4 * GiB, PRW));
        // growing a charged mapping charges the growth
        long s = g.call(MMAP, 0, PAGE, PRW, ANON, -1, 0);
        assertEquals(-Errno.ENOMEM, g.call(MREMAP, s, PAGE, 64 * GiB, MemoryManager.MREMAP_MAYMOVE, 0));
        assertTrue(g.call(MREMAP, s, PAGE, 2 * GiB, MemoryManager.MREMAP_MAYMOVE, 0) > 0);
        // no policy limit at all under "always overcommit"
        g.proc.memory.commit = new HostCommit(HostCommit.OVERCOMMIT_ALWAYS, 16 * GiB);
        assertTrue(g.call(MMAP, 0, 64 * GiB, PRW, ANON, -1, 0) > 0);
    }

    @Test
    void dontneedZeroesPrivatePagesKeepsSharedOnesAndGivesStorageBack() throws Exception {
        GuestProcess g = process();
        long m = g.call(MMAP, 0, 64 * PAGE, PRW, ANON, -1, 0);
        long sh = g.call(MMAP, 0, 2 * PAGE, PRW, MemoryManager.MAP_SHARED | MemoryManager.MAP_ANONYMOUS, -1, 0);
        for (int i = 0; i < 64; i++) g.proc.mem.put8(m + i * PAGE, i + 1);
        g.proc.mem.put8(sh, 7);
        int resident = g.space.residentPages();
        assertEquals(0, g.call(MADVISE, m + 8 * PAGE, 16 * PAGE, MemoryManager.MADV_DONTNEED));
        assertEquals(0, g.call(MADVISE, sh, 2 * PAGE, MemoryManager.MADV_DONTNEED));
        assertEquals(resident - 16, g.space.residentPages(), "the discarded pages are released");
        assertEquals(0, g.proc.mem.u8(m + 8 * PAGE));
        assertEquals(0, g.proc.mem.u8(m + 23 * PAGE));
        assertEquals(8, g.proc.mem.u8(m + 7 * PAGE));
        assertEquals(25, g.proc.mem.u8(m + 24 * PAGE));
        assertEquals(7, g.proc.mem.u8(sh));
        // a private file page reads the file again
        Path f = tmp.resolve("data");
        byte[] content = new byte[3 * (int) PAGE];
        for (int i = 0; i < content.length; i++) content[i] = (byte) ('a' + i / PAGE);
        Files.write(f, content);
        long fd = g.call(OPEN, g.string(f.toString()), 0);
        long fm = g.call(MMAP, 0, 3 * PAGE, PRW, MemoryManager.MAP_PRIVATE, fd, 0);
        assertEquals(0, g.call(CLOSE, fd));
        long created = g.space.pagesCreated();
        g.proc.mem.put8(fm + PAGE, 'X');
        assertEquals('X', g.proc.mem.u8(fm + PAGE));
        assertEquals(0, g.call(MADVISE, fm + PAGE, PAGE, MemoryManager.MADV_DONTNEED));
        assertEquals('b', g.proc.mem.u8(fm + PAGE));
        assertEquals('c', g.proc.mem.u8(fm + 2 * PAGE + 100), "read on first touch, after close");
        assertEquals(3, g.space.pagesCreated() - created);
    }

    @Test
    void mprotectMunmapAndMremapKeepTheirMeaningOverUntouchedPages() {
        GuestProcess g = process();
        long m = g.call(MMAP, 0, 256 * MiB, PRW, ANON, -1, 0);
        g.proc.mem.put8(m + 3, 1);
        g.proc.mem.put8(m + 100 * MiB, 2);
        assertEquals(0, g.call(MPROTECT, m + 200 * MiB, 56 * MiB, 1));
        assertEquals(-Errno.EFAULT, g.call(3 /* read */, 0, m + 210 * MiB, 1), "read-only, never touched");
        assertEquals(0, g.call(MUNMAP, m + 128 * MiB, 64 * MiB));
        assertEquals(-Errno.EFAULT, g.call(MREMAP, m + 120 * MiB, 16 * MiB, 32 * MiB, MemoryManager.MREMAP_MAYMOVE, 0),
                "the old range must be one mapping");
        long moved = g.call(MREMAP, m, 128 * MiB, 512 * MiB, MemoryManager.MREMAP_MAYMOVE, 0);
        assertTrue(moved > 0 && moved != m);
        assertEquals(1, g.proc.mem.u8(moved + 3));
        assertEquals(2, g.proc.mem.u8(moved + 100 * MiB));
        assertEquals(0, g.proc.mem.u8(moved + 300 * MiB));
        assertEquals(-Errno.EFAULT, g.call(3 /* read */, 0, m + 3, 1), "the old place is unmapped");
        String maps = g.space.describeMaps("/bin/true", 0x1010_0000L, 0x1010_0000L);
        assertTrue(maps.contains(String.format("%08x-%08x r--p", m + 200 * MiB, m + 256 * MiB)), maps);
        assertTrue(maps.contains(String.format("%08x-%08x rw-p", moved, moved + 512 * MiB)), maps);
    }
}
