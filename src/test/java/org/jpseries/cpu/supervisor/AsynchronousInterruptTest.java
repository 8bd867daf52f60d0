package org.jpseries.cpu.supervisor;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Spr;
import org.junit.jupiter.api.Test;

/** External, decrementer and doorbell interrupts (Book III 7.5.7, 7.5.11, 7.5.14), H_CEDE wake-up. */
class AsynchronousInterruptTest {
    private static final long KERNEL_MSR = Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_LE;

    /** A thread (not started) that runs {@code action} after {@code millis}: a device or another vCPU. */
    private static Thread later(long millis, Runnable action) {
        return new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            action.run();
        });
    }

    @Test
    void externalInterruptWaitsForEe() {
        SystemCode s = new SystemCode().trapVectors(0x500);
        s.cpu.raise(Cpu.PENDING_EXTERNAL);
        s.set(4, Cpu.MSR_EE);
        s.put(0x1000, NOP, li(3, 1), mtmsrd(4, 1), li(3, 2), HCALL);
        s.runAt(0x1000);
        assertEquals(0x500, s.lastHcall(), "taken once mtmsrd sets EE");
        assertEquals(0x100C, s.spr(Spr.SRR0), "SRR0 = the instruction after mtmsrd");
        assertEquals(1, s.r(3));
        assertEquals(KERNEL_MSR | Cpu.MSR_EE, s.spr(Spr.SRR1));
        assertEquals(KERNEL_MSR, s.cpu.msr, "EE off in the handler");
    }

    @Test
    void systemResetIsTakenWithEeZeroAndConsumed() {
        SystemCode s = new SystemCode().trapVectors(0x100, 0x500);
        s.cpu.raise(Cpu.PENDING_SYSTEM_RESET | Cpu.PENDING_EXTERNAL);
        s.put(0x1000, li(3, 1), HCALL);
        s.cpu.writeMsr(KERNEL_MSR | Cpu.MSR_RI); // EE=0
        s.runAt(0x1000);
        assertEquals(0x100, s.lastHcall(), "the NMI, though MSR[EE]=0, before the external interrupt");
        assertEquals(0x1000, s.spr(Spr.SRR0), "SRR0 = the instruction it interrupted before");
        assertEquals(KERNEL_MSR | Cpu.MSR_RI, s.spr(Spr.SRR1), "SRR1 = the MSR (RI: recoverable)");
        assertEquals(KERNEL_MSR, s.cpu.msr, "real mode, RI and EE off, ME and LE (ILE) on");
        assertEquals(0, s.cpu.pending & Cpu.PENDING_SYSTEM_RESET, "consumed");
        assertTrue((s.cpu.pending & Cpu.PENDING_EXTERNAL) != 0, "the external condition stays");
    }

    @Test
    void systemResetEndsAnHcede() throws Exception {
        SystemCode s = new SystemCode().trapVectors(0x100);
        s.hcallHandler = c -> {
            if (c.nip == 0x1004) c.idle(); // the first sc 1 cedes
            else c.halted = true;
        };
        s.put(0x1000, HCALL, LOOP);
        Thread nmi = later(50, () -> s.cpu.raise(Cpu.PENDING_SYSTEM_RESET));
        nmi.start();
        s.runAt(0x1000);
        nmi.join();
        assertEquals(0x100, s.lastHcall(), "woken from the cede into the system reset vector");
        assertEquals(0x1004, s.spr(Spr.SRR0));
    }

    @Test
    void externalInterruptIgnoredWhileEeIsZero() {
        SystemCode s = new SystemCode().trapVectors(0x500);
        s.cpu.raise(Cpu.PENDING_EXTERNAL);
        s.put(0x1000, li(3, 5), b(8), NOP, HCALL);
        s.runAt(0x1000);
        assertEquals(0x100C, s.lastHcall());
        assertTrue((s.cpu.pending & Cpu.PENDING_EXTERNAL) != 0, "still pending (level)");
    }

    @Test
    void externalInterruptRaisedFromAnotherThread() throws Exception {
        SystemCode s = new SystemCode().trapVectors(0x500);
        s.cpu.writeMsr(KERNEL_MSR | Cpu.MSR_EE);
        s.put(0x1000, LOOP);
        Thread device = later(50, () -> s.cpu.raise(Cpu.PENDING_EXTERNAL));
        device.start();
        s.runAt(0x1000);
        device.join();
        assertEquals(0x500, s.lastHcall());
        assertEquals(0x1000, s.spr(Spr.SRR0));
    }

    @Test
    void decrementerFiresWhenItGoesNegative() {
        SystemCode s = new SystemCode().trapVectors(0x900);
        s.cpu.writeMsr(KERNEL_MSR | Cpu.MSR_EE);
        // 512000 ticks = 1 ms at 512 MHz
        s.put(0x1000, lis(4, 7), ori(4, 4, 0xD000), mtspr(Spr.DEC, 4), LOOP);
        long t0 = System.nanoTime();
        s.runAt(0x1000);
        long ns = System.nanoTime() - t0;
        assertEquals(0x900, s.lastHcall());
        assertEquals(0x100C, s.spr(Spr.SRR0));
        assertTrue(ns >= 900_000, "not before the count ran out: " + ns + " ns");
        assertTrue(s.cpu.sys.readDecrementer() >= 0x8000_0000L, "DEC reads negative (32-bit)");
        assertTrue((s.cpu.pending & Cpu.PENDING_DECREMENTER) != 0, "level: pending until DEC is rewritten");
        s.cpu.sys.writeDecrementer(0x7FFF_FFFF);
        assertFalse((s.cpu.pending & Cpu.PENDING_DECREMENTER) != 0, "a positive DEC withdraws it");
    }

    @Test
    void negativeDecrementerIsPendingAtOnceAndCountsDown() throws Exception {
        SystemCode s = new SystemCode().trapVectors(0x900);
        s.set(4, -1);
        s.set(5, Cpu.MSR_EE);
        s.put(0x1000, mtspr(Spr.DEC, 4), mfspr(6, Spr.DEC), mtmsrd(5, 1), HCALL);
        s.runAt(0x1000);
        assertEquals(0x900, s.lastHcall());
        assertEquals(0x100C, s.spr(Spr.SRR0));
        assertTrue(s.r(6) <= 0xFFFF_FFFFL && s.r(6) > 0xFFF0_0000L, "counting down from -1: " + Long.toHexString(s.r(6)));
        long d1 = s.cpu.sys.readDecrementer();
        Thread.sleep(2);
        long d2 = s.cpu.sys.readDecrementer();
        assertTrue(d2 < d1, "decrements with the time base");
    }

    @Test
    void decrementerStopsWithTheTimeBase() throws Exception {
        SystemCode s = new SystemCode();
        org.jpseries.cpu.TimeBase tb = new org.jpseries.cpu.TimeBase();
        s.cpu.timeBase = tb;
        tb.stop();
        s.cpu.sys.writeDecrementer(512_000); // 1 ms of guest time
        Thread.sleep(20);
        assertFalse((s.cpu.pending & Cpu.PENDING_DECREMENTER) != 0, "no expiry while the VM is stopped");
        long d = s.cpu.sys.readDecrementer();
        Thread.sleep(5);
        assertEquals(d, s.cpu.sys.readDecrementer());
        tb.resume();
        for (int i = 0; i < 100 && (s.cpu.pending & Cpu.PENDING_DECREMENTER) == 0; i++) Thread.sleep(5);
        assertTrue((s.cpu.pending & Cpu.PENDING_DECREMENTER) != 0, "expires once the time base runs again");
    }

    @Test
    void largeDecrementerIsSignExtendedFromItsWidth() {
        SystemCode s = new SystemCode();
        s.cpu.sys.spr[Spr.LPCR] |= Spr.LPCR_LD;
        s.cpu.sys.writeDecrementer(0x0000_7FFF_FFFF_FFFFL); // positive in 56 bits
        assertFalse((s.cpu.pending & Cpu.PENDING_DECREMENTER) != 0);
        assertTrue(s.cpu.sys.readDecrementer() > 0xFFFF_FFFFL, "wider than 32 bits");
        s.cpu.sys.writeDecrementer(0x00FF_FFFF_FFFF_0000L); // bit 55 set: negative
        assertTrue((s.cpu.pending & Cpu.PENDING_DECREMENTER) != 0);
        assertTrue(s.cpu.sys.readDecrementer() < 0, "sign-extended to 64 bits");
        s.cpu.sys.spr[Spr.LPCR] &= ~Spr.LPCR_LD;
        s.cpu.sys.writeDecrementer(0x1_0000_0005L); // 32-bit: only the low word counts
        assertTrue((int) s.cpu.sys.readDecrementer() <= 5, "32 bits: counts down from 5");
    }

    @Test
    void externalHasPriorityOverDecrementer() {
        SystemCode s = new SystemCode().trapVectors(0x500, 0x900);
        s.cpu.raise(Cpu.PENDING_EXTERNAL | Cpu.PENDING_DECREMENTER);
        s.cpu.writeMsr(KERNEL_MSR | Cpu.MSR_EE);
        s.put(0x1000, NOP, HCALL);
        s.runAt(0x1000);
        assertEquals(0x500, s.lastHcall());
    }

    @Test
    void cedeIdlesUntilAnInterruptArrives() throws Exception {
        SystemCode s = new SystemCode().trapVectors(0x500);
        s.hcallHandler = c -> {
            if (c.gpr[3] == 0xE0) { // H_CEDE: enable EE and wait
                c.msr |= Cpu.MSR_EE;
                c.idle();
                c.gpr[3] = 0;
            } else {
                c.halted = true;
            }
        };
        s.set(3, 0xE0);
        s.put(0x1000, HCALL, li(3, 1), HCALL);
        Thread device = later(100, () -> s.cpu.raise(Cpu.PENDING_EXTERNAL));
        long t0 = System.nanoTime();
        device.start();
        s.runAt(0x1000);
        device.join();
        assertTrue(System.nanoTime() - t0 >= 90_000_000L, "idle until the interrupt");
        assertEquals(0x500, s.lastHcall());
        assertEquals(0x1004, s.spr(Spr.SRR0), "the interrupt is taken right after the cede returns");
    }

    @Test
    void prodWakesACededCpu() throws Exception {
        SystemCode s = new SystemCode();
        Thread waker = later(50, () -> s.cpu.prod());
        waker.start();
        long t0 = System.nanoTime();
        s.cpu.idle();
        assertTrue(System.nanoTime() - t0 >= 40_000_000L);
        waker.join();
        s.cpu.prod();
        s.cpu.idle(); // a prod before the cede is not lost
    }

    @Test
    void privilegedDoorbellToSelf() {
        SystemCode s = new SystemCode().trapVectors(0xA00);
        s.cpu.writeMsr(KERNEL_MSR | Cpu.MSR_EE);
        s.set(5, 5L << 27);
        s.put(0x1000, msgsndp(5), NOP, HCALL);
        s.runAt(0x1000);
        assertEquals(0xA00, s.lastHcall());
        assertEquals(0x1004, s.spr(Spr.SRR0));
        assertEquals(0, s.cpu.pending & Cpu.PENDING_DOORBELL, "a doorbell is consumed when taken");
    }
}
