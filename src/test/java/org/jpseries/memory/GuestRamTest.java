package org.jpseries.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GuestRamTest {
    @Test
    void pagesAreWindowsOnOneMappingMadeOnFirstTouch() {
        try (GuestRam ram = new GuestRam(1L << 30)) {
            Page p = ram.page(0x12345);
            assertSame(p, ram.page(0x12000));
            assertEquals(0x12000, p.base);
            assertSame(p.mem, ram.page(0x3fff_f000).mem);
            assertTrue(p.mem.isNative(), "guest RAM lives outside the Java heap");
            assertNull(ram.page(1L << 30));
            assertNull(ram.page(-1));
        }
    }

    /** Guest RAM far larger than this test JVM's heap (-Xmx of Surefire is the default, a quarter of the host). */
    @Test
    void touchedRamCostsNoJavaHeap() {
        long heapBefore = usedHeap();
        try (GuestRam ram = new GuestRam(512L << 20)) {
            byte[] mib = new byte[1 << 20];
            java.util.Arrays.fill(mib, (byte) 0x5a);
            for (long pa = 0; pa < ram.size(); pa += mib.length) ram.write(pa, mib, 0, mib.length);
            assertEquals(0x5a5a5a5a, ram.readBE32(ram.size() - 4));
            // 131,072 Page objects of bookkeeping, not 512 MiB of arrays
            assertTrue(usedHeap() - heapBefore < (64L << 20), "heap grew by " + ((usedHeap() - heapBefore) >> 20) + " MiB");
        }
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void ramTheHostCannotBackIsRefusedAtStartWithQemusMessage() throws Exception {
        String policy = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/vm/overcommit_memory")).trim();
        org.junit.jupiter.api.Assumptions.assumeFalse(policy.equals("1"), "the host overcommits without limit");
        GuestRam.OutOfHostMemory e = assertThrows(GuestRam.OutOfHostMemory.class, () -> new GuestRam(GuestRam.MAX_SIZE, "ppc_spapr.ram"));
        assertEquals("cannot set up guest memory 'ppc_spapr.ram': Cannot allocate memory", e.getMessage());
    }

    @Test
    void closedRamRefusesAccessInsteadOfCrashing() {
        GuestRam ram = new GuestRam(1L << 20);
        Page p = ram.page(0);
        ram.close();
        ram.close();
        assertThrows(IllegalStateException.class, () -> p.get(0));
    }

    @Test
    void hostAccessesCrossPagesAndChunksAndAreBigEndian() {
        GuestRam ram = new GuestRam(1L << 20);
        long pa = GuestRam.CHUNK_SIZE - 2;
        ram.writeBE32(pa, 0x11223344);
        assertEquals(0x11223344, ram.readBE32(pa));
        assertEquals(0x33, ram.readU8(pa + 2));
        ram.writeBE64(0x100, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, ram.readBE64(0x100));
        byte[] b = new byte[8];
        ram.read(0x100, b, 0, 8);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, b);
    }

    @Test
    void hostWritesDropDecodedCode() {
        GuestRam ram = new GuestRam(1L << 20);
        Page p = ram.page(0x3000);
        boolean[] dropped = {false};
        p.code = () -> dropped[0] = true;
        ram.writeBE32(0x3ffe, 0);
        assertTrue(dropped[0]);
        assertNull(p.code);
    }

    @Test
    void outOfRangeHostAccessIsAnError() {
        GuestRam ram = new GuestRam(1L << 20);
        assertThrows(IllegalArgumentException.class, () -> ram.readBE32((1L << 20) - 2));
        assertFalse(ram.contains(-4, 4));
        assertThrows(IllegalArgumentException.class, () -> new GuestRam(1000));
    }
}
