package org.jpseries.cpu.insn;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;

/** Facility-availability checks and addressing shared by the vector facilities (Book I 6, 7). */
final class VecSupport {
    private VecSupport() {}

    /** Vector facility unavailable unless MSR[VEC] (Book III 7.5.15). */
    static void vec(Cpu c) {
        if ((c.msr & Cpu.MSR_VEC) == 0) throw new GuestInterrupt(Interrupt.VMX_UNAVAILABLE, 0, c.cia);
    }

    /** VSX unavailable unless MSR[VSX] (Book III 7.5.16). */
    static void vsx(Cpu c) {
        if ((c.msr & Cpu.MSR_VSX) == 0) throw new GuestInterrupt(Interrupt.VSX_UNAVAILABLE, 0, c.cia);
    }

    static void fp(Cpu c) {
        if ((c.msr & Cpu.MSR_FP) == 0) throw new GuestInterrupt(Interrupt.FP_UNAVAILABLE, 0, c.cia);
    }

    /** The check of VSX scalar moves: FP for VSR[0:31] (FPRs), VEC for VSR[32:63] (VRs). */
    static void fpOrVec(Cpu c, int xs) {
        if (xs < 32) fp(c);
        else vec(c);
    }

    /** The check of ISA 3.0 VSX moves: VSX for VSR[0:31], VEC for VSR[32:63]. */
    static void vsxOrVec(Cpu c, int xs) {
        if (xs < 32) vsx(c);
        else vec(c);
    }

    /** X-form effective address (RA|0) + (RB). */
    static long eaX(Cpu c, int w) {
        int ra = (w >>> 16) & 31;
        return c.ea((ra == 0 ? 0 : c.gpr[ra]) + c.gpr[(w >>> 11) & 31]);
    }

    /** (RA|0) for the forms that take a length in RB. */
    static long eaRa(Cpu c, int w) {
        int ra = (w >>> 16) & 31;
        return c.ea(ra == 0 ? 0 : c.gpr[ra]);
    }

    /** D/DS/DQ-form effective address (RA|0) + disp. */
    static long eaD(Cpu c, int w, long disp) {
        int ra = (w >>> 16) & 31;
        return c.ea((ra == 0 ? 0 : c.gpr[ra]) + disp);
    }

    /** 8LS/MLS prefixed effective address: CIA + d34 when R=1, else (RA|0) + d34 (Book I 1.6.3). */
    static long eaPrefixed(Cpu c, int prefix, int suffix) {
        long d = org.jpseries.cpu.Fields.d34(prefix, suffix);
        if (org.jpseries.cpu.Fields.r(prefix)) return c.ea(c.cia + d);
        int ra = (suffix >>> 16) & 31;
        return c.ea((ra == 0 ? 0 : c.gpr[ra]) + d);
    }

    /** VRT/VRA/VRB/VRC as indices of doubleword 0 in cpu.vsr. */
    static int vrt(int w) { return 64 + 2 * ((w >>> 21) & 31); }
    static int vra(int w) { return 64 + 2 * ((w >>> 16) & 31); }
    static int vrb(int w) { return 64 + 2 * ((w >>> 11) & 31); }
    static int vrc(int w) { return 64 + 2 * ((w >>> 6) & 31); }

    /** XT/XA/XB/XC of XX-forms as indices of doubleword 0 in cpu.vsr. */
    static int xt(int w) { return 2 * (((w & 1) << 5) | ((w >>> 21) & 31)); }
    static int xa(int w) { return 2 * (((w & 4) << 3) | ((w >>> 16) & 31)); }
    static int xb(int w) { return 2 * (((w & 2) << 4) | ((w >>> 11) & 31)); }
    static int xc(int w) { return 2 * (((w & 8) << 2) | ((w >>> 6) & 31)); }
}
