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
    void pagesAreViewsOfLazilyAllocatedChunks() {
        GuestRam ram = new GuestRam(1L << 30);
        Page p = ram.page(0x12345);
        assertSame(p, ram.page(0x12000));
        assertEquals(0x2000, p.base);
        assertNull(ram.page(1L << 30));
        assertNull(ram.page(-1));
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
