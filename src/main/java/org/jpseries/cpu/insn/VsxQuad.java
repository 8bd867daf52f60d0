package org.jpseries.cpu.insn;

import org.jpseries.cpu.InstructionTable;

/** VSX scalar quad-precision (binary128) floating point (PowerISA 3.1 Book I 7.6). */
final class VsxQuad {
    private VsxQuad() {}

    static void register(InstructionTable t) {
    }
}
