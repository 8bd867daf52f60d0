package org.jpseries.cpu.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.supervisor.SystemCode;
import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.TlbShootdown;
import org.jpseries.mmu.hash.HashPageTable;
import org.junit.jupiter.api.Test;

/**
 * A vCPU acts on every request another thread raises ({@link Interpreter#service}), even one
 * raised while it serves others. The migrate-stress run found the contrary: a vCPU that served
 * its own refetch request (set by an MSR change at every interrupt) cleared a TLB shoot-down
 * request raised in between without flushing, so another vCPU's H_BULK_REMOVE waited for it
 * until the guest's hard-lockup watchdog panicked the machine.
 */
class ServiceRequestsTest {
    @Test
    void aShootdownRaisedWhileTheVcpuServesItsOwnRequestsIsNeverLost() throws Exception {
        GuestRam ram = new GuestRam(1 << 24);
        SystemCode vcpu = new SystemCode(CpuModel.POWER8, ram);
        Cpu c = vcpu.cpu;
        TlbShootdown shootdown = new TlbShootdown();
        vcpu.translator.setPageTable(new HashPageTable(HashPageTable.MIN_SHIFT, ram, shootdown));
        c.inGuest = true;
        AtomicBoolean stop = new AtomicBoolean();
        // The vCPU's thread: an MSR change asks for a refetch, then the next instruction boundary
        // serves whatever is pending, as a guest that takes interrupts all the time does.
        Thread guest = new Thread(() -> {
            while (!stop.get()) {
                c.raise(Cpu.PENDING_REFETCH);
                Interpreter.service(c);
            }
        }, "vcpu0");
        guest.setDaemon(true);
        guest.start();
        try {
            long deadline = System.nanoTime() + 2_000_000_000L;
            int rounds = 0;
            // Another vCPU's H_BULK_REMOVE: queue a range, then wait for global completion.
            while (System.nanoTime() < deadline) {
                shootdown.invalidateReal(0x10000L * (rounds & 0xFF), 0x10000);
                long seq = shootdown.seq();
                long waitUntil = System.nanoTime() + 1_000_000_000L;
                while (c.tlbFlushedSeq() < seq) {
                    if (System.nanoTime() > waitUntil) {
                        fail("round " + rounds + ": the vCPU runs on but never flushed past invalidation " + seq
                                + " (it is at " + c.tlbFlushedSeq() + ", pending 0x" + Integer.toHexString(c.pending) + ")");
                    }
                    Thread.onSpinWait();
                }
                rounds++;
            }
            assertTrue(rounds > 1000, "only " + rounds + " invalidations in 2 s");
        } finally {
            stop.set(true);
            guest.join();
        }
    }

    @Test
    void takeClearsAndReturnsOnlyTheBitsAskedForThatWereSet() {
        Cpu c = new SystemCode(CpuModel.POWER9).cpu;
        c.lower(-1);
        c.raise(Cpu.PENDING_TLB_RANGES | Cpu.PENDING_DECREMENTER);
        assertEquals(Cpu.PENDING_TLB_RANGES, c.take(Cpu.PENDING_TLB_RANGES | Cpu.PENDING_TLB_FLUSH));
        assertEquals(Cpu.PENDING_DECREMENTER, c.pending);
        assertEquals(0, c.take(Cpu.PENDING_TLB_RANGES));
    }
}
