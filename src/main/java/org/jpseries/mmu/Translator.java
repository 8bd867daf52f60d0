package org.jpseries.mmu;

import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.memory.Page;

/**
 * Translates an effective address to the page that backs it, or raises the architected
 * storage interrupt. User mode translates through the process's mappings; system mode through
 * real mode, the hashed page table or the radix tree. Called only on a TLB miss.
 */
public interface Translator {
    /**
     * @return the page holding {@code ea} for an access of the given kind; never null
     * @throws GuestInterrupt when the access faults (DSI/ISI/segment, or SIGSEGV in user mode)
     */
    Page translate(long ea, Access access);

    /**
     * A global TLB invalidation (tlbie): every CPU that may cache translations from the same
     * tables must drop them. The issuing CPU flushes its own TLB itself. User mode has nothing to do.
     */
    default void invalidateGlobal() {}
}
