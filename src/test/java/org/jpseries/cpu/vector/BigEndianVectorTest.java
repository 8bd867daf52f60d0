package org.jpseries.cpu.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Big-endian mode, where no qemu oracle is installed: every element and quadword form must
 * map storage byte i to register byte i (the ISA's numbering), at every offset, and the
 * matching store must write the same bytes back. The little-endian forms are checked against
 * qemu in tests/diff/vector/loadstore.c.
 */
class BigEndianVectorTest {
    @ParameterizedTest
    @CsvSource({
        "lxvx, 0x7c232219, 0x7c232319",
        "lxvb16x, 0x7c2326d9, 0x7c2327d9",
        "lxvh8x, 0x7c232659, 0x7c232759",
        "lxvw4x, 0x7c232619, 0x7c232719",
        "lxvd2x, 0x7c232699, 0x7c232799"})
    void quadwordFormsAreTheIdentity(String name, String load, String store) {
        int l = Integer.decode(load), s = Integer.decode(store);
        for (int off = 0; off < 24; off++) {
            VecMachine m = new VecMachine(false);
            m.poke(VecMachine.DATA, VecMachine.ramp(64, 0x40));
            m.cpu.gpr[3] = VecMachine.DATA;
            m.cpu.gpr[4] = off;
            m.run(l);
            assertNull(m.interrupt);
            long hi = 0, lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (0x40 + off + i);
                lo = (lo << 8) | (0x48 + off + i);
            }
            assertEquals(hi, m.vrHi(1), name + " offset " + off);
            assertEquals(lo, m.vrLo(1), name + " offset " + off);
            m.cpu.gpr[3] = VecMachine.DATA + 0x200;
            m.run(s);
            assertArrayEquals(VecMachine.ramp(16, 0x40 + off), m.peek(VecMachine.DATA + 0x200 + off, 16), name);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 15, 16, 17})
    void lengthFormsAreLeftJustified(int n) {
        VecMachine m = new VecMachine(false);
        m.poke(VecMachine.DATA, VecMachine.ramp(64, 0x40));
        m.cpu.gpr[3] = VecMachine.DATA + 3;
        m.cpu.gpr[4] = (long) n << 56;
        int k = Math.min(n, 16);
        byte[] expect = new byte[16];
        for (int i = 0; i < k; i++) expect[i] = (byte) (0x43 + i);
        for (int word : new int[] {0x7c23221b, 0x7c23225b}) { // lxvl, lxvll
            m.setVr(1, -1, -1);
            m.run(word);
            byte[] got = new byte[16];
            for (int i = 0; i < 16; i++) got[i] = (byte) ((i < 8 ? m.vrHi(1) : m.vrLo(1)) >>> (56 - 8 * (i & 7)));
            assertArrayEquals(expect, got);
        }
        for (int word : new int[] {0x7c23231b, 0x7c23235b}) { // stxvl, stxvll
            m.poke(VecMachine.DATA + 0x100, new byte[32]);
            m.cpu.gpr[3] = VecMachine.DATA + 0x100;
            m.setVr(1, 0x0102030405060708L, 0x090a0b0c0d0e0f10L);
            m.run(word);
            byte[] want = new byte[32];
            for (int i = 0; i < k; i++) want[i] = (byte) (i + 1);
            assertArrayEquals(want, m.peek(VecMachine.DATA + 0x100, 32));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 16})
    void pairedFormsKeepRegisterOrder(int off) {
        VecMachine m = new VecMachine(false);
        m.poke(VecMachine.DATA, VecMachine.ramp(64, 0));
        m.cpu.gpr[3] = VecMachine.DATA;
        m.cpu.gpr[4] = off;
        m.run(0x7c63229a); // lxvpx vs34,r3,r4
        long hi = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (off + i);
        assertEquals(hi, m.vrHi(2));
        assertEquals(hi + 0x1010101010101010L, m.vrHi(3));
        m.cpu.gpr[3] = VecMachine.DATA + 0x200;
        m.run(0x7c63239a); // stxvpx
        assertArrayEquals(VecMachine.ramp(32, off), m.peek(VecMachine.DATA + 0x200 + off, 32));
    }
}
