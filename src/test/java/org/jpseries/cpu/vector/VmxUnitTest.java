package org.jpseries.cpu.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Register instructions checked by hand where qemu is no oracle (vrldmi), for VSX register-field
 * decoding of the low 32 VSRs, for VSCR[SAT] and CR6 behaviour, and for byte-order independence.
 */
class VmxUnitTest {
    static final int VRLDMI = 0x100110c5, XXLOR_0_1_2 = 0xf0011490, XXPERMDI_3_4_37_2 = 0xf0642a52,
            MFFPRD_5_1 = 0x7c250066, MTFPRD_6_5 = 0x7cc50166, MTVRWA_6_5 = 0x7cc501a7, VADDUBS = 0x10011200,
            VADDUWM = 0x10011080, VCMPEQUB = 0x10011006, VCMPEQUB_DOT = 0x10011406, VPERM = 0x100110eb,
            XXSPLTIB_63_255 = 0xf3e7fad1;

    @Test
    void vrldmiInsertsUnderMask() {
        VecMachine m = new VecMachine(true);
        m.setVr(0, 0x1111111111111111L, 0x2222222222222222L);
        m.setVr(1, 0x0123456789abcdefL, 0x0123456789abcdefL);
        // dword 0: sh=8, me=15, mb=8 -> bits 8..15 of ROTL(a, 8) = byte 1 = 0x45
        // dword 1: sh=0, me=63, mb=56 -> the low byte of a
        m.setVr(2, (8L << 16) | (15L << 8) | 8, (56L << 16) | (63L << 8));
        m.run(VRLDMI);
        assertNull(m.interrupt);
        assertEquals(0x1145111111111111L, m.vrHi(0));
        assertEquals(0x22222222222222efL, m.vrLo(0));
    }

    @Test
    void vsxFieldsReachTheLowVsrsAndTheVrs() {
        VecMachine m = new VecMachine(true);
        m.setVsr(1, 0xF0F0L, 0x1);
        m.setVsr(2, 0x0F0FL, 0x2);
        m.run(XXLOR_0_1_2);
        assertEquals(0xFFFFL, m.cpu.vsr[0]);
        assertEquals(0x3L, m.cpu.vsr[1]);
        m.setVsr(4, 0xA0, 0xA1);
        m.setVr(5, 0xB0, 0xB1); // VSR 37
        m.run(XXPERMDI_3_4_37_2); // DM=2: dword 1 of VSR4, dword 0 of VSR37
        assertEquals(0xA1, m.cpu.vsr[6]);
        assertEquals(0xB0, m.cpu.vsr[7]);
        m.run(XXSPLTIB_63_255);
        assertEquals(-1L, m.vrHi(31));
        assertEquals(-1L, m.vrLo(31));
    }

    @Test
    void gprMovesUseTheFprHalf() {
        VecMachine m = new VecMachine(true);
        m.setVsr(1, 0x1234_5678_9abc_def0L, 77);
        m.run(MFFPRD_5_1);
        assertEquals(0x1234_5678_9abc_def0L, m.cpu.gpr[5]);
        m.cpu.gpr[5] = 0xFFFF_FFFF_8000_0001L;
        m.setVsr(6, 0, 99);
        m.run(MTFPRD_6_5);
        assertEquals(0xFFFF_FFFF_8000_0001L, m.cpu.vsr[12]);
        assertEquals(99, m.cpu.vsr[13], "mtvsrd leaves doubleword 1 alone");
        m.run(MTVRWA_6_5);
        assertEquals(0xFFFF_FFFF_8000_0001L, m.vrHi(6), "mtvsrwa sign-extends word RA[32:63]");
    }

    @Test
    void mtfprdNeedsMsrFp() {
        VecMachine m = new VecMachine(true);
        m.cpu.setMsr(m.cpu.msr & ~Cpu.MSR_FP);
        m.run(MTFPRD_6_5);
        assertNotNull(m.interrupt);
        assertEquals(Interrupt.FP_UNAVAILABLE, m.interrupt.kind);
        m.cpu.setMsr(m.cpu.msr | Cpu.MSR_FP);
        m.cpu.setMsr(m.cpu.msr & ~Cpu.MSR_VSX);
        m.run(XXLOR_0_1_2);
        assertEquals(Interrupt.VSX_UNAVAILABLE, m.interrupt.kind);
    }

    @Test
    void saturationIsSticky() {
        VecMachine m = new VecMachine(true);
        m.cpu.vscr = 0;
        m.setVr(1, 0xF0L, 0);
        m.setVr(2, 0x20L, 0);
        m.run(VADDUBS);
        assertEquals(0xFFL, m.vrHi(0));
        assertEquals(1, m.cpu.vscr & 1);
        m.setVr(2, 0, 0);
        m.run(VADDUBS); // no saturation, SAT stays set
        assertEquals(1, m.cpu.vscr & 1);
        m.cpu.vscr = 0x00010000;
        m.run(VADDUBS);
        assertEquals(0x00010000, m.cpu.vscr, "NJ kept, SAT not set");
    }

    @Test
    void compareRecordsCr6OnlyWithRc() {
        VecMachine m = new VecMachine(true);
        m.cpu.cr = 0x12345678;
        m.setVr(1, 5, 6);
        m.setVr(2, 5, 6);
        m.run(VCMPEQUB);
        assertEquals(0x12345678, m.cpu.cr);
        assertEquals(-1L, m.vrHi(0));
        m.run(VCMPEQUB_DOT);
        assertEquals(0x12345688, m.cpu.cr, "all equal: CR6 = 1000");
        m.setVr(2, ~5L, ~6L);
        m.run(VCMPEQUB_DOT);
        assertEquals(0x12345628, m.cpu.cr, "none equal: CR6 = 0010");
        m.setVr(2, 5, ~6L);
        m.run(VCMPEQUB_DOT);
        assertEquals(0x12345608, m.cpu.cr, "mixed: CR6 = 0000");
    }

    @Test
    void unsignedByteMinMaxCompareOverAllPairs() {
        VecMachine m = new VecMachine(true);
        for (int x = 0; x < 256; x++) {
            for (int y0 = 0; y0 < 256; y0 += 16) {
                long a0 = 0, a1 = 0, b0 = 0, b1 = 0;
                for (int i = 0; i < 8; i++) {
                    a0 = (a0 << 8) | x;
                    a1 = (a1 << 8) | x;
                    b0 = (b0 << 8) | (y0 + i);
                    b1 = (b1 << 8) | (y0 + 8 + i);
                }
                m.setVr(1, a0, a1);
                m.setVr(2, b0, b1);
                m.run(0x10011202, 0x10611002, 0x10a11206); // vminub v0,v1,v2; vmaxub v3,v1,v2; vcmpgtub v5,v1,v2
                for (int i = 0; i < 16; i++) {
                    int y = y0 + i;
                    int sh = 56 - 8 * (i & 7);
                    assertEquals(Math.min(x, y), (int) ((i < 8 ? m.vrHi(0) : m.vrLo(0)) >>> sh) & 0xFF, "min " + x + "," + y);
                    assertEquals(Math.max(x, y), (int) ((i < 8 ? m.vrHi(3) : m.vrLo(3)) >>> sh) & 0xFF, "max " + x + "," + y);
                    assertEquals(x > y ? 0xFF : 0, (int) ((i < 8 ? m.vrHi(5) : m.vrLo(5)) >>> sh) & 0xFF, "gt " + x + "," + y);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void registerOperationsDoNotDependOnByteOrder(boolean le) {
        VecMachine m = new VecMachine(le);
        m.setVr(1, 0x0000000100000002L, 0xFFFFFFFF00000004L);
        m.setVr(2, 0x0000001000000020L, 0x0000000200000040L);
        m.run(VADDUWM);
        assertEquals(0x0000001100000022L, m.vrHi(0));
        assertEquals(0x0000000100000044L, m.vrLo(0));
        m.setVr(1, 0x0001020304050607L, 0x08090a0b0c0d0e0fL);
        m.setVr(2, 0x1011121314151617L, 0x18191a1b1c1d1e1fL);
        m.setVr(3, 0x1f00100f01020304L, 0x0506070809e0ff11L);
        m.run(VPERM);
        assertEquals(0x1f00100f01020304L, m.vrHi(0));
        assertEquals(0x0506070809001f11L, m.vrLo(0));
    }
}
