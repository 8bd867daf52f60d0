package org.jpseries.cpu.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.junit.jupiter.api.Test;

/** Floating-point instructions executed through the interpreter (encodings from powerpc64le-linux-gnu-as). */
class FpInstructionTest {
    static final int FADD = 0xfc22182a, FADDS_DOT = 0xec22182b, FMADD = 0xfc2220fa, MFFS5 = 0xfca0048e,
            MTFSF_FF_6 = 0xfdfe358e, FCMPU_CR2 = 0xfd011000, FCTIWZ = 0xfc20101e, FCFID = 0xfc20169c,
            FRSP = 0xec201018 & 0 | 0xfc201018, LFS = 0xc0230000, STFS8 = 0xd0230008, FDIV = 0xfc221824,
            FSQRT = 0xfc20102c, FMUL = 0xfc220132, MTFSB1_24 = 0xff00004c, FCMPO = 0xfc011040, FCTID = 0xfc20165c,
            FRIN = 0xfc201310, MFFSCRNI_1 = 0xfcb70c8e, MFFSCE = 0xfca1048e, FDIVS = 0xec221824, FMADDS = 0xec2220fa,
            XSADDDP = 0xf0221907, XSADDQP = 0xfc221808, XSADDQPO = 0xfc221809, XSCVQPDP = 0xfc341688,
            XSCVDPQP = 0xfc361688, XSCMPUQP_CR1 = 0xfc821d08, XSCVQPSDZ = 0xfc391688, XVADDSP = 0xf0221a07,
            VADDFP = 0x1022180a, XVCMPGTDP_DOT = 0xf0221f5f, XSCVDPSP = 0xf0201427;

    @Test
    void faddSetsFprfFrFiXxAndFx() {
        FpMachine m = new FpMachine();
        m.fpr(2, 1.0);
        m.fpr(3, 0x1p-60);
        m.run(FADD, MFFS5);
        assertEquals(1.0, m.fpr(1));
        long f = m.cpu.fpscr;
        assertEquals(Fpscr.FX | Fpscr.XX | Fpscr.FI | ((long) Fpscr.C_PNORM << 12), f);
        assertEquals(f, m.fprBits(5));
        // Round toward +inf increments: FR set.
        m.cpu.fpscr = Fpscr.RN_PINF;
        m.run(FADD);
        assertEquals(Math.nextUp(1.0), m.fpr(1));
        assertEquals(Fpscr.FX | Fpscr.XX | Fpscr.FI | Fpscr.FR | ((long) Fpscr.C_PNORM << 12) | 2, m.cpu.fpscr);
    }

    @Test
    void singlePrecisionRoundsOnceAndRecordsCr1() {
        FpMachine m = new FpMachine();
        // 1 + 2^-24 + 2^-60: double rounding (to double, then to single) would give 1.0; correct is 1+2^-23.
        m.fpr(2, 1.0 + 0x1p-24);
        m.fpr(3, 0x1p-60);
        m.run(FADDS_DOT);
        assertEquals(1.0 + 0x1p-23, m.fpr(1));
        assertEquals(0b1000, m.cpu.crField(1)); // FX FEX VX OX = 1 0 0 0
    }

    @Test
    void invalidOperationDefaultNaNAndEnabledSuppression() {
        FpMachine m = new FpMachine();
        m.fpr(2, Double.POSITIVE_INFINITY);
        m.fpr(3, Double.POSITIVE_INFINITY);
        m.fpr(1, 7.0);
        m.run(0xfc221828); // fsub f1,f2,f3: inf - inf
        assertEquals(0x7FF8000000000000L, m.fprBits(1));
        assertEquals(Fpscr.FX | Fpscr.VX | Fpscr.VXISI | ((long) Fpscr.C_QNAN << 12), m.cpu.fpscr);
        // VE=1: target unchanged, FPRF unchanged, FEX set; MSR[FE]=0 so no interrupt.
        m.fpr(1, 7.0);
        m.cpu.fpscr = Fpscr.VE;
        m.run(0xfc221828);
        assertEquals(7.0, m.fpr(1));
        assertEquals(Fpscr.VE | Fpscr.FX | Fpscr.FEX | Fpscr.VX | Fpscr.VXISI, m.cpu.fpscr);
        assertNull(m.interrupt);
        // With MSR[FE0|FE1] the enabled exception raises the FP program interrupt at the instruction.
        m.cpu.fpscr = Fpscr.VE;
        m.cpu.setMsr(m.cpu.msr | Cpu.MSR_FE0 | Cpu.MSR_FE1);
        m.run(0xfc221828, FADD);
        assertNotNull(m.interrupt);
        assertEquals(Interrupt.PROGRAM, m.interrupt.kind);
        assertEquals(Interrupt.PROGRAM_FP, m.interrupt.detail);
        assertEquals(FpMachine.CODE, m.interrupt.address);
    }

    @Test
    void zeroDivideAndSqrt() {
        FpMachine m = new FpMachine();
        m.fpr(2, -3.0);
        m.fpr(3, 0.0);
        m.run(FDIV);
        assertEquals(Double.NEGATIVE_INFINITY, m.fpr(1));
        assertEquals(Fpscr.FX | Fpscr.ZX | ((long) Fpscr.C_NINF << 12), m.cpu.fpscr);
        m.cpu.fpscr = 0;
        m.fpr(2, 2.0);
        m.run(FSQRT);
        assertEquals(Math.sqrt(2.0), m.fpr(1));
        m.cpu.fpscr = Fpscr.RN_ZERO;
        m.run(FSQRT);
        assertEquals(1.4142135623730950, m.fpr(1)); // sqrt(2) rounded toward zero is the RN result here
        m.fpr(2, -1.0);
        m.cpu.fpscr = 0;
        m.run(FSQRT);
        assertEquals(Fpscr.FX | Fpscr.VX | Fpscr.VXSQRT | ((long) Fpscr.C_QNAN << 12), m.cpu.fpscr);
    }

    @Test
    void fmaddIsFusedAndSingleFormRoundsOnce() {
        FpMachine m = new FpMachine();
        double a = 1.0 + 0x1p-30, c = 1.0 - 0x1p-30;
        m.fpr(2, a); // fmadd f1,f2,f3,f4: f1 = f2*f3 + f4
        m.fpr(3, c);
        m.fpr(4, -1.0);
        m.run(FMADD);
        assertEquals(-0x1p-60, m.fpr(1));
        assertEquals(0L, m.cpu.fpscr & Fpscr.FI);
        m.run(FMADDS);
        assertEquals(-0x1p-60, m.fpr(1));
    }

    @Test
    void conversions() {
        FpMachine m = new FpMachine();
        m.fpr(2, -2.75);
        m.run(FCTIWZ);
        assertEquals(-2L, m.fprBits(1));
        assertEquals(Fpscr.FX | Fpscr.XX | Fpscr.FI, m.cpu.fpscr);
        m.cpu.fpscr = 0;
        m.fpr(2, 3e10);
        m.run(FCTIWZ);
        assertEquals(0x7FFFFFFFL, m.fprBits(1));
        assertEquals(Fpscr.FX | Fpscr.VX | Fpscr.VXCVI | ((long) Fpscr.C_QNAN << 12), m.cpu.fpscr);
        m.cpu.fpscr = Fpscr.RN_MINF;
        m.fpr(2, 2.5);
        m.run(FCTID);
        assertEquals(2L, m.fprBits(1));
        m.cpu.fpscr = 0;
        m.fpr(2, 2.5);
        m.run(FCTID);
        assertEquals(2L, m.fprBits(1)); // ties to even
        m.cpu.fpscr = 0;
        m.run(FRIN);
        assertEquals(3.0, m.fpr(1)); // frin rounds ties away
        assertEquals(0L, m.cpu.fpscr & (Fpscr.XX | Fpscr.FI));
        m.fprBits(2, (1L << 53) + 1);
        m.cpu.fpscr = 0;
        m.run(FCFID);
        assertEquals(0x1p53, m.fpr(1));
        assertEquals(Fpscr.FX | Fpscr.XX | Fpscr.FI | ((long) Fpscr.C_PNORM << 12), m.cpu.fpscr);
    }

    @Test
    void compareSetsCrAndFpcc() {
        FpMachine m = new FpMachine();
        m.fpr(1, 1.0);
        m.fpr(2, 2.0);
        m.run(FCMPU_CR2);
        assertEquals(8, m.cpu.crField(2));
        assertEquals(8L, (m.cpu.fpscr >>> 12) & 0xF);
        m.fprBits(2, 0x7FF8000000000000L);
        m.run(FCMPO);
        assertEquals(1, m.cpu.crField(0));
        assertEquals(Fpscr.FX | Fpscr.VX | Fpscr.VXVC | (1L << 12), m.cpu.fpscr);
    }

    @Test
    void fpscrMoves() {
        FpMachine m = new FpMachine();
        m.fprBits(6, 0xFFFFFFFFFFFFFFFFL);
        m.run(MTFSF_FF_6);
        // All defined low-word bits set; FEX and VX computed (both 1 here); bit 52 reserved stays 0.
        assertEquals(0xFFFFF7FFL, m.cpu.fpscr);
        m.cpu.fpscr = 0;
        m.run(MTFSB1_24); // VE
        assertEquals(Fpscr.VE, m.cpu.fpscr);
        m.run(MFFSCRNI_1);
        assertEquals(Fpscr.VE, m.fprBits(5));
        assertEquals(Fpscr.VE | 1, m.cpu.fpscr);
        m.run(MFFSCE);
        assertEquals(Fpscr.VE | 1, m.fprBits(5));
        assertEquals(1L, m.cpu.fpscr);
    }

    @Test
    void singleLoadStoreKeepDenormalsAndSignallingNaNs() {
        FpMachine m = new FpMachine();
        m.cpu.gpr[3] = FpMachine.DATA;
        m.cpu.mmu.store32(FpMachine.DATA, 0x00000001); // smallest single denormal
        m.run(LFS);
        assertEquals(0x1p-149, m.fpr(1));
        m.run(STFS8);
        assertEquals(0x00000001, m.cpu.mmu.load32(FpMachine.DATA + 8));
        m.cpu.mmu.store32(FpMachine.DATA, 0xFF800001); // negative SNaN
        m.run(LFS);
        assertEquals(0xFFF0000020000000L, m.fprBits(1));
        m.run(STFS8);
        assertEquals(0xFF800001, m.cpu.mmu.load32(FpMachine.DATA + 8));
        assertEquals(0L, m.cpu.fpscr);
    }

    @Test
    void vsxScalarAndVector() {
        FpMachine m = new FpMachine();
        m.cpu.vsr[68] = Double.doubleToRawLongBits(1.5); // VSR34
        m.cpu.vsr[70] = Double.doubleToRawLongBits(2.25); // VSR35
        m.cpu.vsr[67] = 123;
        m.run(XSADDDP);
        assertEquals(3.75, Double.longBitsToDouble(m.cpu.vsr[66]));
        assertEquals(0L, m.cpu.vsr[67]);
        assertEquals((long) Fpscr.C_PNORM << 12, m.cpu.fpscr);
        // xvaddsp: 4 lanes, FPRF untouched; one lane inexact sets XX but not FI.
        m.cpu.fpscr = 0;
        m.cpu.vsr[68] = ((long) Float.floatToRawIntBits(1.0f) << 32) | Float.floatToRawIntBits(2.0f);
        m.cpu.vsr[69] = ((long) Float.floatToRawIntBits(1.0f) << 32) | Float.floatToRawIntBits(-0.0f);
        m.cpu.vsr[70] = ((long) Float.floatToRawIntBits(0x1p-30f) << 32) | Float.floatToRawIntBits(2.0f);
        m.cpu.vsr[71] = ((long) Float.floatToRawIntBits(1.0f) << 32) | Float.floatToRawIntBits(-0.0f);
        m.run(XVADDSP);
        assertEquals(((long) Float.floatToRawIntBits(1.0f) << 32) | Float.floatToRawIntBits(4.0f), m.cpu.vsr[66]);
        assertEquals(((long) Float.floatToRawIntBits(2.0f) << 32) | Float.floatToRawIntBits(-0.0f), m.cpu.vsr[67]);
        assertEquals(Fpscr.FX | Fpscr.XX, m.cpu.fpscr);
        m.cpu.vsr[68] = Double.doubleToRawLongBits(3.0);
        m.cpu.vsr[69] = Double.doubleToRawLongBits(1.0);
        m.cpu.vsr[70] = Double.doubleToRawLongBits(2.0);
        m.cpu.vsr[71] = Double.doubleToRawLongBits(0.5);
        m.run(XVCMPGTDP_DOT);
        assertEquals(-1L, m.cpu.vsr[66]);
        assertEquals(-1L, m.cpu.vsr[67]);
        assertEquals(8, m.cpu.crField(6));
        m.cpu.vsr[68] = Double.doubleToRawLongBits(1.0 + 0x1p-40);
        m.run(XSCVDPSP);
        assertEquals(0x3F8000003F800000L, m.cpu.vsr[66]);
    }

    static final long Q_ONE = 0x3FFF000000000000L;

    @Test
    void quadArithmeticAndRoundToOdd() {
        FpMachine m = new FpMachine();
        m.setVr(2, Q_ONE, 0);
        m.setVr(3, 0x3F8E000000000000L, 0); // 2^-113: half an ulp of 1
        m.run(XSADDQP);
        assertEquals(Q_ONE, m.vrHi(1));
        assertEquals(0L, m.vrLo(1)); // tie to even
        assertEquals(Fpscr.FX | Fpscr.XX | Fpscr.FI | ((long) Fpscr.C_PNORM << 12), m.cpu.fpscr);
        m.cpu.fpscr = 0;
        m.run(XSADDQPO);
        assertEquals(Q_ONE, m.vrHi(1));
        assertEquals(1L, m.vrLo(1)); // round to odd sets the last bit
        // Quad to double and back, and compare.
        m.setVr(2, 0x4000921FB54442D1L, 0x8469898CC51701B8L); // pi
        m.run(XSCVQPDP);
        assertEquals(Math.PI, Double.longBitsToDouble(m.vrHi(1)));
        m.setVr(2, Double.doubleToRawLongBits(-0.1), 0);
        m.run(XSCVDPQP);
        assertEquals(0xBFFB999999999999L, m.vrHi(1)); // the 52-bit fraction moves to the top of 112
        assertEquals(0xA000000000000000L, m.vrLo(1));
        m.setVr(2, Q_ONE, 0);
        m.setVr(3, Q_ONE | Long.MIN_VALUE, 0);
        m.run(XSCMPUQP_CR1);
        assertEquals(4, m.cpu.crField(1));
        m.setVr(2, 0x4003400000000000L, 0); // 20.0
        m.run(XSCVQPSDZ);
        assertEquals(20L, m.vrHi(1));
    }

    @Test
    void vmxNonJavaModeFlushesDenormals() {
        FpMachine m = new FpMachine();
        long den = 0x00400000L; // single denormal in each lane's word
        m.setVr(2, (den << 32) | Float.floatToRawIntBits(1.5f), (Float.floatToRawIntBits(0x1p-126f) & 0xFFFFFFFFL) << 32);
        m.setVr(3, 0, ((long) Float.floatToRawIntBits(-0x1p-127f) << 32) & 0xFFFFFFFF00000000L);
        m.run(VADDFP);
        assertEquals(0x000000003FC00000L, m.vrHi(1)); // denormal input read as +0; 1.5 + 0
        assertEquals(Float.floatToRawIntBits(0x1p-126f) & 0xFFFFFFFFL, m.vrLo(1) >>> 32); // 2^-126 + (-0): normal kept
        m.cpu.vscr = 0; // Java mode: denormals are honoured
        m.run(VADDFP);
        assertEquals(den << 32 | Float.floatToRawIntBits(1.5f), m.vrHi(1));
        assertEquals(Float.floatToRawIntBits(0x1p-127f) & 0xFFFFFFFFL, m.vrLo(1) >>> 32);
        assertEquals(0L, m.cpu.fpscr);
    }

    @Test
    void unavailableFacilitiesInterruptBeforeAnyChange() {
        FpMachine m = new FpMachine();
        m.fpr(2, 1.0);
        m.fpr(3, 2.0);
        m.fpr(1, 5.0);
        m.cpu.setMsr(m.cpu.msr & ~Cpu.MSR_FP);
        m.run(FADD);
        assertEquals(Interrupt.FP_UNAVAILABLE, m.interrupt.kind);
        assertEquals(5.0, m.fpr(1));
        assertEquals(0L, m.cpu.fpscr);
        m.cpu.setMsr((m.cpu.msr | Cpu.MSR_FP) & ~Cpu.MSR_VSX);
        m.run(XSADDQP);
        assertEquals(Interrupt.VSX_UNAVAILABLE, m.interrupt.kind);
        m.cpu.setMsr(m.cpu.msr & ~Cpu.MSR_VEC);
        m.run(VADDFP);
        assertEquals(Interrupt.VMX_UNAVAILABLE, m.interrupt.kind);
    }

    @Test
    void quadInvalidWithVeLeavesTargetAndRaisesWhenMsrEnables() {
        FpMachine m = new FpMachine();
        m.setVr(2, 0x7FFF000000000000L, 0); // +inf
        m.setVr(3, 0xFFFF000000000000L, 0); // -inf
        m.setVr(1, 123, 456);
        m.run(XSADDQP);
        assertEquals(0x7FFF800000000000L, m.vrHi(1));
        assertEquals(Fpscr.FX | Fpscr.VX | Fpscr.VXISI | ((long) Fpscr.C_QNAN << 12), m.cpu.fpscr);
        m.setVr(1, 123, 456);
        m.cpu.fpscr = Fpscr.VE;
        m.cpu.setMsr(m.cpu.msr | Cpu.MSR_FE0);
        m.run(XSADDQP);
        assertEquals(123L, m.vrHi(1));
        assertEquals(456L, m.vrLo(1));
        assertEquals(Interrupt.PROGRAM, m.interrupt.kind);
        assertEquals(Fpscr.VE | Fpscr.FX | Fpscr.FEX | Fpscr.VX | Fpscr.VXISI, m.cpu.fpscr);
    }
}
