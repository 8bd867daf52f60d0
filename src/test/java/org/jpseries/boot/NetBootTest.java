package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a jpseries guest and a QEMU 7.2 guest on one Ethernet: QEMU listens on
 * {@code -netdev socket,listen=}, jpseries connects, both with a virtio-net-pci. Debian's
 * kernel on each side loads virtio_net from the initramfs; the jpseries guest pings the QEMU
 * guest, then 2 MiB of random data go each way over HTTP (busybox httpd and wget) and arrive
 * with the same md5sum.
 */
@Tag("boot")
class NetBootTest {
    static final List<String> MACHINE = List.of("-M", "pseries,x-vof=on", "-cpu", "POWER9", "-m", "1G", "-nographic", "-nodefaults",
            "-serial", "stdio");

    /** One emulator process with its console. */
    static final class Guest implements AutoCloseable {
        final Process p;
        final GuestConsole console = new GuestConsole();
        final OutputStream in;
        int at;
        int n;

        Guest(List<String> cmd) throws IOException {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            in = p.getOutputStream();
            Thread pump = new Thread(() -> {
                byte[] b = new byte[4096];
                try (InputStream from = p.getInputStream()) {
                    for (int k; (k = from.read(b)) > 0; ) console.write(b, 0, k);
                } catch (IOException e) {
                    // ended
                }
            }, "console-pump");
            pump.setDaemon(true);
            pump.start();
        }

        void awaitShell() throws InterruptedException {
            at = console.waitFor(0, BootedGuest.READY, BootedGuest.BOOT_SECONDS, p::isAlive);
            at = console.waitFor(at, "# ", BootedGuest.COMMAND_SECONDS, p::isAlive);
        }

        /** Runs a command line; returns what came out until its end marker. */
        String run(String line) throws IOException, InterruptedException {
            String name = "done" + ++n;
            int from = console.mark();
            in.write((line + "; echo '@@'" + name + "'@@'\n").getBytes(StandardCharsets.ISO_8859_1));
            in.flush();
            at = console.waitFor(from, "@@" + name + "@@\r\n", BootedGuest.COMMAND_SECONDS, p::isAlive);
            return console.since(from);
        }

        @Override
        public void close() throws InterruptedException {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static final Pattern MD5 = Pattern.compile("([0-9a-f]{32})  ");

    static String md5(String out) {
        Matcher m = MD5.matcher(out);
        String last = null;
        while (m.find()) last = m.group(1);
        assertNotNull(last, "an md5sum in:\n" + out);
        return last;
    }

    @Test
    void aJpseriesGuestAndAQemuGuestTalk() throws Exception {
        Oracles.require("qemu-system-ppc64");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String kernel = Oracles.fetched("kernel").toString(), initrd = Oracles.fetched("initrd").toString();
        List<String> qemu = new ArrayList<>(List.of("qemu-system-ppc64"));
        qemu.addAll(MACHINE);
        qemu.addAll(List.of("-kernel", kernel, "-initrd", initrd, "-append", "console=hvc0", "-netdev",
                "socket,id=n0,listen=127.0.0.1:" + port, "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:00:00:01,romfile="));
        List<String> jps = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "org.jpseries.cli.Main"));
        jps.addAll(MACHINE);
        jps.addAll(List.of("-kernel", kernel, "-initrd", initrd, "-append", "console=hvc0", "-netdev",
                "socket,id=n0,connect=127.0.0.1:" + port, "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:00:00:02"));
        try (Guest q = new Guest(qemu)) {
            Thread.sleep(1000); // QEMU listens before its guest runs
            try (Guest j = new Guest(jps)) {
                q.awaitShell();
                j.awaitShell();
                q.run("ip addr add 10.0.0.1/24 dev eth0; ip link set eth0 up; mkdir -p /www; dd if=/dev/urandom of=/www/q bs=1024 count=2048 2>/dev/null; httpd -p 80 -h /www");
                j.run("ip addr add 10.0.0.2/24 dev eth0; ip link set eth0 up; mkdir -p /www; dd if=/dev/urandom of=/www/j bs=1024 count=2048 2>/dev/null; httpd -p 80 -h /www");
                String ping = j.run("ping -c 3 10.0.0.1");
                assertTrue(ping.contains("3 packets transmitted, 3 packets received"), ping);
                String qSum = md5(q.run("md5sum /www/q")), jSum = md5(j.run("md5sum /www/j"));
                assertEquals(qSum, md5(j.run("wget -q -O - http://10.0.0.1/q | md5sum")), "2 MiB from the QEMU guest to the jpseries guest");
                assertEquals(jSum, md5(q.run("wget -q -O - http://10.0.0.2/j | md5sum")), "2 MiB from the jpseries guest to the QEMU guest");
                String irq = j.run("grep virtio0 /proc/interrupts");
                assertTrue(irq.contains("virtio0"), irq);
            }
        }
    }
}
