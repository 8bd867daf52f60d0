package org.jpseries.cpu.supervisor;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.InterruptDelivery;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 2: no sequence of partition code checkstops the machine. Loads and stores to a
 * real address nothing holds read 0 and are dropped (qemu-system-ppc64 7.2's pseries, with its
 * -d guest_errors line); what still is a machine check (an instruction fetch from there, an
 * access a device window cannot take) reaches the OS with MSR[ME] kept, so the next one does too;
 * and a partition cannot clear ME by mtmsr, mtmsrd or rfid.
 */
class MachineCheckTest {
    /** devmem's address in issue 16: far beyond RAM and every device window. */
    private static final long UNASSIGNED = 0x8000_0000_0000L;

    /** A machine-check handler at 0x200: counts in r20, checks ME in r22, resumes at r21. */
    private static SystemCode withHandler() {
        SystemCode s = new SystemCode();
        s.put(0x200, addi(20, 20, 1), mfmsr(22), mtspr(Spr.SRR0, 21), RFID);
        s.set(20, 0);
        return s;
    }

    @Test
    void unassignedLoadsReadZeroAndStoresAreDroppedTwice() {
        SystemCode s = withHandler().trapVectors(0x700);
        List<String> log = new ArrayList<>();
        s.ram.mmio().unassigned().logTo(log::add);
        s.set(5, UNASSIGNED).set(3, -1).set(4, -1).set(6, -1);
        s.put(0x1000, lwz(3, 5, 0), lwz(4, 5, 0), stw(3, 5, 0), ld(6, 5, 8), HCALL);
        s.runAt(0x1000);
        assertNull(s.checkstop);
        assertEquals(0x1010, s.lastHcall(), "no interrupt on the way");
        assertEquals(0, s.r(20), "no machine check");
        assertEquals(0, s.r(3), "an unassigned load reads 0 (QEMU's unassigned_mem_read)");
        assertEquals(0, s.r(4));
        assertEquals(0, s.r(6));
        assertEquals(List.of(
                "Invalid read at addr 0x800000000000, size 4, region '(null)', reason: rejected",
                "Invalid read at addr 0x800000000000, size 4, region '(null)', reason: rejected",
                "Invalid write at addr 0x800000000000, size 4, region '(null)', reason: rejected",
                "Invalid read at addr 0x800000000008, size 8, region '(null)', reason: rejected"), log,
                "qemu-system-ppc64 7.2 -d guest_errors prints these lines for devmem 0x800000000000 32");
    }

    @Test
    void repeatedMachineChecksReachTheOsWithMeKept() {
        SystemCode s = withHandler();
        // a fetch from an unassigned address, twice; then a load crossing out of an unassigned
        // page (refused as a device access would be); each one resumes at r21
        s.set(5, UNASSIGNED).set(7, UNASSIGNED + 0x1000 - 4);
        s.put(0x1000, mtctr(5), li(21, 0x1100), BCTR);
        s.put(0x1100, li(21, 0x1200), BCTR);
        s.put(0x1200, li(21, 0x1300), ld(8, 7, 0));
        s.put(0x1300, mfmsr(9), HCALL);
        s.runAt(0x1000);
        assertNull(s.checkstop, "a second machine check must not checkstop the partition");
        assertEquals(0x1304, s.lastHcall());
        assertEquals(3, s.r(20), "three machine checks taken");
        assertEquals(Cpu.MSR_ME, s.r(22) & Cpu.MSR_ME, "the handler runs with ME=1");
        assertEquals(Cpu.MSR_ME, s.r(9) & Cpu.MSR_ME);
        assertEquals(Interrupt.MC_LOAD, s.spr(Spr.SRR1) & InterruptDelivery.SRR1_CAUSE_BITS);
        assertEquals(Cpu.MSR_ME, s.spr(Spr.SRR1) & Cpu.MSR_ME, "SRR1 keeps the interrupted ME");
    }

    @Test
    void aPartitionCannotClearMe() {
        SystemCode s = withHandler();
        long noMe = Cpu.MSR_SF | Cpu.MSR_LE;
        s.set(4, noMe).set(5, UNASSIGNED).set(6, 0x1100);
        // mtmsrd, mtmsr and rfid with ME=0 in the source, then two fetch machine checks
        s.put(0x1000, mtmsrd(4, 0), mfmsr(10), mtmsr(4, 0), mfmsr(11),
                mtspr(Spr.SRR0, 6), mtspr(Spr.SRR1, 4), RFID);
        s.put(0x1100, mfmsr(12), mtctr(5), li(21, 0x1200), BCTR);
        s.put(0x1200, li(21, 0x1300), BCTR);
        s.put(0x1300, HCALL);
        s.runAt(0x1000);
        assertNull(s.checkstop);
        assertEquals(0x1300, s.lastHcall());
        assertEquals(Cpu.MSR_ME, s.r(10) & Cpu.MSR_ME, "mtmsrd does not alter ME in a partition");
        assertEquals(Cpu.MSR_ME, s.r(11) & Cpu.MSR_ME, "mtmsr does not alter ME in a partition");
        assertEquals(Cpu.MSR_ME, s.r(12) & Cpu.MSR_ME, "rfid does not alter ME in a partition");
        assertEquals(2, s.r(20));
    }
}
