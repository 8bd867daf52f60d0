package org.jpseries.busybox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Tier 3 of the test pyramid: Debian's busybox-static (fetched by bin/jpseries-fetch) in user mode.
 * Every script of {@code src/test/resources/busybox/applets.txt} runs twice in the same scratch
 * directory, freshly prepared by {@code setup.sh}: once with {@code bb} = qemu-ppc64le (the oracle),
 * once with {@code bb} = jpseries-user (a JVM from this build's classes per applet process, see
 * {@link JpseriesLauncher}: real pipes and files as stdio, and a guest hang cannot take the test JVM
 * down). stdout and the exit code must be byte-identical.
 * <p>
 * {@code -Djpseries.busybox.timeout=SECONDS} bounds each jpseries run (default 120).
 */
@Tag("busybox")
class BusyboxAppletTest {
    static final Path RESOURCES = Oracles.home().resolve("src/test/resources/busybox");
    static final Path TABLE = RESOURCES.resolve("applets.txt");
    static final Path WORK = Oracles.home().resolve("target/busybox-work");
    static final String CPU = "power9";
    /** CPU models to run every script on, e.g. -Djpseries.busybox.cpus=power8,power9,power10: glibc picks its
     *  string and memory routines by AT_HWCAP2, so each model runs different code. Default: power9 (as QEMU). */
    static final List<String> CPUS = List.of(System.getProperty("jpseries.busybox.cpus", CPU).split(","));
    static final long QEMU_TIMEOUT = 120;
    static final long JPSERIES_TIMEOUT = Long.getLong("jpseries.busybox.timeout", 120);
    /** Turns the runner command (the positional parameters) into the {@code bb} function. */
    static final String PRELUDE = "set -o pipefail\nrunner=(\"$@\"); set --\nbb() { \"${runner[@]}\" \"$@\"; }\n";

    @TestFactory
    Stream<DynamicTest> applets() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (AppletScript s : AppletScript.parse(TABLE)) {
            for (String cpu : CPUS) {
                String name = CPUS.size() == 1 ? s.name() : s.name() + " [" + cpu + "]";
                tests.add(DynamicTest.dynamicTest(name, java.net.URI.create(TABLE.toUri() + "?line=" + s.line()), () -> check(s, cpu)));
            }
        }
        return tests.stream();
    }

    /** The brief asks for at least 30 distinct applets; count the ones the table really runs. */
    @Test
    void tableCoversAtLeast30Applets() throws IOException {
        Set<String> applets = new TreeSet<>();
        for (AppletScript s : AppletScript.parse(TABLE)) applets.addAll(s.applets());
        assertTrue(applets.size() >= 30, "only " + applets.size() + " applets: " + applets);
    }

    static void check(AppletScript s, String cpu) throws Exception {
        Oracles.require(Oracles.QEMU);
        Oracles.require("bash");
        Path busybox = Busybox.binary();
        Path dir = WORK.resolve(s.name());

        Oracles.Result qemu = runScript(s, dir, Oracles.qemu(cpu, busybox, List.of()), QEMU_TIMEOUT);
        if (qemu.timedOut() || qemu.exitCode() != 0 || qemu.stdout().length == 0 || qemu.stderr().length != 0) {
            fail("script " + s.name() + " (" + s.where() + ") is broken under qemu-ppc64le, the oracle: every script must exit 0, "
                    + "print something and nothing on stderr\n" + describe("qemu-ppc64le", qemu));
        }
        Oracles.Result ours = runScript(s, dir, JpseriesLauncher.command(cpu, busybox), JPSERIES_TIMEOUT);
        String context = "busybox script " + s.name() + " on " + cpu + " (" + s.where() + "): " + s.command() + "\nreproduce: " + reproduce(s, cpu, busybox) + "\n";
        if (ours.timedOut()) fail(context + "jpseries-user timed out after " + JPSERIES_TIMEOUT + " s\n" + describe("jpseries", ours));
        if (!java.util.Arrays.equals(qemu.stdout(), ours.stdout())) {
            fail(context + "stdout differs from qemu-ppc64le: " + firstDifference(qemu.out(), ours.out()) + "\n"
                    + describe("qemu-ppc64le", qemu) + describe("jpseries", ours));
        }
        assertEquals(qemu.exitCode(), ours.exitCode(), context + "exit code differs from qemu-ppc64le\n" + describe("jpseries", ours));
    }

    /** Prepares a fresh scratch directory (same path for both runners) and runs the script with bb = RUNNER. */
    static Oracles.Result runScript(AppletScript s, Path dir, List<String> runner, long timeout) throws IOException, InterruptedException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Oracles.Result setup = Oracles.run(List.of("bash", RESOURCES.resolve("setup.sh").toString()), dir, new byte[0], 60);
        if (setup.exitCode() != 0) fail("setup.sh failed: " + setup.err());
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", PRELUDE + s.command(), "bash"));
        cmd.addAll(runner);
        return Oracles.run(cmd, dir, new byte[0], timeout);
    }

    /** A shell line that reruns the script by hand under bin/jpseries-user in a scratch directory. */
    static String reproduce(AppletScript s, String cpu, Path busybox) {
        Path home = Oracles.home();
        return "rm -rf /tmp/bb-" + s.name() + " && mkdir /tmp/bb-" + s.name() + " && cd /tmp/bb-" + s.name() + " && bash "
                + RESOURCES.resolve("setup.sh") + " && bb() { " + home.resolve("bin/jpseries-user") + " -cpu " + cpu + " " + busybox
                + " \"$@\"; } && set -o pipefail && " + s.command();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static String firstDifference(String want, String got) {
        String[] w = want.split("\n", -1), g = got.split("\n", -1);
        for (int i = 0; i < Math.max(w.length, g.length); i++) {
            String a = i < w.length ? w[i] : "<end of output>", b = i < g.length ? g[i] : "<end of output>";
            if (!a.equals(b)) return "line " + (i + 1) + "\n  qemu-ppc64le: " + clip(a, 200) + "\n  jpseries:     " + clip(b, 200);
        }
        return "(same lines, different bytes)";
    }

    static String describe(String who, Oracles.Result r) {
        return "--- " + who + ": exit " + (r.timedOut() ? "(timed out)" : r.exitCode()) + ", stdout " + r.stdout().length + " bytes:\n"
                + clip(r.out(), 1500) + "\n--- " + who + " stderr:\n" + clip(r.err(), 1500) + "\n";
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "... (" + (s.length() - max) + " more chars)";
    }

    /** guest/busybox-applets.list (the initramfs symlinks) must list what the pinned busybox itself reports. */
    @Test
    void appletListMatchesBusybox() throws Exception {
        Oracles.require(Oracles.QEMU);
        Oracles.Result r = Oracles.run(Oracles.qemu(CPU, Busybox.binary(), List.of("--list-full")), null, new byte[0], QEMU_TIMEOUT);
        assertEquals(0, r.exitCode(), "busybox --list-full under qemu-ppc64le: " + r.err());
        Path list = Oracles.home().resolve("guest/busybox-applets.list");
        List<String> listed = Files.readAllLines(list, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(r.out().lines().toList(), listed, list + " is stale: regenerate it as its header says");
    }
}
