package org.jpseries.user;

import static org.junit.jupiter.api.Assertions.*;

import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.insn.InstructionTable;
import org.jpseries.isa.Op;
import org.junit.jupiter.api.Test;

/** AT_HWCAP/AT_HWCAP2 promise exactly the implemented instructions (glibc's ifunc selection relies on it). */
class HwCapsTest {
    /** What qemu-ppc64le 7.2 advertises per model (measured with getauxval), plus SCV on ISA 3.0+. */
    private static long qemuHwcap2(CpuModel m) {
        return switch (m) {
            case POWER8 -> 0x8e000000L;
            case POWER9 -> 0x8ee00000L | HwCaps.PPC_FEATURE2_SCV;
            case POWER10 -> 0x8ee60000L | HwCaps.PPC_FEATURE2_SCV;
        };
    }

    @Test
    void eachBitIsSetExactlyWhenAllItsInstructionsAreImplemented() {
        for (CpuModel m : CpuModel.values()) {
            InstructionTable t = InstructionTable.forModel(m);
            long hw = HwCaps.hwcap(m), hw2 = HwCaps.hwcap2(m);
            for (HwCaps.Feature f : HwCaps.FEATURES) {
                boolean all = m.ordinal() >= f.since().ordinal();
                for (Op op : f.ops()) all &= t.implemented(op);
                long bits = f.hwcap2() ? hw2 : hw;
                assertEquals(all, (bits & f.bit()) != 0, m + " " + f.name());
            }
            assertNotEquals(0, hw & HwCaps.PPC_FEATURE_64, "64-bit CPU");
        }
    }

    @Test
    void bitsNeverExceedWhatQemuAdvertises() {
        for (CpuModel m : CpuModel.values()) {
            assertEquals(0, HwCaps.hwcap(m) & ~0x58000580L, m.toString());
            assertEquals(0, HwCaps.hwcap2(m) & ~qemuHwcap2(m), m.toString());
        }
    }

    @Test
    void everyFeatureOfTheModelsIsCovered() {
        long all = 0, all2 = 0;
        for (HwCaps.Feature f : HwCaps.FEATURES) {
            assertFalse(f.ops().isEmpty(), f.name());
            if (f.hwcap2()) all2 |= f.bit();
            else all |= f.bit();
        }
        assertEquals(0x58000580L & ~HwCaps.PPC_FEATURE_64, all);
        assertEquals(qemuHwcap2(CpuModel.POWER10), all2);
    }

    @Test
    void newerFeaturesAreNeverOfferedOnOlderModels() {
        assertEquals(0, HwCaps.hwcap2(CpuModel.POWER8) & (HwCaps.PPC_FEATURE2_ARCH_3_00 | HwCaps.PPC_FEATURE2_SCV
                | HwCaps.PPC_FEATURE2_HAS_IEEE128 | HwCaps.PPC_FEATURE2_ARCH_3_1));
        assertEquals(0, HwCaps.hwcap2(CpuModel.POWER9) & (HwCaps.PPC_FEATURE2_ARCH_3_1 | HwCaps.PPC_FEATURE2_MMA));
    }
}
