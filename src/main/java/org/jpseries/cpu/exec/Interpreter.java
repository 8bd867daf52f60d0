package org.jpseries.cpu.exec;

import org.jpseries.cpu.jit.BlockCompiler;
import org.jpseries.cpu.jit.CompiledBlock;
import org.jpseries.isa.Effects;
import org.jpseries.isa.Decoder;
import org.jpseries.isa.Op;
import org.jpseries.memory.Page;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.insn.InstructionTable;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Semantics;

/**
 * Runs a {@link Cpu}: fetches through the instruction TLB, decodes each instruction address once
 * into its page's {@link DecodedPage}, and dispatches to the bound {@link Semantics}. Interrupts
 * thrown by an instruction are handed to the CPU's environment at the instruction boundary.
 */
public final class Interpreter {
    private final Cpu cpu;
    private final InstructionTable table;
    /** Compile hot blocks to bytecode (-Djpseries.jit=off runs the plain interpreter). */
    private final boolean jit;
    /**
     * How often a block head must be reached by a branch before its block is compiled. A block
     * becomes a hidden class that HotSpot first runs in its own bytecode interpreter, then
     * C1-compiled with profiling, and only after some 15,000 calls (Tier4 thresholds) as C2 code:
     * compiled earlier, warm code (the idle kernel's timer and scheduler paths, run some
     * thousand times) ran slower than in this interpreter and cost metaspace and compiler time.
     * At the C2 scale a compiled block is soon C2 code. 50 before: docs/bench.md (bench/footprint)
     * has the idle CPU, timer interrupts, boot and compute figures of both.
     */
    public static final int JIT_THRESHOLD = 20_000;
    /** This interpreter's threshold, 1..{@link #MAX_JIT_THRESHOLD} (the heat counters are chars). */
    private final int jitThreshold;
    public static final int MAX_JIT_THRESHOLD = Character.MAX_VALUE;
    /** Blocks this interpreter compiled (tests, diagnostics). */
    private long compiledBlocks;
    private static final CompiledBlock NOT_COMPILABLE = new CompiledBlock(0, -1) {
        @Override
        public int run(Cpu c) {
            throw new IllegalStateException("never run");
        }
    };
    /** Instructions retired, counted per completed instruction (for benchmarks and -d). */
    private long retired;
    /** {@code -d in_asm}: each instruction is logged when it is first decoded, or null. */
    private java.io.PrintStream inAsm;
    private org.jpseries.isa.Disassembler disassembler;

    /**
     * The JIT as configured: {@code -Djpseries.jit=off} runs the plain interpreter, and
     * {@code -Djpseries.jit.threshold=N} compiles a block once its head was reached N times
     * (default {@link #JIT_THRESHOLD}; 1 compiles and chains every block, which the test tiers use
     * to run their programs through compiled code: docs/architecture.md, Tests).
     */
    public Interpreter(Cpu cpu) {
        this(cpu, !"off".equals(System.getProperty("jpseries.jit")), configuredThreshold());
    }

    /** {@code -Djpseries.jit.threshold}, or {@link #JIT_THRESHOLD}; out of range is refused by the constructor. */
    public static int configuredThreshold() {
        String t = System.getProperty("jpseries.jit.threshold");
        if (t == null) return JIT_THRESHOLD;
        try {
            return Integer.parseInt(t.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("jpseries.jit.threshold '" + t + "' is not a number");
        }
    }

    /** @param jit whether hot blocks are compiled to bytecode ({@link BlockCompiler}) */
    public Interpreter(Cpu cpu, boolean jit) {
        this(cpu, jit, JIT_THRESHOLD);
    }

    /** @param jitThreshold branches to a block head before it is compiled (tests use small ones) */
    public Interpreter(Cpu cpu, boolean jit, int jitThreshold) {
        if (jitThreshold < 1 || jitThreshold > MAX_JIT_THRESHOLD) {
            throw new IllegalArgumentException("JIT threshold " + jitThreshold + " outside 1.." + MAX_JIT_THRESHOLD);
        }
        this.cpu = cpu;
        this.table = InstructionTable.forModel(cpu.model);
        this.jit = jit;
        this.jitThreshold = jitThreshold;
    }

    public long retired() {
        return retired;
    }

    /** Blocks compiled so far by this interpreter (the ones that could not be compiled not counted). */
    public long compiledBlocks() {
        return compiledBlocks;
    }

    /**
     * QEMU's {@code -d in_asm} for the system emulator: every instruction is logged with its
     * effective address when this vCPU first decodes it (QEMU logs at translation time too).
     * Compiled blocks reuse decoded slots, so each instruction appears once per code page load.
     */
    public void logInAsm(java.io.PrintStream out) {
        this.inAsm = out;
        if (out != null && disassembler == null) disassembler = new org.jpseries.isa.Disassembler();
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
        boolean blockHead = true;
        CompiledBlock last = null;
        try {
            while (!c.halted) {
                if (c.pending != 0 && service(c)) tag = -1;
                long pc = c.nip;
                // dp.valid: a plain read, see DecodedPage for why that suffices
                if ((pc & ~Page.MASK) != tag || !dp.valid) {
                    dp = codeFor(pc);
                    handlers = dp.handlers;
                    words = dp.words;
                    tag = pc & ~Page.MASK;
                }
                int i = (int) (pc & Page.MASK) >>> 2;
                if (blockHead && jit) {
                    // plain reads: a block is final-field safe, and a block or array not seen
                    // yet is found by blockAt's compare-and-set
                    CompiledBlock[] blocks = dp.blocks;
                    CompiledBlock b = blocks == null ? null : blocks[i];
                    if (b == null || b.pc != pc) b = blockAt(dp, i, pc);
                    if (b != null) {
                        if (last != null && last.valid) last.link(b);
                        // Run from block to block while each one's successor is already known:
                        // no page, slot or translation look-up between them. A changed
                        // translation (Mmu epoch) or an invalidated page ends the chain.
                        long epoch = c.mmu.epoch();
                        while (true) {
                            try {
                                n += b.run(c); // fewer than b.length when a store wrote over the block
                            } catch (GuestInterrupt gi) {
                                n += b.completedBefore(c.cia); // the instructions before the faulting one retired
                                throw gi;
                            }
                            CompiledBlock s = b.successor(c.nip);
                            // a pending request (interrupt, TLB flush) also ends it: see service()
                            if (s == null || !s.valid || c.halted || c.pending != 0 || c.mmu.epoch() != epoch) break;
                            b = s;
                        }
                        last = b;
                        continue;
                    }
                }
                last = null;
                Semantics h = DecodedPage.handler(handlers, i); // acquire: words[i] is another vCPU's maybe
                if (h == null) {
                    h = decodeSlot(dp, i);
                    if (inAsm != null) logDecoded(dp, i, pc);
                }
                c.cia = pc;
                c.nip = pc + 4;
                h.exec(c, words[i]);
                n++;
                blockHead = c.nip != pc + 4;
            }
        } finally {
            retired = n;
        }
    }

    /**
     * Acts on the vCPU's pending requests (system mode only; user mode never raises any): a TLB
     * flush asked by another thread, a refetch after the translation context changed, write
     * translations to drop from pages another vCPU decoded code on, and an
     * asynchronous interrupt when MSR[EE] allows it. Returns true if the code page must be
     * fetched again (the next instruction address or its translation changed).
     */
    /** The requests that drop cached translations or make the code page be fetched again. */
    private static final int TRANSLATION_REQUESTS = Cpu.PENDING_TLB_FLUSH | Cpu.PENDING_REFETCH | Cpu.PENDING_TLB_RANGES;

    static boolean service(Cpu c) {
        // Each request is cleared by take(), which returns what it cleared: acting on a copy
        // read earlier would clear, unseen, a request raised since (another vCPU's shoot-down).
        int p = c.pending;
        boolean refetch = false;
        if ((p & Cpu.PENDING_THROTTLE) != 0 && c.take(Cpu.PENDING_THROTTLE) != 0) {
            c.throttleSleep(); // requests raised while it slept are read below
            p = c.pending;
        }
        if ((p & Cpu.PENDING_PARTITION) != 0 && c.take(Cpu.PENDING_PARTITION) != 0) {
            c.applyPublishedPartitionRegisters(); // may ask for a TLB flush: read the requests again
            p = c.pending;
            refetch = true;
        }
        if ((p & TRANSLATION_REQUESTS) != 0) {
            p = c.take(TRANSLATION_REQUESTS) | (p & ~TRANSLATION_REQUESTS);
            if ((p & (Cpu.PENDING_TLB_FLUSH | Cpu.PENDING_TLB_RANGES)) != 0) {
                // Read the invalidation count after clearing the request and before flushing:
                // everything invalidated up to that count is gone from this TLB afterwards.
                java.util.concurrent.atomic.AtomicLong seq = c.tlbFlushSeq;
                long seen = seq == null ? 0 : seq.get();
                if ((p & Cpu.PENDING_TLB_FLUSH) != 0) {
                    if (!c.tlbRanges.isEmpty()) c.tlbRanges.clear(); // clear() walks the queue even when empty
                    c.mmu.flush();
                } else {
                    for (long[] r; (r = c.tlbRanges.poll()) != null; ) c.mmu.invalidateReal(r[0], r[1]);
                }
                c.tlbFlushedSeq = seen;
            }
            refetch = true;
        }
        if ((p & Cpu.PENDING_CODE_PAGES) != 0 && c.take(Cpu.PENDING_CODE_PAGES) != 0) {
            for (Page page; (page = c.codePages.poll()) != null; ) {
                c.codePageCount.decrementAndGet();
                c.mmu.codeCreated(page);
            }
        }
        if ((p & Cpu.PENDING_INTERRUPTS) != 0 && ((c.msr & Cpu.MSR_EE) != 0 || (p & Cpu.PENDING_SYSTEM_RESET) != 0)
                && c.env.takePending(c)) refetch = true;
        return refetch;
    }

    /**
     * The compiled block starting at slot {@code i}, compiling it once the slot has been reached
     * by a branch {@link #jitThreshold} times; null while it is cold or if it cannot be compiled.
     */
    private CompiledBlock blockAt(DecodedPage dp, int i, long pc) {
        CompiledBlock[] blocks = dp.blocks;
        if (blocks != null && blocks[i] != null) {
            // The slot was compiled already: either it cannot be (NOT_COMPILABLE), or its block
            // was compiled for another address of the same page (a block holds its addresses as
            // constants) and this address is interpreted.
            return null;
        }
        char[] heat = dp.heat;
        if (heat == null) heat = dp.heat = new char[DecodedPage.SLOTS];
        if (++heat[i] < jitThreshold) return null; // counted no further: the slot gets a block or NOT_COMPILABLE
        CompiledBlock b = dp.install(i, compileOrMark(dp, i, pc));
        // b may be another vCPU's (the one all vCPUs use), compiled for another address of the slot
        return b == NOT_COMPILABLE || b.pc != pc ? null : b;
    }

    private CompiledBlock compileOrMark(DecodedPage dp, int i, long pc) {
        CompiledBlock b = compileBlock(dp, i, pc);
        if (b == null) return NOT_COMPILABLE;
        compiledBlocks++;
        return b;
    }

    private CompiledBlock compileBlock(DecodedPage dp, int first, long pc) {
        int max = BlockCompiler.MAX_INSTRUCTIONS;
        Semantics[] hs = new Semantics[max];
        int[] ws = new int[max];
        int[] sizes = new int[max];
        long stores = 0;
        int k = 0;
        for (int j = first; k < max && j < DecodedPage.SLOTS; ) {
            Semantics h = dp.handler(j);
            if (h == null) h = decodeSlot(dp, j);
            int w = dp.words[j];
            boolean prefixed = Decoder.isPrefix(w) && (j & 15) != 15;
            Op op = prefixed ? Decoder.decodePrefixed(w, dp.fetchWord(j + 1)) : Decoder.decode(w);
            // A system call starts a block of its own: an interrupt that an instruction before it
            // raised (a device store, msgsndp) is then taken before it, as the interpreter takes
            // it, because the chain checks pending requests between blocks.
            if (k > 0 && op != null && op.effects.systemCall) break;
            hs[k] = h;
            ws[k] = w;
            sizes[k] = prefixed ? 8 : 4;
            // a store may write over a later instruction of this block (op null: illegal, it traps)
            if (op != null && (op.effects.access == Effects.Access.STORE || op.effects.access == Effects.Access.LOAD_STORE)) stores |= 1L << k;
            k++;
            if (Op.endsBlock(op)) break; // the rule of isa/properties.csv (branches, sc/scv, rfid, isync, mtmsr(d), ...)
            j += prefixed ? 2 : 1;
        }
        try {
            return BlockCompiler.compile(pc, hs, ws, sizes, stores, k);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * The page's decoded copy for this byte order, attached by compare-and-set if there is none,
     * so that every vCPU uses the one copy a store to the page invalidates. (vCPUs running one
     * page in both byte orders replace each other's copy, each time invalidating the other.)
     */
    private DecodedPage codeFor(long pc) {
        Page p = cpu.mmu.fetchPage(pc);
        boolean le = cpu.littleEndian();
        while (true) {
            Page.PageCode cur = p.code;
            if (cur instanceof DecodedPage d && d.valid && d.littleEndian == le) return d;
            DecodedPage d = new DecodedPage(p, le);
            if (p.publishCode(cur, d)) {
                cpu.codeCreated(p);
                return d;
            }
        }
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
        dp.decoded(i, w, s);
        return s;
    }

    private void logDecoded(DecodedPage dp, int i, long pc) {
        int w = dp.words[i];
        String text = Decoder.isPrefix(w) && (i & 15) != 15
                ? disassembler.disassemblePrefixed(w, dp.words[i + 1] == 0 ? dp.fetchWord(i + 1) : dp.words[i + 1], pc)
                : disassembler.disassemble(w, pc);
        inAsm.printf("0x%016x:  %s%n", pc, text);
    }

    /** The op at an address as the interpreter would decode it (for tracing and tests). */
    public static Op decodeAt(Cpu cpu, long ea) {
        int w = cpu.mmu.load32(ea);
        if (!Decoder.isPrefix(w)) return Decoder.decode(w);
        return Decoder.decodePrefixed(w, cpu.mmu.load32(ea + 4));
    }
}
