package org.jpseries.cpu.vector;

import org.jpseries.cpu.BareCpu;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.Page;

/**
 * A bare CPU for instruction tests: code at {@link #CODE}, data at {@link #DATA}, run through the
 * real {@link org.jpseries.cpu.exec.Interpreter} until the {@code sc} appended after the instructions under test.
 */
final class VecMachine extends BareCpu {
    static final long CODE = 0x10000, DATA = 0x20000;

    VecMachine(CpuModel model, boolean littleEndian) {
        super(model, Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX | (littleEndian ? Cpu.MSR_LE : 0));
        space.map(CODE, Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
        space.map(DATA, 2 * Page.SIZE, Page.PROT_READ | Page.PROT_WRITE);
    }

    VecMachine(boolean littleEndian) {
        this(CpuModel.POWER10, littleEndian);
    }

    /** Writes the words (in the guest byte order) followed by sc, and runs them. */
    VecMachine run(int... words) {
        load(CODE, words, true);
        runFrom(CODE);
        return this;
    }

    void setVsr(int n, long hi, long lo) {
        cpu.vsr[2 * n] = hi;
        cpu.vsr[2 * n + 1] = lo;
    }

    /** The bytes 0, 1, ..., n-1 plus {@code start}. */
    static byte[] ramp(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (start + i);
        return b;
    }
}
