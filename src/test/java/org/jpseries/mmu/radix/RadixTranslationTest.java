package org.jpseries.mmu.radix;

import static org.jpseries.mmu.radix.RadixFields.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.Page;
import org.jpseries.memory.StorageAtomics;
import org.jpseries.mmu.Access;
import org.jpseries.mmu.Mmu;
import org.junit.jupiter.api.Test;

/**
 * The radix walk on hand-built tables (Book III 6.7.10; QEMU ppc_radix64_xlate): each page size,
 * quadrants and PIDs, protection, R/C and malformed tables.
 */
class RadixTranslationTest {
    static final long KERNEL = 0xC000_0000_0000_0000L;
    /** Read/write/execute, normal memory (EAA R|RW|X). */
    static final long RWX = PTE_EAA_R | PTE_EAA_RW | PTE_EAA_X;

    final GuestRam ram = new GuestRam(64L << 20);
    final RadixTables t = new RadixTables(ram, 0x100_0000);
    final Cpu cpu = new Cpu(CpuModel.POWER9, new Mmu(null));
    final long kernelRoot = t.newProcess(0);

    long xlate(long ea, Access a) {
        return RadixTranslation.translate(cpu.sys.spr, cpu.problemState(), ram, t.pate1(), ea, a);
    }

    GuestInterrupt fault(long ea, Access a) {
        return assertThrows(GuestInterrupt.class, () -> xlate(ea, a));
    }

    @Test
    void everyPageSizeTranslatesWithItsOffsetBits() {
        t.map(kernelRoot, KERNEL, 0, 30, RWX | PTE_EAA_PRIV); // 1G at 0
        t.map(kernelRoot, KERNEL | 0x4000_0000L, 0x20_0000, 21, RWX | PTE_EAA_PRIV); // 2M
        t.map(kernelRoot, KERNEL | 0x4020_0000L, 0x30_0000, 16, RWX | PTE_EAA_PRIV); // 64K
        t.map(kernelRoot, KERNEL | 0x4060_0000L, 0x40_1000, 12, RWX | PTE_EAA_PRIV); // 4K, another 2M region
        assertEquals(0x3456_789AL, xlate(KERNEL | 0x3456_789AL, Access.LOAD), "1G: 30 offset bits");
        assertEquals(0x3F_FFF8L, xlate(KERNEL | 0x401F_FFF8L, Access.STORE), "2M: 21 offset bits");
        assertEquals(0x30_ABCDL, xlate(KERNEL | 0x4020_ABCDL, Access.FETCH), "64K: 16 offset bits");
        assertEquals(0x40_1FFFL, xlate(KERNEL | 0x4060_0FFFL, Access.LOAD), "4K: 12 offset bits");
        GuestInterrupt nothing = fault(KERNEL | 0x4061_0000L, Access.LOAD);
        assertEquals(Interrupt.DATA_STORAGE, nothing.kind);
        assertEquals(RadixTranslation.DSISR_NOPTE, nothing.detail);
        assertEquals(KERNEL | 0x4061_0000L, nothing.address);
    }

    @Test
    void quadrantZeroUsesPidrAndQuadrantThreeUsesPidZero() {
        long user = t.newProcess(5);
        t.map(user, 0x1000_0000L, 0x50_0000, 16, RWX);
        t.map(kernelRoot, KERNEL | 0x1000_0000L, 0x60_0000, 16, RWX | PTE_EAA_PRIV);
        cpu.sys.spr[Spr.PIDR] = 5;
        assertEquals(0x50_0010L, xlate(0x1000_0010L, Access.LOAD));
        assertEquals(0x60_0010L, xlate(KERNEL | 0x1000_0010L, Access.LOAD), "the OS quadrant ignores PIDR");
        cpu.sys.spr[Spr.PIDR] = 6;
        assertEquals(RadixTranslation.DSISR_BADCONFIG, fault(0x1000_0010L, Access.LOAD).detail,
                "PID 6's entry is zero: a 31-bit tree with no root, a bad configuration (QEMU checks the shape first)");
        cpu.sys.spr[Spr.PIDR] = 4096;
        assertEquals(RadixTranslation.DSISR_NOPTE | RadixTranslation.DSISR_STORE, fault(0x1000_0010L, Access.STORE).detail,
                "PID beyond the 64K process table");
    }

    @Test
    void quadrantsOneTwoAndHighEaBitsAreSegmentInterrupts() {
        t.map(kernelRoot, KERNEL, 0, 30, RWX | PTE_EAA_PRIV);
        GuestInterrupt q1 = fault(0x4000_0000_0000_1000L, Access.LOAD);
        assertEquals(Interrupt.DATA_SEGMENT, q1.kind);
        assertEquals(0x4000_0000_0000_1000L, q1.address);
        assertEquals(Interrupt.INSTRUCTION_SEGMENT, fault(0x8000_0000_0000_1000L, Access.FETCH).kind);
        assertEquals(Interrupt.DATA_SEGMENT, fault(KERNEL | 1L << 52, Access.STORE).kind, "EA bit 11 set: beyond 52 bits");
        assertEquals(Interrupt.DATA_SEGMENT, fault(1L << 61, Access.LOAD).kind, "EA bit 2 set");
        assertEquals(0x000F_FFFF_FFFF_FFFFL & 0x3FFF_FFFFL, xlate(KERNEL | 0x3FFF_FFFFL, Access.LOAD));
    }

    @Test
    void encodedAccessAuthorityGrantsByPrivilege() {
        long user = t.newProcess(1);
        cpu.sys.spr[Spr.PIDR] = 1;
        t.map(user, 0x10000, 0x10_0000, 16, PTE_EAA_R | PTE_EAA_X); // read-only text
        t.map(user, 0x20000, 0x11_0000, 16, PTE_EAA_R | PTE_EAA_RW); // data, no execute
        t.map(user, 0x30000, 0x12_0000, 16, RWX | PTE_EAA_PRIV); // privileged
        t.map(user, 0x40000, 0x13_0000, 16, RWX | PTE_ATT_NI_IO); // guarded I/O
        cpu.setMsr(cpu.msr | Cpu.MSR_PR);
        assertEquals(0x10_0004L, xlate(0x10004, Access.LOAD));
        assertEquals(0x10_0004L, xlate(0x10004, Access.FETCH));
        GuestInterrupt ro = fault(0x10004, Access.STORE);
        assertEquals(Interrupt.DATA_STORAGE, ro.kind);
        assertEquals(RadixTranslation.DSISR_PROTFAULT | RadixTranslation.DSISR_STORE, ro.detail);
        GuestInterrupt nx = fault(0x20000, Access.FETCH);
        assertEquals(Interrupt.INSTRUCTION_STORAGE, nx.kind);
        assertEquals(RadixTranslation.SRR1_NOEXEC_GUARD, nx.detail);
        assertEquals(0x11_0008L, xlate(0x20008, Access.STORE));
        assertEquals(RadixTranslation.DSISR_PROTFAULT, fault(0x30000, Access.LOAD).detail, "privileged page in problem state");
        assertEquals(RadixTranslation.SRR1_NOEXEC_GUARD, fault(0x40000, Access.FETCH).detail, "no fetch from non-idempotent I/O");
        // supervisor state: the privileged page is usable; the process's pages as AMR/IAMR key 0 allow
        cpu.setMsr(cpu.msr & ~Cpu.MSR_PR);
        assertEquals(0x12_0000L, xlate(0x30000, Access.STORE));
        assertEquals(0x11_0000L, xlate(0x20000, Access.STORE));
        cpu.sys.spr[Spr.AMR] = 3L << 62; // KUAP: no kernel access to user pages
        assertEquals(RadixTranslation.DSISR_PROTFAULT, fault(0x20000, Access.LOAD).detail);
        assertEquals(RadixTranslation.DSISR_PROTFAULT | RadixTranslation.DSISR_STORE, fault(0x20000, Access.STORE).detail);
        cpu.sys.spr[Spr.AMR] = 2L << 62; // stores only denied
        assertEquals(0x11_0000L, xlate(0x20000, Access.LOAD));
        assertEquals(RadixTranslation.DSISR_PROTFAULT | RadixTranslation.DSISR_STORE, fault(0x20000, Access.STORE).detail);
        assertEquals(0x12_0000L, xlate(0x30000, Access.STORE), "AMR does not apply to privileged pages");
        cpu.sys.spr[Spr.IAMR] = 1L << 62; // KUEP
        assertEquals(RadixTranslation.SRR1_NOEXEC_GUARD, fault(0x10000, Access.FETCH).detail);
    }

    @Test
    void referenceAndChangeAreSetInTheGuestPte() {
        long pte = t.map(kernelRoot, KERNEL | 0x50000, 0x80_0000, 16, RWX | PTE_EAA_PRIV);
        long before = ram.readBE64(pte);
        assertEquals(0, before & (PTE_R | PTE_C));
        xlate(KERNEL | 0x50000, Access.LOAD);
        assertEquals(before | PTE_R, ram.readBE64(pte), "a load sets R only");
        xlate(KERNEL | 0x50000, Access.FETCH);
        assertEquals(before | PTE_R, ram.readBE64(pte));
        xlate(KERNEL | 0x50000, Access.STORE);
        assertEquals(before | PTE_R | PTE_C, ram.readBE64(pte), "a store sets R and C");
        long denied = t.map(kernelRoot, KERNEL | 0x60000, 0x90_0000, 16, PTE_EAA_R | PTE_EAA_PRIV);
        long d0 = ram.readBE64(denied);
        fault(KERNEL | 0x60000, Access.STORE);
        assertEquals(d0, ram.readBE64(denied), "a refused access changes nothing");
    }

    @Test
    void referenceChangeUpdateNeverLosesAConcurrentPteUpdate() throws Exception {
        long pte = t.map(kernelRoot, KERNEL | 0x70000, 0xA0_0000, 16, RWX | PTE_EAA_PRIV);
        Page page = ram.page(pte);
        Object section = StorageAtomics.section(page.address + (pte & Page.MASK));
        long sw = 1L << 61; // a software bit the "kernel" toggles with ldarx/stdcx. semantics
        int toggles = 20_000;
        AtomicBoolean done = new AtomicBoolean();
        Thread kernel = new Thread(() -> {
            for (int i = 0; i < toggles; i++) {
                while (true) {
                    long cur = ram.readBE64(pte);
                    synchronized (section) { // what Mmu.compareAndSet (stdcx.) does
                        if (ram.readBE64(pte) != cur) continue;
                        ram.writeBE64(pte, (cur ^ sw) & ~(PTE_R | PTE_C));
                        break;
                    }
                }
            }
            done.set(true);
        });
        kernel.start();
        int walks = 0;
        while (!done.get()) {
            xlate(KERNEL | 0x70000, Access.STORE);
            walks++;
        }
        kernel.join();
        assertTrue(walks > 0);
        assertEquals(0, ram.readBE64(pte) & sw, "an even number of toggles, none lost");
        xlate(KERNEL | 0x70000, Access.STORE);
        assertEquals(PTE_R | PTE_C, ram.readBE64(pte) & (PTE_R | PTE_C));
    }

    @Test
    void malformedTablesAreBadConfigurationOrNoTranslation() {
        long leaf = t.map(kernelRoot, KERNEL, 0x10_0000, 16, RWX | PTE_EAA_PRIV);
        assertEquals(0x10_0000L, xlate(KERNEL, Access.LOAD));
        // a root of 12 bits is not a POWER9 shape
        ram.writeBE64(t.processTable, RadixTables.prtbe0(kernelRoot, 52, 12));
        assertEquals(RadixTranslation.DSISR_BADCONFIG, fault(KERNEL, Access.LOAD).detail);
        // nor is a 48-bit tree
        ram.writeBE64(t.processTable, RadixTables.prtbe0(kernelRoot, 48, 13));
        assertEquals(RadixTranslation.DSISR_BADCONFIG, fault(KERNEL, Access.FETCH).detail);
        ram.writeBE64(t.processTable, RadixTables.prtbe0(kernelRoot, 52, 13));
        // a PTE directory of 7 bits, then a directory below the last level
        long pmdEntry = pmdEntryFor(KERNEL);
        long pmd = ram.readBE64(pmdEntry);
        ram.writeBE64(pmdEntry, (pmd & ~PDE_NLS) | 7);
        assertEquals(RadixTranslation.DSISR_BADCONFIG | RadixTranslation.DSISR_STORE, fault(KERNEL, Access.STORE).detail);
        ram.writeBE64(pmdEntry, pmd);
        long l = ram.readBE64(leaf);
        ram.writeBE64(leaf, (l & ~PTE_LEAF & ~0xFFFL) | 5); // a "directory" at the last level
        assertEquals(RadixTranslation.DSISR_BADCONFIG, fault(KERNEL, Access.LOAD).detail);
        ram.writeBE64(leaf, l & ~PTE_VALID);
        assertEquals(RadixTranslation.DSISR_NOPTE, fault(KERNEL, Access.LOAD).detail, "invalid leaf");
        ram.writeBE64(leaf, l);
        assertEquals(0x10_0000L, xlate(KERNEL, Access.LOAD));
        // a root outside RAM reads as zeros
        ram.writeBE64(t.processTable, RadixTables.prtbe0(1L << 40, 52, 13));
        assertEquals(RadixTranslation.DSISR_NOPTE, fault(KERNEL, Access.LOAD).detail);
        // a process table not aligned to its size
        GuestInterrupt bad = assertThrows(GuestInterrupt.class,
                () -> RadixTranslation.translate(cpu.sys.spr, cpu.problemState(), ram, PATE1_GR | (t.processTable + 0x1000) | 4, KERNEL, Access.FETCH));
        assertEquals(Interrupt.INSTRUCTION_STORAGE, bad.kind);
        assertEquals(RadixTranslation.DSISR_BADCONFIG, bad.detail);
    }

    /** The PMD-level entry (third level) that points at the PTE directory for {@code ea}. */
    long pmdEntryFor(long ea) {
        long e = ea & EA_TREE;
        long pgd = ram.readBE64(kernelRoot + ((e >>> 39) & 0x1FFF) * 8);
        long pud = ram.readBE64((pgd & PDE_NLB) + ((e >>> 30) & 0x1FF) * 8);
        return (pud & PDE_NLB) + ((e >>> 21) & 0x1FF) * 8;
    }
}
