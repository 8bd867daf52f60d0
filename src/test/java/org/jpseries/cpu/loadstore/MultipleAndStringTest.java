package org.jpseries.cpu.loadstore;

import static org.jpseries.cpu.loadstore.Asm.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.memory.Page;
import org.junit.jupiter.api.Test;

/** lmw/stmw (Book I 3.3.6) and the string instructions (3.3.7), Big-Endian only. */
class MultipleAndStringTest {
    @Test
    void lmwLoadsRtThroughR31AcrossAPage() {
        for (int first : new int[] {0, 5, 20, 31}) {
            Rig r = Rig.be();
            r.pattern(Rig.DATA, 2 * Page.SIZE, 0x5A);
            long ea = Rig.DATA + Page.SIZE - 42; // unaligned and crossing into the next page
            r.cpu.gpr[3] = ea + 0x10;
            for (int k = 0; k < first; k++) if (k != 3) r.cpu.gpr[k] = 0x1111L * k;
            long[] before = r.cpu.gpr.clone();
            r.emit(lmw(first, 3, -0x10));
            assertTrue(r.run(), "fault " + r.interrupt);
            for (int k = 0; k < 32; k++) {
                long want = k < first ? before[k] : r.value(ea + 4L * (k - first), 4, false);
                assertEquals(want, r.cpu.gpr[k], "r" + k + " after lmw r" + first);
            }
        }
    }

    /** Outside 64-bit mode the EA wraps from 2^32-1 to 0, for the access and for its fault check. */
    @Test
    void lmwWrapsAtFourGigabytesInNarrowMode() {
        for (boolean pageZeroMapped : new boolean[] {false, true}) {
            Rig r = Rig.be();
            r.cpu.setMsr(r.cpu.msr & ~org.jpseries.cpu.Cpu.MSR_SF);
            r.space.map(0xFFFF_F000L, Page.SIZE, Page.PROT_READ);
            if (pageZeroMapped) r.space.map(0, Page.SIZE, Page.PROT_READ);
            r.pattern(0xFFFF_FFF8L, 8, 0x10);
            if (pageZeroMapped) r.pattern(0, 8, 0x60);
            r.cpu.gpr[3] = 0xFFFF_FFF8L;
            for (int k = 28; k < 32; k++) r.cpu.gpr[k] = k;
            r.emit(lmw(28, 3, 0));
            r.run();
            if (!pageZeroMapped) {
                assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind);
                assertEquals(0, r.interrupt.address);
                for (int k = 28; k < 32; k++) assertEquals(k, r.cpu.gpr[k]);
            } else {
                assertTrue(r.sawSc(), "fault " + r.interrupt);
                assertEquals(r.value(0xFFFF_FFF8L, 4, false), r.cpu.gpr[28]);
                assertEquals(r.value(0xFFFF_FFFCL, 4, false), r.cpu.gpr[29]);
                assertEquals(r.value(0, 4, false), r.cpu.gpr[30]);
                assertEquals(r.value(4, 4, false), r.cpu.gpr[31]);
            }
        }
    }

    @Test
    void stmwStoresLowWords() {
        Rig r = Rig.be();
        for (int k = 0; k < 32; k++) r.cpu.gpr[k] = 0xAAAA_0000_0000_0000L | (0x01020304L * (k + 1));
        r.cpu.gpr[3] = Rig.DATA + Page.SIZE - 10;
        r.pattern(Rig.DATA, 2 * Page.SIZE, 3);
        r.emit(stmw(24, 3, 2));
        assertTrue(r.run());
        long ea = Rig.DATA + Page.SIZE - 8;
        for (int k = 24; k < 32; k++) assertEquals(0x01020304L * (k + 1) & 0xFFFFFFFFL, r.value(ea + 4L * (k - 24), 4, false));
        assertEquals((byte) (3 + 7 * (Page.SIZE - 9)), r.peek(ea - 1));
        assertEquals((byte) (3 + 7 * (Page.SIZE + 24)), r.peek(ea + 32));
    }

    @Test
    void multipleAndStringRaiseAlignmentInLittleEndian() {
        int[] words = {lmw(28, 3, 0), stmw(28, 3, 0), lswi(28, 3, 4), lswx(28, 3, 4), stswi(28, 3, 4), stswx(28, 3, 4)};
        for (int w : words) {
            Rig r = Rig.le();
            r.cpu.gpr[3] = Rig.DATA;
            r.cpu.gpr[4] = 0;
            r.cpu.xerCount = 8;
            long[] before = r.cpu.gpr.clone();
            r.emit(w);
            r.run();
            assertNotNull(r.interrupt);
            assertEquals(Interrupt.ALIGNMENT, r.interrupt.kind);
            assertEquals(Rig.DATA, r.interrupt.address, "the EA, for the DAR");
            assertArrayEquals(before, r.cpu.gpr);
        }
    }

    /** The model of lswi/lswx: nb bytes into bits 32:63 of consecutive registers (wrapping), last one zero-padded. */
    static long[] expectLoadString(Rig r, long ea, int nb, int start, long[] before) {
        long[] g = before.clone();
        int reg = start;
        for (int k = 0; k < nb; k += 4) {
            long v = 0;
            for (int j = 0; j < 4; j++) v = v << 8 | (k + j < nb ? r.peek(ea + k + j) & 0xFF : 0);
            g[reg] = v;
            reg = (reg + 1) & 31;
        }
        return g;
    }

    @Test
    void lswiEveryByteCount() {
        for (int nb = 0; nb <= 31; nb++) {
            int count = nb == 0 ? 32 : nb;
            Rig r = Rig.be();
            r.pattern(Rig.DATA, 2 * Page.SIZE, 0x91);
            long ea = Rig.DATA + Page.SIZE - 13;
            r.cpu.gpr[2] = ea;
            for (int k = 3; k < 32; k++) r.cpu.gpr[k] = -k;
            int start = 27; // wraps to r0.. when more than 5 registers are needed
            long[] before = r.cpu.gpr.clone();
            if (inRange(start, (count + 3) / 4, 2)) continue;
            r.emit(lswi(start, 2, nb));
            assertTrue(r.run(), "fault " + r.interrupt + " nb=" + nb);
            assertArrayEquals(expectLoadString(r, ea, count, start, before), r.cpu.gpr, "lswi nb=" + nb);
        }
    }

    static boolean inRange(int start, int n, int reg) {
        for (int k = 0; k < n; k++) if (((start + k) & 31) == reg) return true;
        return false;
    }

    @Test
    void lswxEveryByteCountFromXer() {
        for (int nb = 0; nb <= 32; nb++) {
            Rig r = Rig.be();
            r.pattern(Rig.DATA, 2 * Page.SIZE, 0x17);
            long ea = Rig.DATA + Page.SIZE - 6;
            r.cpu.gpr[3] = ea - 0x100;
            r.cpu.gpr[4] = 0x100;
            for (int k = 5; k < 32; k++) r.cpu.gpr[k] = 0x5555_0000_0000L + k;
            r.cpu.xerCount = nb;
            long[] before = r.cpu.gpr.clone();
            r.emit(lswx(8, 3, 4));
            assertTrue(r.run(), "fault " + r.interrupt + " nb=" + nb);
            assertArrayEquals(expectLoadString(r, ea, nb, 8, before), r.cpu.gpr, "lswx nb=" + nb);
        }
    }

    @Test
    void lswRaInRangeIsIllegal() {
        Rig r = Rig.be();
        r.cpu.gpr[10] = Rig.DATA;
        r.emit(lswi(9, 10, 8)); // loads r9, r10
        r.run();
        assertEquals(Interrupt.PROGRAM, r.interrupt.kind);
        r = Rig.be();
        r.cpu.gpr[10] = Rig.DATA;
        r.cpu.gpr[4] = 0;
        r.cpu.xerCount = 5;
        r.emit(lswx(3, 10, 4)); // loads r3, r4: RB in range
        r.run();
        assertEquals(Interrupt.PROGRAM, r.interrupt.kind);
        assertEquals(0, r.cpu.gpr[4]);
    }

    @Test
    void stswiAndStswxEveryByteCount() {
        for (int nb = 0; nb <= 32; nb++) {
            for (boolean indexed : new boolean[] {false, true}) {
                if (!indexed && nb == 32) continue; // NB=0 already means 32
                int count = indexed ? nb : nb == 0 ? 32 : nb;
                Rig r = Rig.be();
                r.pattern(Rig.DATA, 2 * Page.SIZE, 0x66);
                long ea = Rig.DATA + Page.SIZE - 9;
                for (int k = 0; k < 32; k++) r.cpu.gpr[k] = 0x7F7F7F7F_00000000L | (0x10203040L + 0x01010101L * k);
                r.cpu.gpr[2] = ea;
                r.cpu.gpr[3] = 0;
                r.cpu.xerCount = nb;
                long[] regs = r.cpu.gpr.clone();
                byte[] expect = r.peek(ea - 4, 48);
                int reg = 29;
                for (int k = 0; k < count; k++) {
                    expect[4 + k] = (byte) (regs[reg] >>> (24 - 8 * (k & 3)));
                    if ((k & 3) == 3) reg = (reg + 1) & 31;
                }
                r.emit(indexed ? stswx(29, 2, 3) : stswi(29, 2, nb));
                assertTrue(r.run(), "fault " + r.interrupt);
                assertArrayEquals(expect, r.peek(ea - 4, 48), (indexed ? "stswx" : "stswi") + " nb=" + nb);
            }
        }
    }
}
