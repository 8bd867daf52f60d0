package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jpseries.cpu.CpuModel;
import org.jpseries.intc.IcMode;
import org.jpseries.monitor.ChardevSpec;
import org.jpseries.monitor.QmpClient;
import org.jpseries.monitor.QmpServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Machine reset under load, the bug of QEMU 4.1: QMP system_reset, again and again, while a host
 * thread feeds the console a newline every 10 ms (each newline makes the guest's shell print a prompt,
 * so interrupts flow both ways, and the console's ring is often full, its feeder blocked, at
 * the moment of the reset). Every time the guest must boot back to the shell with the interrupt
 * controller it negotiated (POWER9 dual: XIVE, while each reset puts the machine back on XICS
 * until CAS). CI runs 10 resets; {@code scripts/reset-stress [N]} runs N (default 1000) with
 * {@code -Djpseries.resets=N} and logs each to {@code -Djpseries.resets.log=FILE}.
 */
@Tag("boot")
class ResetUnderLoadTest {
    static final int RESETS = Integer.getInteger("jpseries.resets", 10);
    /** How long one boot after a reset may take (a boot takes 20-60 s on a loaded 2-core machine). */
    static final long BOOT_SECONDS = Long.getLong("jpseries.reset.bootSeconds", 300);

    @Test
    void systemResetWhileTheConsoleIsBusy() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-reset");
        Path sock = dir.resolve("qmp.sock");
        AtomicBoolean feeding = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong fed = new AtomicLong();
        try (BootedGuest g = new BootedGuest(CpuModel.POWER9, 0, 2, IcMode.DUAL);
                QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), g.machine, null,
                        new PrintStream(g.console, true)).start();
                QmpClient q = new QmpClient(sock)) {
            q.negotiate();
            Thread feeder = new Thread(() -> {
                try {
                    while (!done.get()) {
                        if (feeding.get()) {
                            g.type("\n");
                            fed.incrementAndGet();
                        }
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "console-feeder");
            feeder.setDaemon(true);
            feeder.start();

            g.awaitShell(0);
            String controller = controller(g);
            assertEquals("XIVE", controller, "POWER9 ic-mode=dual: the guest asks for XIVE exploitation at CAS");
            long started = System.nanoTime();
            for (int i = 1; i <= RESETS; i++) {
                feeding.set(true);
                Thread.sleep(200 + 97L * i % 800); // reset at varying moments of the traffic
                int mark = g.console.mark();
                List<JsonNode> reply = q.exchange("{\"execute\": \"system_reset\"}");
                assertEquals("RESET", reply.get(0).path("event").asText(), "reset " + i + ": " + reply);
                try {
                    g.awaitShell(mark, BOOT_SECONDS);
                } catch (AssertionError e) {
                    String report = HangReport.of(g, mark);
                    saveConsole(g, i);
                    progress("reset " + i + " FAILED: " + e.getMessage() + "\n" + report);
                    throw new AssertionError("reset " + i + ": " + report + "\n" + e.getMessage(), e);
                }
                feeding.set(false);
                assertEquals(controller, controller(g), "reset " + i + ": the interrupt controller after the reset");
                assertEquals("running", q.call("{\"execute\": \"query-status\"}").at("/return/status").asText());
                progress(String.format("reset %d/%d ok (%.1f s so far, %d newlines fed, %d waits matched across an echo)", i, RESETS,
                        (System.nanoTime() - started) / 1e9, fed.get(), g.console.splitMatches()));
            }
            assertTrue(fed.get() > RESETS, "the console was fed during the resets");
            g.powerOff();
        } finally {
            done.set(true);
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }

    /** A progress line on stdout and, with -Djpseries.resets.log=FILE, appended to FILE at once (Surefire buffers stdout). */
    static void progress(String line) {
        System.out.println(line);
        String log = System.getProperty("jpseries.resets.log");
        if (log == null) return;
        try {
            Files.writeString(Path.of(log), line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("cannot append to " + log + ": " + e.getMessage());
        }
    }

    /** With -Djpseries.resets.log=FILE, the whole console goes to FILE.console-I.txt (for a failed reset I). */
    static void saveConsole(BootedGuest g, int reset) {
        String log = System.getProperty("jpseries.resets.log");
        if (log == null) return;
        try {
            Files.writeString(Path.of(log + ".console-" + reset + ".txt"), g.console.all(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            System.err.println("cannot save the console: " + e.getMessage());
        }
    }

    /** The name /proc/interrupts gives the IPI's controller (XICS or XIVE). */
    static String controller(BootedGuest g) throws InterruptedException {
        String irqs = g.run("cat /proc/interrupts");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(XICS|XIVE)[^\\n]*IPI").matcher(irqs);
        assertTrue(m.find(), "no IPI line in /proc/interrupts:\n" + irqs);
        return m.group(1);
    }
}
