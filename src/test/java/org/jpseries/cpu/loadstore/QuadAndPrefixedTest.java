package org.jpseries.cpu.loadstore;

import static org.jpseries.cpu.loadstore.Asm.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.memory.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** lq/stq (doublewords swapped in LE), plq/pstq (not swapped) and the other prefixed loads/stores. */
class QuadAndPrefixedTest {
    static final byte[] BYTES_0_TO_15 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    @Test
    void lqLittleEndianPutsHighDoublewordOfTheQuadwordInRt() {
        // The values qemu-ppc64le gives for bytes 00..0f at EA.
        Rig r = Rig.le();
        r.poke(Rig.DATA + 0x100, BYTES_0_TO_15);
        r.cpu.gpr[3] = Rig.DATA + 0x100;
        r.emit(lq(4, 3, 0));
        assertTrue(r.run());
        assertEquals(0x0f0e0d0c0b0a0908L, r.cpu.gpr[4]);
        assertEquals(0x0706050403020100L, r.cpu.gpr[5]);
    }

    @Test
    void lqBigEndian() {
        Rig r = Rig.be();
        r.poke(Rig.DATA + 0x100, BYTES_0_TO_15);
        r.cpu.gpr[3] = Rig.DATA + 0x120;
        r.emit(lq(4, 3, -0x20));
        assertTrue(r.run());
        assertEquals(0x0001020304050607L, r.cpu.gpr[4]);
        assertEquals(0x08090a0b0c0d0e0fL, r.cpu.gpr[5]);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void stqStoresTheQuadword(boolean le) {
        Rig r = le ? Rig.le() : Rig.be();
        r.cpu.gpr[4] = 0x1122334455667788L;
        r.cpu.gpr[5] = 0x99aabbccddeeff00L;
        r.cpu.gpr[3] = Rig.DATA + Page.SIZE - 4; // unaligned and crossing a page, as qemu allows
        r.emit(stq(4, 3, 0));
        assertTrue(r.run());
        byte[] want = le
                ? new byte[] {0, (byte) 0xff, (byte) 0xee, (byte) 0xdd, (byte) 0xcc, (byte) 0xbb, (byte) 0xaa, (byte) 0x99,
                    (byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11}
                : new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb,
                    (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff, 0};
        assertArrayEquals(want, r.peek(Rig.DATA + Page.SIZE - 4, 16));
    }

    @Test
    void quadInvalidForms() {
        for (int w : new int[] {lq(5, 3, 0), lq(4, 4, 0), lq(0, 0, 0x20), stq(5, 3, 0)}) {
            Rig r = Rig.le();
            r.cpu.gpr[3] = Rig.DATA;
            r.cpu.gpr[4] = Rig.DATA;
            r.emit(w);
            r.run();
            assertEquals(Interrupt.PROGRAM, r.interrupt.kind, Integer.toHexString(w));
        }
    }

    @Test
    void plqAndPstqDoNotSwapInLittleEndian() {
        Rig r = Rig.le();
        r.poke(Rig.DATA + 0x100, BYTES_0_TO_15);
        r.cpu.gpr[3] = Rig.DATA;
        r.cpu.gpr[8] = 0x1122334455667788L;
        r.cpu.gpr[9] = 0x99aabbccddeeff00L;
        r.emitPrefixed(prefix8ls(false, 0x100), suffix(56, 4, 3, 0x100));
        r.emitPrefixed(prefix8ls(false, 0x200), suffix(60, 8, 3, 0x200));
        assertTrue(r.run(), "fault " + r.interrupt);
        assertEquals(0x0706050403020100L, r.cpu.gpr[4]);
        assertEquals(0x0f0e0d0c0b0a0908L, r.cpu.gpr[5]);
        assertEquals(0x1122334455667788L, r.value(Rig.DATA + 0x200, 8, true));
        assertEquals(0x99aabbccddeeff00L, r.value(Rig.DATA + 0x208, 8, true));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void prefixedLoadsAndStoresWithLargeDisplacement(boolean le) {
        Rig r = le ? Rig.le() : Rig.be();
        r.pattern(Rig.DATA, 2 * Page.SIZE, 0x44);
        long d = 0x1_2345_6789L; // beyond 16 bits: base is below by d
        long ea = Rig.DATA + Page.SIZE - 3;
        r.cpu.gpr[3] = ea - d;
        r.cpu.gpr[20] = 0xFEDCBA9876543210L;
        r.emitPrefixed(prefixMls(false, d), suffix(34, 4, 3, d));   // plbz
        r.emitPrefixed(prefixMls(false, d), suffix(40, 5, 3, d));   // plhz
        r.emitPrefixed(prefixMls(false, d), suffix(42, 6, 3, d));   // plha
        r.emitPrefixed(prefixMls(false, d), suffix(32, 7, 3, d));   // plwz
        r.emitPrefixed(prefix8ls(false, d), suffix(41, 8, 3, d));   // plwa
        r.emitPrefixed(prefix8ls(false, d), suffix(57, 9, 3, d));   // pld
        long out = Rig.DATA + 2 * Page.SIZE + 0x10;
        r.cpu.gpr[10] = out + 0x10;
        r.emitPrefixed(prefix8ls(false, -0x10), suffix(61, 20, 10, -0x10)); // pstd
        r.emitPrefixed(prefixMls(false, -8), suffix(36, 20, 10, -8));      // pstw
        r.emitPrefixed(prefixMls(false, -4), suffix(44, 20, 10, -4));      // psth
        r.emitPrefixed(prefixMls(false, -2), suffix(38, 20, 10, -2));      // pstb
        assertTrue(r.run(), "fault " + r.interrupt);
        assertEquals(r.value(ea, 1, le), r.cpu.gpr[4]);
        assertEquals(r.value(ea, 2, le), r.cpu.gpr[5]);
        assertEquals((short) r.value(ea, 2, le), r.cpu.gpr[6]);
        assertEquals(r.value(ea, 4, le), r.cpu.gpr[7]);
        assertEquals((int) r.value(ea, 4, le), r.cpu.gpr[8]);
        assertEquals(r.value(ea, 8, le), r.cpu.gpr[9]);
        assertEquals(0xFEDCBA9876543210L, r.value(out, 8, le));
        assertEquals(0x76543210L, r.value(out + 8, 4, le));
        assertEquals(0x3210L, r.value(out + 12, 2, le));
        assertEquals(0x10L, r.value(out + 14, 1, le));
    }

    @Test
    void pcRelativeAddressesFromThePrefix() {
        Rig r = Rig.le();
        r.pattern(Rig.DATA, 64, 0x70);
        r.emit(addi(9, 0, 1), addi(9, 9, 1), addi(9, 9, 1)); // not at slot 0: cia must be the prefix's address
        long cia = r.here();
        long d = Rig.DATA + 5 - cia;
        r.emitPrefixed(prefix8ls(true, d), suffix(57, 4, 0, d));            // pld r4, DATA+5 relative
        long cia2 = r.here();
        r.cpu.gpr[6] = 0x5AL;
        r.emitPrefixed(prefixMls(true, Rig.DATA + 0x30 - cia2), suffix(38, 6, 0, Rig.DATA + 0x30 - cia2)); // pstb
        assertTrue(r.run(), "fault " + r.interrupt);
        assertEquals(cia, cia2 - 8);
        assertEquals(r.value(Rig.DATA + 5, 8, true), r.cpu.gpr[4]);
        assertEquals(0x5A, r.peek(Rig.DATA + 0x30));
    }

    @Test
    void pcRelativeWithRaNonzeroIsIllegal() {
        Rig r = Rig.le();
        r.cpu.gpr[3] = Rig.DATA;
        r.emitPrefixed(prefix8ls(true, 0), suffix(57, 4, 3, 0));
        r.run();
        assertEquals(Interrupt.PROGRAM, r.interrupt.kind);
        assertEquals(0, r.cpu.gpr[4]);
    }

    @Test
    void prefixedAreIllegalBeforePower10() {
        Rig r = new Rig(CpuModel.POWER9, true);
        r.cpu.gpr[3] = Rig.DATA;
        r.emitPrefixed(prefix8ls(false, 0), suffix(57, 4, 3, 0));
        r.run();
        assertEquals(Interrupt.PROGRAM, r.interrupt.kind);
    }
}
