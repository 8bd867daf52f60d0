package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.CpuModel;
import org.jpseries.diff.Oracles;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.spapr.TestKernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/qmp-client, unchanged, against qemu-system-ppc64 and against jpseries, both started
 * with -S: the same requests get answers and events of the same shapes in the same order (the
 * script's --shapes output is compared line by line). Needs qemu-system-ppc64 and python3;
 * skipped where they are not installed.
 */
@Tag("diff")
class QmpShapesTest {
    static final List<String> SESSION = List.of("query-status", "query-version", "query-name", "query-cpus-fast",
            "query-cpu-definitions", "query-commands", "query-target", "query-kvm", "qom-list-types",
            "hmp:info status", "hmp:info registers", "hmp:info pic",
            "query-migrate-capabilities", "migrate_cancel", "migrate-set-parameters", "{\"downtime-limit\": 500}", "stop",
            "query-status", "cont", "query-status", "system_reset", "system_powerdown", "nope", "quit");

    @TempDir
    Path dir;

    static boolean installed(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    List<String> shapes(Path sock) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", Oracles.home().resolve("scripts/qmp-client").toString(), "--shapes",
                "unix:" + sock));
        cmd.addAll(SESSION);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        assertEquals(1, p.exitValue(), "the unknown command is an error, nothing else: " + out);
        return out.lines().toList();
    }

    /** A question asked of a QEMU monitor socket. */
    interface QemuQuestion<T> {
        T ask(Path socket) throws Exception;
    }

    /** Asks a stopped qemu-system-ppc64 pseries POWER9 (-S, -nodefaults, 512M) over its QMP socket, then stops it. */
    static <T> T askQemu(Path dir, QemuQuestion<T> question) throws Exception {
        Path qsock = dir.resolve("qemu.sock");
        Process qemu = new ProcessBuilder("qemu-system-ppc64", "-M", "pseries", "-cpu", "POWER9", "-m", "512M", "-nographic",
                "-nodefaults", "-S", "-qmp", "unix:" + qsock + ",server=on,wait=off").redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try {
            return question.ask(qsock);
        } finally {
            qemu.destroy();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The jpseries machine to compare with {@link #askQemu}'s: POWER9, 512M, -S, a kernel that loops. */
    static SpaprMachine stoppedMachine(PrintStream quiet) throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[] {0x48, 0, 0, 0}, 0x10000, 0), "loop");
        return new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 512L << 20, 0, ""), false, true),
                k, null, new ByteArrayOutputStream(), new GuestLog(false, quiet), quiet);
    }

    @Test
    void sameShapesAsQemu() throws Exception {
        assumeTrue(installed("qemu-system-ppc64") && installed("python3"), "qemu-system-ppc64 or python3 is not installed");
        List<String> want = askQemu(dir, this::shapes);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        SpaprMachine m = stoppedMachine(quiet);
        Path jsock = dir.resolve("jpseries.sock");
        try (QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + jsock + ",server=on,wait=off"), m, null, quiet).start()) {
            Thread t = new Thread(() -> {
                try {
                    m.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "machine");
            t.setDaemon(true);
            t.start();
            List<String> got = shapes(jsock);
            assertEquals(String.join("\n", want), String.join("\n", got));
            t.join(10_000);
        }
    }
}
