package org.jpseries.cpu.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuEnvironment;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.exec.Interpreter;
import org.jpseries.diff.DiffProgram;
import org.jpseries.diff.DifferentialTest;
import org.jpseries.diff.Oracles;
import org.jpseries.mmu.Mmu;
import org.jpseries.user.AddressSpace;
import org.jpseries.user.ElfImage;
import org.jpseries.user.HwCaps;
import org.jpseries.user.LinuxUser;
import org.jpseries.user.Loader;
import org.jpseries.user.Syscalls;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code tests/diff} programs through the JIT's correctness gate: each is run in this JVM as
 * jpseries-user runs it, once by the plain interpreter and once with every block compiled and
 * chained (threshold 1), and the two runs must agree on the architected state at every exit (each
 * system call and each interrupt: GPR, CR, XER, LR, CTR, FPSCR, VSR, cia/nip), on stdout, the exit
 * status and the retired-instruction count. One CPU per program (the first its header names) keeps
 * the tier's cost low; the programs of {@code tests/diff/user} (timers, signals from other
 * threads) are left out as not deterministic.
 */
@Tag("diff")
class JitDiffProgramsTest {
    @TestFactory
    Stream<DynamicTest> programs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DifferentialTest.ROOT)) {
            for (Path src : files.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".S")).sorted().toList()) {
                DiffProgram prog = DiffProgram.parse(DifferentialTest.ROOT, src);
                if (prog.facility().equals("user")) continue;
                String cpu = prog.cpus().getFirst();
                tests.add(DynamicTest.dynamicTest(DifferentialTest.ROOT.relativize(src) + " [" + cpu + "]", src.toUri(),
                        () -> check(prog, cpu)));
            }
        }
        if (tests.isEmpty()) fail("no programs under " + DifferentialTest.ROOT);
        return tests.stream();
    }

    static void check(DiffProgram prog, String cpu) throws Exception {
        Oracles.require(Oracles.GCC);
        Path bin = DifferentialTest.compile(prog, cpu);
        Run ref = Run.of(bin, prog, CpuModel.parse(cpu), false);
        Run jit = Run.of(bin, prog, CpuModel.parse(cpu), true);
        for (int i = 0; i < Math.min(ref.exits.size(), jit.exits.size()); i++) {
            assertEquals(ref.exits.get(i), jit.exits.get(i), "exit " + i + " (interpreter, then JIT)");
        }
        assertEquals(ref.exits.size(), jit.exits.size(), "exits");
        assertEquals(ref.stdout, jit.stdout, "stdout");
        assertEquals(ref.status, jit.status, "exit status");
        assertEquals(ref.retired, jit.retired, "retired instructions");
    }

    /** One in-process run as UserMain does it, with the state recorded at every exit. */
    record Run(List<String> exits, String stdout, int status, long retired) {
        static Run of(Path bin, DiffProgram prog, CpuModel model, boolean jit) throws Exception {
            ElfImage elf = ElfImage.read(bin);
            AddressSpace space = new AddressSpace();
            Cpu cpu = new Cpu(model, new Mmu(space));
            cpu.timeBase = JitDifferential.FROZEN; // spr.S reads the time base
            cpu.setMsr(Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_EE | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX
                    | (elf.littleEndian ? Cpu.MSR_LE : 0));
            Loader loader = new Loader();
            loader.load(elf, space);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(new ByteArrayOutputStream(), true);
            Syscalls sys = new Syscalls(new ByteArrayInputStream(prog.stdin().getBytes(StandardCharsets.UTF_8)), out, err);
            LinuxUser proc = new LinuxUser(space, sys, err);
            proc.attach(cpu);
            proc.memory.setBrkStart(loader.brkStart);
            proc.programPath = bin.toAbsolutePath();
            List<String> argv = new ArrayList<>(List.of(bin.toString()));
            argv.addAll(prog.args());
            List<String> envp = Oracles.GUEST_ENV.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).toList();
            byte[] random = new byte[16]; // AT_RANDOM: the same in both runs
            loader.start(cpu, space, elf, argv, envp, bin.toString(), HwCaps.hwcap(model), HwCaps.hwcap2(model), random);
            proc.auxvAddr = loader.auxvAddr;
            proc.auxvLength = loader.auxvLength;
            List<String> exits = new ArrayList<>();
            cpu.env = new CpuEnvironment() {
                @Override
                public void systemCall(Cpu c, int lev, boolean scv) {
                    exits.add("sc " + c.gpr[0] + " " + state(c));
                    proc.systemCall(c, lev, scv);
                }

                @Override
                public void interrupt(Cpu c, GuestInterrupt gi) {
                    exits.add(gi.kind + " " + Long.toHexString(gi.address) + " " + state(c));
                    proc.interrupt(c, gi);
                }
            };
            Interpreter in = new Interpreter(cpu, jit, 1);
            try {
                do {
                    in.run();
                } while (proc.takeAsync(cpu));
            } finally {
                sys.flush();
                proc.fds.closeAll();
                space.clear();
            }
            return new Run(exits, out.toString(StandardCharsets.UTF_8), proc.exitStatus, in.retired());
        }

        static String state(Cpu c) {
            return String.format("cia=%x nip=%x cr=%08x xer=%b%b%b%b%b/%d lr=%x ctr=%x fpscr=%x gpr=%s vsr=%s", c.cia, c.nip,
                    c.cr, c.so, c.ov, c.ca, c.ov32, c.ca32, c.xerCount, c.lr, c.ctr, c.fpscr,
                    Arrays.toString(c.gpr), Arrays.toString(c.vsr));
        }
    }
}
