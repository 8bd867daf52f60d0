package org.jpseries.cpu;

import java.util.regex.Pattern;
import org.jpseries.isa.Op;

/**
 * Which MSR facility bit an instruction needs in system mode (Book III 7.5.10/7.5.16/7.5.17:
 * floating-point, vector and VSX unavailable interrupts), derived from the registers its
 * operands name: FPRs (FRT, FRA...) need MSR[FP], VRs (VRT...) MSR[VEC], VSRs (XT, XA...)
 * MSR[VSX]; the quad-precision instructions (primary 63 with VR operands) are VSX; other
 * primary 59/63 instructions (mffs, mtfsfi, mcrfs...) are floating-point. An operating system
 * relies on these interrupts to know which register files a thread uses (Linux saves FP/VMX/VSX
 * state on a context switch only if the thread's MSR has the bit), so an instruction that
 * touches a file the MSR does not enable must trap rather than run.
 *
 * <p>Where the ISA picks the facility by register number (lxv, mfvsrd: FP or VEC for the low or
 * high half of the VSRs) this asks for MSR[VSX], which Linux only sets together with FP and VEC:
 * such an instruction may trap once more than the ISA requires, never less.
 */
public final class FacilityCheck {
    private FacilityCheck() {}

    private static final Pattern FPR = Pattern.compile("\\bFR[TSABC]p?\\b");
    private static final Pattern VR = Pattern.compile("\\bVR[TSABC]\\b");
    private static final Pattern VSR = Pattern.compile("\\bX[TSABC]p?\\b");

    /** The MSR bit {@code op} requires (MSR_FP, MSR_VEC or MSR_VSX), or 0. */
    public static long requiredMsr(Op op) {
        String m = op.mnemonics;
        int primary = primary(op);
        if (VSR.matcher(m).find()) return Cpu.MSR_VSX;
        boolean vr = VR.matcher(m).find();
        if (vr) return primary == 63 || primary == 59 ? Cpu.MSR_VSX : Cpu.MSR_VEC;
        if (FPR.matcher(m).find()) return Cpu.MSR_FP;
        if (primary == 63 || primary == 59) return Cpu.MSR_FP;
        return 0;
    }

    /** The primary opcode of the (suffix) word of {@code op}. */
    static int primary(Op op) {
        int word = op.encoding.prefixed() ? 1 : 0; // the suffix's, for prefixed ops
        if ((op.encoding.mask(word) >>> 26) != 0x3F) return -1;
        return op.encoding.value(word) >>> 26;
    }

    /** The unavailable interrupt for a missing MSR bit. */
    public static Interrupt interruptFor(long msrBit) {
        return msrBit == Cpu.MSR_FP ? Interrupt.FP_UNAVAILABLE
                : msrBit == Cpu.MSR_VEC ? Interrupt.VMX_UNAVAILABLE : Interrupt.VSX_UNAVAILABLE;
    }
}
