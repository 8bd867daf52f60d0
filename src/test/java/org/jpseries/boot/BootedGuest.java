package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.CpuModel;
import org.jpseries.diff.Oracles;
import org.jpseries.intc.IcMode;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;

/**
 * A pseries machine running Debian's kernel and the busybox initramfs of bin/jpseries-fetch in
 * this JVM, driven through its console like a user at the keyboard: wait for the init's marker,
 * type commands, read their output, power off.
 */
final class BootedGuest implements AutoCloseable {
    /** Printed by the initramfs' /init once the shell is about to start. */
    static final String READY = "jpseries-init: ready";
    /** Generous: a 2-core CI machine running other tests beside the boot. */
    static final long BOOT_SECONDS = 600, COMMAND_SECONDS = 300;

    final GuestConsole console = new GuestConsole();
    final SpaprMachine machine;
    /** Compares the state after every reset with the power-on state (see {@link #assertResetLikePowerOn}). */
    final org.jpseries.spapr.ResetChecker resets = new org.jpseries.spapr.ResetChecker();
    private final CompletableFuture<Integer> exit;
    private int commands;

    /**
     * @param maxCpuCompat logical PVR of max-cpu-compat, 0 for none
     * @param smp          number of vCPUs
     */
    BootedGuest(CpuModel cpu, int maxCpuCompat) throws Exception {
        this(cpu, maxCpuCompat, 1);
    }

    BootedGuest(CpuModel cpu, int maxCpuCompat, int smp) throws Exception {
        this(cpu, maxCpuCompat, smp, IcMode.XICS);
    }

    /**
     * @param maxCpuCompat logical PVR of max-cpu-compat, 0 for none
     * @param icMode       the ic-mode machine property
     */
    BootedGuest(CpuModel cpu, int maxCpuCompat, int smp, IcMode icMode) throws Exception {
        this(cpu, maxCpuCompat, smp, icMode, null);
    }

    /**
     * @param incoming a migration URI to restore from (-incoming), or null to boot
     */
    BootedGuest(CpuModel cpu, int maxCpuCompat, int smp, IcMode icMode, String incoming) throws Exception {
        this(cpu, maxCpuCompat, smp, icMode, incoming, 1L << 30);
    }

    /** @param ramSize guest RAM in bytes (-m) */
    BootedGuest(CpuModel cpu, int maxCpuCompat, int smp, IcMode icMode, String incoming, long ramSize) throws Exception {
        this(cpu, maxCpuCompat, smp, icMode, incoming, ramSize, java.util.List.of());
    }

    /** @param devices -device PCI functions, plugged before the machine starts */
    BootedGuest(CpuModel cpu, int maxCpuCompat, int smp, IcMode icMode, String incoming, long ramSize,
            java.util.List<org.jpseries.device.DeviceSpec> devices) throws Exception {
        Path kernel = Oracles.fetched("kernel");
        Path initrd = Oracles.fetched("initrd");
        KernelElf elf = KernelElf.parse(Files.readAllBytes(kernel), kernel.toString());
        SpaprPlatform.Options p = new SpaprPlatform.Options(cpu, smp, ramSize, maxCpuCompat, "console=hvc0", icMode);
        machine = new SpaprMachine(new SpaprMachine.Options(p, false, false, incoming), elf, Files.readAllBytes(initrd), console,
                new GuestLog(true, new PrintStream(console, true)), new PrintStream(console, true));
        machine.plugPciDevices(devices, GuestLog.silent(), null, java.util.Map.of());
        machine.setResetChecker(resets);
        exit = org.jpseries.spapr.MachineThread.start(machine);
    }

    boolean running() {
        return !exit.isDone();
    }

    /** The machine's exit code once it stopped by itself (a failed -incoming load ends the run). */
    int exitCode(long seconds) throws Exception {
        return exit.get(seconds, TimeUnit.SECONDS);
    }

    /** Waits until the machine is in {@code state} (e.g. running after a restore). */
    void awaitRunState(SpaprMachine.RunState state, long seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (machine.runState() != state) {
            if (!running() || System.nanoTime() > end) {
                throw new AssertionError("the machine is " + machine.runState().qapiName + ", not " + state.qapiName + "; console:\n"
                        + console.all());
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the init's marker and the shell prompt after {@code from}. */
    int awaitShell(int from) throws InterruptedException {
        return awaitShell(from, BOOT_SECONDS);
    }

    /** Waits at most {@code bootSeconds} for the init's marker, then for the shell prompt after it. */
    int awaitShell(int from, long bootSeconds) throws InterruptedException {
        int at = console.waitFor(from, READY, bootSeconds, this::running);
        return console.waitFor(at, "# ", COMMAND_SECONDS, this::running);
    }

    /** Types {@code reboot}, waits for the kernel's restart and the shell after it. */
    void reboot() throws InterruptedException {
        int before = console.mark();
        type("reboot\n");
        awaitShell(before);
        assertTrue(console.since(before).contains("reboot: Restarting system"), "the kernel restarted");
        assertResetLikePowerOn();
    }

    /**
     * The reset checker: right after the last reset, every section the reset touches equalled the
     * power-on state, and the compat PVR, PCR and LPCR were equal on every vCPU (before CAS);
     * the same invariants hold now, after CAS, on the stopped machine.
     */
    void assertResetLikePowerOn() throws InterruptedException {
        assertEquals(java.util.List.of(), resets.differences(), "state after the reset against the power-on state");
        try {
            machine.pause().get();
            java.util.List<org.jpseries.state.Section> cpus = new java.util.ArrayList<>();
            for (org.jpseries.device.Device d : machine.devices().devices()) {
                if (d.stateName().equals("cpu")) d.saveState(cpus::add);
            }
            assertEquals(java.util.List.of(), org.jpseries.spapr.ResetChecker.acrossVcpus(cpus), "every vCPU in the same mode after CAS");
            machine.resume().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    void type(String s) throws InterruptedException {
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) machine.platform().console().receive(b);
    }

    /**
     * Runs a shell command line and returns what it printed (without kernel messages that
     * appeared meanwhile). The end marker is typed with quotes
     * so that no echo of the command line can be mistaken for it; the output starts after the
     * last echo of the line (typed-ahead input is echoed by the tty and again by ash's editor).
     */
    String run(String commandLine) throws InterruptedException {
        int n = ++commands;
        String typed = commandLine + "; echo '@@'done-" + n + "'@@'";
        String marker = "@@done-" + n + "@@";
        int start = console.mark();
        type(typed + "\n");
        int end;
        try {
            end = console.waitFor(start, marker + "\r\n", COMMAND_SECONDS, this::running);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + HangReport.of(this, start), e);
        }
        return outputAfterEcho(console.since(start).substring(0, end - start - marker.length() - 2));
    }

    /** What a command printed, given the console text from typing it up to its end marker. */
    static String outputAfterEcho(String raw) {
        String seen = KERNEL_MESSAGE.matcher(raw).replaceAll("");
        int echo = seen.lastIndexOf("'@@'\r\n");
        if (echo < 0) throw new AssertionError("the command line was not echoed: " + raw);
        return seen.substring(echo + 6).replace("\r\n", "\n");
    }

    /**
     * A line the kernel printed on the console while the command ran ("[   22.112371] hrtimer:
     * interrupt took 59219490 ns" on a loaded host): not the command's output. It can land in the
     * middle of a line, even between the echoed command line and its line end.
     */
    private static final java.util.regex.Pattern KERNEL_MESSAGE = java.util.regex.Pattern.compile("\\[ *\\d+\\.\\d{6}\\] [^\r\n]*\r?\n");

    /** Types the command and waits for the machine to stop by itself; returns its exit code. */
    int runUntilExit(String commandLine) throws Exception {
        type(commandLine + "\n");
        try {
            return exit.get(BOOT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the machine did not stop after '" + commandLine + "'; console tail:\n"
                    + console.all().substring(Math.max(0, console.all().length() - 3000)));
        }
    }

    /**
     * The guest keeps time (after a restore or a migration too): {@code sleep 1} takes 1-5 s by
     * the guest's clock, and at least a second (at most 15 on a loaded host) by the host's.
     */
    void assertSleepsAboutASecond(String where) throws InterruptedException {
        long start = System.nanoTime();
        String t = run("date +%s; sleep 1; date +%s");
        double seconds = (System.nanoTime() - start) / 1e9;
        String[] w = t.trim().split("\\s+");
        long dt = Long.parseLong(w[w.length - 1]) - Long.parseLong(w[0]);
        assertTrue(dt >= 1 && dt <= 5 && seconds >= 1 && seconds <= 15,
                "sleep 1 takes about a second " + where + ": guest " + t.trim() + ", host " + seconds + " s");
    }

    /**
     * Migrates this running guest live to {@code dst}, a machine started with -incoming
     * {@code uri}: this one ends in postmigrate, {@code dst} running.
     */
    void migrateTo(BootedGuest dst, String uri) throws Exception {
        dst.awaitRunState(SpaprMachine.RunState.INMIGRATE, 120);
        machine.migrate(org.jpseries.migration.MigrationUri.parse(uri), null);
        SnapshotBootTest.awaitMigration(machine);
        assertEquals(SpaprMachine.RunState.POSTMIGRATE, machine.runState());
        dst.awaitRunState(SpaprMachine.RunState.RUNNING, 120);
    }

    void powerOff() throws Exception {
        assertEquals(0, runUntilExit("poweroff"), "exit code after the guest's poweroff");
    }

    @Override
    public void close() {
        if (running()) machine.quit();
    }
}
