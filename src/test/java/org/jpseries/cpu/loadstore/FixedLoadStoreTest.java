package org.jpseries.cpu.loadstore;

import static org.jpseries.cpu.loadstore.Asm.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.memory.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Book I 3.3.2-3.3.5: every width, signedness, addressing form and byte order. */
class FixedLoadStoreTest {
    static Rig rig(boolean le) {
        return le ? Rig.le() : Rig.be();
    }

    /** Offsets inside a page, unaligned, and straddling the boundary between two data pages. */
    static final long[] ADDRESSES = {
        Rig.DATA, Rig.DATA + 1, Rig.DATA + 0x123, Rig.DATA + Page.SIZE - 1, Rig.DATA + Page.SIZE - 3,
        Rig.DATA + Page.SIZE - 5, Rig.DATA + 2 * Page.SIZE - 7, Rig.DATA + 2 * Page.SIZE - 4
    };

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void dFormLoadsEveryWidth(boolean le) {
        for (long ea : ADDRESSES) {
            Rig r = rig(le);
            r.pattern(Rig.DATA, 3 * Page.SIZE, 0x85);
            r.cpu.gpr[4] = ea + 16; // displacement -16
            r.emit(lbz(5, 4, -16), lhz(6, 4, -16), lha(7, 4, -16), lwz(8, 4, -16), ld(9, 4, -16), lwa(10, 4, -16));
            assertTrue(r.run(), "fault " + r.interrupt);
            assertEquals(r.value(ea, 1, le), r.cpu.gpr[5]);
            assertEquals(r.value(ea, 2, le), r.cpu.gpr[6]);
            assertEquals((short) r.value(ea, 2, le), r.cpu.gpr[7]);
            assertEquals(r.value(ea, 4, le), r.cpu.gpr[8]);
            assertEquals(r.value(ea, 8, le), r.cpu.gpr[9], "ld at " + Long.toHexString(ea));
            assertEquals((int) r.value(ea, 4, le), r.cpu.gpr[10]);
            assertEquals(ea + 16, r.cpu.gpr[4]);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void xFormLoadsAndRaZero(boolean le) {
        for (long ea : ADDRESSES) {
            Rig r = rig(le);
            r.pattern(Rig.DATA, 3 * Page.SIZE, 0x13);
            r.cpu.gpr[4] = ea - 0x1000;
            r.cpu.gpr[3] = 0x1000;
            r.cpu.gpr[2] = ea;
            r.cpu.gpr[0] = 0x7777; // RA=0 means 0, not r0
            r.emit(lbzx(5, 4, 3), lhzx(6, 4, 3), lhax(7, 4, 3), lwzx(8, 4, 3), ldx(9, 4, 3), lwax(10, 4, 3),
                    ldx(11, 0, 2));
            assertTrue(r.run());
            assertEquals(r.value(ea, 1, le), r.cpu.gpr[5]);
            assertEquals(r.value(ea, 2, le), r.cpu.gpr[6]);
            assertEquals((short) r.value(ea, 2, le), r.cpu.gpr[7]);
            assertEquals(r.value(ea, 4, le), r.cpu.gpr[8]);
            assertEquals(r.value(ea, 8, le), r.cpu.gpr[9]);
            assertEquals((int) r.value(ea, 4, le), r.cpu.gpr[10]);
            assertEquals(r.value(ea, 8, le), r.cpu.gpr[11]);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void storesEveryWidthAndForm(boolean le) {
        long v = 0x8877665544332211L;
        for (long ea : ADDRESSES) {
            Rig r = rig(le);
            r.cpu.gpr[5] = v;
            r.cpu.gpr[4] = ea;
            r.cpu.gpr[3] = 0x100;
            long base = Rig.DATA + Page.SIZE + 0x200; // a second, fixed area for the indexed forms
            r.cpu.gpr[6] = base - 0x100;
            r.emit(std(5, 4, 0));
            assertTrue(r.run());
            assertEquals(v, r.value(ea, 8, le), "std at " + Long.toHexString(ea));
            byte[] want = r.peek(ea, 8);
            for (int k = 0; k < 8; k++) assertEquals((byte) (v >>> (le ? 8 * k : 56 - 8 * k)), want[k]);

            r = rig(le);
            r.cpu.gpr[5] = v;
            r.cpu.gpr[4] = ea;
            r.cpu.gpr[6] = Rig.DATA + 0x800 - 0x100;
            r.cpu.gpr[3] = 0x100;
            r.emit(stw(5, 4, 0), sth(5, 6, 0x108), stb(5, 6, 0x10A), stdx(5, 6, 3), stwx(5, 6, 3), sthx(5, 6, 3),
                    stbx(5, 6, 3));
            assertTrue(r.run());
            assertEquals(0x44332211L, r.value(ea, 4, le));
            assertEquals(0x2211, r.value(Rig.DATA + 0x808, 2, le));
            assertEquals(0x11, r.peek(Rig.DATA + 0x80A));
            // stdx, then stwx/sthx/stbx overwrite a shrinking prefix with the low-order bytes
            byte[] expect = le ? new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88}
                    : new byte[] {0x11, 0x11, 0x22, 0x11, 0x44, 0x33, 0x22, 0x11};
            assertArrayEquals(expect, r.peek(Rig.DATA + 0x800, 8));
        }
    }

    @Test
    void storeIndexedFormsWriteTheirWidth() {
        Rig r = Rig.be();
        r.pattern(Rig.DATA, 64, 1);
        r.cpu.gpr[5] = 0x0102030405060708L;
        r.cpu.gpr[6] = Rig.DATA;
        r.cpu.gpr[3] = 8;
        r.cpu.gpr[7] = 16;
        r.cpu.gpr[8] = 24;
        r.cpu.gpr[9] = 32;
        r.emit(stdx(5, 6, 3), stwx(5, 6, 7), sthx(5, 6, 8), stbx(5, 6, 9));
        assertTrue(r.run());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, r.peek(Rig.DATA + 8, 8));
        assertArrayEquals(new byte[] {5, 6, 7, 8}, r.peek(Rig.DATA + 16, 4));
        assertEquals((byte) (1 + 7 * 20), r.peek(Rig.DATA + 20)); // untouched after the word
        assertArrayEquals(new byte[] {7, 8}, r.peek(Rig.DATA + 24, 2));
        assertEquals((byte) (1 + 7 * 26), r.peek(Rig.DATA + 26));
        assertEquals(8, r.peek(Rig.DATA + 32));
        assertEquals((byte) (1 + 7 * 33), r.peek(Rig.DATA + 33));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void updateFormsWriteEaToRa(boolean le) {
        Rig r = rig(le);
        r.pattern(Rig.DATA, 2 * Page.SIZE, 0x40);
        long a = Rig.DATA + 0x100;
        for (int reg = 10; reg <= 21; reg++) r.cpu.gpr[reg] = a;
        r.cpu.gpr[3] = 0x21;
        r.cpu.gpr[22] = a;
        r.cpu.gpr[23] = a;
        r.cpu.gpr[9] = 0x61;
        r.emit(lbzu(4, 10, 3), lhzu(5, 11, -2), lhau(6, 12, 6), lwzu(7, 13, 0x11), ldu(8, 14, 0x28),
                lbzux(24, 15, 3), lhzux(25, 16, 3), lhaux(26, 17, 3), lwzux(27, 18, 3), lwaux(28, 19, 3), ldux(29, 20, 3),
                stwu(21, 21, 8), stdu(22, 22, 0x40), stbux(23, 23, 9));
        assertTrue(r.run(), "fault " + r.interrupt);
        assertEquals(a + 3, r.cpu.gpr[10]);
        assertEquals(r.value(a + 3, 1, le), r.cpu.gpr[4]);
        assertEquals(a - 2, r.cpu.gpr[11]);
        assertEquals(r.value(a - 2, 2, le), r.cpu.gpr[5]);
        assertEquals(a + 6, r.cpu.gpr[12]);
        assertEquals((short) r.value(a + 6, 2, le), r.cpu.gpr[6]);
        assertEquals(a + 0x11, r.cpu.gpr[13]);
        assertEquals(r.value(a + 0x11, 4, le), r.cpu.gpr[7]);
        assertEquals(a + 0x28, r.cpu.gpr[14]);
        assertEquals(r.value(a + 0x28, 8, le), r.cpu.gpr[8]);
        for (int reg = 15; reg <= 20; reg++) assertEquals(a + 0x21, r.cpu.gpr[reg]);
        assertEquals((int) r.value(a + 0x21, 4, le), r.cpu.gpr[28]);
        assertEquals(r.value(a + 0x21, 8, le), r.cpu.gpr[29]);
        // stwu RS=RA stores the old RA, then RA = EA
        assertEquals(a + 8, r.cpu.gpr[21]);
        assertEquals(a & 0xFFFFFFFFL, r.value(a + 8, 4, le));
        assertEquals(a + 0x40, r.cpu.gpr[22]);
        assertEquals(a, r.value(a + 0x40, 8, le));
        assertEquals(a + 0x61, r.cpu.gpr[23]);
        assertEquals(a & 0xFF, r.value(a + 0x61, 1, le));
    }

    /** Update forms with RA=0, or loads with RA=RT, are invalid forms: illegal, nothing changes. */
    @Test
    void invalidUpdateFormsAreIllegal() {
        int[] bad = {lbzu(4, 0, 8), lbzu(4, 4, 8), ldu(5, 5, 8), lhzux(6, 6, 3), lwaux(7, 0, 3), stwu(4, 0, 8),
                stdux(4, 0, 3), stbu(4, 0, 1), sthu(4, 0, 2)};
        for (int w : bad) {
            Rig r = Rig.le();
            for (int k = 0; k < 32; k++) r.cpu.gpr[k] = Rig.DATA + 0x40 * k;
            r.cpu.gpr[3] = 0x10;
            r.emit(w);
            long[] before = r.cpu.gpr.clone();
            byte[] mem = r.peek(Rig.DATA, 0x1000);
            r.run();
            assertNotNull(r.interrupt, Integer.toHexString(w));
            assertEquals(Interrupt.PROGRAM, r.interrupt.kind);
            assertEquals(Interrupt.PROGRAM_ILLEGAL, r.interrupt.detail);
            assertArrayEquals(before, r.cpu.gpr);
            assertArrayEquals(mem, r.peek(Rig.DATA, 0x1000));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void byteReverse(boolean le) {
        Rig r = rig(le);
        long ea = Rig.DATA + Page.SIZE - 3;
        r.pattern(Rig.DATA, 2 * Page.SIZE, 0x31);
        r.cpu.gpr[4] = ea;
        r.cpu.gpr[5] = 0xF1E2D3C4B5A69788L;
        r.cpu.gpr[6] = Rig.DATA + 0x300;
        r.cpu.gpr[7] = Rig.DATA + 0x310;
        r.cpu.gpr[8] = Rig.DATA + 0x321;
        r.emit(lhbrx(10, 0, 4), lwbrx(11, 0, 4), ldbrx(12, 0, 4), stdbrx(5, 0, 6), stwbrx(5, 0, 7), sthbrx(5, 0, 8));
        assertTrue(r.run());
        assertEquals(r.value(ea, 2, !le), r.cpu.gpr[10]);
        assertEquals(r.value(ea, 4, !le), r.cpu.gpr[11]);
        assertEquals(r.value(ea, 8, !le), r.cpu.gpr[12]);
        assertEquals(0xF1E2D3C4B5A69788L, r.value(Rig.DATA + 0x300, 8, !le));
        assertEquals(0xB5A69788L, r.value(Rig.DATA + 0x310, 4, !le));
        assertEquals(0x9788L, r.value(Rig.DATA + 0x321, 2, !le));
        assertEquals((byte) (0x31 + 7 * 0x323), r.peek(Rig.DATA + 0x323));
    }

    /** 32-bit mode: the EA wraps to 32 bits (Book I 1.10.3), and update forms store that EA. */
    @Test
    void narrowModeWrapsEffectiveAddress() {
        Rig r = Rig.le();
        r.cpu.setMsr(r.cpu.msr & ~org.jpseries.cpu.Cpu.MSR_SF);
        r.pattern(Rig.DATA, 64, 9);
        r.cpu.gpr[4] = 0xFFFF_FFFF_0000_0000L | Rig.DATA;
        r.cpu.gpr[5] = 0x1234_5678_0000_0000L | (Rig.DATA - 8);
        r.emit(lwz(6, 4, 4), ldu(7, 5, 8));
        assertTrue(r.run(), "fault " + r.interrupt);
        assertEquals(r.value(Rig.DATA + 4, 4, true), r.cpu.gpr[6]);
        assertEquals(r.value(Rig.DATA, 8, true), r.cpu.gpr[7]);
        assertEquals(Rig.DATA, r.cpu.gpr[5]);
        assertNull(r.interrupt);
    }
}
