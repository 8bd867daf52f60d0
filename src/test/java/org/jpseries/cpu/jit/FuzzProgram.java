package org.jpseries.cpu.jit;

import java.util.List;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.isa.Disassembler;

/**
 * One generated test case of {@link JitDifferential}: code at {@link ProgramGenerator#CODE}
 * (ending in the {@code sc} at index {@code words.length - 1}) and the architected state it
 * starts from. {@code templates} lists the words of each counted loop (li, mtctr, bdnz) and
 * indirect branch (bcl, mflr, addi, mtlr/mtctr, bclr/bcctr): minimisation removes such a
 * template whole or not at all, since a loop without its li or a bcctr without its link could
 * run for ever.
 */
record FuzzProgram(String origin, CpuModel model, long msr, int[] words, List<int[]> templates, long[] gpr, long[] vsr,
                   int cr, int xerBits, long ctr, long lr, long fpscr, byte[] ram) {

    static final int NOP = 0x60000000; // ori 0,0,0

    long end() {
        return ProgramGenerator.CODE + 4L * (words.length - 1);
    }

    FuzzProgram withWords(int[] w) {
        return new FuzzProgram(origin, model, msr, w, templates, gpr, vsr, cr, xerBits, ctr, lr, fpscr, ram);
    }

    /** Whether word {@code i} belongs to a template. */
    boolean inTemplate(int i) {
        for (int[] t : templates) for (int k : t) if (k == i) return true;
        return false;
    }

    /** The program as a reader wants it: start state, then each instruction that is not a nop. */
    String listing() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s, %s, MSR %s %s-endian (0x%x)%n", origin, model.displayName,
                (msr & Cpu.MSR_SF) != 0 ? "64-bit" : "32-bit", (msr & Cpu.MSR_LE) != 0 ? "little" : "big", msr));
        for (int r = 0; r < 16; r++) b.append(String.format("r%-2d=%016x%s", r, gpr[r], r % 4 == 3 ? "\n" : "  "));
        b.append(String.format("cr=%08x xer[so,ov,ca,ov32,ca32]=%s ctr=%x lr=%x fpscr=%x%n", cr,
                Integer.toBinaryString(0x20 | xerBits).substring(1), ctr, lr, fpscr));
        for (int f = 0; f < 8; f++) b.append(String.format("f%d=%016x%s", f, vsr[2 * f], f % 4 == 3 ? "\n" : "  "));
        Disassembler d = new Disassembler();
        for (int i = 0; i < words.length; i++) {
            if (words[i] == NOP) continue;
            long a = ProgramGenerator.CODE + 4L * i;
            String text;
            try {
                text = d.disassemble(words[i], a);
            } catch (RuntimeException e) {
                text = ".long 0x" + Integer.toHexString(words[i]);
            }
            b.append(String.format("  %5x:  %08x  %s%n", a, words[i], text));
        }
        return b.toString();
    }
}
