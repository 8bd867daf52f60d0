package org.jpseries.cpu.insn;

import org.jpseries.cpu.InstructionTable;

/** VSX scalar and vector floating point (PowerISA 3.1 Book I chapter 7). */
final class VsxFloat {
    private VsxFloat() {}

    static void register(InstructionTable t) {
    }
}
