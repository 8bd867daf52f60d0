package org.jpseries.cpu.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.junit.jupiter.api.Test;

/**
 * POWER's instruction cache is coherent with stores from every processor (Linux relies on it:
 * CPU_FTR_COHERENT_ICACHE makes flush_icache_range a sync/icbi/isync on the writer only). Here
 * vCPU B holds a write translation to a page before vCPU A decodes code on it; B's next store
 * to that page must still replace the instruction A executes. Before the partition's vCPUs were
 * told about code created on a page, B's store went through its cached translation, the
 * decoded copy on A stayed, and A ran the old instruction.
 */
class SmpCodeCoherenceTest {
    static final long WRITER = 0x1000, TARGET = 0x3000;
    static final int STW_R5_0_R4 = 0x90a40000, HCALL = 0x44000022, LI_R3_1 = 0x38600001, LI_R3_2 = 0x38600002;

    @Test
    void aStoreFromAnotherVcpuReplacesDecodedCode() {
        SystemCode a = new SystemCode(CpuModel.POWER9);
        SystemCode b = new SystemCode(CpuModel.POWER9, a.ram);
        Cpu[] partition = {a.cpu, b.cpu};
        a.cpu.peers = partition;
        b.cpu.peers = partition;
        a.put(WRITER, STW_R5_0_R4, HCALL);
        a.put(TARGET, LI_R3_1, HCALL);

        b.set(4, TARGET).set(5, LI_R3_1).runAt(WRITER); // B caches a write translation to the page
        a.runAt(TARGET);                                 // A decodes the page
        assertEquals(1, a.r(3));
        b.set(5, LI_R3_2).runAt(WRITER);                 // B rewrites A's instruction
        a.runAt(TARGET);
        assertEquals(2, a.r(3), "vCPU A ran the instruction vCPU B replaced");
    }

    @Test
    void aVcpuThatDoesNotRunCollectsAtMostABoundedQueue() {
        SystemCode a = new SystemCode(CpuModel.POWER9);
        SystemCode b = new SystemCode(CpuModel.POWER9, a.ram); // never runs: nobody drains its queue
        Cpu[] partition = {a.cpu, b.cpu};
        a.cpu.peers = partition;
        b.cpu.peers = partition;
        for (int i = 0; i < 3 * Cpu.MAX_CODE_PAGES; i++) a.cpu.codeCreated(a.ram.page(0x10000L + 4096L * i));
        assertEquals(Cpu.MAX_CODE_PAGES, b.cpu.codePages.size());
        assertEquals(Cpu.PENDING_TLB_FLUSH, b.cpu.pending & Cpu.PENDING_TLB_FLUSH, "beyond the bound a full flush stands for the rest");
        b.cpu.reset();
        assertEquals(0, b.cpu.codePages.size());
        assertEquals(0, b.cpu.codePageCount.get(), "a reset starts the count again");
    }
}
