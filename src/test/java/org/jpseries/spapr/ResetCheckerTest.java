package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IcMode;
import org.junit.jupiter.api.Test;

/**
 * The reset checker on machines that CAS, take interrupts and queue events, then reset: every
 * section the reset touches equals the fresh machine's, for each configuration of the issue;
 * and a planted variant of QEMU's 2019 bug (the compat mode on vCPU 0 only) is reported with the
 * section and field.
 */
class ResetCheckerTest {
    static final int POWER8_COMPAT = 0x0f000004;

    static ResetChecker busyThenReset(CpuModel cpu, int compat, int smp, IcMode mode, ResetReason why) throws Exception {
        SpaprMachine m = ResetSequenceTest.machineOf(cpu, compat, smp, mode);
        ResetChecker checker = new ResetChecker();
        m.setResetChecker(checker);
        m.systemReset(ResetReason.COLD);
        m.platform().quiesce();
        assertEquals(0, ResetSequenceTest.cas(m, 0));
        m.platform().console().receive((byte) 'x');
        m.platform().powerdown();
        m.cpu(smp - 1).gpr[3] = 42;
        m.systemReset(why);
        return checker;
    }

    @Test
    void aResetMachineEqualsAFreshOne() throws Exception {
        for (Object[] c : new Object[][] {{CpuModel.POWER8, 0, 1}, {CpuModel.POWER9, 0, 1}, {CpuModel.POWER9, 0, 2},
                {CpuModel.POWER9, 0, 4}, {CpuModel.POWER9, POWER8_COMPAT, 2}, {CpuModel.POWER9, POWER8_COMPAT, 4}}) {
            for (ResetReason why : List.of(ResetReason.HOST, ResetReason.GUEST)) {
                ResetChecker r = busyThenReset((CpuModel) c[0], (int) c[1], (int) c[2], IcMode.DUAL, why);
                assertEquals(2, r.resets());
                assertEquals(List.of(), r.differences(), c[0] + " compat " + c[1] + " x" + c[2] + " after " + why);
            }
        }
    }

    @Test
    void thePlantedCompatOnVcpu0OnlyBugIsReported() throws Exception {
        SpaprMachine m = ResetSequenceTest.machineOf(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.DUAL);
        ResetChecker checker = new ResetChecker();
        m.setResetChecker(checker);
        m.systemReset(ResetReason.COLD);
        // QEMU 4.1's order: the compat mode reaches vCPU 0 only (vCPU 1 keeps raw mode: PCR 0)
        m.setResetProbe(step -> {
            if (step.equals("cas")) m.cpu(1).sys.spr[Spr.PCR] = 0;
        });
        m.systemReset(ResetReason.HOST);
        List<String> d = checker.differences();
        assertTrue(d.stream().anyMatch(l -> l.startsWith("cpu[1].spr:") && l.contains("(SPR " + Spr.PCR + ")")), d.toString());
        assertTrue(d.contains("cpu[1] PCR = 0x0 but cpu has " + "0x" + Long.toHexString(m.cpu(0).sys.spr[Spr.PCR])), d.toString());
    }
}
