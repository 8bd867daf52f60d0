package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpseries.cpu.CpuModel;
import org.jpseries.intc.IcMode;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.MigrationUri;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprMachine.RunState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live migration of busy guests between two machines (in one JVM, over real sockets): pre-copy
 * while the guest runs, the switchover, the destination's answer on the return path, and the
 * failures a source must survive (a cancel, a destination that goes away, a destination that
 * refuses the stream) and a destination must report (a source that goes away).
 */
@Tag("boot")
class LiveMigrationBootTest {
    /**
     * Shell functions (ash's line editor takes 1024 characters a line): {@code pat N FILE} writes
     * round N's counter pattern to FILE, 64 MiB made of the first 4 KiB of "N\n" lines doubled up
     * by cat (a round takes about a second under jpseries, so the guest dirties RAM faster than
     * a throttled migration sends it).
     */
    static final String[] FUNCTIONS = {"x16() { echo $1 $1 $1 $1 $1 $1 $1 $1 $1 $1 $1 $1 $1 $1 $1 $1; }",
        "pat() { yes $1 | head -c 4096 > /tmp/s && cat $(x16 /tmp/s) > /tmp/s64 && cat $(x16 /tmp/s64) > /tmp/blk"
                + " && cat $(x16 /tmp/blk) $(x16 /tmp/blk) $(x16 /tmp/blk) $(x16 /tmp/blk) > $2; }"};
    /** Rewrites /tmp/p with the pattern of round 1, 2, ... until /tmp/stop exists; /tmp/n names the round /tmp/p holds. */
    static final String WRITER = "(i=0; while [ ! -e /tmp/stop ]; do i=$((i+1)); pat $i /tmp/p.new"
            + " && mv /tmp/p.new /tmp/p && echo $i > /tmp/n; done) & :";
    /** Checks /tmp/p against the round /tmp/n names, once the writer has ended (the functions moved with the shell). */
    private static final String CHECK = "wait; n=$(cat /tmp/n); pat $n /tmp/q"
            + " && [ \"$(md5sum < /tmp/q)\" = \"$(md5sum < /tmp/p)\" ] && echo pattern-ok-$n";

    /**
     * The pre-copy proof (issue 11 item 7): max-bandwidth throttled so that RAM takes more than
     * 10 s, a guest program rewrites a 64 MiB counter pattern all along, the console answers
     * while the migration is active, there are at least 3 passes, the downtime stays within
     * downtime-limit + 100 ms, and the pattern checks on the destination.
     */
    @Test
    void preCopyMovesRamWhileABusyGuestRuns() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-live");
        Path sock = dir.resolve("incoming.sock");
        List<Integer> passes = new CopyOnWriteArrayList<>();
        try (BootedGuest src = new BootedGuest(CpuModel.POWER9, 0, 2, IcMode.XIVE)) {
            src.awaitShell(0);
            for (String f : FUNCTIONS) src.run(f);
            src.run(WRITER);
            src.run("while [ ! -s /tmp/n ]; do sleep 1; done");
            src.machine.addObserver(new SpaprMachine.Observer() {
                @Override
                public void migrationPass(int pass) {
                    passes.add(pass);
                }
            });
            MigrationStatus m = src.machine.migration();
            m.parameters().maxBandwidth(16L << 20);
            try (BootedGuest dst = new BootedGuest(CpuModel.POWER9, 0, 2, IcMode.XIVE, "unix:" + sock)) {
                dst.awaitRunState(RunState.INMIGRATE, 120);
                src.machine.migrate(MigrationUri.parse("unix:" + sock), null);
                long deadline = System.nanoTime() + 600_000_000_000L;
                while (passes.size() < 3) {
                    assertTrue(System.nanoTime() < deadline, "3 passes within 600 s: " + passes);
                    MigrationStatus.Status now = m.status();
                    assertTrue(now == MigrationStatus.Status.SETUP || now == MigrationStatus.Status.ACTIVE, "the migration is live: " + now
                            + " " + m.error());
                    Thread.sleep(100);
                }
                assertTrue(src.run("echo answering-$((2+3))").contains("answering-5"), "the console answers during pre-copy");
                assertEquals(MigrationStatus.Status.ACTIVE, m.status(), "still active after the console answered");
                src.type("touch /tmp/stop\n"); // the writer ends its round; the dirty rate falls and the migration converges
                SnapshotBootTest.awaitMigration(src.machine);
                System.out.printf("pre-copy proof: %d passes, total %d ms, downtime %d ms (limit %d), %d MiB sent, MIGRATION_PASS %s%n",
                        m.passes(), m.totalMillis(), m.downtimeMillis(), m.parameters().downtimeLimit(), m.bytes() >> 20, passes);
                assertTrue(m.totalMillis() >= 10_000, "RAM took at least 10 s at 16 MiB/s: " + m.totalMillis() + " ms");
                assertTrue(m.downtimeMillis() <= m.parameters().downtimeLimit() + 100, "downtime " + m.downtimeMillis() + " ms");
                assertTrue(m.passes() >= 3, "dirty-sync-count " + m.passes());
                assertEquals(RunState.POSTMIGRATE, src.machine.runState());
                dst.awaitRunState(RunState.RUNNING, 120);
                String check = dst.run(CHECK);
                assertTrue(check.contains("pattern-ok-"), "the pattern written during the migration checks: " + check);
                dst.powerOff();
            }
        }
        Files.deleteIfExists(dir);
    }

    /**
     * A busy -smp 2 guest over tcp: with a CPU hog; on the destination its files, a checksum,
     * sleep and date and the hog are all there, and the source ends in postmigrate.
     */
    @Test
    void aBusyGuestMigratesOverTcpAndKeepsScheduling() throws Exception {
        int port = freePort();
        try (BootedGuest src = new BootedGuest(CpuModel.POWER9, 0, 2, IcMode.DUAL)) {
            src.awaitShell(0);
            src.run("(while :; do :; done) & echo kept-$((6*7)) > /tmp/f");
            String sum = src.run("sha256sum /bin/busybox");
            try (BootedGuest dst = new BootedGuest(CpuModel.POWER9, 0, 2, IcMode.DUAL, "tcp:127.0.0.1:" + port)) {
                src.migrateTo(dst, "tcp:127.0.0.1:" + port);
                assertTrue(dst.run("cat /tmp/f").contains("kept-42"), "files survive the migration");
                assertEquals(sum, dst.run("sha256sum /bin/busybox"));
                dst.assertSleepsAboutASecond("after the migration");
                assertTrue(dst.run("kill %1 && echo hog-killed").contains("hog-killed"), "the CPU hog survived the migration");
                dst.powerOff();
            }
        }
    }

    /**
     * What a source survives: a cancel mid-flight, a destination that goes away mid-stream, a
     * destination that refuses the stream (another RAM size: the refusal comes back on the
     * return path); each time the guest runs on. And what a destination reports: a source that
     * goes away mid-stream ends it with exit 1 and one line.
     */
    @Test
    void failuresLeaveTheSourceRunning() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-livefail");
        try (BootedGuest src = new BootedGuest(CpuModel.POWER9, 0, 1, IcMode.XIVE)) {
            src.awaitShell(0);
            MigrationStatus m = src.machine.migration();
            // 1. cancel while RAM moves slowly
            m.parameters().maxBandwidth(1L << 20);
            Path s1 = dir.resolve("cancel.sock");
            try (BootedGuest dst = new BootedGuest(CpuModel.POWER9, 0, 1, IcMode.XIVE, "unix:" + s1)) {
                dst.awaitRunState(RunState.INMIGRATE, 120);
                src.machine.migrate(MigrationUri.parse("unix:" + s1), null);
                awaitBytes(m, 2L << 20);
                assertTrue(m.requestCancel());
                SnapshotBootTest.awaitEnd(m, 300);
                assertEquals(MigrationStatus.Status.CANCELLED, m.status());
                assertEquals(RunState.RUNNING, src.machine.runState());
                assertTrue(src.run("echo after-cancel").contains("after-cancel"));
                assertEquals(1, dst.exitCode(120), "the destination of a cancelled migration exits non-zero");
                assertTrue(dst.console.all().contains("load of migration failed: state stream truncated"), dst.console.all());
            }
            // 2. the destination goes away after 4 MiB (as a killed process: its socket closes)
            m.parameters().maxBandwidth(0);
            Path s2 = dir.resolve("dies.sock");
            Thread dies = dyingDestination(s2, 4L << 20);
            src.machine.migrate(MigrationUri.parse("unix:" + s2), null);
            SnapshotBootTest.awaitEnd(m, 300);
            dies.join();
            assertEquals(MigrationStatus.Status.FAILED, m.status());
            assertEquals(RunState.RUNNING, src.machine.runState());
            assertTrue(src.run("echo after-loss").contains("after-loss"));
            // 3. a destination with 512 MiB refuses a 1 GiB stream; the source hears why and runs on
            Path s3 = dir.resolve("refuses.sock");
            try (BootedGuest dst = new BootedGuest(CpuModel.POWER9, 0, 1, IcMode.XIVE, "unix:" + s3, 512L << 20)) {
                dst.awaitRunState(RunState.INMIGRATE, 120);
                src.machine.migrate(MigrationUri.parse("unix:" + s3), null);
                SnapshotBootTest.awaitEnd(m, 300);
                assertEquals(MigrationStatus.Status.FAILED, m.status());
                assertTrue(m.error().contains("the destination refused the stream: section machine: the stream is from a machine with ram-size"),
                        m.error());
                assertEquals(1, dst.exitCode(120));
                assertEquals(RunState.RUNNING, src.machine.runState());
                assertTrue(src.run("echo after-refusal").contains("after-refusal"));
            }
            // 4. a source that goes away mid-stream: the first half of a real stream, then the end of the connection
            Path file = dir.resolve("whole.jps");
            src.machine.migrate(MigrationUri.parse("file:" + file), null);
            SnapshotBootTest.awaitMigration(src.machine);
            Path s4 = dir.resolve("orphan.sock");
            try (BootedGuest dst = new BootedGuest(CpuModel.POWER9, 0, 1, IcMode.XIVE, "unix:" + s4)) {
                dst.awaitRunState(RunState.INMIGRATE, 120);
                byte[] whole = Files.readAllBytes(file);
                try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(s4))) {
                    ch.write(ByteBuffer.wrap(whole, 0, whole.length / 2));
                }
                assertEquals(1, dst.exitCode(120));
                assertTrue(dst.console.all().contains("jpseries: load of migration failed: state stream truncated"), dst.console.all());
            }
            Files.deleteIfExists(file);
        }
        Files.deleteIfExists(dir.resolve("dies.sock")); // the dying destination's socket file stays after it closed
        Files.deleteIfExists(dir);
    }

    /** A listener that reads {@code bytes} of a stream and then closes, as a destination that was killed. */
    private static Thread dyingDestination(Path sock, long bytes) throws IOException {
        java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        Thread t = new Thread(() -> {
            try (server; SocketChannel ch = server.accept(); InputStream in = java.nio.channels.Channels.newInputStream(ch)) {
                in.readNBytes((int) bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "dying-destination");
        t.start();
        return t;
    }

    private static void awaitBytes(MigrationStatus m, long bytes) throws InterruptedException {
        long end = System.nanoTime() + 120_000_000_000L;
        while (m.bytes() < bytes) {
            assertTrue(System.nanoTime() < end && m.busy(), "the migration sent " + m.bytes() + " bytes, status " + m.status());
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
