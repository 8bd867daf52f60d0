package org.jpseries.cpu;

import static org.jpseries.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.jpseries.cpu.arch.Interrupt;

/** CR and XER moves and problem-state SPR access (Book I 3.3.17-3.3.20, Book III 5.4.4). */
class SprTest {
    @Test
    void crMoves() {
        GuestCode g = new GuestCode();
        g.set(4, 0x12345678).run(mtcrf(0xff, 4), mfcr(3), mtcrf(0x0f, 0), mfcr(5), mtocrf(0x80, 4), mfocrf(6, 0x40));
        assertEquals(0x12345678L, g.r(3));
        assertEquals(0x12340000L, g.r(5));
        assertEquals(0x02000000L, g.r(6), "mfocrf keeps one field in place");
        g.set(7, 99).run(mfocrf(7, 0x03), mtocrf(0x11, 0));
        assertEquals(99, g.r(7), "several FXM bits: RT unchanged (as qemu)");
        assertEquals(0x12340000, g.cpu.cr, "mtocrf with two bits changes nothing");
    }

    @Test
    void xerMovesAndMcrxrx() {
        GuestCode g = new GuestCode();
        g.set(4, 0xe00c007fL).run(mtspr(1, 4), mfspr(3, 1), mcrxrx(3));
        assertEquals(0xe00c007fL, g.r(3));
        assertTrue(g.cpu.so && g.cpu.ov && g.cpu.ca && g.cpu.ov32 && g.cpu.ca32);
        assertEquals(127, g.cpu.xerCount);
        assertEquals(0b1111, g.cpu.crField(3));
        g = new GuestCode(CpuModel.POWER8);
        g.set(4, 0xe00c007fL).run(mtspr(1, 4), mfspr(3, 1));
        assertEquals(0xe000007fL, g.r(3), "POWER8 has no OV32/CA32");
    }

    @Test
    void userSprsRoundTrip() {
        GuestCode g = new GuestCode();
        g.set(4, 0x123456789abcdef0L).run(mtspr(8, 4), mfspr(5, 8), mtspr(9, 4), mfspr(6, 9), mtspr(815, 4),
                mfspr(7, 815), mtspr(256, 4), mfspr(8, 256), mtspr(3, 4), mfspr(9, 3));
        assertEquals(0x123456789abcdef0L, g.r(5));
        assertEquals(0x123456789abcdef0L, g.r(6));
        assertEquals(0x123456789abcdef0L, g.r(7));
        assertEquals(0x9abcdef0L, g.r(8), "VRSAVE is 32 bits");
        assertEquals(0x123456789abcdef0L, g.r(9), "DSCR problem-state alias");
        g.set(4, 0x0010000000000000L).run(mtspr(896, 4), mfspr(3, 898));
        assertEquals(0x00100000L, g.r(3), "PPR32 is the upper word of PPR");
    }

    @Test
    void privilegedAndUndefinedSprs() {
        GuestCode g = new GuestCode();
        g.set(3, 7).run(mfspr(3, 26));
        assertNotNull(g.interrupt);
        assertEquals(Interrupt.PROGRAM_PRIVILEGED, g.interrupt.detail, "SRR0 is privileged (spr bit 0x10)");
        assertEquals(7, g.r(3));
        g = new GuestCode();
        g.run(mtspr(1000, 3));
        assertEquals(Interrupt.PROGRAM_ILLEGAL, g.interrupt.detail);
        g = new GuestCode();
        g.run(mtspr(268, 3));
        assertEquals(Interrupt.PROGRAM_PRIVILEGED, g.interrupt.detail, "the time base is read-only here");
        g = new GuestCode();
        g.set(3, 5).run(mfspr(3, 808), mtspr(809, 3));
        assertNull(g.interrupt, "808-811 are no-ops");
        assertEquals(5, g.r(3));
    }

    @Test
    void timeBaseMovesForward() throws InterruptedException {
        GuestCode g = new GuestCode();
        g.run(mftb(3), mfspr(4, 268), mfspr(5, 269));
        long a = g.r(3);
        Thread.sleep(2);
        g.run(mftb(6));
        assertTrue(g.r(4) >= a);
        assertTrue(g.r(6) - a >= 1000, "2 ms at 512 MHz is about a million ticks: " + (g.r(6) - a));
        assertEquals(g.r(4) >>> 32, g.r(5));
    }

    @Test
    void darnGivesRandomNumbers() {
        GuestCode g = new GuestCode();
        g.run(darn(3, 1), darn(4, 1), darn(5, 0), darn(6, 3));
        assertNotEquals(g.r(3), g.r(4));
        assertNotEquals(-1, g.r(3));
        assertEquals(0, g.r(5) >>> 32, "L=0 is a 32-bit number");
        assertEquals(-1, g.r(6), "L=3 is reserved: the error value");
    }
}
