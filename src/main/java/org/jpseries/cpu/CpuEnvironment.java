package org.jpseries.cpu;

import org.jpseries.cpu.arch.GuestInterrupt;

/**
 * What a CPU runs inside: the Linux user-mode ABI, or the pseries platform acting as the
 * partition's hypervisor. The CPU itself knows neither.
 */
public interface CpuEnvironment {
    /** {@code sc LEV} (scv=false) or {@code scv LEV} (scv=true); cpu.nip already points past it. */
    void systemCall(Cpu cpu, int lev, boolean scv);

    /** Takes an interrupt raised by the instruction at cpu.cia (which did not complete). */
    void interrupt(Cpu cpu, GuestInterrupt interrupt);

    /**
     * Called by the interpreter at an instruction boundary when an interrupt condition is
     * pending ({@link Cpu#PENDING_INTERRUPTS}): takes one if the MSR allows it and returns true,
     * or returns false to go on. User mode never raises any.
     */
    default boolean takePending(Cpu cpu) {
        return false;
    }

    /** Throws the interrupt an {@code scv} gets before it executes, if any (user mode: none). */
    default void checkScv(Cpu cpu) {
    }
}
