package org.jpseries.cpu.vector;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuEnvironment;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.GuestInterrupt;
import org.jpseries.cpu.Interpreter;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Mmu;
import org.jpseries.user.AddressSpace;

/**
 * A bare CPU for instruction tests: code at {@link #CODE}, data at {@link #DATA}, run through the
 * real {@link Interpreter} until the {@code sc} appended after the instructions under test.
 */
final class VecMachine {
    static final long CODE = 0x10000, DATA = 0x20000;
    static final int SC = 0x44000002;

    final AddressSpace as = new AddressSpace();
    final Cpu cpu;
    GuestInterrupt interrupt;

    VecMachine(CpuModel model, boolean littleEndian) {
        as.map(CODE, Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
        as.map(DATA, 2 * Page.SIZE, Page.PROT_READ | Page.PROT_WRITE);
        cpu = new Cpu(model, new Mmu(as));
        cpu.setMsr(Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX | (littleEndian ? Cpu.MSR_LE : 0));
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

    VecMachine(boolean littleEndian) {
        this(CpuModel.POWER10, littleEndian);
    }

    /** Writes the words (in the guest byte order) followed by sc, and runs them. */
    VecMachine run(int... words) {
        byte[] code = as.page(CODE).data;
        int base = as.page(CODE).base;
        boolean le = cpu.littleEndian();
        for (int i = 0; i <= words.length; i++) {
            int w = i < words.length ? words[i] : SC;
            for (int k = 0; k < 4; k++) {
                code[base + 4 * i + k] = (byte) (w >>> (le ? 8 * k : 24 - 8 * k));
            }
        }
        as.page(CODE).dropCode();
        interrupt = null;
        cpu.halted = false;
        cpu.nip = CODE;
        new Interpreter(cpu).run();
        return this;
    }

    void setVr(int n, long hi, long lo) {
        cpu.vsr[64 + 2 * n] = hi;
        cpu.vsr[65 + 2 * n] = lo;
    }

    long vrHi(int n) {
        return cpu.vsr[64 + 2 * n];
    }

    long vrLo(int n) {
        return cpu.vsr[65 + 2 * n];
    }

    void setVsr(int n, long hi, long lo) {
        cpu.vsr[2 * n] = hi;
        cpu.vsr[2 * n + 1] = lo;
    }

    /** Writes raw bytes at a data address (byte order independent). */
    void poke(long ea, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            long a = ea + i;
            as.page(a).data[as.page(a).base + (int) (a & Page.MASK)] = bytes[i];
        }
    }

    byte[] peek(long ea, int len) {
        byte[] r = new byte[len];
        for (int i = 0; i < len; i++) {
            long a = ea + i;
            r[i] = as.page(a).data[as.page(a).base + (int) (a & Page.MASK)];
        }
        return r;
    }

    /** The bytes 0, 1, ..., n-1 plus {@code start}. */
    static byte[] ramp(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (start + i);
        return b;
    }
}
