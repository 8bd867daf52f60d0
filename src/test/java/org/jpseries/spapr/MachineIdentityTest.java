package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jpseries.cpu.CpuModel;
import org.jpseries.intc.IcMode;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

/**
 * The "machine" header's rule: what the guest can observe must match (the level its vCPUs may run
 * at, smp, RAM, the interrupt controllers offered, dec-bits, caps), not the CPU model's name, so
 * POWER9 with max-cpu-compat=power8 and POWER8 take each other's streams and POWER9 without it
 * is refused by a POWER8 with one line.
 */
class MachineIdentityTest {
    static final int POWER8_COMPAT = 0x0f000004, POWER9_COMPAT = 0x0f000005;

    static SpaprPlatform.Options opts(CpuModel cpu, int compat, int smp, IcMode mode) {
        return new SpaprPlatform.Options(cpu, smp, 1L << 30, compat, "", mode);
    }

    static final SpaprPlatform.Options P9C8 = opts(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.DUAL),
            P8 = opts(CpuModel.POWER8, 0, 2, IcMode.DUAL), P8_XICS = opts(CpuModel.POWER8, 0, 2, IcMode.XICS),
            P9 = opts(CpuModel.POWER9, 0, 2, IcMode.DUAL);

    static String refusal(SpaprPlatform.Options from, SpaprPlatform.Options to) {
        return refusal(MachineIdentity.of(from, true), to);
    }

    static String refusal(Section header, SpaprPlatform.Options to) {
        return assertThrows(StateException.class, () -> MachineIdentity.check(header, to)).getMessage();
    }

    @Test
    void power9CompatPower8AndPower8TakeEachOthersStreams() throws StateException {
        MachineIdentity.check(MachineIdentity.of(P9C8, true), P8);
        MachineIdentity.check(MachineIdentity.of(P9C8, true), P8_XICS);
        MachineIdentity.check(MachineIdentity.of(P8, true), P9C8);
        MachineIdentity.check(MachineIdentity.of(P8_XICS, false), opts(CpuModel.POWER9, POWER8_COMPAT, 2, IcMode.XICS));
    }

    @Test
    void theSameConfigurationAndTheSameLevelAreTaken() throws StateException {
        for (SpaprPlatform.Options o : new SpaprPlatform.Options[] {P9C8, P8, P9}) MachineIdentity.check(MachineIdentity.of(o, true), o);
        // max-cpu-compat=power9 on a POWER9 changes nothing the guest sees (QEMU's caps are equal)
        MachineIdentity.check(MachineIdentity.of(P9, true), opts(CpuModel.POWER9, POWER9_COMPAT, 2, IcMode.DUAL));
    }

    @Test
    void aPower9AtIsa300IsRefusedByAPower8AndTheReverse() {
        assertEquals("section machine: the stream is from a POWER9 whose vCPUs may run at ISA 3.00, this POWER8 at ISA 2.07", refusal(P9, P8));
        assertEquals("section machine: the stream is from a POWER8 whose vCPUs may run at ISA 2.07, this POWER9 at ISA 3.00", refusal(P8, P9));
        assertEquals("section machine: the stream is from a POWER9 whose vCPUs may run at ISA 3.00, this POWER9 at ISA 2.07", refusal(P9, P9C8));
    }

    @Test
    void otherDifferencesNameTheFieldAndBothValues() {
        assertEquals("section machine: the stream is from a machine with smp 2, this one has 4",
                refusal(P9C8, opts(CpuModel.POWER8, 0, 4, IcMode.DUAL)));
        assertEquals("section machine: the stream is from a machine with ram-size 1024 MiB, this one has 2048 MiB",
                refusal(P9C8, new SpaprPlatform.Options(CpuModel.POWER8, 2, 2L << 30, 0, "", IcMode.DUAL)));
        assertEquals("section machine: the stream is from a machine with ic-mode DUAL, this one has XICS",
                refusal(P9, opts(CpuModel.POWER9, 0, 2, IcMode.XICS)));
    }

    @Test
    void aBrokenHeaderIsOneLine() throws StateException {
        assertEquals("section machine: field cpu-level 0x004e1202 is no architected level",
                refusal(with(MachineIdentity.of(P8, true), "cpu-level", CpuModel.POWER9.pvr), P8));
        Section noLevel = new Section("machine", 0, MachineIdentity.VERSION).str("machine", "pseries-7.2");
        assertEquals("section machine: field cpu-level is missing", refusal(noLevel, P8));
    }

    /** Streams of machines before the PCI host bridge are refused by version. */
    @Test
    void headersBeforeTheHostBridgeAreRefusedByVersion() throws StateException {
        Section v4 = new Section("machine", 0, 4);
        for (String f : MachineIdentity.of(P8, true).fieldNames()) v4.putDecoded(f, MachineIdentity.of(P8, true).rawValue(f));
        assertEquals("section machine: version 4 is older than this jpseries loads (5)", refusal(v4, P8));
    }

    /** The versioned machine type travels in the header; another one is refused in QEMU's words. */
    @Test
    void anotherMachineTypeIsRefusedAsQemuRefusesIt() throws StateException {
        assertEquals("pseries-7.2", MachineIdentity.of(P8, true).str("machine"));
        assertEquals("section machine: Machine type received is 'pseries-8.0' and local is 'pseries-7.2'",
                refusal(with(MachineIdentity.of(P8, true), "machine", "pseries-8.0"), P8));
    }

    /** {@code h} with one field's value replaced. */
    private static Section with(Section h, String field, Object value) throws StateException {
        Section s = new Section(h.name(), h.instance(), h.version());
        for (String f : h.fieldNames()) s.putDecoded(f, f.equals(field) ? value : h.rawValue(f));
        return s;
    }

}
