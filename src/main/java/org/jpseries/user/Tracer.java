package org.jpseries.user;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.insn.InstructionTable;
import org.jpseries.cpu.Semantics;
import org.jpseries.isa.Decoder;
import org.jpseries.isa.Disassembler;
import org.jpseries.isa.Op;
import org.jpseries.memory.Page;

/**
 * The execution loop used when {@code -d in_asm} or {@code -d cpu} is given, kept apart from
 * the {@link org.jpseries.cpu.exec.Interpreter} so that tracing costs nothing when it is off. It
 * executes one instruction at a time with the same semantics table and cuts the stream into
 * blocks as qemu does (a block ends after a branch or system call, or at a page end). in_asm
 * prints each block the first time it starts; cpu dumps the registers before every block.
 */
final class Tracer {
    private static final int MAX_BLOCK = 512;

    private final Cpu cpu;
    private final PrintStream log;
    private final boolean inAsm, cpuDump;
    private final InstructionTable table;
    private final Set<Long> seen = new HashSet<>();
    private final Disassembler disassembler = new Disassembler();

    private final ElfSymbols symbols;

    Tracer(Cpu cpu, PrintStream log, boolean inAsm, boolean cpuDump, ElfImage elf) {
        this.cpu = cpu;
        this.symbols = new ElfSymbols(elf);
        this.log = log;
        this.inAsm = inAsm;
        this.cpuDump = cpuDump;
        this.table = InstructionTable.forModel(cpu.model);
    }

    void run() {
        boolean blockStart = true;
        while (!cpu.halted) {
            long pc = cpu.nip;
            try {
                if (blockStart) {
                    if (inAsm && seen.add(pc)) printBlock(pc);
                    if (cpuDump) dumpState();
                }
                int w = fetch(pc);
                Op op;
                Semantics s;
                if (Decoder.isPrefix(w)) {
                    if ((pc & 63) == 60) throw new GuestInterrupt(org.jpseries.cpu.arch.Interrupt.ALIGNMENT, 0, pc);
                    int suffix = fetch(pc + 4);
                    op = Decoder.decodePrefixed(w, suffix);
                    s = table.semantics(op, suffix);
                } else {
                    op = Decoder.decode(w);
                    s = table.semantics(op);
                }
                cpu.cia = pc;
                cpu.nip = pc + 4;
                s.exec(cpu, w);
                blockStart = Op.endsBlock(op) || cpu.nip != pc + (Decoder.isPrefix(w) ? 8 : 4)
                        || ((cpu.nip & Page.MASK) == 0);
            } catch (GuestInterrupt gi) {
                cpu.env.interrupt(cpu, gi);
                blockStart = true;
            }
        }
        log.flush();
    }

    private int fetch(long ea) {
        Page p = cpu.mmu.fetchPage(ea);
        int le = p.wordLE((int) (ea & Page.MASK));
        return cpu.littleEndian() ? le : Integer.reverseBytes(le);
    }

    /** Mnemonic of an op as the CSV spells it (ADDIC_DOT is "addic."), for words the disassembler declines. */
    static String mnemonic(Op op) {
        if (op == null) return ".long";
        return op.name().toLowerCase(Locale.ROOT).replace("_dot", ".");
    }

    private void printBlock(long start) {
        log.println("----------------");
        log.println("IN: " + symbols.lookup(start));
        long pc = start;
        for (int n = 0; n < MAX_BLOCK; n++) {
            int w;
            try {
                w = fetch(pc);
            } catch (GuestInterrupt e) {
                break;
            }
            Op op;
            int len = 4;
            if (Decoder.isPrefix(w)) {
                int suffix;
                try {
                    suffix = fetch(pc + 4);
                } catch (GuestInterrupt e) {
                    break;
                }
                op = Decoder.decodePrefixed(w, suffix);
                String text = disassembler.disassemblePrefixed(w, suffix, pc);
                log.printf("0x%08x:  %08x %08x  %s%n", pc, w, suffix, text != null ? text : mnemonic(op));
                len = 8;
            } else {
                op = Decoder.decode(w);
                String text = disassembler.disassemble(w, pc);
                log.printf("0x%08x:  %08x  %s%n", pc, w, text != null ? text : mnemonic(op));
            }
            pc += len;
            if (Op.endsBlock(op) || (pc & Page.MASK) == 0) break;
        }
        log.println();
    }

    /** A register dump in the layout of qemu's ppc_cpu_dump_state. */
    private void dumpState() {
        Cpu c = cpu;
        log.printf("NIP %016x   LR %016x CTR %016x XER %016x CPU#0%n", c.nip, c.lr, c.ctr, c.xer());
        log.printf("MSR %016x HID0 0000000000000000  HF %08x iidx 0 didx 0%n", c.msr, (int) c.msr);
        for (int i = 0; i < 32; i++) {
            if ((i & 3) == 0) log.printf("GPR%02d", i);
            log.printf(" %016x", c.gpr[i]);
            if ((i & 3) == 3) log.println();
        }
        log.printf("CR %08x  [", c.cr);
        for (int f = 0; f < 8; f++) {
            int v = c.crField(f);
            char ch = (v & 8) != 0 ? 'L' : (v & 4) != 0 ? 'G' : (v & 2) != 0 ? 'E' : '-';
            log.printf(" %c%c", ch, (v & 1) != 0 ? 'O' : ' ');
        }
        log.printf(" ]             RES %016x%n", c.reserveAddr);
    }
}
