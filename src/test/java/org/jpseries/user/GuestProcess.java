package org.jpseries.user;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Mmu;

/**
 * A guest process for system-call tests: an address space with a scratch area, a little-endian
 * 64-bit problem-state CPU, in-memory standard streams, and a helper that issues a call the way
 * {@code sc} would (number in r0, arguments in r3..r8) and returns r3 as -errno on error.
 */
final class GuestProcess {
    static final long SCRATCH = 0x2000_0000L;
    static final int SCRATCH_SIZE = 64 * Page.SIZE;

    final AddressSpace space = new AddressSpace();
    final Cpu cpu = new Cpu(CpuModel.POWER9, new Mmu(space));
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Syscalls sys;
    final LinuxUser proc;
    private long bump = SCRATCH;

    GuestProcess(String stdin) {
        cpu.setMsr(Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_LE);
        space.map(SCRATCH, SCRATCH_SIZE, Page.PROT_READ | Page.PROT_WRITE);
        PrintStream e = new PrintStream(err, true);
        sys = new Syscalls(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, e);
        proc = new LinuxUser(space, sys, e);
        proc.attach(cpu);
        proc.memory.setBrkStart(0x1010_0000L);
        proc.programPath = java.nio.file.Path.of("/bin/true");
    }

    GuestProcess() {
        this("");
    }

    /** Issues system call nr with up to six arguments; returns r3, negated when CR0[SO] reports an error. */
    long call(int nr, long... args) {
        cpu.gpr[0] = nr;
        for (int i = 0; i < 6; i++) cpu.gpr[3 + i] = i < args.length ? args[i] : 0;
        proc.systemCall(cpu, 0, false);
        return (cpu.cr & (1 << 28)) != 0 ? -cpu.gpr[3] : cpu.gpr[3];
    }

    /** Scratch memory of n bytes (8-aligned). */
    long alloc(int n) {
        long a = bump;
        bump += (n + 7) & ~7;
        return a;
    }

    long string(String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        long a = alloc(b.length);
        proc.mem.write(a, b);
        return a;
    }

    String readString(long a, int len) {
        return new String(proc.mem.read(a, len), StandardCharsets.UTF_8);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
