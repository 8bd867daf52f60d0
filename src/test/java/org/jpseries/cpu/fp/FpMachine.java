package org.jpseries.cpu.fp;

import org.jpseries.cpu.BareCpu;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.Page;

/** A bare little-endian CPU running instruction words through the real {@link org.jpseries.cpu.exec.Interpreter} until {@code sc}. */
final class FpMachine extends BareCpu {
    static final long CODE = 0x10000, DATA = 0x20000;

    FpMachine() {
        super(CpuModel.POWER10, Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX | Cpu.MSR_LE);
        space.map(CODE, Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
        space.map(DATA, Page.SIZE, Page.PROT_READ | Page.PROT_WRITE);
    }

    FpMachine run(int... words) {
        load(CODE, words, true);
        runFrom(CODE);
        return this;
    }

    void fpr(int i, double v) {
        cpu.vsr[2 * i] = Double.doubleToRawLongBits(v);
    }

    void fprBits(int i, long v) {
        cpu.vsr[2 * i] = v;
    }

    long fprBits(int i) {
        return cpu.vsr[2 * i];
    }

    double fpr(int i) {
        return Double.longBitsToDouble(cpu.vsr[2 * i]);
    }
}
