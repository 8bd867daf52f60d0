package org.jpseries.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unix stream sockets through libc: listen, connect, SCM_RIGHTS both ways, adoption by number, errors. */
class StreamSocketTest {
    @TempDir
    Path dir;

    @Test
    void descriptorsSentWithDataAreQueuedInOrderAndUsable() throws Exception {
        Path sock = dir.resolve("s");
        try (StreamListener l = StreamListener.listen(sock)) {
            assertTrue(Files.exists(sock));
            assertEquals(sock.toString(), l.unixPath());
            CompletableFuture<StreamConnection> server = CompletableFuture.supplyAsync(() -> {
                try {
                    return l.accept();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            HostFd[] p1 = HostFd.pipe(), p2 = HostFd.pipe();
            try (StreamConnection client = StreamConnection.connect(sock); StreamConnection s = server.get(10, TimeUnit.SECONDS)) {
                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                client.send(hello, 0, hello.length, p1[1]);
                client.send(hello, 0, hello.length, p2[1]);
                p1[1].close();
                p2[1].close();
                InputStream in = s.inputStream();
                assertArrayEquals("hellohello".getBytes(StandardCharsets.US_ASCII), in.readNBytes(10));
                HostFd a = s.takeReceivedFd(), b = s.takeReceivedFd();
                assertNotNull(a);
                assertNotNull(b);
                assertNull(s.takeReceivedFd(), "two descriptors were sent");
                a.outputStream().write('A');
                b.outputStream().write('B');
                a.close();
                b.close();
                assertEquals('A', p1[0].inputStream().read());
                assertEquals(-1, p1[0].inputStream().read(), "the only write end left was the received one, now closed");
                assertEquals('B', p2[0].inputStream().read());
                s.outputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("bye".getBytes(StandardCharsets.US_ASCII), client.inputStream().readNBytes(3));
            } finally {
                p1[0].close();
                p2[0].close();
            }
        }
        assertFalse(Files.exists(sock), "closing removes the socket file");
    }

    @Test
    void closingWakesABlockedAcceptAndAReader() throws Exception {
        Path sock = dir.resolve("w");
        StreamListener l = StreamListener.listen(sock);
        CompletableFuture<Throwable> accept = CompletableFuture.supplyAsync(() -> {
            try {
                l.accept();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(200);
        l.close();
        assertNotNull(accept.get(10, TimeUnit.SECONDS), "accept fails once closed");
        assertThrows(IOException.class, l::accept);
    }

    @Test
    void adoptsAListeningSocketByNumber() throws Exception {
        Path sock = dir.resolve("a");
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            Libc.bind(fd, Libc.sockaddrUn(a, sock.toString()), "bind");
        }
        Libc.listen(fd, 1);
        try (StreamListener l = StreamListener.adopt(fd)) {
            assertEquals(fd, l.number());
            assertTrue(l.isUnix());
            assertEquals(sock.toString(), l.unixPath());
            try (StreamConnection c = StreamConnection.connect(sock); StreamConnection s = l.accept()) {
                c.outputStream().write(7);
                assertEquals(7, s.inputStream().read());
            }
        }
        assertTrue(Files.exists(sock), "an adopted socket's file belongs to whoever made it");
    }

    @Test
    void badDescriptorsGiveOneLineErrors() throws Exception {
        assertEquals("fd=-1: a file descriptor number cannot be negative",
                assertThrows(IOException.class, () -> StreamListener.adopt(-1)).getMessage());
        HostFd[] p = HostFd.pipe();
        try {
            String notSocket = assertThrows(IOException.class, () -> StreamListener.adopt(p[0].number())).getMessage();
            assertEquals("fd=" + p[0].number() + " is not a socket (Socket operation on non-socket)", notSocket);
            assertTrue(p[0].isOpen());
        } finally {
            p[0].close();
            p[1].close();
        }
        int s = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC);
        try {
            String msg = assertThrows(IOException.class, () -> StreamListener.adopt(s)).getMessage();
            assertTrue(msg.startsWith("fd=" + s + " is a socket that is not listening"), msg);
        } finally {
            Libc.close(s);
        }
        int unused = 999_999; // above any descriptor limit: never open
        String closed = assertThrows(IOException.class, () -> StreamListener.adopt(unused)).getMessage();
        assertEquals("fd=999999 is not an open file descriptor of jpseries (Bad file descriptor)", closed);
        assertFalse(closed.contains("\n"));
        String tooLong = assertThrows(IOException.class, () -> StreamListener.listen(dir.resolve("x".repeat(120)))).getMessage();
        assertTrue(tooLong.contains("a unix socket path must be 1..107 bytes long"), tooLong);
        String missing = assertThrows(IOException.class, () -> StreamConnection.connect(dir.resolve("none"))).getMessage();
        assertTrue(missing.endsWith(": No such file or directory") && missing.startsWith("connect "), missing);
    }

    @Test
    void aClosedDescriptorRefusesCalls() throws Exception {
        HostFd[] p = HostFd.pipe();
        p[0].close();
        p[0].close(); // once only
        assertFalse(p[0].isOpen());
        assertThrows(IOException.class, () -> p[0].read(new byte[1], 0, 1));
        p[1].close();
    }

    /**
     * Issue 16 item 4, as qemu-system-ppc64 7.2 on this host: a directory at the path is refused
     * ("-qmp unix:/tmp/d,server=on,wait=off: Failed to unlink socket /tmp/d: Is a directory") and
     * left alone; a stale socket file, or any other file, is replaced; close removes the file.
     */
    @Test
    void theSocketPathIsTakenAndGivenBackAsQemuDoes() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        IOException e = assertThrows(IOException.class, () -> StreamListener.listen(d));
        assertEquals("Failed to unlink socket " + d + ": Is a directory", e.getMessage());
        assertTrue(Files.isDirectory(d));

        Path stale = dir.resolve("stale.sock");
        try (var old = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            old.bind(java.net.UnixDomainSocketAddress.of(stale)); // closed below without removing its file
        }
        assertTrue(Files.exists(stale));
        try (StreamListener l = StreamListener.listen(stale);
             var c = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(stale))) {
            assertTrue(c.isConnected());
            l.close();
            assertFalse(Files.exists(stale), "close removes the socket file");
        }

        Path plain = Files.writeString(dir.resolve("plain"), "x");
        StreamListener.listen(plain).close();
        assertFalse(Files.exists(plain));
    }
}
