package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IcMode;
import org.jpseries.migration.MachineStream;
import org.jpseries.spapr.cas.CompatLevel;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole machines' state between POWER9 max-cpu-compat=power8 and POWER8 (issue 11 item 5): a
 * stream loads into the other model, each vCPU keeps the destination's PVR and gets its PCR for
 * the compat level, and a round trip gives back exactly the sections saved; state the other
 * model cannot hold, and a partition in raw mode, are refused with one line naming the section.
 */
class CrossModelStateTest {
    static final int POWER8_COMPAT = CompatLevel.ISA_2_07.pvr;

    /** Saves {@code a} and loads the stream into {@code b} as an incoming machine does (MachineMigration.incoming). */
    static void move(SpaprMachine a, SpaprMachine b) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        MachineStateTest.save(a, stream);
        b.systemReset(ResetReason.COLD);
        b.timeBase().stop();
        MachineStream.load(b.devices(), new ByteArrayInputStream(stream.toByteArray()), h -> MachineIdentity.check(h, b.options().platform()));
        b.partition().forget();
        b.partition().sync(null);
    }

    static SpaprMachine power9Compat8() throws Exception {
        return ResetSequenceTest.machineOf(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.DUAL);
    }

    static SpaprMachine power8() throws Exception {
        return ResetSequenceTest.machineOf(CpuModel.POWER8, 0, 2, IcMode.DUAL);
    }

    static List<String> differences(List<Section> a, List<Section> b) {
        assertEquals(a.size(), b.size());
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) diffs.addAll(a.get(i).diff(b.get(i)));
        return diffs;
    }

    /** Both ways, with -smp 1, 2 and 4: the compat PVR on every vCPU (QEMU's 2019 bug had it on vCPU 0 only). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void power9Compat8ToPower8AndBackGivesTheSameSections(int smp) throws Exception {
        SpaprMachine a = MachineStateTest.busyMachine(CpuModel.POWER9, POWER8_COMPAT, smp, IcMode.DUAL);
        a.cpu(smp - 1).ov32 = true; // XER[OV32] of ISA 3.00 travels as it is
        List<Section> first = a.devices().snapshot();
        SpaprMachine p8 = ResetSequenceTest.machineOf(CpuModel.POWER8, 0, smp, IcMode.DUAL);
        move(a, p8);
        assertEquals(POWER8_COMPAT, p8.platform().compatPvr());
        for (int i = 0; i < smp; i++) {
            assertEquals(CpuModel.POWER8.pvr, p8.cpu(i).sys.spr[Spr.PVR], "the destination keeps its own PVR");
            assertEquals(0, p8.cpu(i).sys.spr[Spr.PCR], "a POWER8 at ISA 2.07 disables nothing");
        }
        assertEquals(0x1234_5678_9abcL, p8.cpu(0).gpr[7]);
        SpaprMachine back = ResetSequenceTest.machineOf(CpuModel.POWER9, POWER8_COMPAT, smp, IcMode.DUAL);
        move(p8, back);
        assertEquals(1L << (63 - 60), back.cpu(smp - 1).sys.spr[Spr.PCR], "PCR[v2.07] again on the POWER9 (features after 2.07 off)");
        assertEquals(List.of(), differences(first, back.devices().snapshot()), "POWER9c8 -> POWER8 -> POWER9c8");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void power8ToPower9Compat8AndBackGivesTheSameSections(int smp) throws Exception {
        SpaprMachine a = MachineStateTest.busyMachine(CpuModel.POWER8, 0, smp, IcMode.DUAL);
        assertEquals(POWER8_COMPAT, a.platform().compatPvr(), "CAS picks the architected mode on a POWER8 too");
        List<Section> first = a.devices().snapshot();
        SpaprMachine p9 = ResetSequenceTest.machineOf(CpuModel.POWER9, POWER8_COMPAT, smp, IcMode.DUAL);
        move(a, p9);
        assertEquals(CpuModel.POWER9.pvr, p9.cpu(smp - 1).sys.spr[Spr.PVR]);
        assertEquals(0, p9.cpu(smp - 1).sys.spr[Spr.PIDR], "an SPR the POWER8 lacks starts at its reset value");
        SpaprMachine back = ResetSequenceTest.machineOf(CpuModel.POWER8, 0, smp, IcMode.DUAL);
        move(p9, back);
        assertEquals(List.of(), differences(first, back.devices().snapshot()), "POWER8 -> POWER9c8 -> POWER8");
    }

    /** The same rule one level up: POWER10 max-cpu-compat=power9 and POWER9 (XIVE, ISA 3.00), as QEMU allows. */
    @Test
    void power10Compat9AndPower9TakeEachOthersState() throws Exception {
        SpaprMachine a = MachineStateTest.busyMachine(CpuModel.POWER10, CompatLevel.ISA_3_00.pvr, 2, IcMode.DUAL);
        List<Section> first = a.devices().snapshot();
        SpaprMachine p9 = ResetSequenceTest.machineOf(CpuModel.POWER9, 0, 2, IcMode.DUAL);
        move(a, p9);
        assertEquals(CpuModel.POWER9.pvr, p9.cpu(1).sys.spr[Spr.PVR]);
        SpaprMachine back = ResetSequenceTest.machineOf(CpuModel.POWER10, CompatLevel.ISA_3_00.pvr, 2, IcMode.DUAL);
        move(p9, back);
        assertEquals(List.of(), differences(first, back.devices().snapshot()), "POWER10c9 -> POWER9 -> POWER10c9");
    }

    @Test
    void anSprThePower8LacksMustHoldNothing() throws Exception {
        SpaprMachine a = MachineStateTest.busyMachine(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.DUAL);
        a.cpu(1).sys.spr[Spr.PIDR] = 5;
        StateException e = assertThrows(StateException.class, () -> move(a, power8()));
        assertEquals("section cpu[1]: SPR 48 = 0x5 of the POWER9 has no place on this CPU (POWER8)", e.getMessage());
    }

    @Test
    void aRadixPartitionCannotMoveToAPower8() throws Exception {
        SpaprMachine a = MachineStateTest.busyMachine(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.DUAL);
        a.platform().state().hostRadix = true; // a guest that registered a radix table despite CAS
        a.partition().forget();
        a.partition().sync(null);
        long lpcr = a.cpu(0).sys.spr[Spr.LPCR];
        StateException e = assertThrows(StateException.class, () -> move(a, power8()));
        assertEquals(String.format("section cpu: LPCR 0x%x has ISA 3.00 fields (0x%x: radix translation, the large decrementer) "
                + "that this CPU (POWER8) does not have", lpcr, Spr.LPCR_HR), e.getMessage());
    }

    /** Raw mode (no CAS yet, compat PVR 0): the guest sees the real PVR, which only the same model has (QEMU's pvr_match). */
    @Test
    void aPartitionInRawModeStaysOnItsModel() throws Exception {
        SpaprMachine a = power8();
        a.systemReset(ResetReason.COLD);
        a.platform().quiesce();
        a.timeBase().stop();
        assertEquals(0, a.platform().compatPvr());
        StateException e = assertThrows(StateException.class, () -> move(a, power9Compat8()));
        assertEquals(String.format("section cpu: PVR 0x%08x (POWER8) does not match this CPU (POWER9), and the vCPU runs at no compat PVR",
                CpuModel.POWER8.pvr), e.getMessage());
    }
}
