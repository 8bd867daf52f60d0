package org.jpseries.cpu.insn;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.InstructionTable;
import org.jpseries.isa.Op;

/** Branch facility (PowerISA Book I chapter 2): branches, system call, CR logical instructions. */
public final class Branch {
    private Branch() {}

    public static void register(InstructionTable t) {
        t.on(Op.SC, Branch::sc);
    }

    /** sc LEV (Book I 2.4.3): LEV=1 is the hypercall; the environment decides. */
    static void sc(Cpu cpu, int w) {
        cpu.env.systemCall(cpu, (w >>> 5) & 0x7F, false);
    }
}
