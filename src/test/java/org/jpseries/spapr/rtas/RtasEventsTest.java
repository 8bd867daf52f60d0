package org.jpseries.spapr.rtas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpseries.memory.GuestRam;
import org.jpseries.spapr.devtree.Node;
import org.junit.jupiter.api.Test;
import org.jpseries.papr.Rtas;

/**
 * The EPOW power-button path as Linux's ras.c sees it: the log's layout (walked the way
 * get_pseries_errorlog does), check-exception and event-scan draining the queue by class, the
 * interrupt pulses, a bad buffer, reset, and the /event-sources node.
 */
class RtasEventsTest {
    static final long BUF = 0x10000;

    final GuestRam ram = new GuestRam(1 << 20);
    final AtomicInteger pulses = new AtomicInteger();
    final RtasEvents events = new RtasEvents(org.jpseries.intc.CountingLine.of(0x1000, pulses),
            Clock.fixed(Instant.parse("2026-11-25T10:09:08Z"), ZoneOffset.UTC));

    RtasCallStub call(int nret, long... args) {
        return new RtasCallStub(ram, nret, args);
    }

    int checkException(int mask, long buf, int len) {
        RtasCallStub c = call(1, 0x500, 0x1000, mask, 0, buf, len);
        events.checkException(c);
        return c.rets[0];
    }

    @Test
    void powerdownQueuesAnEpowShutdownLogTheGuestCollects() {
        events.powerdown();
        assertEquals(1, pulses.get(), "the EPOW interrupt is pulsed");
        assertEquals(Rtas.OUT_NO_ERRORS_FOUND, checkException(RtasEvents.MASK_INTERNAL_ERRORS, BUF, 2048), "not an internal error");
        assertEquals(Rtas.OUT_SUCCESS, checkException(RtasEvents.MASK_EPOW, BUF, 2048));

        byte[] log = new byte[EpowLog.SIZE];
        ram.read(BUF, log, 0, log.length);
        ByteBuffer b = ByteBuffer.wrap(log);
        int summary = b.getInt(0);
        assertEquals(6, summary >>> 24, "version 6");
        assertEquals(0x40, summary & 0xff, "type EPOW");
        assertEquals(EpowLog.SIZE - 8, b.getInt(4), "extended length");
        assertEquals(0x49424d00, b.getInt(8 + 12), "company IBM");
        // get_pseries_errorlog: sections start after the 16-byte extended header
        int at = 8 + 16, epow = -1;
        while (at < 8 + b.getInt(4)) {
            int id = b.getShort(at) & 0xffff, len = b.getShort(at + 2) & 0xffff;
            if (id == 0x4550) epow = at;
            at += len;
        }
        assertEquals(8 + b.getInt(4), at, "sections fill the extended log exactly");
        assertEquals(3, log[epow + 8] & 0xf, "action: system shutdown (ras.c EPOW_SYSTEM_SHUTDOWN)");
        assertEquals(1, log[epow + 9] & 0xf, "modifier: normal (ras.c EPOW_SHUTDOWN_NORMAL -> orderly_poweroff)");
        assertEquals(0x20261125, b.getInt(24 + 8), "Main-A creation date in BCD");
        assertEquals(0x10090800, b.getInt(24 + 12), "Main-A creation time in BCD");

        assertEquals(Rtas.OUT_NO_ERRORS_FOUND, checkException(RtasEvents.MASK_EPOW, BUF, 2048), "collected once");
        assertEquals(1, pulses.get());
    }

    @Test
    void queuedLogsComeOutInOrderAndRePulse() {
        events.powerdown();
        events.powerdown();
        assertEquals(2, pulses.get());
        assertEquals(Rtas.OUT_SUCCESS, checkException(RtasEvents.MASK_EPOW, BUF, 16));
        assertEquals(3, pulses.get(), "another EPOW log waits: the interrupt fires again");
        assertEquals(0, ram.readBE32(BUF + 16), "a short buffer gets a truncated log");
        RtasCallStub scan = call(1, 0xffffffffL, 0, BUF, 2048);
        events.eventScan(scan);
        assertEquals(Rtas.OUT_SUCCESS, scan.rets[0], "event-scan drains the queue too");
        assertEquals(1, ram.readBE32(BUF + 24 + 40), "the second log has the next PLID");
        assertEquals(0, events.pendingCount());
    }

    @Test
    void badBufferAndResetLoseNothingElse() {
        events.powerdown();
        assertEquals(Rtas.OUT_PARAM_ERROR, checkException(RtasEvents.MASK_EPOW, ram.size() - 8, 2048));
        assertEquals(1, events.pendingCount(), "the log stays for a retry");
        RtasCallStub bad = call(1, 0x500, 0x1000, RtasEvents.MASK_EPOW);
        events.checkException(bad);
        assertEquals(Rtas.OUT_PARAM_ERROR, bad.rets[0], "too few arguments");
        events.reset(org.jpseries.device.ResetReason.HOST);
        assertEquals(Rtas.OUT_NO_ERRORS_FOUND, checkException(RtasEvents.MASK_EPOW, BUF, 2048));
    }

    @Test
    void treeNamesTheEpowInterrupt() {
        Node root = new Node("");
        events.buildTree(root);
        Node epow = root.find("/event-sources/epow-events");
        assertNotNull(epow);
        assertEquals(0x1000, epow.getCell("interrupts", -1));
        assertNotNull(root.find("/event-sources").get("interrupt-controller"));
    }
}
