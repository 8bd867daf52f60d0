package org.jpseries.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConsoleMuxTest {
    @Test
    void escapesQuitHelpAndLiteralCtrlA() throws Exception {
        ByteArrayOutputStream guest = new ByteArrayOutputStream();
        ByteArrayOutputStream term = new ByteArrayOutputStream();
        AtomicInteger quits = new AtomicInteger();
        ConsoleMux m = new ConsoleMux(guest::write, quits::incrementAndGet, new PrintStream(term, true));
        for (int b : new int[] {'l', 's', 1, 1, 1, 'h', 1, 'q', '\r'}) m.input(b);
        assertEquals("ls\u0001\r", guest.toString(StandardCharsets.US_ASCII));
        assertTrue(term.toString().contains("C-a x    exit emulator"));
        assertEquals(0, quits.get());
        m.input(1);
        m.input('x');
        assertEquals(1, quits.get());
    }

    @Test
    void vtyInputRingPulsesOnlyWhenItWasEmpty() throws Exception {
        AtomicInteger pulses = new AtomicInteger();
        SpaprVty v = new SpaprVty(SpaprVty.DEFAULT_REG, org.jpseries.intc.CountingLine.of(SpaprVty.DEFAULT_IRQ, pulses), new ByteArrayOutputStream());
        v.receive((byte) 'a');
        v.receive((byte) 'b');
        assertEquals(1, pulses.get());
        byte[] buf = new byte[16];
        assertEquals(2, v.getChars(buf, 16));
        v.receive((byte) 'c');
        assertEquals(2, pulses.get());
        assertEquals(1, v.pending());
        // a full ring blocks the producer until the guest drains it
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < SpaprVty.RING + 10; i++) v.receive((byte) i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        int drained = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (drained < SpaprVty.RING + 11 && System.nanoTime() < deadline) drained += v.getChars(buf, 16);
        t.join(10_000);
        assertEquals(SpaprVty.RING + 11, drained);
    }
}
