package org.jpseries.cpu;

import org.jpseries.memory.Page;
import org.jpseries.mmu.Mmu;
import org.jpseries.user.AddressSpace;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.exec.Interpreter;

/**
 * The CPU every instruction-test rig starts from: a {@link Cpu} over a user {@link AddressSpace}
 * (the rig maps what it needs), run by the real {@link Interpreter} until an {@code sc} (counted,
 * halts) or an interrupt (kept in {@link #interrupt}, halts). Code is written in the CPU's byte
 * order, so MSR[LE] decides how the words land in memory.
 */
public class BareCpu implements CpuEnvironment {
    public static final int SC = 0x44000002;

    public final AddressSpace space = new AddressSpace();
    public final Cpu cpu;
    /** The interrupt that stopped the last run, or null. */
    public GuestInterrupt interrupt;
    public int systemCalls;
    public boolean lastWasScv;

    public BareCpu(CpuModel model, long msr) {
        cpu = new Cpu(model, new Mmu(space));
        cpu.env = this;
        cpu.setMsr(msr);
    }

    /** Writes the words at {@code at} in the CPU's byte order, followed by {@code sc} when {@code thenSc}. */
    public void load(long at, int[] words, boolean thenSc) {
        int n = words.length + (thenSc ? 1 : 0);
        byte[] b = new byte[4 * n];
        boolean le = cpu.littleEndian();
        for (int i = 0; i < n; i++) {
            int w = i < words.length ? words[i] : SC;
            for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (w >>> (le ? 8 * k : 24 - 8 * k));
        }
        space.poke(at, b, 0, b.length);
    }

    /**
     * The JIT threshold of test programs: their loops run a few hundred times, far below the
     * machine's {@link Interpreter#JIT_THRESHOLD}, and must still run compiled blocks (as they did
     * when 50 was the machine's threshold too). {@code -Djpseries.jit.threshold=N} overrides it.
     */
    public static final int TEST_JIT_THRESHOLD = 50;

    /** Runs from {@code at} until {@code sc} or an interrupt; returns the interpreter (for its counters). */
    public Interpreter runFrom(long at, boolean jit) {
        int threshold = System.getProperty("jpseries.jit.threshold") != null ? Interpreter.configuredThreshold() : TEST_JIT_THRESHOLD;
        return runFrom(at, new Interpreter(cpu, jit, threshold));
    }

    /** {@link #runFrom(long, boolean)} with the JIT as configured (-Djpseries.jit). */
    public Interpreter runFrom(long at) {
        return runFrom(at, !"off".equals(System.getProperty("jpseries.jit")));
    }

    /** Runs {@code in} from {@code at} until {@code sc} or an interrupt. */
    public Interpreter runFrom(long at, Interpreter in) {
        interrupt = null;
        cpu.halted = false;
        cpu.nip = at;
        in.run();
        return in;
    }

    // ---- guest memory byte by byte, past the MMU and the protections under test ----

    public void poke(long ea, byte... bytes) {
        for (int k = 0; k < bytes.length; k++) {
            Page p = space.page(ea + k);
            p.put((int) ((ea + k) & Page.MASK), bytes[k]);
        }
    }

    public byte peek(long ea) {
        Page p = space.page(ea);
        return p.get((int) (ea & Page.MASK));
    }

    public byte[] peek(long ea, int n) {
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) b[k] = peek(ea + k);
        return b;
    }

    // ---- registers ----

    /** VR[n] = VSR[32 + n] as its two doublewords (ISA numbering: hi = bits 0:63). */
    public void setVr(int n, long hi, long lo) {
        cpu.vsr[64 + 2 * n] = hi;
        cpu.vsr[65 + 2 * n] = lo;
    }

    public long vrHi(int n) {
        return cpu.vsr[64 + 2 * n];
    }

    public long vrLo(int n) {
        return cpu.vsr[65 + 2 * n];
    }

    @Override
    public void systemCall(Cpu c, int lev, boolean scv) {
        systemCalls++;
        lastWasScv = scv;
        c.halted = true;
    }

    @Override
    public void interrupt(Cpu c, GuestInterrupt gi) {
        interrupt = gi;
        c.halted = true;
    }
}
