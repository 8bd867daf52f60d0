package org.jpseries.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Owned descriptors: adoption by number, streams over non-blocking descriptors, closing once. */
class HostFdTest {
    @Test
    void adoptsAnOpenDescriptorByNumber() throws Exception {
        int[] p = Libc.pipe();
        try (HostFd r = HostFd.adopt(p[0], "-incoming fd:" + p[0]); HostFd w = HostFd.adopt(p[1], "test")) {
            assertEquals(p[0], r.number());
            assertTrue((Libc.fcntl(p[0], Libc.F_GETFD, 0, "test") & Libc.FD_CLOEXEC) != 0, "adopted descriptors are close-on-exec");
            w.outputStream().write(42);
            assertEquals(42, r.inputStream().read());
        }
        assertEquals("x: file descriptor -3 is negative", assertThrows(IOException.class, () -> HostFd.adopt(-3, "x")).getMessage());
        int unused = 999_999; // above any descriptor limit: never open
        String closed = assertThrows(IOException.class, () -> HostFd.adopt(unused, "fd:" + unused)).getMessage();
        assertEquals("fd:" + unused + ": file descriptor " + unused + ": Bad file descriptor (not an open descriptor inherited by jpseries)", closed);
    }

    @Test
    void streamsWaitOnNonBlockingDescriptors() throws Exception {
        HostFd[] p = HostFd.pipe();
        for (HostFd f : p) {
            int n = f.number();
            Libc.fcntl(n, Libc.F_SETFL, Libc.fcntl(n, Libc.F_GETFL, 0, "t") | Libc.O_NONBLOCK, "t");
        }
        byte[] data = new byte[1 << 20]; // far beyond a pipe's 64 KiB buffer
        new Random(7).nextBytes(data);
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return p[0].inputStream().readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        p[1].outputStream().write(data);
        p[1].close();
        assertArrayEquals(data, reader.get(30, TimeUnit.SECONDS));
        p[0].close();
        assertFalse(p[0].isOpen());
        assertThrows(IOException.class, () -> p[1].write(new byte[1], 0, 1));
    }
}
