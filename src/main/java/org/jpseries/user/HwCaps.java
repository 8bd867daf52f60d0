package org.jpseries.user;

import static org.jpseries.isa.Op.*;

import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.insn.InstructionTable;
import org.jpseries.isa.Op;

/**
 * AT_HWCAP and AT_HWCAP2 (arch/powerpc/include/uapi/asm/cputable.h): the features qemu-ppc64le
 * 7.2 advertises for each CPU model (plus SCV, which Linux advertises on ISA 3.0 CPUs), each
 * kept only when every representative instruction of the feature is implemented for the model.
 * glibc chooses its string and memory routines by these bits, so a bit must never promise an
 * instruction the interpreter would reject; the bits grow as instructions are implemented.
 */
public final class HwCaps {
    private HwCaps() {}

    public static final long PPC_FEATURE_64 = 0x40000000L, PPC_FEATURE_HAS_ALTIVEC = 0x10000000L,
            PPC_FEATURE_HAS_FPU = 0x08000000L, PPC_FEATURE_HAS_DFP = 0x00000400L,
            PPC_FEATURE_ARCH_2_06 = 0x00000100L, PPC_FEATURE_HAS_VSX = 0x00000080L;
    public static final long PPC_FEATURE2_ARCH_2_07 = 0x80000000L, PPC_FEATURE2_ISEL = 0x08000000L,
            PPC_FEATURE2_TAR = 0x04000000L, PPC_FEATURE2_VEC_CRYPTO = 0x02000000L,
            PPC_FEATURE2_ARCH_3_00 = 0x00800000L, PPC_FEATURE2_HAS_IEEE128 = 0x00400000L,
            PPC_FEATURE2_DARN = 0x00200000L, PPC_FEATURE2_SCV = 0x00100000L, PPC_FEATURE2_ARCH_3_1 = 0x00040000L,
            PPC_FEATURE2_MMA = 0x00020000L;

    /** A feature bit, the oldest model that has it, and the instructions that stand for it. */
    public record Feature(String name, long bit, boolean hwcap2, CpuModel since, List<Op> ops) {}

    public static final List<Feature> FEATURES = List.of(
        new Feature("FPU", PPC_FEATURE_HAS_FPU, false, CpuModel.POWER8,
            List.of(FADD, FMUL, FDIV, FMADD, FCMPU, FRSP, LFD, STFD, MFFS)),
        new Feature("ALTIVEC", PPC_FEATURE_HAS_ALTIVEC, false, CpuModel.POWER8,
            List.of(LVX, STVX, VADDUBM, VPERM, VAND, VCMPEQUB, MFVSCR, VSLDOI)),
        new Feature("VSX", PPC_FEATURE_HAS_VSX, false, CpuModel.POWER8,
            List.of(LXVD2X, STXVD2X, XXLOR, XSADDDP, XVADDDP, XXPERMDI, LXSDX)),
        new Feature("DFP", PPC_FEATURE_HAS_DFP, false, CpuModel.POWER8, List.of(DADD, DMUL)),
        new Feature("ARCH_2_06", PPC_FEATURE_ARCH_2_06, false, CpuModel.POWER8,
            List.of(POPCNTD, LDBRX, STDBRX, LFIWZX, DIVWE)),
        new Feature("ARCH_2_07", PPC_FEATURE2_ARCH_2_07, true, CpuModel.POWER8,
            List.of(VBPERMQ, VGBBD, XXLORC, MTVSRD, MFVSRD, LXSIWZX)),
        new Feature("ISEL", PPC_FEATURE2_ISEL, true, CpuModel.POWER8, List.of(ISEL)),
        new Feature("TAR", PPC_FEATURE2_TAR, true, CpuModel.POWER8, List.of(BCTAR)),
        new Feature("VEC_CRYPTO", PPC_FEATURE2_VEC_CRYPTO, true, CpuModel.POWER8,
            List.of(VCIPHER, VNCIPHER, VSHASIGMAW, VPMSUMD)),
        new Feature("ARCH_3_00", PPC_FEATURE2_ARCH_3_00, true, CpuModel.POWER9,
            List.of(LXV, LXVL, STXVL, VCMPNEB, VCTZLSBB, VEXTUBRX)),
        new Feature("IEEE128", PPC_FEATURE2_HAS_IEEE128, true, CpuModel.POWER9,
            List.of(XSADDQP, XSSUBQP, XSMULQP, XSDIVQP, XSMADDQP, XSSQRTQP, XSCMPUQP, XSCVQPDP, XSCVDPQP)),
        new Feature("DARN", PPC_FEATURE2_DARN, true, CpuModel.POWER9, List.of(DARN)),
        new Feature("SCV", PPC_FEATURE2_SCV, true, CpuModel.POWER9, List.of(SCV)),
        new Feature("ARCH_3_1", PPC_FEATURE2_ARCH_3_1, true, CpuModel.POWER10, List.of(LXVP, PLXVP, VEXTRACTBM)),
        new Feature("MMA", PPC_FEATURE2_MMA, true, CpuModel.POWER10,
            List.of(XVF32GER, XXMTACC, XXMFACC, XXSETACCZ)));

    static boolean offered(Feature f, CpuModel model, InstructionTable t) {
        if (model.ordinal() < f.since().ordinal()) return false;
        for (Op op : f.ops()) if (!t.implemented(op)) return false;
        return true;
    }

    public static long hwcap(CpuModel model) {
        return collect(model, InstructionTable.forModel(model), false) | PPC_FEATURE_64;
    }

    public static long hwcap2(CpuModel model) {
        return collect(model, InstructionTable.forModel(model), true);
    }

    static long collect(CpuModel model, InstructionTable t, boolean second) {
        long bits = 0;
        for (Feature f : FEATURES) {
            if (f.hwcap2() == second && offered(f, model, t)) bits |= f.bit();
        }
        return bits;
    }
}
