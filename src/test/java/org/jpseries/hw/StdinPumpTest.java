package org.jpseries.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StdinPumpTest {
    @Test
    void hostInputReachesTheGuestRingThroughTheMux() throws Exception {
        AtomicInteger pulses = new AtomicInteger(), quits = new AtomicInteger();
        SpaprVty vty = new SpaprVty(SpaprVty.DEFAULT_REG, org.jpseries.intc.CountingLine.of(SpaprVty.DEFAULT_IRQ, pulses), new ByteArrayOutputStream());
        ConsoleMux mux = new ConsoleMux(vty::receive, quits::incrementAndGet, new PrintStream(new ByteArrayOutputStream()));
        Thread t = new StdinPump(new ByteArrayInputStream("echo hi\r\u0001x".getBytes()), mux::input).start();
        t.join(10_000);
        byte[] buf = new byte[16];
        int n = vty.getChars(buf, 16);
        assertEquals("echo hi\r", new String(buf, 0, n));
        assertEquals(1, pulses.get());
        assertEquals(1, quits.get());
    }
}
