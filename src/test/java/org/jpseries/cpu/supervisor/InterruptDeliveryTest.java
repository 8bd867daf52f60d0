package org.jpseries.cpu.supervisor;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.InterruptDelivery;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.SupervisorEnvironment;
import org.junit.jupiter.api.Test;

/** Interrupt delivery in a partition (Book III 7.4-7.5): SRR0/SRR1, vectors, ILE, AIL, rfid. */
class InterruptDeliveryTest {
    private static final long KERNEL_MSR = Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_LE;

    @Test
    void programInterruptSavesStateAndVectorsTo0x700() {
        SystemCode s = new SystemCode().trapVectors(0x700);
        s.put(0x1000, NOP, mtspr(Spr.LPCR, 4), NOP);
        s.cpu.writeMsr(KERNEL_MSR | Cpu.MSR_RI | Cpu.MSR_EE | Cpu.MSR_FP);
        s.runAt(0x1000);
        assertEquals(0x700, s.lastHcall(), "privileged mtspr LPCR goes to the program vector");
        assertEquals(0x1004, s.spr(Spr.SRR0), "SRR0 = the instruction that caused it");
        long srr1 = s.spr(Spr.SRR1);
        assertEquals(Interrupt.PROGRAM_PRIVILEGED, srr1 & InterruptDelivery.SRR1_CAUSE_BITS);
        assertEquals(KERNEL_MSR | Cpu.MSR_RI | Cpu.MSR_EE | Cpu.MSR_FP, srr1 & ~InterruptDelivery.SRR1_CAUSE_BITS);
        assertEquals(KERNEL_MSR, s.cpu.msr, "EE, RI, FP cleared; SF, ME kept; LE from LPCR[ILE]");
    }

    @Test
    void interruptLittleEndianFollowsLpcrIle() {
        SystemCode s = new SystemCode();
        s.cpu.sys.spr[Spr.LPCR] = 0;
        s.put(0x700, false, HCALL); // the handler is big-endian
        s.put(0x1000, 0); // an illegal instruction
        s.runAt(0x1000);
        assertEquals(0x700, s.lastHcall());
        assertEquals(Cpu.MSR_SF | Cpu.MSR_ME, s.cpu.msr, "ILE=0: interrupts run big-endian");
        assertEquals(Interrupt.PROGRAM_ILLEGAL, s.spr(Spr.SRR1) & InterruptDelivery.SRR1_CAUSE_BITS);
    }

    @Test
    void dashDIntLogsInterruptsAndHypercallsAsQemu() {
        SystemCode s = new SystemCode();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        s.env.logInterrupts(new java.io.PrintStream(log, true));
        s.cpu.sys.spr[Spr.LPCR] = 0;
        s.put(0x700, false, HCALL);
        s.put(0x1000, 0); // an illegal instruction
        s.runAt(0x1000);
        String text = log.toString();
        assertTrue(text.startsWith("Raise exception at 0000000000001000 => PROGRAM (0x700) error=00 vcpu=0\n"), text);
        assertTrue(text.contains("hypercall r3=0000000000000000 r4=") && text.contains(" nip=0000000000000700 vcpu=0\n"), text);
    }

    @Test
    void systemCallSavesTheNextInstruction() {
        SystemCode s = new SystemCode().trapVectors(0xC00);
        s.put(0x1000, NOP, SC);
        s.runAt(0x1000);
        assertEquals(0xC00, s.lastHcall());
        assertEquals(0x1008, s.spr(Spr.SRR0));
        assertEquals(KERNEL_MSR, s.spr(Spr.SRR1));
    }

    @Test
    void rfidReturnsToSrr0WithSrr1AndCanSwitchByteOrder() {
        SystemCode s = new SystemCode();
        s.put(0x1000, lis(4, 0), ori(4, 4, 0x3000), mtspr(Spr.SRR0, 4), li(5, 0x1002), // ME | RI
                mtspr(Spr.SRR1, 5), RFID);
        s.put(0x3000, false, li(3, 42), HCALL); // big-endian code after the switch
        s.set(5, 0);
        s.runAt(0x1000);
        assertEquals(0x3004, s.lastHcall());
        assertEquals(42, s.r(3));
        assertEquals(Cpu.MSR_ME | Cpu.MSR_RI, s.cpu.msr, "32-bit BE mode from SRR1");
    }

    @Test
    void rfidKeepsHvAndMeAndIgnoresTheLowTwoBits() {
        SystemCode s = new SystemCode();
        s.cpu.sys.spr[Spr.SRR0] = 0x2003;
        s.cpu.sys.spr[Spr.SRR1] = Cpu.MSR_SF | Cpu.MSR_LE | Cpu.MSR_HV; // ME off, HV on: both ignored
        s.put(0x1000, RFID);
        s.put(0x2000, HCALL);
        s.runAt(0x1000);
        assertEquals(0x2000, s.lastHcall());
        assertEquals(KERNEL_MSR, s.cpu.msr);
    }

    @Test
    void hrfidIsPrivilegedInAPartition() {
        SystemCode s = new SystemCode().trapVectors(0x700);
        s.put(0x1000, HRFID);
        s.runAt(0x1000);
        assertEquals(0x700, s.lastHcall());
        assertEquals(Interrupt.PROGRAM_PRIVILEGED, s.spr(Spr.SRR1) & InterruptDelivery.SRR1_CAUSE_BITS);
    }

    @Test
    void tlbieNeedsLpcrGtse() {
        SystemCode s = new SystemCode().trapVectors(0x700);
        s.put(0x1000, tlbie(5, 0), HCALL);
        s.runAt(0x1000);
        assertEquals(0x700, s.lastHcall(), "hypervisor-privileged for a hash partition (as QEMU's CHK_HV)");
        SystemCode t = new SystemCode().trapVectors(0x700);
        t.cpu.sys.spr[Spr.LPCR] |= Spr.LPCR_GTSE;
        t.put(0x1000, tlbie(5, 0), HCALL);
        t.runAt(0x1000);
        assertEquals(0x1004, t.lastHcall(), "allowed with GTSE");
    }

    @Test
    void alternateInterruptLocation() {
        SystemCode s = new SystemCode();
        Cpu c = s.cpu;
        long relocated = KERNEL_MSR | Cpu.MSR_IR | Cpu.MSR_DR | Cpu.MSR_EE;
        c.sys.spr[Spr.LPCR] = Spr.LPCR_ILE | 3L << Spr.LPCR_AIL_SHIFT;
        c.writeMsr(relocated);
        c.cia = 0x5000;
        InterruptDelivery.deliver(c, new GuestInterrupt(Interrupt.DATA_STORAGE, 0x40000000, 0x1234));
        assertEquals(0xC000_0000_0000_4300L, c.nip, "AIL=3");
        assertEquals(KERNEL_MSR | Cpu.MSR_IR | Cpu.MSR_DR, c.msr, "AIL delivers with relocation on");
        assertEquals(0x1234, s.spr(Spr.DAR));
        assertEquals(0x40000000, s.spr(Spr.DSISR));

        c.sys.spr[Spr.LPCR] = Spr.LPCR_ILE | 2L << Spr.LPCR_AIL_SHIFT;
        c.writeMsr(relocated);
        InterruptDelivery.deliver(c, new GuestInterrupt(Interrupt.PROGRAM, Interrupt.PROGRAM_TRAP, 0));
        assertEquals(0x1_8700L, c.nip, "AIL=2");

        c.writeMsr(relocated & ~Cpu.MSR_DR);
        InterruptDelivery.deliver(c, new GuestInterrupt(Interrupt.PROGRAM, Interrupt.PROGRAM_TRAP, 0));
        assertEquals(0x700, c.nip, "AIL applies only when IR=DR=1");
        assertEquals(KERNEL_MSR, c.msr);

        c.writeMsr(relocated);
        InterruptDelivery.deliver(c, new GuestInterrupt(Interrupt.MACHINE_CHECK, 0, 0));
        assertEquals(0x200, c.nip, "no AIL for machine check");
        assertEquals(KERNEL_MSR, c.msr, "a partition takes a machine check with ME kept");
    }

    @Test
    void scvNeedsFscrScv() {
        SystemCode s = new SystemCode().trapVectors(0xF60);
        s.cpu.lr = 0x1234;
        s.put(0x1000, NOP, SCV0);
        s.runAt(0x1000);
        assertEquals(0xF60, s.lastHcall(), "facility unavailable");
        assertEquals(0x1004, s.spr(Spr.SRR0));
        assertEquals((long) SupervisorEnvironment.FSCR_IC_SCV, s.spr(Spr.FSCR) >>> 56);
        assertEquals(0x1234, s.cpu.lr, "scv did not execute");
    }

    @Test
    void scvKeepsEeAndRi() {
        // Linux's system_call_vectored_common runs with the caller's EE and RI: a decrementer
        // taken there with RI=0 is "Unrecoverable exception 900".
        Cpu c = new SystemCode().cpu;
        long user = Cpu.MSR_SF | Cpu.MSR_EE | Cpu.MSR_PR | Cpu.MSR_IR | Cpu.MSR_DR | Cpu.MSR_RI | Cpu.MSR_LE | Cpu.MSR_ME;
        c.writeMsr(user);
        c.sys.spr[Spr.LPCR] = Spr.LPCR_ILE;
        c.nip = 0x1004;
        InterruptDelivery.deliverScv(c, 0);
        assertEquals(Cpu.MSR_SF | Cpu.MSR_EE | Cpu.MSR_ME | Cpu.MSR_RI | Cpu.MSR_LE, c.msr);
        assertEquals(user, c.ctr);
    }

    @Test
    void scvUsesLrAndCtrAndRfscvReturns() {
        SystemCode s = new SystemCode();
        Cpu c = s.cpu;
        c.sys.spr[Spr.FSCR] = SupervisorEnvironment.FSCR_SCV;
        c.sys.spr[Spr.LPCR] = Spr.LPCR_ILE;
        c.writeMsr(KERNEL_MSR | Cpu.MSR_EE);
        s.put(0x1000, SCV0, HCALL);
        s.put(0x1_7000, li(3, 7), RFSCV);
        s.runAt(0x1000);
        assertEquals(0x1004, s.lastHcall(), "rfscv returned to LR");
        assertEquals(7, s.r(3));
        assertEquals(KERNEL_MSR | Cpu.MSR_EE, c.msr, "MSR restored from CTR");
        assertEquals(KERNEL_MSR | Cpu.MSR_EE, c.ctr);
    }

    @Test
    void hcallReachesTheHypervisorAndReturns() {
        SystemCode s = new SystemCode();
        s.hcallHandler = c -> {
            if (c.gpr[3] == 0x4242) {
                c.gpr[3] = 0;
                c.gpr[4] = 99;
            } else {
                c.halted = true;
            }
        };
        s.put(0x1000, lis(3, 0), ori(3, 3, 0x4242), HCALL, mfmsr(6), li(3, 1), HCALL);
        s.runAt(0x1000);
        assertEquals(99, s.r(4));
        assertEquals(KERNEL_MSR, s.r(6), "the hcall does not change the MSR");
        assertEquals(2, s.hcallAddresses.size());
    }

    @Test
    void fetchOutsideRamIsAMachineCheck() {
        SystemCode f = new SystemCode().trapVectors(0x200);
        f.put(0x1000, lis(5, 0x1000), mtctr(5), BCTR); // 0x10000000 is beyond 64 MiB
        f.runAt(0x1000);
        assertEquals(0x200, f.lastHcall());
        assertEquals(0x10000000L, f.spr(Spr.SRR0), "fetch: SRR0 is the address fetched");
        assertEquals(Interrupt.MC_FETCH, f.spr(Spr.SRR1) & InterruptDelivery.SRR1_CAUSE_BITS);

        SystemCode t = new SystemCode();
        t.cpu.writeMsr(Cpu.MSR_SF | Cpu.MSR_LE); // ME=0, as only the hypervisor can set it: checkstop
        t.put(0x1000, lis(5, 0x1000), mtctr(5), BCTR);
        t.cpu.halted = false;
        t.runAt(0x1000);
        assertNotNull(t.checkstop);
        assertEquals(Interrupt.MACHINE_CHECK, t.checkstop.kind);
    }
}
