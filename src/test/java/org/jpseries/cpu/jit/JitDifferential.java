package org.jpseries.cpu.jit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.BareCpu;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuEnvironment;
import org.jpseries.cpu.TimeBase;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.exec.Interpreter;
import org.jpseries.memory.MmioDevice;
import org.jpseries.memory.MmioMap;
import org.jpseries.memory.MmioPage;
import org.jpseries.memory.Page;
import org.jpseries.mmu.Access;
import org.jpseries.mmu.Mmu;
import org.jpseries.user.AddressSpace;

/**
 * The correctness gate of the JIT (issue 12 item 6): runs a {@link FuzzProgram} through the
 * interpreter with every block compiled and chained (threshold 1) and through the plain
 * interpreter, and compares all architected state at every exit: GPR, CR, XER (SO, OV, CA, OV32,
 * CA32, the string count), LR, CTR, FPSCR, VSR, VSCR, MSR, cia/nip, the reservation, RAM, what
 * the interrupt device saw, and the retired-instruction count.
 *
 * <p>Exits are the final {@code sc}, every synchronous interrupt (storage, alignment, program:
 * the driver then resumes after the instruction, or at the end after an instruction storage
 * interrupt), and every asynchronous interrupt. A store to the interrupt device raises one in the
 * middle of a block; the engine takes it at an instruction boundary of its choosing (a compiled
 * block at its end) by branching to an {@code sc} at {@link ProgramGenerator#VECTOR}, whose exit
 * returns to the interrupted address. The JIT runs first; the reference interpreter is then
 * stopped at exactly the boundaries the JIT chose (it is offered the interrupt before every
 * instruction and takes it there), so an engine that takes an interrupt late still compares
 * equal, and one that loses state on the way does not.
 */
final class JitDifferential {
    /** Exits after which a run stops (a program faulting in a loop exits a few dozen times). */
    static final int MAX_EXITS = 400;
    static final long TIMEOUT_MS = 10_000;
    /** A stopped time base: mftb reads the same value in every run (JitDiffProgramsTest too). */
    static final TimeBase FROZEN = new TimeBase();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jit-differential watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        FROZEN.stop();
    }

    private JitDifferential() {}

    /**
     * Whether an asynchronous interrupt raised before an {@code sc} must be taken before it (the
     * interpreter takes it at the next instruction boundary; sc is context synchronising, Book III
     * 1.7.1). On: a system call starts a compiled block of its own, so the chain looks at pending
     * requests just before it. A test may turn it off to show what it checks.
     */
    static volatile boolean strictSc = true;

    /** A difference: the program, the exit it shows at, and what differs. */
    record Finding(FuzzProgram program, int exit, String what) {
        String report() {
            return "JIT and interpreter differ at exit " + exit + ": " + what + "\n" + program.listing();
        }
    }

    /** The architected state at one exit, as a comparable list of named values. */
    record Snapshot(String kind, List<String> names, long[] values, byte[] ram, String device) {
        String differenceFrom(Snapshot ref) {
            if (!kind.equals(ref.kind)) return "exit kind: JIT " + kind + ", interpreter " + ref.kind
                    + " (JIT " + summary() + ", interpreter " + ref.summary() + ")";
            for (int i = 0; i < values.length; i++) {
                if (values[i] != ref.values[i]) {
                    return String.format("%s after %s: JIT 0x%x, interpreter 0x%x (%s)", names.get(i), kind, values[i],
                            ref.values[i], summary());
                }
            }
            int m = Arrays.mismatch(ram, ref.ram);
            if (m >= 0) {
                return String.format("RAM 0x%x after %s: JIT %02x, interpreter %02x (%s)", ProgramGenerator.RAM + m, kind,
                        ram[m], ref.ram[m], summary());
            }
            if (!device.equals(ref.device)) return "interrupt device accesses after " + kind + ": JIT " + device + ", interpreter " + ref.device;
            return null;
        }

        String summary() {
            return String.format("retired %d, cia 0x%x", values[0], values[1]);
        }
    }

    /** Runs the program both ways; null when every exit agrees. */
    static Finding compare(FuzzProgram p) {
        List<Snapshot> jit = run(p, true, null);
        List<long[]> asyncAt = new ArrayList<>();
        for (int i = 0; i < jit.size(); i++) {
            if (jit.get(i).kind.equals("async")) asyncAt.add(new long[] {jit.get(i).values[0] - 1, i});
        }
        List<Snapshot> ref = run(p, false, asyncAt);
        if (!ref.isEmpty() && ref.getLast().kind.equals("timeout")) {
            throw new IllegalStateException("the interpreter did not finish this program in " + TIMEOUT_MS + " ms: "
                    + "a generator bug\n" + p.listing());
        }
        for (int i = 0; i < Math.min(jit.size(), ref.size()); i++) {
            String d = jit.get(i).differenceFrom(ref.get(i));
            if (d != null) return new Finding(p, i, d);
        }
        if (jit.size() != ref.size()) {
            int i = Math.min(jit.size(), ref.size());
            return new Finding(p, i, "JIT exits " + jit.size() + " times, interpreter " + ref.size() + " times");
        }
        return null;
    }

    /**
     * A smaller program that still differs: each template (loop, indirect branch) and then each
     * other word is replaced by nops while the difference stays (greedy, back to front; the
     * words twice, since a removal can make an earlier one removable).
     */
    static Finding minimise(Finding f) {
        FuzzProgram p = f.program;
        Finding best = f;
        int[] w = p.words().clone();
        for (int t = p.templates().size() - 1; t >= 0; t--) {
            int[] saved = w.clone();
            for (int i : p.templates().get(t)) w[i] = FuzzProgram.NOP;
            Finding g = compareQuietly(p.withWords(w.clone()));
            if (g != null) best = g;
            else w = saved;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = w.length - 2; i >= 0; i--) {
                if (w[i] == FuzzProgram.NOP || p.inTemplate(i)) continue;
                int saved = w[i];
                w[i] = FuzzProgram.NOP;
                Finding g = compareQuietly(p.withWords(w.clone()));
                if (g != null) best = g;
                else w[i] = saved;
            }
        }
        return best;
    }

    private static Finding compareQuietly(FuzzProgram p) {
        try {
            return compare(p);
        } catch (IllegalStateException e) {
            return null; // the smaller program does not end: not a smaller example
        }
    }

    /**
     * Runs the program with the JIT at threshold 1, or interpreted and interrupted as
     * {@code asyncAt} says: at instruction boundary [0] (instructions retired before it) as
     * exit number [1] (the JIT may have taken a fault at that boundary first).
     */
    static List<Snapshot> run(FuzzProgram p, boolean jit, List<long[]> asyncAt) {
        Rig rig = new Rig(p, jit, asyncAt);
        List<Snapshot> exits = new ArrayList<>();
        Cpu c = rig.cpu;
        c.nip = ProgramGenerator.CODE;
        boolean[] timedOut = {false};
        ScheduledFuture<?> dog = WATCHDOG.schedule(() -> {
            timedOut[0] = true;
            c.halted = true;
        }, TIMEOUT_MS, TimeUnit.MILLISECONDS);
        try {
            while (exits.size() < MAX_EXITS) {
                rig.startSegment(exits.size());
                c.halted = false;
                rig.exitKind = null;
                rig.in.run();
                if (timedOut[0]) {
                    exits.add(new Snapshot("timeout", List.of(), new long[] {rig.in.retired(), c.cia}, new byte[0], ""));
                    break;
                }
                exits.add(rig.snapshot());
                if (rig.exitKind.startsWith("exit")) return exits;
                switch (rig.exitKind) {
                    case "async" -> c.nip = rig.interrupted;
                    default -> {
                        GuestInterrupt gi = rig.fault;
                        boolean fetch = gi.kind == Interrupt.INSTRUCTION_STORAGE || gi.kind == Interrupt.INSTRUCTION_SEGMENT;
                        c.nip = fetch ? p.end() : c.cia + 4;
                    }
                }
            }
            return exits;
        } finally {
            dog.cancel(false);
        }
    }

    /** One machine: user address space with code, RAM and the interrupt device; records its exits. */
    static final class Rig implements CpuEnvironment, MmioDevice {
        final AddressSpace space = new AddressSpace();
        final Cpu cpu;
        final Interpreter in;
        final boolean reference;
        final List<long[]> asyncAt;
        final FuzzProgram program;
        int nextAsync;
        long segmentStart;
        int boundaries;
        String exitKind;
        GuestInterrupt fault;
        long interrupted;
        final StringBuilder device = new StringBuilder();
        long deviceReads;

        Rig(FuzzProgram p, boolean jit, List<long[]> asyncAt) {
            this.program = p;
            this.reference = !jit;
            this.asyncAt = asyncAt;
            MmioPage devicePage = new MmioPage(new MmioMap().add("interrupt device", ProgramGenerator.DEVICE, Page.SIZE, this), 0, 0);
            cpu = new Cpu(p.model(), new Mmu((ea, access) -> (ea & ~Page.MASK) == ProgramGenerator.DEVICE && access != Access.FETCH
                    ? devicePage : space.translate(ea, access)));
            cpu.env = this;
            cpu.timeBase = FROZEN;
            cpu.setMsr(p.msr());
            space.map(ProgramGenerator.CODE, Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
            space.map(ProgramGenerator.VECTOR, Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
            space.map(ProgramGenerator.RAM, ProgramGenerator.RAM_SIZE, Page.PROT_READ | Page.PROT_WRITE);
            poke(ProgramGenerator.CODE, p.words());
            poke(ProgramGenerator.VECTOR, new int[] {BareCpu.SC});
            space.poke(ProgramGenerator.RAM, p.ram(), 0, p.ram().length);
            System.arraycopy(p.gpr(), 0, cpu.gpr, 0, 32);
            System.arraycopy(p.vsr(), 0, cpu.vsr, 0, 128);
            cpu.cr = p.cr();
            int x = p.xerBits();
            cpu.so = (x & 16) != 0;
            cpu.ov = (x & 8) != 0;
            cpu.ca = (x & 4) != 0;
            cpu.ov32 = (x & 2) != 0;
            cpu.ca32 = (x & 1) != 0;
            cpu.ctr = p.ctr();
            cpu.lr = p.lr();
            cpu.fpscr = p.fpscr();
            in = new Interpreter(cpu, jit, 1);
        }

        private void poke(long at, int[] words) {
            boolean le = cpu.littleEndian();
            byte[] b = new byte[4 * words.length];
            for (int i = 0; i < words.length; i++) {
                for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (words[i] >>> (le ? 8 * k : 24 - 8 * k));
            }
            space.poke(at, b, 0, b.length);
        }

        int exitsSoFar;

        void startSegment(int exits) {
            exitsSoFar = exits;
            segmentStart = in.retired();
            boundaries = 0;
            // the reference is offered an interrupt before every instruction (see takePending)
            if (reference) cpu.raise(Cpu.PENDING_EXTERNAL);
        }

        @Override
        public boolean takePending(Cpu c) {
            if (reference) {
                long boundary = segmentStart + boundaries++;
                if (nextAsync >= asyncAt.size() || asyncAt.get(nextAsync)[0] != boundary
                        || asyncAt.get(nextAsync)[1] != exitsSoFar) return false;
                nextAsync++;
            } else {
                c.lower(Cpu.PENDING_INTERRUPTS);
            }
            interrupted = c.nip;
            c.nip = ProgramGenerator.VECTOR;
            return true;
        }

        @Override
        public void systemCall(Cpu c, int lev, boolean scv) {
            exitKind = c.cia == ProgramGenerator.VECTOR ? "async" : "exit";
            if (!reference && strictSc && (c.pending & Cpu.PENDING_INTERRUPTS) != 0) {
                exitKind = "exit with an interrupt raised before the sc still pending";
            }
            if (reference) c.lower(Cpu.PENDING_EXTERNAL);
            c.halted = true;
        }

        @Override
        public void interrupt(Cpu c, GuestInterrupt gi) {
            exitKind = gi.kind + String.format(" (detail 0x%x, address 0x%x)", gi.detail, gi.address);
            fault = gi;
            if (reference) c.lower(Cpu.PENDING_EXTERNAL);
            c.halted = true;
        }

        @Override
        public long read(long offset, int size, int cpuIndex) {
            deviceReads++;
            device.append('r').append(offset).append('/').append(size).append(' ');
            return deviceReads * 0x0101_0101_0101_0101L ^ offset;
        }

        @Override
        public void write(long offset, int size, long value, int cpuIndex) {
            device.append('w').append(offset).append('/').append(size).append('=').append(Long.toHexString(value)).append(' ');
            // the reference takes interrupts where the JIT took them (asyncAt), not where they are raised
            if (!reference && offset == 0) cpu.raise(Cpu.PENDING_DECREMENTER);
            if (!reference && offset == 8) cpu.raise(Cpu.PENDING_EXTERNAL);
        }

        Snapshot snapshot() {
            Cpu c = cpu;
            List<String> names = new ArrayList<>(List.of("retired", "cia", "nip", "cr", "so", "ov", "ca", "ov32", "ca32",
                    "xer count", "lr", "ctr", "fpscr", "vscr", "vrsave", "msr", "reservation", "reservation length",
                    "interrupted nip", "interrupt detail", "interrupt address"));
            long[] v = new long[names.size() + 32 + 128];
            int k = 0;
            v[k++] = in.retired();
            v[k++] = c.cia;
            v[k++] = c.nip;
            v[k++] = c.cr & 0xFFFF_FFFFL;
            v[k++] = c.so ? 1 : 0;
            v[k++] = c.ov ? 1 : 0;
            v[k++] = c.ca ? 1 : 0;
            v[k++] = c.ov32 ? 1 : 0;
            v[k++] = c.ca32 ? 1 : 0;
            v[k++] = c.xerCount;
            v[k++] = c.lr;
            v[k++] = c.ctr;
            v[k++] = c.fpscr;
            v[k++] = c.vscr;
            v[k++] = c.vrsave;
            v[k++] = c.msr;
            v[k++] = c.reserveAddr;
            v[k++] = c.reserveLength;
            v[k++] = "async".equals(exitKind) ? interrupted : 0;
            v[k++] = fault != null && !"exit".equals(exitKind) && !"async".equals(exitKind) ? fault.detail : 0;
            v[k++] = fault != null && !"exit".equals(exitKind) && !"async".equals(exitKind) ? fault.address : 0;
            for (int r = 0; r < 32; r++) {
                names.add("r" + r);
                v[k++] = c.gpr[r];
            }
            for (int r = 0; r < 128; r++) {
                names.add("vsr" + r / 2 + (r % 2 == 0 ? " doubleword 0" : " doubleword 1"));
                v[k++] = c.vsr[r];
            }
            byte[] ram = new byte[ProgramGenerator.RAM_SIZE];
            for (int i = 0; i < ram.length; i++) {
                long a = ProgramGenerator.RAM + i;
                ram[i] = space.page(a).get((int) (a & Page.MASK));
            }
            return new Snapshot(exitKind, names, v, ram, device.toString());
        }
    }
}
