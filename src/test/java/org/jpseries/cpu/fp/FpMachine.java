package org.jpseries.cpu.fp;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuEnvironment;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.GuestInterrupt;
import org.jpseries.cpu.Interpreter;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Mmu;
import org.jpseries.user.AddressSpace;

/** A bare little-endian CPU running instruction words through the real {@link Interpreter} until {@code sc}. */
final class FpMachine {
    static final long CODE = 0x10000, DATA = 0x20000;
    static final int SC = 0x44000002;

    final AddressSpace as = new AddressSpace();
    final Cpu cpu;
    GuestInterrupt interrupt;

    FpMachine() {
        as.map(CODE, Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
        as.map(DATA, Page.SIZE, Page.PROT_READ | Page.PROT_WRITE);
        cpu = new Cpu(CpuModel.POWER10, new Mmu(as));
        cpu.setMsr(Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX | Cpu.MSR_LE);
        cpu.env = new CpuEnvironment() {
            @Override
            public void systemCall(Cpu c, int lev, boolean scv) {
                c.halted = true;
            }

            @Override
            public void interrupt(Cpu c, GuestInterrupt gi) {
                interrupt = gi;
                c.halted = true;
            }
        };
    }

    FpMachine run(int... words) {
        byte[] code = as.page(CODE).data;
        int base = as.page(CODE).base;
        for (int i = 0; i <= words.length; i++) {
            int w = i < words.length ? words[i] : SC;
            for (int k = 0; k < 4; k++) code[base + 4 * i + k] = (byte) (w >>> (8 * k)); // little-endian
        }
        as.page(CODE).dropCode();
        interrupt = null;
        cpu.halted = false;
        cpu.nip = CODE;
        new Interpreter(cpu).run();
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

    void vr(int n, long hi, long lo) {
        cpu.vsr[64 + 2 * n] = hi;
        cpu.vsr[65 + 2 * n] = lo;
    }

    long vrHi(int n) {
        return cpu.vsr[64 + 2 * n];
    }

    long vrLo(int n) {
        return cpu.vsr[65 + 2 * n];
    }
}
