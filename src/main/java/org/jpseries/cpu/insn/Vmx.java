package org.jpseries.cpu.insn;

import org.jpseries.cpu.InstructionTable;

/** Semantics of the Vmx facility instructions. */
public final class Vmx {
    private Vmx() {}

    public static void register(InstructionTable t) {
    }
}
