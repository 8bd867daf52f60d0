package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.CpuModel;
import org.jpseries.papr.GuestLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * -action (issue 15 item 6): what a guest panic (RTAS ibm,os-term), power-off and reboot do under
 * each action, with the events, run states and exit statuses of qemu-system-ppc64 7.2
 * (softmmu/runstate.c; the panic cases checked on this host with Debian's kernel panicking for
 * want of a root file system: panic=shutdown exits 0 after GUEST_PANICKED poweroff and SHUTDOWN
 * guest-panic, exit-failure exits 1, pause sends GUEST_PANICKED pause and STOP and stays in
 * guest-panicked, none sends GUEST_PANICKED run and keeps running). The machine runs a counting
 * loop; the requests come in as the platform's RTAS handlers make them.
 */
class ActionsTest {
    private SpaprMachine machine;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream diag = new ByteArrayOutputStream();
    private CompletableFuture<Integer> exit;

    private void start(String actions) throws Exception {
        Actions a = Actions.DEFAULT;
        for (String item : actions.isEmpty() ? new String[0] : actions.split(",")) {
            a = a.with(item.substring(0, item.indexOf('=')), item.substring(item.indexOf('=') + 1));
        }
        byte[] loop = {0x38, 0x63, 0, 1, 0x4b, (byte) 0xff, (byte) 0xff, (byte) 0xfc}; // addi r3,r3,1; b .-4
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, loop, 0x10000, 0), "loop");
        PrintStream d = new PrintStream(diag, true);
        machine = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 256L << 20, 0, ""), a, false, null),
                k, null, new ByteArrayOutputStream(), new GuestLog(false, d), d);
        machine.addObserver(new SpaprMachine.Observer() {
            @Override public void reset(boolean guest) { events.add("RESET " + guest); }
            @Override public void stopped() { events.add("STOP"); }
            @Override public void resumed() { events.add("RESUME"); }
            @Override public void shutdown(boolean guest, String reason) { events.add("SHUTDOWN " + guest + " " + reason); }
            @Override public void guestPanicked(String action) { events.add("GUEST_PANICKED " + action); }
        });
        exit = MachineThread.start(machine);
        long end = System.nanoTime() + 10_000_000_000L;
        while (machine.runState() != SpaprMachine.RunState.RUNNING && System.nanoTime() < end) Thread.sleep(5);
        assertEquals(SpaprMachine.RunState.RUNNING, machine.runState());
    }

    @AfterEach
    void quit() throws Exception {
        if (machine != null && !exit.isDone()) {
            machine.quit();
            exit.get(10, TimeUnit.SECONDS);
        }
    }

    private void awaitEvents(String... expected) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (events.size() < expected.length && System.nanoTime() < end) Thread.sleep(5);
        Thread.sleep(50); // nothing more comes
        assertEquals(List.of(expected), events);
    }

    /** The guest counts in r3 (read racily: any change will do). */
    private void awaitRetired() throws InterruptedException {
        long before = machine.cpu(0).gpr[3];
        long end = System.nanoTime() + 10_000_000_000L;
        while (machine.cpu(0).gpr[3] == before && System.nanoTime() < end) Thread.sleep(5);
        assertTrue(machine.cpu(0).gpr[3] != before, "the vCPU runs");
    }

    @Test
    void panicShutdownIsTheDefaultAndExitsZero() throws Exception {
        start("");
        machine.guestPanicked("OS panic: test");
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        awaitEvents("GUEST_PANICKED poweroff", "SHUTDOWN true guest-panic");
        assertEquals("jpseries: OS terminated: OS panic: test\n", diag.toString());
        assertEquals(SpaprMachine.RunState.GUEST_PANICKED, machine.runState());
    }

    @Test
    void panicExitFailureExitsOne() throws Exception {
        start("panic=exit-failure");
        machine.guestPanicked("OS panic: test");
        assertEquals(1, exit.get(10, TimeUnit.SECONDS));
        awaitEvents("GUEST_PANICKED poweroff", "SHUTDOWN true guest-panic");
    }

    @Test
    void panicPauseStopsInGuestPanickedUntilAReset() throws Exception {
        start("panic=pause");
        machine.guestPanicked("OS panic: test");
        awaitEvents("GUEST_PANICKED pause", "STOP");
        assertEquals(SpaprMachine.RunState.GUEST_PANICKED, machine.runState());
        assertFalse(exit.isDone());
        machine.hostReset().get(10, TimeUnit.SECONDS);
        assertEquals(SpaprMachine.RunState.PRELAUNCH, machine.runState(), "QEMU: after a reset a stopped machine is in prelaunch");
        machine.resume().get(10, TimeUnit.SECONDS);
        awaitRetired();
        awaitEvents("GUEST_PANICKED pause", "STOP", "RESET false", "RESUME");
    }

    @Test
    void panicShutdownWithShutdownPausePauses() throws Exception {
        start("shutdown=pause");
        machine.guestPanicked("OS panic: test");
        awaitEvents("GUEST_PANICKED pause", "STOP");
        assertEquals(SpaprMachine.RunState.GUEST_PANICKED, machine.runState());
    }

    @Test
    void panicNoneLetsTheGuestRunOn() throws Exception {
        start("panic=none");
        machine.guestPanicked("OS panic: test");
        awaitEvents("GUEST_PANICKED run");
        assertEquals(SpaprMachine.RunState.RUNNING, machine.runState());
        awaitRetired();
    }

    @Test
    void powerOffUnderShutdownPauseStopsInShutdownAndQuitStillEnds() throws Exception {
        start("shutdown=pause");
        machine.requestPowerOff();
        awaitEvents("SHUTDOWN true guest-shutdown", "STOP");
        assertEquals(SpaprMachine.RunState.SHUTDOWN, machine.runState());
        machine.quit("host-qmp-quit");
        assertEquals(0, exit.get(10, TimeUnit.SECONDS), "quit ends the run whatever shutdown= says (QEMU's qmp_quit)");
    }

    @Test
    void rebootShutdownEndsTheRunAsAGuestReset() throws Exception {
        start("reboot=shutdown");
        machine.requestReset();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        awaitEvents("SHUTDOWN true guest-reset");
    }

    @Test
    void rebootShutdownWithShutdownPausePauses() throws Exception {
        start("reboot=shutdown,shutdown=pause");
        machine.requestReset();
        awaitEvents("SHUTDOWN true guest-reset", "STOP");
        assertEquals(SpaprMachine.RunState.SHUTDOWN, machine.runState());
    }

    @Test
    void rebootResetIsTheDefault() throws Exception {
        start("");
        machine.requestReset();
        awaitEvents("RESET true");
        assertEquals(SpaprMachine.RunState.RUNNING, machine.runState());
        awaitRetired();
    }

    @Test
    void actionValuesAndErrorsAreQemus() {
        assertEquals(new Actions(Actions.Reboot.RESET, Actions.Shutdown.POWEROFF, Actions.Panic.SHUTDOWN, Actions.Watchdog.RESET),
                Actions.DEFAULT);
        assertEquals(Actions.Panic.EXIT_FAILURE, Actions.DEFAULT.with("panic", "exit-failure").panic());
        assertEquals(Actions.Watchdog.INJECT_NMI, Actions.DEFAULT.with("watchdog", "inject-nmi").watchdog());
        assertEquals("Parameter 'panic' does not accept value 'foo'",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Actions.DEFAULT.with("panic", "foo")).getMessage());
        assertEquals("Invalid parameter 'foo'",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Actions.DEFAULT.with("foo", "bar")).getMessage());
    }

    /** On the wire: QEMU's GUEST_PANICKED {"action": "pause"}, then STOP. */
    @Test
    void qmpClientsSeeGuestPanicked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        start("panic=pause");
        java.nio.file.Path socket = dir.resolve("qmp.sock");
        try (org.jpseries.monitor.QmpServer server = new org.jpseries.monitor.QmpServer(
                org.jpseries.monitor.ChardevSpec.parseQmp("unix:" + socket + ",server=on,wait=off"), machine, null,
                new PrintStream(new ByteArrayOutputStream(), true)).start();
             org.jpseries.monitor.QmpClient c = new org.jpseries.monitor.QmpClient(socket)) {
            c.negotiate();
            machine.guestPanicked("OS panic: test");
            com.fasterxml.jackson.databind.JsonNode e = c.next(10);
            assertEquals("GUEST_PANICKED", e.path("event").asText(), e.toString());
            assertEquals("{\"action\":\"pause\"}", e.path("data").toString());
            assertEquals("STOP", c.next(10).path("event").asText());
            assertEquals("guest-panicked", c.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
            assertEquals("Resetting the Virtual Machine is required", c.call("{\"execute\": \"cont\"}").at("/error/desc").asText());
        }
    }
}
