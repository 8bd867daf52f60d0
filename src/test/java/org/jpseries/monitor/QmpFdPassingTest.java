package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.host.HostFd;
import org.jpseries.host.StreamConnection;
import org.jpseries.host.StreamListener;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.spapr.TestKernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descriptors passed to the monitor with SCM_RIGHTS (getfd, closefd, the store migrate uses), a
 * monitor on an inherited listening socket (fd=N) and query-chardev, on a machine that never
 * starts (prelaunch).
 */
class QmpFdPassingTest {
    static SpaprMachine machine;
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true);

    @TempDir
    Path dir;

    @BeforeAll
    static void machine() throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[] {0x48, 0, 0, 0}, 0x10000, 0), "loop");
        machine = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 256L << 20, 0, ""), false),
                k, null, new ByteArrayOutputStream(), new GuestLog(false, QUIET), QUIET);
    }

    /** A QMP client that can send descriptors: the jpseries socket type with its SCM_RIGHTS sendmsg. */
    static final class FdClient implements AutoCloseable {
        final StreamConnection c;
        final BufferedReader in;

        FdClient(Path socket) throws Exception {
            c = StreamConnection.connect(socket);
            in = new BufferedReader(new InputStreamReader(c.inputStream(), StandardCharsets.UTF_8));
            assertTrue(QmpClient.JSON.readTree(in.readLine()).has("QMP"));
            assertEquals("{}", call("{\"execute\": \"qmp_capabilities\"}").get("return").toString());
        }

        JsonNode call(String request, HostFd... fds) throws IOException {
            byte[] b = request.getBytes(StandardCharsets.UTF_8);
            c.send(b, 0, b.length, fds);
            return QmpClient.JSON.readTree(in.readLine());
        }

        @Override
        public void close() {
            c.close();
        }
    }

    private static String getfd(String name) {
        return "{\"execute\": \"getfd\", \"arguments\": {\"fdname\": \"" + name + "\"}}";
    }

    private static String closefd(String name) {
        return "{\"execute\": \"closefd\", \"arguments\": {\"fdname\": \"" + name + "\"}}";
    }

    private static String error(JsonNode reply) {
        return reply.at("/error/class").asText() + ": " + reply.at("/error/desc").asText();
    }

    @Test
    void getfdStoresTheDescriptorSentWithIt() throws Exception {
        Path sock = dir.resolve("qmp");
        try (QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), machine, null, QUIET).start();
                FdClient client = new FdClient(sock)) {
            assertEquals("GenericError: No file descriptor supplied via SCM_RIGHTS", error(client.call(getfd("mig"))));
            HostFd[] pipe = HostFd.pipe();
            try {
                assertEquals("{}", client.call(getfd("mig"), pipe[1]).get("return").toString());
                pipe[1].close(); // the monitor's copy is the only write end left
                assertEquals(List.of("mig"), server.fds().names());
                try (HostFd taken = server.fds().takeFd("mig")) { // what migrate "fd:mig" does
                    taken.outputStream().write("state".getBytes(StandardCharsets.US_ASCII));
                }
                assertEquals("state", new String(pipe[0].inputStream().readAllBytes(), StandardCharsets.US_ASCII),
                        "the bytes came through the passed descriptor, and taking it gave its ownership away");
                QmpError gone = assertThrows(QmpError.class, () -> server.fds().takeFd("mig"));
                assertEquals("File descriptor named 'mig' has not been found", gone.getMessage());
            } finally {
                pipe[0].close();
            }
        }
    }

    @Test
    void replacingANameClosesTheOldDescriptorAndClosefdClosesTheNew() throws Exception {
        Path sock = dir.resolve("qmp");
        try (QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), machine, null, QUIET).start();
                FdClient client = new FdClient(sock)) {
            HostFd[] first = HostFd.pipe(), second = HostFd.pipe(), digit = HostFd.pipe();
            try {
                assertEquals("{}", client.call(getfd("x"), first[1]).get("return").toString());
                assertEquals("{}", client.call(getfd("x"), second[1]).get("return").toString());
                first[1].close();
                second[1].close();
                assertEquals(-1, first[0].inputStream().read(), "the replaced descriptor was closed");
                assertEquals("{}", client.call(closefd("x")).get("return").toString());
                assertEquals(-1, second[0].inputStream().read(), "closefd closed the stored descriptor");
                assertEquals("GenericError: File descriptor named 'x' not found", error(client.call(closefd("x"))));
                assertEquals("GenericError: Parameter 'fdname' expects a name not starting with a digit",
                        error(client.call(getfd("1x"), digit[1])));
                digit[1].close();
                assertEquals(-1, digit[0].inputStream().read(), "a refused descriptor is closed, not leaked");
                assertEquals("GenericError: Parameter 'fdname' is missing", error(client.call("{\"execute\": \"getfd\"}")));
                assertEquals(List.of(), server.fds().names());
            } finally {
                for (HostFd[] p : List.of(first, second, digit)) {
                    p[0].close();
                    p[1].close();
                }
            }
        }
    }

    @Test
    void namedDescriptorsOutliveTheClientAndCloseWithTheMonitor() throws Exception {
        Path sock = dir.resolve("qmp");
        HostFd[] pipe = HostFd.pipe();
        try (QmpServer server = new QmpServer(ChardevSpec.parseQmp("unix:" + sock + ",server=on,wait=off"), machine, null, QUIET).start()) {
            try (FdClient client = new FdClient(sock)) {
                assertEquals("{}", client.call(getfd("keep"), pipe[1]).get("return").toString());
                // a descriptor sent without getfd is closed when its connection goes away
                HostFd[] spare = HostFd.pipe();
                client.call("{\"execute\": \"query-status\"}", spare[1]);
                spare[1].close();
                client.close();
                assertEquals(-1, spare[0].inputStream().read());
                spare[0].close();
            }
            pipe[1].close();
            try (FdClient again = new FdClient(sock)) {
                assertEquals("GenericError: No file descriptor supplied via SCM_RIGHTS", error(again.call(getfd("other"))));
                assertEquals(List.of("keep"), server.fds().names());
            }
        }
        assertEquals(-1, pipe[0].inputStream().read(), "closing the monitor closed 'keep'");
        pipe[0].close();
    }

    @Test
    void monitorOnAnInheritedListeningSocketAndQueryChardev() throws Exception {
        Path inherited = dir.resolve("inherited"), other = dir.resolve("other");
        int fd = StreamListener.listen(inherited).release(); // as if the parent had passed it
        Chardevs chardevs = new Chardevs();
        var spec = ChardevSpec.parseChardev("socket,id=charmonitor,fd=" + fd + ",server=on,wait=off");
        try (QmpServer adopted = new QmpServer(spec.getValue(), machine, null, QUIET, chardevs).start();
                QmpServer second = new QmpServer(ChardevSpec.parseQmp("unix:" + other + ",server=on,wait=off"), machine, null, QUIET, chardevs).start();
                FdClient client = new FdClient(inherited)) {
            JsonNode list = client.call("{\"execute\": \"query-chardev\"}").get("return");
            assertEquals("[{\"frontend-open\":true,\"filename\":\"unix:" + inherited + ",server=on\",\"label\":\"charmonitor\"},"
                    + "{\"frontend-open\":true,\"filename\":\"disconnected:unix:" + other + ",server=on\",\"label\":\"compat_monitor0\"}]",
                    list.toString());
            HostFd[] pipe = HostFd.pipe();
            try {
                assertEquals("{}", client.call(getfd("a"), pipe[1]).get("return").toString(), "descriptors pass over an adopted socket too");
                assertEquals(List.of("a"), adopted.fds().names());
                assertEquals(List.of(), second.fds().names(), "each monitor has its own names");
            } finally {
                pipe[0].close();
                pipe[1].close();
            }
        }
    }

    @Test
    void aDescriptorThatIsNoListeningSocketIsRefusedInOneLine() throws Exception {
        HostFd[] pipe = HostFd.pipe();
        try {
            ChardevSpec spec = ChardevSpec.parseChardev("socket,id=m,fd=" + pipe[0].number() + ",server=on,wait=off").getValue();
            IOException e = assertThrows(IOException.class, () -> new QmpServer(spec, machine, null, QUIET));
            assertEquals("fd=" + pipe[0].number() + " is not a socket (Socket operation on non-socket)", e.getMessage());
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }
}
