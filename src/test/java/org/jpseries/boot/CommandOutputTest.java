package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the boot tests cut a command's output out of the console text. */
class CommandOutputTest {
    @Test
    void outputStartsAfterTheLastEcho() {
        String raw = "cat /tmp/f; echo '@@'done-1'@@'\r\ncat /tmp/f; echo '@@'done-1'@@'\r\nkept-42\r\n";
        assertEquals("kept-42\n", BootedGuest.outputAfterEcho(raw));
    }

    @Test
    void aKernelMessageInsideTheEchoedLineIsDropped() {
        // seen in CI on a loaded host: printk landed between the echo and its line end
        String raw = "cat /tmp/f; echo '@@'done-1'@@'jpseries:/# \r\n"
                + "cat /tmp/f; echo '@@'done-1'@@'[   11.947476] hrtimer: interrupt took 8698127 ns\r\n\r\nkept-42\r\n";
        assertEquals("kept-42\n", BootedGuest.outputAfterEcho(raw));
    }

    @Test
    void aKernelMessageInsideTheOutputIsDropped() {
        String raw = "true; echo '@@'done-2'@@'\r\none\r\n[   22.112371] hrtimer: interrupt took 59219490 ns\r\ntwo\r\n";
        assertEquals("one\ntwo\n", BootedGuest.outputAfterEcho(raw));
    }
}
