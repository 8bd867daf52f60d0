package org.jpseries.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.MmioDevice;
import org.jpseries.memory.MmioRegion;
import org.jpseries.memory.Page;
import org.junit.jupiter.api.Test;
import org.jpseries.cpu.SystemTranslator;

/** Loads and stores to real addresses of an MMIO region reach the device with big-endian device semantics. */
class MmioTest {
    static final long BASE = 0x0006_0000_0000_0000L;
    final List<String> log = new ArrayList<>();
    final GuestRam ram = new GuestRam(1L << 20);
    final MmioRegion region = ram.mmio().add("test", BASE, 0x20000, new MmioDevice() {
        @Override
        public long read(long offset, int size, int cpu) {
            log.add(String.format("r %x %d cpu%d", offset, size, cpu));
            return 0x0102_0304_0506_0708L >>> (8 * (8 - size));
        }

        @Override
        public void write(long offset, int size, long value, int cpu) {
            log.add(String.format("w %x %d %x cpu%d", offset, size, value, cpu));
        }
    });
    final Cpu cpu = new Cpu(CpuModel.POWER9, new Mmu(null));

    MmioTest() {
        cpu.mmu.setTranslator(new SystemTranslator(cpu, ram));
        cpu.sys.spr[Spr.PIR] = 3;
        cpu.writeMsr(Cpu.MSR_SF | Cpu.MSR_ME); // real mode
        region.setEnabled(true);
    }

    @Test
    void bigEndianAccessesSeeTheDeviceValue() {
        cpu.mmu.setBigEndian(true);
        assertEquals(0x0102_0304_0506_0708L, cpu.mmu.load64(BASE + 0x10810));
        assertEquals(0x0102, cpu.mmu.load16(BASE + 0x10810));
        assertEquals(0x01, cpu.mmu.load8(BASE + 0x11));
        cpu.mmu.store32(BASE + 0x1000, 0x11223344);
        assertEquals(List.of("r 10810 8 cpu3", "r 10810 2 cpu3", "r 11 1 cpu3", "w 1000 4 11223344 cpu3"), log);
    }

    @Test
    void littleEndianAccessesAreSwapped() {
        cpu.mmu.setBigEndian(false);
        assertEquals(0x0807_0605_0403_0201L, cpu.mmu.load64(BASE));
        assertEquals(0x0201, cpu.mmu.load16(BASE));
        assertEquals(0x0403_0201, cpu.mmu.load32(BASE));
        cpu.mmu.store16(BASE + 0x12, 0xff00);
        cpu.mmu.store64(BASE + 0x18, 0x8000_0000_0000_0001L);
        assertEquals("w 12 2 ff cpu3", log.get(3));
        assertEquals("w 18 8 100000000000080 cpu3", log.get(4));
    }

    @Test
    void everyAccessReachesTheDevice() {
        for (int i = 0; i < 3; i++) cpu.mmu.load8(BASE + 0x40);
        assertEquals(3, log.size(), "MMIO is never cached in the TLB");
    }

    @Test
    void refusedAccessesAreMachineChecks() {
        GuestInterrupt e = assertThrows(GuestInterrupt.class, () -> cpu.mmu.load64(BASE + Page.SIZE - 4));
        assertEquals(Interrupt.MACHINE_CHECK, e.kind);
        e = assertThrows(GuestInterrupt.class, () -> cpu.mmu.fetchPage(BASE));
        assertEquals(Interrupt.MACHINE_CHECK, e.kind, "no instruction fetch from a device");
        e = assertThrows(GuestInterrupt.class, () -> cpu.mmu.compareAndSet(BASE, 4, 0, 1));
        assertEquals(Interrupt.MACHINE_CHECK, e.kind, "no reservation on a device");
        assertEquals(0, log.size());
    }

    @Test
    void aDisabledRegionIsAbsent() {
        region.setEnabled(false);
        List<String> rejected = new ArrayList<>();
        ram.mmio().unassigned().logTo(rejected::add);
        assertEquals(0, cpu.mmu.load8(BASE), "unassigned: reads 0");
        cpu.mmu.store8(BASE, 1);
        assertEquals(0, log.size(), "the device sees nothing");
        assertEquals(List.of("Invalid read at addr 0x6000000000000, size 1, region '(null)', reason: rejected",
                "Invalid write at addr 0x6000000000000, size 1, region '(null)', reason: rejected"), rejected);
    }

    @Test
    void ramStillWorksBesideIt() {
        cpu.mmu.store32(0x2000, 0xcafe);
        cpu.mmu.load8(BASE);
        assertEquals(0xcafe, cpu.mmu.load32(0x2000));
    }
}
