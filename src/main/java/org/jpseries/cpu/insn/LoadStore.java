package org.jpseries.cpu.insn;

import org.jpseries.cpu.InstructionTable;

/** Semantics of the LoadStore facility instructions. */
public final class LoadStore {
    private LoadStore() {}

    public static void register(InstructionTable t) {
    }
}
