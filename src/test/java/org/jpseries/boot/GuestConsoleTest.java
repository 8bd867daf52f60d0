package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console matcher the boot tests wait with: typed-ahead echo inside a line must not hide it. */
class GuestConsoleTest {
    private static GuestConsole with(String s) {
        GuestConsole c = new GuestConsole();
        c.write(s.getBytes(StandardCharsets.ISO_8859_1), 0, s.length());
        return c;
    }

    @Test
    void findsAnUnbrokenLine() throws InterruptedException {
        GuestConsole c = with("boot...\r\njpseries-init: ready\r\n# ");
        assertEquals(29, c.waitFor(0, "jpseries-init: ready", 1, () -> true));
        assertEquals(0, c.splitMatches());
    }

    @Test
    void findsALineTheTtyEchoSplit() throws InterruptedException {
        // the init's echo was interrupted twice by the echo of a newline typed at that moment
        GuestConsole c = with("x\r\njpseries-init: re\r\nady\r\n\r\n# ");
        int end = c.waitFor(0, "jpseries-init: ready", 1, () -> true);
        assertEquals("x\r\njpseries-init: re\r\nady", c.all().substring(0, end));
        assertEquals(1, c.splitMatches());
        assertEquals(c.all().length(), c.waitFor(end, "# ", 1, () -> true));
    }

    @Test
    void otherTextInsideTheLineIsNoMatch() {
        GuestConsole c = with("jpseries-init: re# ady\r\n");
        AssertionError e = assertThrows(AssertionError.class, () -> c.waitFor(0, "jpseries-init: ready", 0, () -> true));
        assertEquals(true, e.getMessage().contains("did not appear"));
    }

    @Test
    void aPrefixAtTheEndIsRetriedWhenMoreTextArrives() throws Exception {
        GuestConsole c = with("jpseries-init: rea");
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            c.write("\r\ndy".getBytes(StandardCharsets.ISO_8859_1), 0, 4);
        });
        t.start();
        assertEquals(22, c.waitFor(0, "jpseries-init: ready", 10, () -> true));
        t.join();
    }
}
