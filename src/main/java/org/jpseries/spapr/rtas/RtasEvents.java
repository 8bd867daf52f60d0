package org.jpseries.spapr.rtas;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.jpseries.spapr.devtree.Node;

/**
 * RTAS event reporting (QEMU hw/ppc/spapr_events.c; PAPR 7.3.9 event-scan, 7.3.10 check-exception):
 * a queue of error logs, each of one event class, that the guest drains with check-exception
 * (from the class's interrupt handler) or event-scan (rtasd's periodic poll). The only class
 * raised yet is EPOW: the host's power button (QMP system_powerdown) queues a "normal system
 * shutdown" log and pulses the EPOW interrupt published under /event-sources/epow-events.
 */
public final class RtasEvents {
    /** check-exception / event-scan class masks (PAPR table "Event classes"). */
    public static final int MASK_INTERNAL_ERRORS = 0x8000_0000, MASK_EPOW = 0x4000_0000, MASK_HOTPLUG = 0x1000_0000,
            MASK_IO = 0x0800_0000;

    private record Event(int mask, byte[] log) {}

    private final int epowIrq;
    private final Runnable pulseEpow;
    private final Clock clock;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private int nextPlid;

    /**
     * @param epowIrq   the (message-signalled) interrupt number of the EPOW source
     * @param pulseEpow raises that interrupt once
     */
    public RtasEvents(int epowIrq, Runnable pulseEpow, Clock clock) {
        this.epowIrq = epowIrq;
        this.pulseEpow = pulseEpow;
        this.clock = clock;
    }

    public void register(Rtas rtas) {
        rtas.register(RtasTokens.CHECK_EXCEPTION, "check-exception", this::checkException);
        rtas.register(RtasTokens.EVENT_SCAN, "event-scan", this::eventScan);
    }

    /** Machine reset: logs the guest did not collect are dropped (QEMU spapr_events reset). */
    public synchronized void reset() {
        pending.clear();
    }

    /** The host's power button: queue the EPOW shutdown log and interrupt the guest. */
    public void powerdown() {
        synchronized (this) {
            pending.add(new Event(MASK_EPOW, EpowLog.systemShutdown(LocalDateTime.now(clock.withZone(ZoneOffset.UTC)), nextPlid++)));
        }
        pulseEpow.run();
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    /**
     * /event-sources (spapr_dt_events): an interrupt controller node whose child epow-events
     * carries the EPOW interrupt; ras.c requests the interrupts of /event-sources/epow-events.
     */
    public void addTree(Node root) {
        Node es = root.add("event-sources");
        es.setEmpty("interrupt-controller").setCells("#interrupt-cells", 2).setCells("interrupt-ranges", epowIrq, 1);
        es.add("epow-events").setCells("interrupts", epowIrq, 0);
    }

    /** check-exception(vector, info, mask, critical, buffer, length[, extended info]) -> status. */
    void checkException(RtasCall c) {
        if (!c.expect(6, 7, 1)) return;
        c.ret(0, deliver(c, (int) c.arg(2), c.arg(4), c.arg(5)));
        // More logs of the class wait: interrupt again so the handler comes back for them.
        if (has((int) c.arg(2) & MASK_EPOW)) pulseEpow.run();
    }

    /** event-scan(mask, critical, buffer, length) -> status. */
    void eventScan(RtasCall c) {
        if (!c.expect(4, 1)) return;
        c.ret(0, deliver(c, (int) c.arg(0), c.arg(2), c.arg(3)));
    }

    /** Copies the oldest log of a class in {@code mask} to the guest's buffer (truncated to {@code len}). */
    private int deliver(RtasCall c, int mask, long buf, long len) {
        synchronized (this) {
            Event e = null;
            for (Iterator<Event> it = pending.iterator(); it.hasNext();) {
                Event x = it.next();
                if ((x.mask & mask) != 0) {
                    e = x;
                    break;
                }
            }
            if (e == null) return Rtas.OUT_NO_ERRORS_FOUND;
            int n = (int) Math.min(len, e.log.length);
            if (!c.ram().contains(buf, n)) return Rtas.OUT_PARAM_ERROR;
            pending.remove(e);
            c.ram().write(buf, e.log, 0, n);
        }
        return Rtas.OUT_SUCCESS;
    }

    private synchronized boolean has(int mask) {
        if (mask == 0) return false;
        for (Event e : pending) {
            if ((e.mask & mask) != 0) return true;
        }
        return false;
    }
}
