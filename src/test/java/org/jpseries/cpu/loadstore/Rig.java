package org.jpseries.cpu.loadstore;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuEnvironment;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.GuestInterrupt;
import org.jpseries.cpu.Interpreter;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Mmu;
import org.jpseries.user.AddressSpace;

/**
 * A problem-state CPU over a user address space: code at {@link #CODE}, three read/write data
 * pages at {@link #DATA}, a read-only page after them and nothing mapped after that. A program
 * is a list of instruction words ending in {@code sc}, which stops the run; an interrupt stops
 * it too and is kept in {@link #fault}.
 */
final class Rig implements CpuEnvironment {
    static final long CODE = 0x10000;
    static final long DATA = 0x20000;
    static final long READ_ONLY = DATA + 3 * Page.SIZE;
    static final long UNMAPPED = READ_ONLY + Page.SIZE;

    final AddressSpace space = new AddressSpace();
    final Mmu mmu = new Mmu(space);
    final Cpu cpu;
    final List<Integer> code = new ArrayList<>();
    GuestInterrupt fault;
    boolean sawSc;

    Rig(CpuModel model, boolean littleEndian) {
        cpu = new Cpu(model, mmu);
        cpu.env = this;
        cpu.setMsr(Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_EE | (littleEndian ? Cpu.MSR_LE : 0));
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

    /** Writes the program in the CPU's byte order, runs it from CODE and returns whether it reached sc. */
    boolean run() {
        code.add(Asm.SC);
        byte[] b = new byte[4 * code.size()];
        boolean le = cpu.littleEndian();
        for (int i = 0; i < code.size(); i++) {
            int w = code.get(i);
            for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (w >>> (le ? 8 * k : 24 - 8 * k));
        }
        space.poke(CODE, b, 0, b.length);
        cpu.nip = CODE;
        cpu.halted = false;
        new Interpreter(cpu).run();
        return sawSc;
    }

    @Override
    public void systemCall(Cpu c, int lev, boolean scv) {
        sawSc = true;
        c.halted = true;
    }

    @Override
    public void interrupt(Cpu c, GuestInterrupt gi) {
        fault = gi;
        c.halted = true;
    }

    // ---- guest memory, byte by byte (independent of the MMU under test) ----

    void poke(long ea, byte... bytes) {
        for (int k = 0; k < bytes.length; k++) {
            Page p = space.page(ea + k);
            p.data[p.base + (int) ((ea + k) & Page.MASK)] = bytes[k];
        }
    }

    byte peek(long ea) {
        Page p = space.page(ea);
        return p.data[p.base + (int) (ea & Page.MASK)];
    }

    byte[] peek(long ea, int n) {
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) b[k] = peek(ea + k);
        return b;
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
