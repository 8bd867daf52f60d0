package org.jpseries.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Tier 2 of the test pyramid: every program under {@code tests/diff/} is cross-compiled with
 * powerpc64le-linux-gnu-gcc (static glibc) for each CPU it names, run under qemu-ppc64le and under
 * jpseries-user, and must produce the same stdout and exit code (see {@link DiffProgram} for the
 * directives and the rule for documented qemu departures from the ISA).
 */
@Tag("diff")
public class DifferentialTest {
    public static final Path ROOT = Oracles.home().resolve("tests/diff");
    static final Path BUILD = Oracles.home().resolve("target/diff");

    @TestFactory
    Stream<DynamicTest> programs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path src : files.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".S")).sorted().toList()) {
                DiffProgram prog = DiffProgram.parse(ROOT, src);
                for (String cpu : prog.cpus()) {
                    String name = ROOT.relativize(src) + " [" + cpu + "]";
                    tests.add(DynamicTest.dynamicTest(name, src.toUri(), () -> check(prog, cpu)));
                }
            }
        }
        if (tests.isEmpty()) fail("no programs under " + ROOT);
        return tests.stream();
    }

    /** The program built for {@code cpu} under target/diff (again only when the source is newer); also org.jpseries.cpu.jit.JitDiffProgramsTest. */
    public static Path compile(DiffProgram prog, String cpu) throws Exception {
        Oracles.require(Oracles.GCC);
        Path out = BUILD.resolve(prog.facility()).resolve(prog.name() + "-" + cpu);
        Files.createDirectories(out.getParent());
        FileTime srcTime = Files.getLastModifiedTime(prog.source());
        if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(srcTime) > 0) return out;
        List<String> cmd = new ArrayList<>(List.of(Oracles.GCC, "-static"));
        cmd.addAll(prog.cflagsFor(cpu));
        cmd.addAll(List.of("-o", out.toString(), prog.source().toString(), "-lm"));
        Oracles.Result r = Oracles.run(cmd, null, new byte[0], 120);
        if (r.exitCode() != 0) fail("compile failed: " + String.join(" ", cmd) + "\n" + r.err());
        return out;
    }

    static void check(DiffProgram prog, String cpu) throws Exception {
        Oracles.require(Oracles.QEMU);
        Path bin = compile(prog, cpu);
        byte[] in = prog.stdin().getBytes(StandardCharsets.UTF_8);
        Oracles.Result ours = Oracles.run(Oracles.jpseriesUser(cpu, bin, prog.args()), null, in, 300);
        assertFalse(ours.timedOut(), "jpseries-user timed out\n" + ours.err());
        Oracles.Result qemu = Oracles.run(Oracles.qemu(cpu, bin, prog.args()), null, in, 120);
        assertFalse(qemu.timedOut(), "qemu-ppc64le timed out");
        if (prog.isaException() != null) {
            Path expected = prog.source().resolveSibling(prog.name() + "." + cpu + ".expected");
            if (!Files.exists(expected)) expected = prog.source().resolveSibling(prog.name() + ".expected");
            String want = Files.readString(expected);
            assertNotEquals(want, qemu.out(), "isa-exception listed but qemu-ppc64le now agrees with the ISA: "
                    + "drop the exception (" + prog.isaException() + ")");
            assertEquals(want, ours.out(), "stdout differs from the ISA-mandated output (" + prog.isaException() + ")\nstderr:\n" + ours.err());
        } else {
            assertEquals(qemu.out(), ours.out(), "stdout differs from qemu-ppc64le\njpseries stderr:\n" + ours.err());
        }
        assertEquals(qemu.exitCode(), ours.exitCode(), "exit code differs from qemu-ppc64le\njpseries stderr:\n" + ours.err());
    }
}
