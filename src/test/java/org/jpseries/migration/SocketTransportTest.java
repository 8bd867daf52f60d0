package org.jpseries.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** tcp: and unix: migration channels: QEMU's messages, the stream one way and the answer back. */
class SocketTransportTest {
    @Test
    void anUnreachableDestinationIsQemusLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> MigrationUri.parse("tcp:127.0.0.1:" + port).openOutput(null));
        assertEquals("Failed to connect to '127.0.0.1:" + port + "': Connection refused", e.getMessage());
        e = assertThrows(IOException.class, () -> MigrationUri.parse("unix:/nonexistent-dir/x.sock").openOutput(null));
        assertTrue(e.getMessage().startsWith("Failed to connect to '/nonexistent-dir/x.sock': "), e.getMessage());
        e = assertThrows(IOException.class, () -> MigrationUri.parse("tcp:localhost").openOutput(null));
        assertTrue(e.getMessage().contains("has no port"), e.getMessage());
        e = assertThrows(IOException.class, () -> MigrationUri.parse("tcp:localhost:http").openOutput(null));
        assertTrue(e.getMessage().contains("'http' is not a number"), e.getMessage());
    }

    @Test
    void aBoundAddressCannotBeBoundTwice() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            IOException e = assertThrows(IOException.class, () -> MigrationUri.parse("tcp:127.0.0.1:" + s.getLocalPort()).listen(null));
            assertTrue(e.getMessage().startsWith("Failed to bind socket for '127.0.0.1:" + s.getLocalPort() + "': "), e.getMessage());
        }
    }

    @Test
    void theStreamGoesOneWayAndTheAnswerComesBack() throws Exception {
        Path dir = Files.createTempDirectory("jpseries-sock");
        for (String uri : new String[] {"unix:" + dir.resolve("m.sock"), "tcp:127.0.0.1:0"}) {
            MigrationUri u = MigrationUri.parse(uri);
            if (u.scheme() == MigrationUri.Scheme.TCP) {
                try (ServerSocket s = new ServerSocket(0)) {
                    u = MigrationUri.parse("tcp:127.0.0.1:" + s.getLocalPort());
                }
            }
            MigrationUri.Listener l = u.listen(null);
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (MigrationChannel.Incoming in = l.accept()) {
                    byte[] b = in.in().readNBytes(5);
                    ReturnPath.send(in.back(), null);
                    return b;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (MigrationChannel out = u.openOutput(null)) {
                out.out().write("hello".getBytes());
                out.out().flush();
                assertNull(ReturnPath.await(out.back()), "the destination loaded it");
            }
            assertArrayEquals("hello".getBytes(), received.get(30, TimeUnit.SECONDS));
        }
        assertTrue(!Files.exists(dir.resolve("m.sock")), "the unix socket file is removed once the source connected");
        Files.delete(dir);
    }

    @Test
    void aConnectionThatEndsWithoutAnAnswerIsAnError() throws Exception {
        IOException e = assertThrows(IOException.class, () -> ReturnPath.await(new java.io.ByteArrayInputStream(new byte[0])));
        assertTrue(e.getMessage().startsWith("the destination gave no answer"), e.getMessage());
    }
}
