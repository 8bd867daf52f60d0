package org.jpseries.cpu.insn;

import org.jpseries.cpu.InstructionTable;

/** VMX floating point (PowerISA 3.1 Book I 6.7.8), VSCR[NJ] non-Java mode. */
final class VmxFloat {
    private VmxFloat() {}

    static void register(InstructionTable t) {
    }
}
