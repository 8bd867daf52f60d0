package org.jpseries.cpu.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.Hypervisor;
import org.jpseries.cpu.exec.Interpreter;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.SupervisorEnvironment;
import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.Mmu;
import org.jpseries.cpu.SystemTranslator;
import org.jpseries.mmu.hash.HashPageTable;

/**
 * A system-mode vCPU for tests, built the way the platform builds one: guest RAM, the system
 * translator, the supervisor environment with this object as the hypervisor. By default every
 * hcall ({@code sc 1}) is recorded and stops the run, so interrupt vectors that hold
 * {@code sc 1} show where the CPU went. A watchdog fails runs that never stop.
 */
public final class SystemCode implements Hypervisor {
    public static final long RAM_SIZE = 64L << 20;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "system-code-watchdog");
        t.setDaemon(true);
        return t;
    });

    public final GuestRam ram;
    public final Cpu cpu;
    public final SystemTranslator translator;
    public final SupervisorEnvironment env;
    /** The nip of each hcall (past the sc). */
    public final List<Long> hcallAddresses = new ArrayList<>();
    /** Handles hcalls instead of stopping; null stops at every hcall. */
    public Consumer<Cpu> hcallHandler;
    public GuestInterrupt checkstop;
    private volatile boolean timedOut;

    public SystemCode(CpuModel model) {
        this(model, new GuestRam(RAM_SIZE));
    }

    /** Another vCPU on the same guest RAM (SMP tests: each one runs on its own host thread). */
    public SystemCode(CpuModel model, GuestRam ram) {
        this.ram = ram;
        cpu = new Cpu(model, new Mmu(null));
        translator = new SystemTranslator(cpu, ram);
        cpu.mmu.setTranslator(translator);
        env = new SupervisorEnvironment(this);
        cpu.env = env;
        cpu.sys.spr[Spr.LPCR] = Spr.LPCR_ILE;
        cpu.writeMsr(Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_LE);
    }

    public SystemCode() {
        this(CpuModel.POWER9);
    }

    /** Writes instruction words at a real address in the given byte order. */
    public SystemCode put(long ra, boolean littleEndian, int... words) {
        byte[] b = new byte[4 * words.length];
        for (int i = 0; i < words.length; i++) {
            int w = littleEndian ? Integer.reverseBytes(words[i]) : words[i];
            b[4 * i] = (byte) (w >>> 24);
            b[4 * i + 1] = (byte) (w >>> 16);
            b[4 * i + 2] = (byte) (w >>> 8);
            b[4 * i + 3] = (byte) w;
        }
        ram.write(ra, b, 0, b.length);
        return this;
    }

    /** Little-endian words at a real address. */
    public SystemCode put(long ra, int... words) {
        return put(ra, true, words);
    }

    /** Puts {@code sc 1} (little-endian) at each of the given interrupt vectors. */
    public SystemCode trapVectors(long... vectors) {
        for (long v : vectors) put(v, Enc.HCALL);
        return this;
    }

    public SystemCode set(int r, long v) {
        cpu.gpr[r] = v;
        return this;
    }

    public long r(int n) {
        return cpu.gpr[n];
    }

    public long spr(int n) {
        return cpu.sys.spr[n];
    }

    /** Runs from {@code pc} until an hcall stops it (or the watchdog, which fails the test). */
    public SystemCode runAt(long pc) {
        cpu.halted = false;
        cpu.nip = pc;
        timedOut = false;
        ScheduledFuture<?> stop = WATCHDOG.schedule(() -> {
            timedOut = true;
            cpu.halted = true;
            cpu.kick();
        }, 10, TimeUnit.SECONDS);
        new Interpreter(cpu).run();
        stop.cancel(false);
        if (timedOut) throw new AssertionError("system code did not stop within 10 s; nip=0x" + Long.toHexString(cpu.nip));
        return this;
    }

    /** Address of the last hcall's sc instruction. */
    public long lastHcall() {
        return hcallAddresses.get(hcallAddresses.size() - 1) - 4;
    }

    @Override
    public void hypercall(Cpu c) {
        hcallAddresses.add(c.nip);
        if (hcallHandler != null) hcallHandler.accept(c);
        else c.halted = true;
    }

    @Override
    public void checkstop(Cpu c, GuestInterrupt cause) {
        checkstop = cause;
        c.halted = true;
    }

    // ---- hash MMU set-up ------------------------------------------------------------------------

    public HashPageTable hpt;

    /** Installs an HPT of 2^18 bytes. */
    public HashPageTable withHpt() {
        hpt = new HashPageTable(18, ram);
        translator.setPageTable(hpt);
        return hpt;
    }
}
