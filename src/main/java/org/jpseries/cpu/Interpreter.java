package org.jpseries.cpu;

import org.jpseries.isa.Decoder;
import org.jpseries.isa.Op;
import org.jpseries.memory.Page;

/**
 * Runs a {@link Cpu}: fetches through the instruction TLB, decodes each instruction address once
 * into its page's {@link DecodedPage}, and dispatches to the bound {@link Semantics}. Interrupts
 * thrown by an instruction are handed to the CPU's environment at the instruction boundary.
 */
public final class Interpreter {
    private final Cpu cpu;
    private final InstructionTable table;
    /** Instructions retired, counted per completed instruction (for benchmarks and -d). */
    private long retired;

    public Interpreter(Cpu cpu) {
        this.cpu = cpu;
        this.table = InstructionTable.forModel(cpu.model);
    }

    public long retired() {
        return retired;
    }

    /** Runs until {@link Cpu#halted} is set by the environment (exit, shutdown, stop request). */
    public void run() {
        while (!cpu.halted) {
            try {
                loop();
            } catch (GuestInterrupt gi) {
                cpu.env.interrupt(cpu, gi);
            }
        }
    }

    private void loop() {
        final Cpu c = cpu;
        DecodedPage dp = null;
        Semantics[] handlers = null;
        int[] words = null;
        long tag = -1;
        long n = retired;
        try {
            while (!c.halted) {
                long pc = c.nip;
                if ((pc & ~Page.MASK) != tag || !dp.valid) {
                    dp = codeFor(pc);
                    handlers = dp.handlers;
                    words = dp.words;
                    tag = pc & ~Page.MASK;
                }
                int i = (int) (pc & Page.MASK) >>> 2;
                Semantics h = handlers[i];
                if (h == null) h = decodeSlot(dp, i);
                c.cia = pc;
                c.nip = pc + 4;
                h.exec(c, words[i]);
                n++;
            }
        } finally {
            retired = n;
        }
    }

    private DecodedPage codeFor(long pc) {
        Page p = cpu.mmu.fetchPage(pc);
        boolean le = cpu.littleEndian();
        if (p.code instanceof DecodedPage d && d.valid && d.littleEndian == le) return d;
        DecodedPage d = new DecodedPage(p, le);
        p.code = d;
        cpu.mmu.codeCreated(p);
        return d;
    }

    private Semantics decodeSlot(DecodedPage dp, int i) {
        int w = dp.fetchWord(i);
        Semantics s;
        if (Decoder.isPrefix(w)) {
            // A prefixed instruction never crosses a 64-byte boundary (Book I 1.6.3); one that
            // would is an alignment interrupt, and so it cannot cross a page either.
            if ((i & 15) == 15) {
                s = (c, x) -> {
                    throw new GuestInterrupt(Interrupt.ALIGNMENT, 0, c.cia);
                };
            } else {
                int suffix = dp.fetchWord(i + 1);
                s = table.semantics(Decoder.decodePrefixed(w, suffix), suffix);
            }
        } else {
            Op op = Decoder.decode(w);
            s = table.semantics(op);
        }
        dp.words[i] = w;
        dp.handlers[i] = s;
        return s;
    }

    /** The op at an address as the interpreter would decode it (for tracing and tests). */
    public static Op decodeAt(Cpu cpu, long ea) {
        int w = cpu.mmu.load32(ea);
        if (!Decoder.isPrefix(w)) return Decoder.decode(w);
        return Decoder.decodePrefixed(w, cpu.mmu.load32(ea + 4));
    }
}
