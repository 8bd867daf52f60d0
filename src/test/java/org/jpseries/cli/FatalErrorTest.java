package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jpseries.host.Pty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 1: a fatal error on a vCPU thread ends the process (it used to hang for good: the
 * vCPU's error report ran out of heap too and the control thread waited forever). The child
 * jpseries gets a small heap and a guest that makes the emulator allocate until it is gone: it
 * writes a return instruction to page after page and calls each, so every page gets its decoded
 * copy. The process must end within seconds, with one line naming the thread, exit status 1,
 * the terminal restored and the QMP socket file removed.
 */
class FatalErrorTest {
    @TempDir
    Path dir;

    /** r3 = 16 MiB; r4 = blr; loop: stw r4,0(r3); mtctr r3; bctrl; addi r3,r3,4096; b loop. */
    static final int[] FILL_DECODED_PAGES = {0x3c600100, 0x3c804e80, 0x60840020, 0x90830000, 0x7c6903a6, 0x4e800421, 0x38631000,
        0x4bfffff0};

    @Test
    void outOfHeapOnAVcpuEndsTheProcessCleanly() throws Exception {
        Path kernel = ChildJpseries.kernel(dir, FILL_DECODED_PAGES);
        Path socket = dir.resolve("qmp.sock");
        try (Pty pty = Pty.open()) {
            ChildJpseries.sane(pty.slavePath());
            String cooked = ChildJpseries.stty(pty.slavePath());
            try (ChildJpseries j = ChildJpseries.start(dir, "48m", pty.slavePath().toFile(), "-M", "pseries", "-m", "512M",
                    "-nographic", "-kernel", kernel.toString(), "-qmp", "unix:" + socket + ",server=on,wait=off")) {
                Integer status = j.waitFor(60);
                String err = j.stderr();
                assertNotNull(status, "jpseries still running " + j.secondsSinceStart() + " s after its start; stderr:\n" + err);
                assertEquals(1, status, err);
                assertTrue(err.contains("jpseries: fatal: out of Java heap (") && err.contains(" on thread vcpu0; JPSERIES_JAVA_OPTS=-Xmx"), err);
                assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), "no Java stack trace: " + err);
                assertFalse(Files.exists(socket), "the QMP socket file is removed");
                assertEquals(cooked, ChildJpseries.stty(pty.slavePath()), "the terminal is restored");
            }
        }
    }
}
