package org.jpseries.cpu.supervisor;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.InterruptDelivery;
import org.jpseries.cpu.arch.Spr;
import org.junit.jupiter.api.Test;

/** mtspr/mfspr of Book III SPRs in supervisor state (Book III 5.4.4 and QEMU's access rules). */
class SupervisorSprTest {
    private static long cause(SystemCode s) {
        return s.spr(Spr.SRR1) & InterruptDelivery.SRR1_CAUSE_BITS;
    }

    @Test
    void supervisorSprsRoundTrip() {
        int[] sprs = {Spr.SPRG0, Spr.SPRG1, Spr.SPRG2, Spr.SPRG3, Spr.DAR, Spr.CFAR, Spr.FSCR, Spr.IAMR,
            Spr.MMCR0, Spr.SIAR};
        for (int i = 0; i < sprs.length; i++) {
            SystemCode s = new SystemCode();
            s.set(4, 0x1122334455667788L + i);
            s.put(0x1000, mtspr(sprs[i], 4), mfspr(5, sprs[i]), HCALL);
            s.runAt(0x1000);
            assertEquals(0x1122334455667788L + i, s.r(5), "SPR " + sprs[i]);
            assertEquals(0x1122334455667788L + i, s.spr(sprs[i]));
        }
    }

    @Test
    void pidrIs32BitsAndDropsCachedTranslations() {
        SystemCode s = new SystemCode();
        s.set(4, 0x1122334455667788L);
        s.put(0x1000, mtspr(Spr.PIDR, 4), mfspr(5, Spr.PIDR), HCALL);
        s.runAt(0x1000);
        assertEquals(0x55667788L, s.r(5), "PID is PIDR bits 32:63 (QEMU helper_store_pidr)");
    }

    @Test
    void srrsDsisrAndSprg3UserAlias() {
        SystemCode s = new SystemCode();
        s.set(4, 0xFEDCBA9876543210L);
        s.put(0x1000, mtspr(Spr.SRR0, 4), mtspr(Spr.SRR1, 4), mtspr(Spr.DSISR, 4), mtspr(Spr.SPRG3, 4),
                mfspr(5, Spr.SRR0), mfspr(6, Spr.DSISR), mfspr(7, Spr.SPRG3_USER), HCALL);
        s.runAt(0x1000);
        assertEquals(0xFEDCBA9876543210L, s.r(5));
        assertEquals(0x76543210L, s.r(6), "DSISR is 32 bits");
        assertEquals(0xFEDCBA9876543210L, s.r(7), "SPR 259 reads SPRG3");
    }

    @Test
    void readOnlyIdentification() {
        SystemCode s = new SystemCode(CpuModel.POWER8);
        s.cpu.sys.spr[Spr.PIR] = 3;
        s.put(0x1000, mfspr(3, Spr.PVR), mfspr(4, Spr.PIR), mfspr(5, Spr.PURR), HCALL);
        s.runAt(0x1000);
        assertEquals(0x004d0200L, s.r(3));
        assertEquals(3, s.r(4));
        assertTrue(s.r(5) > 0, "PURR counts");

        SystemCode t = new SystemCode().trapVectors(0x700);
        t.put(0x1000, mtspr(Spr.PVR, 4));
        t.runAt(0x1000);
        assertEquals(0x700, t.lastHcall(), "PVR is read-only");
        assertEquals(Interrupt.PROGRAM_PRIVILEGED, cause(t));
    }

    @Test
    void hypervisorSprsArePrivilegedForThePartition() {
        for (int spr : new int[] {Spr.LPCR, Spr.HSRR0, Spr.HSRR1, Spr.HDEC, Spr.LPIDR, Spr.PCR, Spr.HFSCR,
            Spr.HID0, Spr.SDR1, Spr.TBL_WRITE}) {
            SystemCode s = new SystemCode().trapVectors(0x700);
            s.set(3, 7);
            s.put(0x1000, mfspr(3, spr));
            s.runAt(0x1000);
            assertEquals(0x700, s.lastHcall(), "mfspr " + spr);
            assertEquals(Interrupt.PROGRAM_PRIVILEGED, cause(s));
            assertEquals(7, s.r(3));
        }
    }

    @Test
    void undefinedSprsInSupervisorState() {
        SystemCode s = new SystemCode().trapVectors(0x700);
        s.set(3, 7);
        s.put(0x1000, mfspr(3, 0x3F2), mtspr(0x3F2, 3), mfspr(3, 100), HCALL);
        s.runAt(0x1000);
        assertEquals(0x100C, s.lastHcall(), "undefined SPRs are no-ops in supervisor state");
        assertEquals(7, s.r(3));

        SystemCode t = new SystemCode().trapVectors(0x700);
        t.put(0x1000, mfspr(3, 5));
        t.runAt(0x1000);
        assertEquals(0x700, t.lastHcall(), "SPR 5: emulation assistance, a program interrupt in a partition");
        assertEquals(Interrupt.PROGRAM_ILLEGAL, cause(t));
    }

    @Test
    void pidrExistsFromIsa3() {
        SystemCode s = new SystemCode(CpuModel.POWER8);
        s.set(3, 7).set(4, 9);
        s.put(0x1000, mtspr(Spr.PIDR, 4), mfspr(3, Spr.PIDR), HCALL);
        s.runAt(0x1000);
        assertEquals(7, s.r(3), "no PIDR on POWER8: a no-op");
    }

    @Test
    void amrWritesAreMaskedByUamorInProblemStateOnly() {
        SystemCode s = new SystemCode();
        s.set(4, -1L);
        s.put(0x1000, mtspr(Spr.AMR, 4), mfspr(5, Spr.AMR_USER), HCALL);
        s.runAt(0x1000);
        assertEquals(-1L, s.r(5), "AMOR grants the partition every key");
    }

    @Test
    void timeBaseStopsWithTheMachine() throws Exception {
        SystemCode s = new SystemCode();
        org.jpseries.cpu.TimeBase tb = new org.jpseries.cpu.TimeBase();
        s.cpu.timeBase = tb;
        s.put(0x1000, mftb(3), mfspr(4, 268), HCALL);
        tb.stop();
        s.runAt(0x1000);
        long stopped = s.r(3);
        Thread.sleep(5);
        s.runAt(0x1000);
        assertEquals(stopped, s.r(3), "mftb does not move while the VM is stopped");
        assertEquals(stopped, s.r(4));
        tb.resume();
        Thread.sleep(2);
        s.runAt(0x1000);
        assertTrue(s.r(3) > stopped);
    }

    @Test
    void msrMoves() {
        SystemCode s = new SystemCode();
        s.set(4, 0x8000_0000_0000_F033L);
        s.put(0x1000, mfmsr(3), mtmsrd(4, 1), mfmsr(5), HCALL);
        s.runAt(0x1000);
        long kernel = 0x8000_0000_0000_1001L;
        assertEquals(kernel, s.r(3));
        assertEquals(kernel | 0x8002, s.r(5), "mtmsrd L=1 changes only EE and RI");
    }
}
