package org.jpseries.cpu.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.Interrupt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Vector loads and stores in both byte orders (Book I 6.7, 7.6.1). Memory at DATA holds the
 * bytes 00 01 02 ... 3f; expected register images are written in the ISA's element order.
 */
class VectorLoadStoreTest {
    static final int LVX = 0x7c2320ce, STVX = 0x7c2321ce, LVEBX = 0x7c23200e, LVEHX = 0x7c23204e,
            LVEWX = 0x7c23208e, STVEWX = 0x7c23218e, LVSL = 0x7c23200c, LVSR = 0x7c23204c,
            LXVD2X = 0x7c232699, STXVD2X = 0x7c232799, LXVW4X = 0x7c232619, LXV = 0xf4230019,
            STXV = 0xf423001d, LXVX = 0x7c232219, LXVL = 0x7c23221b, LXVLL = 0x7c23225b,
            STXVL = 0x7c23231b, LXVB16X = 0x7c2326d9, LXVH8X = 0x7c232659, LXSD = 0xe423000a,
            LXSSP = 0xe4230007, STXSSP = 0xf4230007, LXSSPX = 0x7c232419, LXVP = 0x18630020,
            STXVP = 0x18630021, PLXV0 = 0x04000000, PLXV1 = 0xcc230010, LXVDSX = 0x7c232299,
            LXVWSX = 0x7c2322d9, MFVSRD = 0x7c250067, MTVSRDD = 0x7c253367;

    static VecMachine machine(boolean le) {
        VecMachine m = new VecMachine(le);
        m.poke(VecMachine.DATA, VecMachine.ramp(64, 0));
        m.cpu.gpr[3] = VecMachine.DATA;
        return m;
    }

    private static void assertVr(VecMachine m, int n, long hi, long lo) {
        assertNull(m.interrupt, "no interrupt");
        assertEquals(Long.toHexString(hi), Long.toHexString(m.vrHi(n)), "VR" + n + " dword 0");
        assertEquals(Long.toHexString(lo), Long.toHexString(m.vrLo(n)), "VR" + n + " dword 1");
    }

    @Test
    void lvxIgnoresLowAddressBits() {
        VecMachine be = machine(false);
        be.cpu.gpr[4] = 5;
        be.run(LVX);
        assertVr(be, 1, 0x0001020304050607L, 0x08090a0b0c0d0e0fL);
        VecMachine le = machine(true);
        le.cpu.gpr[4] = 5;
        le.run(LVX);
        assertVr(le, 1, 0x0f0e0d0c0b0a0908L, 0x0706050403020100L);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stvxStoresWhatLvxLoads(boolean le) {
        VecMachine m = machine(le);
        m.cpu.gpr[4] = 16;
        m.run(LVX);
        m.cpu.gpr[3] = VecMachine.DATA + 0x100;
        m.cpu.gpr[4] = 7; // rounded down
        m.run(STVX);
        assertArrayEquals(VecMachine.ramp(16, 0x10), m.peek(VecMachine.DATA + 0x100, 16));
    }

    @Test
    void elementLoadsUseTheMirroredElementInLittleEndian() {
        VecMachine be = machine(false);
        be.cpu.gpr[4] = 5;
        be.setVr(1, 0, 0);
        be.run(LVEBX);
        assertVr(be, 1, 0x0000000000050000L, 0);
        VecMachine le = machine(true);
        le.cpu.gpr[4] = 5;
        le.setVr(1, 0, 0);
        le.run(LVEBX);
        assertVr(le, 1, 0, 0x0000050000000000L);

        be.cpu.gpr[4] = 6;
        be.setVr(1, 0, 0);
        be.run(LVEHX);
        assertVr(be, 1, 0x0000000000000607L, 0);
        le.cpu.gpr[4] = 6;
        le.setVr(1, 0, 0);
        le.run(LVEHX);
        assertVr(le, 1, 0, 0x0706000000000000L);

        le.cpu.gpr[4] = 9; // word at 8: register bytes 7..4, word element 1
        le.setVr(1, 0, 0);
        le.run(LVEWX);
        assertVr(le, 1, 0x000000000b0a0908L, 0);
        le.cpu.gpr[4] = 0x48; // the same element position
        le.run(STVEWX);
        assertArrayEquals(new byte[] {8, 9, 10, 11}, le.peek(VecMachine.DATA + 0x48, 4));
        le.cpu.gpr[4] = 0x44; // element 2 holds zeros
        le.run(STVEWX);
        assertArrayEquals(new byte[] {0, 0, 0, 0}, le.peek(VecMachine.DATA + 0x44, 4));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void lvslLvsrDoNotDependOnByteOrder(boolean le) {
        VecMachine m = machine(le);
        m.cpu.gpr[4] = 5;
        m.run(LVSL);
        assertVr(m, 1, 0x05060708090a0b0cL, 0x0d0e0f1011121314L);
        m.run(LVSR);
        assertVr(m, 1, 0x0b0c0d0e0f101112L, 0x131415161718191aL);
    }

    @Test
    void lxvd2xAndLxvw4xLoadElementsInStorageOrder() {
        VecMachine be = machine(false);
        be.cpu.gpr[4] = 16;
        be.run(LXVD2X);
        assertVr(be, 1, 0x1011121314151617L, 0x18191a1b1c1d1e1fL);
        be.run(LXVW4X);
        assertVr(be, 1, 0x1011121314151617L, 0x18191a1b1c1d1e1fL);
        VecMachine le = machine(true);
        le.cpu.gpr[4] = 16;
        le.run(LXVD2X);
        assertVr(le, 1, 0x1716151413121110L, 0x1f1e1d1c1b1a1918L);
        le.run(LXVW4X);
        assertVr(le, 1, 0x1312111017161514L, 0x1b1a19181f1e1d1cL);
        le.cpu.gpr[4] = 0x80;
        le.run(STXVD2X);
        assertArrayEquals(new byte[] {0x14, 0x15, 0x16, 0x17, 0x10, 0x11, 0x12, 0x13},
                le.peek(VecMachine.DATA + 0x80, 8), "stxvd2x of the lxvw4x image swaps words");
        le.cpu.gpr[4] = 16;
        le.run(LXVD2X);
        le.cpu.gpr[4] = 0x80;
        le.run(STXVD2X);
        assertArrayEquals(VecMachine.ramp(16, 0x10), le.peek(VecMachine.DATA + 0x80, 16));
    }

    @Test
    void lxvReversesTheWholeQuadwordInLittleEndian() {
        VecMachine le = machine(true);
        le.run(LXV);
        assertVr(le, 1, 0x1f1e1d1c1b1a1918L, 0x1716151413121110L);
        le.cpu.gpr[4] = 16;
        le.run(LXVX);
        assertVr(le, 1, 0x1f1e1d1c1b1a1918L, 0x1716151413121110L);
        le.cpu.gpr[3] = VecMachine.DATA + 0x100;
        le.run(STXV);
        assertArrayEquals(VecMachine.ramp(16, 0x10), le.peek(VecMachine.DATA + 0x110, 16));
        VecMachine be = machine(false);
        be.run(LXV);
        assertVr(be, 1, 0x1011121314151617L, 0x18191a1b1c1d1e1fL);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void lxvb16xIsByteOrderIndependentAndLxvh8xSwapsHalfwords(boolean le) {
        VecMachine m = machine(le);
        m.cpu.gpr[4] = 16;
        m.run(LXVB16X);
        assertVr(m, 1, 0x1011121314151617L, 0x18191a1b1c1d1e1fL);
        m.run(LXVH8X);
        if (le) assertVr(m, 1, 0x1110131215141716L, 0x19181b1a1d1c1f1eL);
        else assertVr(m, 1, 0x1011121314151617L, 0x18191a1b1c1d1e1fL);
    }

    @Test
    void lengthForms() {
        VecMachine be = machine(false);
        be.cpu.gpr[3] = VecMachine.DATA + 16;
        be.cpu.gpr[4] = 3L << 56;
        be.run(LXVL);
        assertVr(be, 1, 0x1011120000000000L, 0);
        VecMachine le = machine(true);
        le.cpu.gpr[3] = VecMachine.DATA + 16;
        le.cpu.gpr[4] = 3L << 56;
        le.run(LXVL);
        assertVr(le, 1, 0, 0x0000000000121110L);
        le.run(LXVLL);
        assertVr(le, 1, 0x1011120000000000L, 0);
        // a length above 16 is 16
        le.cpu.gpr[4] = 200L << 56;
        le.run(LXVL);
        assertVr(le, 1, 0x1f1e1d1c1b1a1918L, 0x1716151413121110L);
        // stxvl of 5 bytes writes exactly 5 bytes
        le.cpu.gpr[3] = VecMachine.DATA + 0x100;
        le.cpu.gpr[4] = 5L << 56;
        le.run(STXVL);
        assertArrayEquals(new byte[] {0x10, 0x11, 0x12, 0x13, 0x14, 0}, le.peek(VecMachine.DATA + 0x100, 6));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void scalarLoadsConvertSinglePrecision(boolean le) {
        VecMachine m = machine(le);
        byte[] onePointFive = le ? new byte[] {0, 0, (byte) 0xc0, 0x3f} : new byte[] {0x3f, (byte) 0xc0, 0, 0};
        m.poke(VecMachine.DATA + 4, onePointFive);
        m.run(LXSSP);
        assertVr(m, 1, 0x3ff8000000000000L, 0);
        m.cpu.gpr[4] = 4;
        m.run(LXSSPX);
        assertVr(m, 1, 0x3ff8000000000000L, 0);
        m.cpu.gpr[3] = VecMachine.DATA + 0x100;
        m.run(STXSSP);
        assertArrayEquals(onePointFive, m.peek(VecMachine.DATA + 0x104, 4));
        // a single denormal becomes a normal double
        byte[] denormal = le ? new byte[] {1, 0, 0, 0} : new byte[] {0, 0, 0, 1};
        m.poke(VecMachine.DATA + 0x204, denormal);
        m.cpu.gpr[3] = VecMachine.DATA + 0x200;
        m.run(LXSSP);
        assertEquals(Double.doubleToRawLongBits(Float.MIN_VALUE), m.vrHi(1));
        m.run(STXSSP);
        assertArrayEquals(denormal, m.peek(VecMachine.DATA + 0x204, 4));
    }

    @Test
    void lxsdLoadsDoublewordZero() {
        VecMachine le = machine(true);
        le.run(LXSD);
        assertVr(le, 1, 0x0f0e0d0c0b0a0908L, 0);
        VecMachine be = machine(false);
        be.run(LXSD);
        assertVr(be, 1, 0x08090a0b0c0d0e0fL, 0);
    }

    @Test
    void pairedLoadSwapsRegistersInLittleEndian() {
        VecMachine be = machine(false);
        be.run(LXVP);
        assertVr(be, 2, 0x2021222324252627L, 0x28292a2b2c2d2e2fL);
        assertVr(be, 3, 0x3031323334353637L, 0x38393a3b3c3d3e3fL);
        VecMachine le = machine(true);
        le.run(LXVP);
        assertVr(le, 3, 0x2f2e2d2c2b2a2928L, 0x2726252423222120L);
        assertVr(le, 2, 0x3f3e3d3c3b3a3938L, 0x3736353433323130L);
        le.cpu.gpr[3] = VecMachine.DATA + 0x100;
        le.run(STXVP);
        assertArrayEquals(VecMachine.ramp(32, 0x20), le.peek(VecMachine.DATA + 0x120, 32));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void prefixedLoad(boolean le) {
        VecMachine m = machine(le);
        m.run(PLXV0, PLXV1);
        if (le) assertVr(m, 1, 0x1f1e1d1c1b1a1918L, 0x1716151413121110L);
        else assertVr(m, 1, 0x1011121314151617L, 0x18191a1b1c1d1e1fL);
        assertEquals(VecMachine.CODE + 12, m.cpu.nip);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void prefixedLoadsRelativeToTheInstruction(boolean le) {
        VecMachine m = machine(le);
        m.poke(VecMachine.CODE + 64, VecMachine.ramp(32, 0x80));
        m.run(0x04100000, 0xcc200040); // plxv vs33,64(0),1: EA = CIA + 64
        if (le) assertVr(m, 1, 0x8f8e8d8c8b8a8988L, 0x8786858483828180L);
        else assertVr(m, 1, 0x8081828384858687L, 0x88898a8b8c8d8e8fL);
        m.run(0x04100000, 0xa8200048); // plxsd v1,72(0),1
        assertVr(m, 1, le ? 0x8f8e8d8c8b8a8988L : 0x88898a8b8c8d8e8fL, 0);
    }

    @Test
    void splatLoads() {
        VecMachine le = machine(true);
        le.cpu.gpr[4] = 8;
        le.run(LXVDSX);
        assertVr(le, 1, 0x0f0e0d0c0b0a0908L, 0x0f0e0d0c0b0a0908L);
        le.run(LXVWSX);
        assertVr(le, 1, 0x0b0a09080b0a0908L, 0x0b0a09080b0a0908L);
    }

    @Test
    void gprMoves() {
        VecMachine m = machine(true);
        m.cpu.gpr[5] = 0x1122334455667788L;
        m.cpu.gpr[6] = 0x99aabbccddeeff00L;
        m.run(MTVSRDD);
        assertVr(m, 1, 0x1122334455667788L, 0x99aabbccddeeff00L);
        m.setVr(1, 42, 43);
        m.run(MFVSRD);
        assertEquals(42, m.cpu.gpr[5]);
    }

    @Test
    void isaLevelAndFacilityGating() {
        VecMachine p8 = new VecMachine(CpuModel.POWER8, true);
        p8.cpu.gpr[3] = VecMachine.DATA;
        p8.run(LXV);
        assertNotNull(p8.interrupt);
        assertEquals(Interrupt.PROGRAM, p8.interrupt.kind);
        VecMachine off = machine(true);
        off.cpu.setMsr(off.cpu.msr & ~org.jpseries.cpu.Cpu.MSR_VEC);
        off.cpu.gpr[4] = 0;
        off.setVr(1, 7, 7);
        off.run(LVX);
        assertNotNull(off.interrupt);
        assertEquals(Interrupt.VMX_UNAVAILABLE, off.interrupt.kind);
        assertEquals(7, off.vrHi(1));
    }
}
