package org.jpseries.cpu.insn;

import org.jpseries.cpu.InstructionTable;

/** Semantics of the Vsx facility instructions. */
public final class Vsx {
    private Vsx() {}

    public static void register(InstructionTable t) {
    }
}
