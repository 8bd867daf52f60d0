package org.jpseries.cpu.insn;

import org.jpseries.cpu.Cpu;
import org.jpseries.isa.Op;
import java.lang.invoke.VarHandle;

/**
 * Storage control available in problem state (Book II chapter 4.3 cache management and 4.6
 * memory barriers). Caches are not modelled, so the touch hints do nothing, but the
 * instructions that the ISA treats as loads (dcbf, dcbst, icbi) fault like a load on an
 * inaccessible address, dcbz zeroes its 128-byte block like a store, and the barriers are host
 * memory fences so that they keep their meaning once vCPUs run on several host threads.
 * dcba (dropped from the ISA), icbt (Embedded-only before ISA 3.0) and the copy/paste facility
 * are left illegal, as in qemu-ppc64le.
 */
final class StorageControl {
    private StorageControl() {}

    /** The data cache block size of POWER8, POWER9 and POWER10 (and qemu's models). */
    static final int CACHE_BLOCK = 128;

    static void register(InstructionTable t) {
        t.on(Op.DCBT, StorageControl::touch);
        t.on(Op.DCBTST, StorageControl::touch);
        t.on(Op.DST, StorageControl::touch);
        t.on(Op.DSTST, StorageControl::touch);
        t.on(Op.DSS, StorageControl::touch);
        t.on(Op.CPABORT, StorageControl::touch);
        t.on(Op.DCBF, StorageControl::flush);
        t.on(Op.DCBST, StorageControl::flush);
        t.on(Op.ICBI, StorageControl::icbi);
        t.on(Op.DCBZ, StorageControl::dcbz);
        t.on(Op.SYNC, StorageControl::sync);
        t.on(Op.EIEIO, StorageControl::sync);
    }

    /**
     * dcbt, dcbtst (Book II 4.3.2), dst/dstst/dss (VMX data streams, PowerISA
     * 2.07 Book I 6.x) and cpabort (Book II 4.4.3, nothing to abort without copy/paste): hints
     * with no architected effect; they never cause a storage interrupt.
     */
    static void touch(Cpu c, int w) {
    }

    /**
     * dcbf, dcbst (Book II 4.3.2): no cached state to write back, but they are treated as loads
     * for protection, so an inaccessible EA raises a data storage interrupt.
     */
    static void flush(Cpu c, int w) {
        LoadStore.probeLoad(c, LoadStore.eaX(c, w), 1);
    }

    /**
     * icbi RA,RB (Book II 4.3.1): faults like a load, and drops the decoded copy of the page
     * holding the block. A store drops the copy too, but a vCPU can decode the page again between
     * that drop and the store's bytes, or from a write translation another vCPU cached before the
     * copy existed; the modification sequence the architecture asks for (Book II, Instruction
     * Storage: store, dcbst, sync, icbi, sync on the writer, isync on the executor; Linux's
     * flush_icache_range issues one icbi even with a coherent instruction cache) ends that.
     */
    static void icbi(Cpu c, int w) {
        long ea = LoadStore.eaX(c, w);
        LoadStore.probeLoad(c, ea, 1);
        c.mmu.invalidateCode(ea);
    }

    /** dcbz RA,RB (Book II 4.3.2): zeroes the aligned 128-byte block holding EA; a store for faults. */
    static void dcbz(Cpu c, int w) {
        long ea = LoadStore.eaX(c, w) & -CACHE_BLOCK;
        LoadStore.probeStore(c, ea, CACHE_BLOCK);
        for (int k = 0; k < CACHE_BLOCK; k += 8) c.mmu.store64(ea + k, 0);
        if ((c.reserveAddr & -CACHE_BLOCK) == ea) c.reserveAddr = -1;
    }

    /** sync L,SC (hwsync, lwsync, ptesync; Book II 4.6.3) and eieio (4.6.2). */
    static void sync(Cpu c, int w) {
        VarHandle.fullFence();
    }
}
