package org.jpseries.spapr.rtas;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IrqLine;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasCall;
import org.jpseries.papr.RtasTokens;

/**
 * RTAS event reporting (QEMU hw/ppc/spapr_events.c; PAPR 7.3.9 event-scan, 7.3.10 check-exception):
 * a queue of error logs, each of one event class, that the guest drains with check-exception
 * (from the class's interrupt handler) or event-scan (rtasd's periodic poll). The only class
 * raised yet is EPOW: the host's power button (QMP system_powerdown) queues a "normal system
 * shutdown" log and pulses the EPOW interrupt published under /event-sources/epow-events.
 * Section "rtas-events" (QEMU's spapr subsection "spapr_pending_events"): the logs not yet
 * collected, oldest first, and the next platform log id.
 */
public final class RtasEvents implements Device {
    /** check-exception / event-scan class masks (PAPR table "Event classes"). */
    public static final int MASK_INTERNAL_ERRORS = 0x8000_0000, MASK_EPOW = 0x4000_0000, MASK_HOTPLUG = 0x1000_0000,
            MASK_IO = 0x0800_0000;

    private record Event(int mask, byte[] log) {}

    @Role(kind = Role.Kind.WIRING, why = "the EPOW interrupt line (its events are the sources' state)")
    private final IrqLine epow;
    @Role(kind = Role.Kind.WIRING, why = "the host clock that dates a log")
    private final Clock clock;
    @Role(kind = Role.Kind.STATE, value = "masks", why = "with the logs in field logs")
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    @Role(kind = Role.Kind.STATE, value = "next-plid")
    private int nextPlid;

    /** @param epow the (message-signalled) EPOW interrupt line */
    public RtasEvents(IrqLine epow, Clock clock) {
        this.epow = epow;
        this.clock = clock;
    }

    public void register(Rtas rtas) {
        rtas.register(RtasTokens.CHECK_EXCEPTION, "check-exception", this::checkException);
        rtas.register(RtasTokens.EVENT_SCAN, "event-scan", this::eventScan);
    }

    /** Machine reset: logs the guest did not collect are dropped (QEMU spapr_clear_pending_events). */
    @Override
    public synchronized void reset(ResetReason why) {
        pending.clear();
        nextPlid = 0;
    }

    /** The host's power button: queue the EPOW shutdown log and interrupt the guest. */
    public void powerdown() {
        synchronized (this) {
            pending.add(new Event(MASK_EPOW, EpowLog.systemShutdown(LocalDateTime.now(clock.withZone(ZoneOffset.UTC)), nextPlid++)));
        }
        epow.pulse();
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    /**
     * /event-sources (spapr_dt_events): an interrupt controller node whose child epow-events
     * carries the EPOW interrupt; ras.c requests the interrupts of /event-sources/epow-events.
     */
    @Override
    public void buildTree(Node root) {
        Node es = root.add("event-sources");
        es.setEmpty("interrupt-controller").setCells("#interrupt-cells", 2).setCells("interrupt-ranges", epow.number(), 1);
        es.add("epow-events").setCells("interrupts", epow.number(), 0);
    }

    /** check-exception(vector, info, mask, critical, buffer, length[, extended info]) -> status. */
    void checkException(RtasCall c) {
        if (!c.expect(6, 7, 1)) return;
        c.ret(0, deliver(c, (int) c.arg(2), c.arg(4), c.arg(5)));
        // More logs of the class wait: interrupt again so the handler comes back for them.
        if (has((int) c.arg(2) & MASK_EPOW)) epow.pulse();
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

    // ---- Device -------------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of("rtas-events", 1, ResetPhase.DEVICES);

    @Override
    public DeviceId id() {
        return ID;
    }

    /** The pending logs as a mask per log and the logs concatenated with their lengths. */
    @Override
    public synchronized void saveState(Consumer<Section> out) {
        int[] masks = new int[pending.size()];
        int[] lengths = new int[pending.size()];
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        int i = 0;
        for (Event e : pending) {
            masks[i] = e.mask;
            lengths[i++] = e.log.length;
            logs.writeBytes(e.log);
        }
        out.accept(newSection().ints("masks", masks).ints("lengths", lengths).bytes("logs", logs.toByteArray())
                .i32("next-plid", nextPlid));
    }

    @Override
    public synchronized void loadState(Section s) throws StateException {
        int[] masks = s.ints("masks"), lengths = s.ints("lengths");
        byte[] logs = s.bytes("logs");
        if (masks.length != lengths.length) throw new StateException("section " + s.label() + ": " + masks.length + " masks for "
                + lengths.length + " logs");
        ArrayDeque<Event> loaded = new ArrayDeque<>();
        int at = 0;
        for (int i = 0; i < masks.length; i++) {
            if (lengths[i] < 0 || lengths[i] > logs.length - at) {
                throw new StateException("section " + s.label() + ": log " + i + " runs past the logs field");
            }
            loaded.add(new Event(masks[i], java.util.Arrays.copyOfRange(logs, at, at + lengths[i])));
            at += lengths[i];
        }
        if (at != logs.length) throw new StateException("section " + s.label() + ": " + (logs.length - at) + " bytes after the last log");
        pending.clear();
        pending.addAll(loaded);
        nextPlid = s.i32("next-plid");
    }
}
