package org.jpseries.spapr.cas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.Hcall;
import org.junit.jupiter.api.Test;

class CasTest {
    static final long AT = 0x10000;

    static GuestRam ramWith(byte[] vec) {
        GuestRam ram = new GuestRam(1 << 20);
        ram.write(AT, vec, 0, vec.length);
        return ram;
    }

    static Cas.Platform platform(CpuModel cpu, int maxCompat, OptionVector ov5) {
        return new Cas.Platform(cpu, cpu.pvr, maxCompat, ov5, true, false, false);
    }

    @Test
    void linuxVectorLayoutIsWhereQemuLooks() {
        byte[] v = LinuxArchVec.build(0, 0, 0, 2048);
        GuestRam ram = ramWith(v);
        long table = AT + 14 * 8; // the 14th pair is the terminator; the vectors follow it
        assertEquals(6, v[14 * 8]);
        assertEquals(14 * 8 + 1 + 4 + 34 + 3 + 3 + 27 + 4 + 257, v.length);
        OptionVector ov1 = OptionVector.parse(ram, table, 1);
        assertNotNull(ov1);
        assertTrue(ov1.test(OptionVector.OV1_PPC_3_00));
        OptionVector ov5 = OptionVector.parse(ram, table, 5);
        assertTrue(ov5.test(OptionVector.OV5_FORM1_AFFINITY));
        assertTrue(ov5.test(OptionVector.OV5_DRMEM_V2));
        assertTrue(ov5.test(OptionVector.OV5_HPT_RESIZE));
        assertFalse(ov5.test(OptionVector.OV5_XIVE_EXPLOIT));
        assertFalse(ov5.test(OptionVector.OV5_MMU_RADIX_300));
        assertNull(OptionVector.parse(ram, table, 8));
        assertEquals(0x02, OptionVector.parse(ram, table, 6).toProperty()[3], "OV6 byte 3: Linux");
    }

    @Test
    void power9GuestNegotiatesIsa300ForHashAndXics() {
        GuestRam ram = ramWith(LinuxArchVec.build(0, 0, 0, 2048));
        Cas.Result r = Cas.negotiate(ram, AT, platform(CpuModel.POWER9, 0, new OptionVector()));
        assertEquals(Hcall.H_SUCCESS, r.status());
        assertNull(r.fatal());
        assertEquals(0x0f000005, r.compatPvr(), "best logical PVR the guest lists that POWER9 can run");
        assertFalse(r.preIsa3());
        assertFalse(r.guestXive());
        assertTrue(r.ov5().isEmpty(), "the platform offers no OV5 bits, so the intersection is empty");
        assertArrayEquals(new byte[] {0, 0}, r.ov5().toProperty());
    }

    @Test
    void withoutVector7TheResultIsTheSame() {
        GuestRam ram = ramWith(LinuxArchVec.build(0, 0, 0, 2048, false));
        Cas.Result r = Cas.negotiate(ram, AT, platform(CpuModel.POWER9, 0, new OptionVector()));
        assertEquals(0x0f000005, r.compatPvr());
        assertFalse(r.preIsa3());
    }

    @Test
    void maxCpuCompatPower8CapsTheLogicalPvr() {
        GuestRam ram = ramWith(LinuxArchVec.build(0, 0, 0, 2048));
        Cas.Result r = Cas.negotiate(ram, AT, platform(CpuModel.POWER9, 0x0f000004, new OptionVector()));
        assertEquals(0x0f000004, r.compatPvr());
    }

    @Test
    void power8GuestGetsIsa207() {
        GuestRam ram = ramWith(LinuxArchVec.build(0, 0, 0, 2048));
        Cas.Result r = Cas.negotiate(ram, AT, platform(CpuModel.POWER8, 0, new OptionVector()));
        assertEquals(0x0f000004, r.compatPvr());
    }

    @Test
    void negotiatedOv5IsTheIntersection() {
        GuestRam ram = ramWith(LinuxArchVec.build(0, 0, 0, 2048));
        OptionVector plat = new OptionVector().set(OptionVector.OV5_DRMEM_V2).set(OptionVector.OV5_HP_EVT)
                .set(OptionVector.OV5_MMU_RADIX_GTSE);
        Cas.Result r = Cas.negotiate(ram, AT, platform(CpuModel.POWER9, 0, plat));
        assertTrue(r.ov5().test(OptionVector.OV5_DRMEM_V2));
        assertTrue(r.ov5().test(OptionVector.OV5_HP_EVT));
        assertFalse(r.ov5().test(OptionVector.OV5_MMU_RADIX_GTSE), "the guest did not ask for GTSE");
        byte[] prop = r.ov5().toProperty();
        assertEquals(22, prop.length - 1, "bytes up to byte 22 (DRMEM_V2)");
        assertEquals(21, prop[0]);
        assertEquals((byte) 0x04, prop[6], "byte 6 bit 5 = HP_EVT");
        assertEquals((byte) 0x80, prop[22]);
    }

    @Test
    void guestAskingForXiveOrRadixIsFatalOnThisMachine() {
        Cas.Result x = Cas.negotiate(ramWith(LinuxArchVec.build(0x40, 0, 0, 2048)), AT, platform(CpuModel.POWER9, 0, new OptionVector()));
        assertNotNull(x.fatal());
        assertTrue(x.fatal().contains("XIVE"));
        Cas.Result rad = Cas.negotiate(ramWith(LinuxArchVec.build(0, 0x40, 0x40, 2048)), AT, platform(CpuModel.POWER9, 0, new OptionVector()));
        assertNotNull(rad.fatal());
        Cas.Result both = Cas.negotiate(ramWith(LinuxArchVec.build(0, 0x80, 0, 2048)), AT, platform(CpuModel.POWER9, 0, new OptionVector()));
        assertTrue(both.fatal().contains("hash and radix"));
    }

    static final OptionVector RADIX_PLATFORM = new OptionVector().set(OptionVector.OV5_MMU_RADIX_300)
            .set(OptionVector.OV5_MMU_RADIX_GTSE);

    static Cas.Platform radixPlatform() {
        return new Cas.Platform(CpuModel.POWER9, CpuModel.POWER9.pvr, 0, RADIX_PLATFORM, true, false, true);
    }

    @Test
    void linuxAskingForRadixWithGtseGetsBoth() {
        // prom_init saw byte 24 = 0xC0 and 26 = 0x40: vec5 mmu = 0x40 (byte 24 bit 1), radix_ext = 0x40 (byte 26 bit 1)
        GuestRam ram = ramWith(LinuxArchVec.build(0, 0x40, 0x40, 2048));
        assertTrue(OptionVector.parse(ram, AT + 14 * 8, 5).test(OptionVector.OV5_MMU_RADIX_300), "Linux 0x1840");
        Cas.Result r = Cas.negotiate(ram, AT, radixPlatform());
        assertNull(r.fatal());
        assertTrue(r.guestRadix());
        assertTrue(r.ov5().test(OptionVector.OV5_MMU_RADIX_300), "the choice is recorded in ov5_cas");
        assertTrue(r.ov5().test(OptionVector.OV5_MMU_RADIX_GTSE));
        byte[] prop = r.ov5().toProperty();
        assertEquals((byte) 0x40, prop[24], "architecture-vec-5 byte 24: radix");
        assertEquals((byte) 0x40, prop[26], "byte 26: GTSE");
    }

    @Test
    void linuxDecliningRadixIsAHashGuest() {
        Cas.Result r = Cas.negotiate(ramWith(LinuxArchVec.build(0, 0, 0, 2048)), AT, radixPlatform());
        assertNull(r.fatal());
        assertFalse(r.guestRadix());
        assertFalse(r.ov5().test(OptionVector.OV5_MMU_RADIX_300), "the platform's offer alone does not make radix");
        Cas.Result g = Cas.negotiate(ramWith(LinuxArchVec.build(0, 0, 0x40, 2048)), AT, radixPlatform());
        assertFalse(g.ov5().test(OptionVector.OV5_MMU_RADIX_300));
        assertTrue(g.ov5().test(OptionVector.OV5_MMU_RADIX_GTSE), "GTSE is intersected like any capability");
    }

    @Test
    void radixRequestOnAHashOnlyMachineIsFatalWithQemusMessage() {
        Cas.Result r = Cas.negotiate(ramWith(LinuxArchVec.build(0, 0x40, 0x40, 2048)), AT,
                new Cas.Platform(CpuModel.POWER9, CpuModel.POWER9.pvr, 0x0f000004, new OptionVector(), true, false, false));
        assertEquals("Guest requested unavailable MMU mode (radix).", r.fatal());
    }

    @Test
    void rawOnlyTableIsAcceptedWithoutCompatButNotUnderMaxCompat() {
        byte[] vec = {
            (byte) 0xff, (byte) 0xff, 0, 0, 0x00, 0x4e, 0, 0, // POWER9 raw
            0, 0, 0, 0, 0x0f, 0, 0, 1, // terminator (value bits outside mask)
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 2 vectors... vector 5 missing
        };
        Cas.Result r = Cas.negotiate(ramWith(vec), AT, platform(CpuModel.POWER9, 0, new OptionVector()));
        assertEquals(Hcall.H_PARAMETER, r.status(), "option vector 5 is required");
        Cas.Result c = Cas.negotiate(ramWith(vec), AT, platform(CpuModel.POWER9, 0x0f000004, new OptionVector()));
        assertNotNull(c.fatal(), "raw mode is not allowed when max-cpu-compat is set");
    }

    @Test
    void tableRunningOffRamIsAParameterError() {
        GuestRam ram = new GuestRam(1 << 20);
        ram.fill(0, 1 << 20, (byte) 0);
        Cas.Result r = Cas.negotiate(ram, (1 << 20) - 8, platform(CpuModel.POWER9, 0, new OptionVector()));
        assertEquals(Hcall.H_PARAMETER, r.status());
    }

    @Test
    void compatTableOrderAndCpuLimits() {
        assertTrue(CompatLevel.check(CpuModel.POWER8, 0x0f000004, 0, 0));
        assertFalse(CompatLevel.check(CpuModel.POWER8, 0x0f000005, 0, 0));
        assertTrue(CompatLevel.check(CpuModel.POWER9, 0x0f000005, 0x0f000004, 0));
        assertFalse(CompatLevel.check(CpuModel.POWER9, 0x0f000003, 0x0f000004, 0), "below the best so far");
        assertFalse(CompatLevel.check(CpuModel.POWER9, 0x0f000005, 0, 0x0f000004), "above max-cpu-compat");
        assertFalse(CompatLevel.check(CpuModel.POWER9, 0x0f000000, 0, 0), "2.04 is not a known level");
    }
}
