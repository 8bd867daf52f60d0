package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/jpseries -daemonize as libvirt's probe runs it (docs/libvirt.md): the launcher returns 0
 * only once the monitor socket listens and the pidfile names the running daemon, which then
 * answers QMP and ends on quit; when the daemon fails first, the launcher returns its status
 * with its message; a JVM started without the launcher refuses -daemonize in one line.
 */
class DaemonizeTest {
    @TempDir
    Path dir;

    private Process launch(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Oracles.home().resolve("bin/jpseries").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JPSERIES_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString());
        pb.environment().put("JPSERIES_JAVA_OPTS", "-Xshare:off");
        return pb.start();
    }

    @Test
    void returnsOnceTheMonitorListensAndThePidfileIsWritten() throws Exception {
        Path sock = dir.resolve("qmp.monitor"), pidfile = dir.resolve("qmp.pid");
        Process p = launch("-S", "-no-user-config", "-nodefaults", "-nographic", "-machine", "none,accel=kvm:tcg", "-qmp",
                "unix:" + sock + ",server=on,wait=off", "-pidfile", pidfile.toString(), "-daemonize");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8); // EOF: the daemon holds neither
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.exists(sock) && Files.exists(pidfile), "returned before the monitor and pidfile existed");
        long pid = Long.parseLong(Files.readString(pidfile).strip());
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the pidfile's process " + pid + " is not running"));
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            InputStream in = Channels.newInputStream(ch);
            OutputStream o = Channels.newOutputStream(ch);
            o.write("{\"execute\":\"qmp_capabilities\"}{\"execute\":\"query-version\"}{\"execute\":\"quit\"}".getBytes(StandardCharsets.UTF_8));
            String replies = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(replies.contains("\"major\": 7") || replies.contains("\"major\":7"), replies);
        } finally {
            daemon.onExit().get(30, TimeUnit.SECONDS);
        }
        assertTrue(!daemon.isAlive(), "quit ended the daemon");
    }

    @Test
    void aDaemonThatFailsFirstGivesItsMessageAndStatus() throws Exception {
        Process p = launch("-nodefaults", "-machine", "none", "-qmp", "unix:" + dir.resolve("no/such/dir/s") + ",server=on,wait=off",
                "-daemonize");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.startsWith("jpseries: -qmp unix:") && err.strip().lines().count() == 1, err);
    }

    @Test
    void withoutTheLauncherDaemonizeIsRefused() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(buf, true));
        int status;
        try {
            status = Main.run(List.of("-machine", "none", "-daemonize"));
        } finally {
            System.setErr(old);
        }
        assertEquals(1, status);
        assertEquals("jpseries: -daemonize: start jpseries through bin/jpseries, which daemonizes it (a JVM cannot fork itself)",
                buf.toString(StandardCharsets.UTF_8).strip());
    }
}
