package org.jpseries.cpu.loadstore;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.BareCpu;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Mmu;

/**
 * A problem-state CPU over a user address space: code at {@link #CODE}, three read/write data
 * pages at {@link #DATA}, a read-only page after them and nothing mapped after that. A program
 * is a list of instruction words ending in {@code sc}, which stops the run; an interrupt stops
 * it too and is kept in {@link #interrupt}.
 */
final class Rig extends BareCpu {
    static final long CODE = 0x10000;
    static final long DATA = 0x20000;
    static final long READ_ONLY = DATA + 3 * Page.SIZE;
    static final long UNMAPPED = READ_ONLY + Page.SIZE;

    final Mmu mmu = cpu.mmu;
    final List<Integer> code = new ArrayList<>();

    Rig(CpuModel model, boolean littleEndian) {
        super(model, Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_EE | (littleEndian ? Cpu.MSR_LE : 0));
        space.map(CODE, Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
        space.map(DATA, 3 * Page.SIZE, Page.PROT_READ | Page.PROT_WRITE);
        space.map(READ_ONLY, Page.SIZE, Page.PROT_READ);
    }

    static Rig le() { return new Rig(CpuModel.POWER10, true); }
    static Rig be() { return new Rig(CpuModel.POWER10, false); }

    Rig emit(int... words) {
        for (int w : words) code.add(w);
        return this;
    }

    /** Emits a prefixed instruction, padding so that it does not cross a 64-byte boundary. */
    Rig emitPrefixed(int prefix, int suffix) {
        if ((code.size() & 15) == 15) code.add(Asm.addi(31, 31, 0));
        code.add(prefix);
        code.add(suffix);
        return this;
    }

    /** Address the next emitted word will have. */
    long here() {
        return CODE + 4L * code.size();
    }

    /** Writes the program and sc in the CPU's byte order, runs it from CODE and returns whether it reached sc. */
    boolean run() {
        int[] words = new int[code.size()];
        for (int i = 0; i < words.length; i++) words[i] = code.get(i);
        code.add(Asm.SC);
        load(CODE, words, true);
        runFrom(CODE);
        return sawSc();
    }

    boolean sawSc() {
        return systemCalls > 0;
    }

    /** Fills [ea, ea+n) with a pattern that differs at every byte: (seed + 7k) mod 256. */
    void pattern(long ea, int n, int seed) {
        for (int k = 0; k < n; k++) poke(ea + k, (byte) (seed + 7 * k));
    }

    /** Guest value of {@code size} bytes at ea in the byte order given, built from the bytes. */
    long value(long ea, int size, boolean le) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            long b = peek(ea + k) & 0xFFL;
            v = le ? v | b << (8 * k) : v << 8 | b;
        }
        return v;
    }
}
