package org.jpseries.cpu.insn;

import org.jpseries.cpu.InstructionTable;

/** Semantics of the FloatingPoint facility instructions. */
public final class FloatingPoint {
    private FloatingPoint() {}

    public static void register(InstructionTable t) {
    }
}
