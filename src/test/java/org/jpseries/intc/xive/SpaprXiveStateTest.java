package org.jpseries.intc.xive;

import static org.jpseries.intc.StateAssert.assertRefused;
import static org.jpseries.intc.StateAssert.assertSameState;
import static org.jpseries.intc.StateAssert.edited;
import static org.jpseries.intc.StateAssert.source;
import static org.jpseries.intc.xive.XiveTestBench.LSI;
import static org.jpseries.intc.xive.XiveTestBench.MSI;
import static org.jpseries.intc.xive.XiveTestBench.QADDR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.spapr.Regs;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

/**
 * XIVE state: a busy controller (queues with entries, one wrapped, PQ bits pending and queued,
 * a masked EAS, an asserted LSI, thread contexts with pending priorities) saved, loaded into a
 * fresh one built the same way and saved again gives the same sections; the loaded one drives
 * the same lines and writes the same next queue entries. Streams from other machines are refused
 * in one line.
 */
class SpaprXiveStateTest {
    /** An MSI with a coalescing END (ESn, not always-notify). */
    static final int MSI2 = 0x1002;
    /** The IPIs are sources 0 and 1. */
    static final int IPI0 = 0, IPI1 = 1;

    static XiveTestBench bench() {
        return new XiveTestBench(2, MSI2);
    }

    static void hcall(XiveTestBench b, long result, Regs r, java.util.function.ToLongFunction<Regs> call) {
        assertEquals(result, call.applyAsLong(r));
    }

    /**
     * vCPU 0: priority-5 queue wrapped once (generation 0, index 7), MSI PQ queued (11), an IPI at
     * priority 3 acknowledged (CPPR 3) so priority 5 stays pending in IPB. vCPU 1: CPPR 6, the LSI
     * asserted at priority 4 and MSI2 twice at priority 2 through a coalescing END, so NSR[EO] is
     * set and its line is up. IPI 1 is routed but masked with an event held in its PQ.
     */
    static void makeBusy(XiveTestBench b) {
        b.setCppr(0, 0xff);
        b.setCppr(1, 6);
        b.queue(0, 5, QADDR, 12);
        b.route(MSI, 0, 5, 0x11);
        for (int i = 0; i < 1030; i++) {
            b.msi.pulse();
            assertEquals(0, b.esbLoadEoi(MSI));
        }
        b.msi.pulse();
        b.msi.pulse();
        assertEquals(Esb.QUEUED, b.xive.pq(MSI));
        b.queue(0, 3, QADDR + 0x1000, 12);
        b.route(IPI0, 0, 3, 0x22);
        b.esb().write(XiveSource.triggerPage(IPI0), 8, 0, 0);
        assertEquals(0x80 << 8 | 3, b.ackOs(0));
        assertFalse(b.line[0]);

        hcall(b, 0, new Regs(1, XiveHcalls.H_INT_SET_SOURCE_CONFIG, XiveHcalls.SRC_SET_EISN | XiveHcalls.SRC_MASK, IPI1, 1, 4, 0x44),
                b.hcalls::setSourceConfig);
        b.esb().read(XiveSource.managementPage(IPI1) + Esb.SET_PQ_00, 8, 1);
        b.esb().write(XiveSource.triggerPage(IPI1), 8, 0, 1);
        assertEquals(Esb.PENDING, b.xive.pq(IPI1));

        b.queue(1, 4, QADDR + 0x2000, 12);
        b.route(LSI, 1, 4, 0x33);
        b.lsi.set(true);
        hcall(b, 0, new Regs(1, XiveHcalls.H_INT_SET_QUEUE_CONFIG, 0, 1, 2, QADDR + 0x3000, 12), b.hcalls::setQueueConfig);
        b.route(MSI2, 1, 2, 0x55);
        for (int i = 0; i < 2; i++) {
            b.sources.line(MSI2).pulse();
            b.esbLoadEoi(MSI2);
        }
        assertTrue(b.line[1]);
    }

    /** The guest's next steps on both vCPUs, with what it sees. */
    static List<String> drive(XiveTestBench b) {
        List<String> t = new ArrayList<>();
        t.add("ack1 " + Integer.toHexString(b.ackOs(1)) + " " + b.line[1]);
        t.add("eoi " + b.esbLoadEoi(MSI) + " q[7] " + Integer.toHexString(b.queueWord(QADDR, 7)));
        b.setCppr(0, 0xff);
        t.add("line0 " + b.line[0]);
        t.add("ack0 " + Integer.toHexString(b.ackOs(0)));
        t.add("ipi1 pq " + b.esb().read(XiveSource.managementPage(IPI1) + Esb.GET, 8, 1));
        b.lsi.set(false);
        t.add("lsi eoi " + b.esbLoadEoi(LSI) + " pq " + b.xive.pq(LSI));
        b.sources.line(MSI2).pulse();
        t.add("msi2 eoi " + b.esbLoadEoi(MSI2) + " q[2] " + Integer.toHexString(b.queueWord(QADDR + 0x3000, 2)) + " " + b.line[1]);
        Regs r = new Regs(0, XiveHcalls.H_INT_GET_QUEUE_CONFIG, XiveHcalls.END_DEBUG, 0, 5);
        b.hcalls.getQueueConfig(r);
        t.add("q0/5 flags " + Long.toHexString(r.gpr(4)) + " index " + r.gpr(7));
        t.add("os " + java.util.Arrays.toString(b.xive.osRing(0)) + java.util.Arrays.toString(b.xive.osRing(1)));
        return t;
    }

    @Test
    void busyStateRoundTripsAndTheLoadedControllerBehavesTheSame() throws Exception {
        XiveTestBench a = bench();
        makeBusy(a);
        List<Section> saved = a.registry.snapshot();

        XiveTestBench b = bench();
        b.registry.load(source(saved));
        assertSameState(saved, b.registry.snapshot());
        assertArrayEquals(new boolean[] {false, true}, b.line, "vCPU 1's exception is signalled again, vCPU 0 has none");
        assertEquals(a.xive.info(), b.xive.info());

        List<String> expected = drive(a);
        // the wrapped queue's next entry carries generation 0 (it would be 1 in a fresh queue)
        assertEquals("eoi 1 q[7] 11", expected.get(1));
        assertEquals("q0/5 flags 1 index 8", expected.get(7), "always-notify, generation 0 (bit 62 clear), index 8");
        assertEquals("ipi1 pq 2", expected.get(4), "the masked EAS dropped the event; PQ keeps it");
        assertEquals(expected, drive(b));
        assertSameState(a.registry.snapshot(), b.registry.snapshot());
    }

    @Test
    void eventsLatchedWithoutABackendReachXiveWhenActivated() throws Exception {
        XiveTestBench a = bench();
        a.setCppr(0, 0xff);
        a.queue(0, 5, QADDR, 12);
        a.route(MSI, 0, 5, 0x11);
        a.sources.setActive(null);
        a.msi.pulse();
        List<Section> saved = a.registry.snapshot();

        XiveTestBench b = bench();
        b.sources.setActive(null);
        b.registry.load(source(saved));
        assertSameState(saved, b.registry.snapshot());
        a.sources.setActive(a.xive);
        b.sources.setActive(b.xive);
        assertEquals(0x8000_0011, a.queueWord(QADDR, 0));
        assertEquals(a.queueWord(QADDR, 0), b.queueWord(QADDR, 0));
        assertTrue(a.line[0] && b.line[0]);
        assertSameState(a.registry.snapshot(), b.registry.snapshot());
    }

    @Test
    void anotherNumberOfServersIsRefused() throws Exception {
        List<Section> saved = bench().registry.snapshot();
        // on a machine the IPIs are claimed per vCPU, so the claims already differ
        assertRefused("section irq-sources: field claimed: IRQ 0x2 is claimed here but not in the stream (other devices?)",
                new XiveTestBench(3, MSI2).registry, saved);
        Section xive = saved.stream().filter(s -> s.name().equals(SpaprXive.SECTION)).findFirst().orElseThrow();
        StateException e = assertThrows(StateException.class, () -> new XiveTestBench(3, MSI2).xive.loadState(xive));
        assertEquals("section spapr-xive: field nr-servers = 2, this machine has 3 (another -smp?)", e.getMessage());
    }

    @Test
    void otherClaimsAreRefused() {
        List<Section> saved = bench().registry.snapshot();
        assertRefused("section irq-sources: field claimed: IRQ 0x1002 is claimed in the stream but not here (other devices?)",
                new XiveTestBench(2).registry, saved);
    }

    @Test
    void badFieldsAreRefusedNamingSectionAndField() throws Exception {
        XiveTestBench a = bench();
        makeBusy(a);
        List<Section> saved = a.registry.snapshot();
        int ends = 2 * SpaprXive.PRIORITIES;
        int[] gen = new int[ends];
        gen[5] = 2;
        assertRefused("section spapr-xive: field end-generation: END 0x5 is 0x2, outside 0x0..0x1", bench().registry,
                edited(saved, "spapr-xive", "end-generation", gen));
        long[] qaddr = new long[ends];
        qaddr[5] = 1L << 40;
        assertRefused("section spapr-xive: field end-qaddr: END 0x5 is 0x10000000000 with end-qshift 12:"
                + " not a valid, aligned queue in this machine's RAM", bench().registry, edited(saved, "spapr-xive", "end-qaddr", qaddr));
        byte[] pq = new byte[0x2000];
        pq[0x1000] = 4;
        assertRefused("section spapr-xive: field source-pq: LISN 0x1000 is 0x4, outside 0x0..0x3", bench().registry,
                edited(saved, "spapr-xive", "source-pq", pq));
        Section t0 = saved.stream().filter(s -> s.label().equals("xive-tctx")).findFirst().orElseThrow();
        assertRefused("section xive-tctx[1]: field regs: OS CAM line 0x80000400 is not vCPU 1's (0x80000401)", bench().registry,
                edited(saved, "xive-tctx[1]", "regs", t0.bytes("regs")));
        assertRefused("section spapr-xive: field eas-end has 3 values, expected 8192", bench().registry,
                edited(saved, "spapr-xive", "eas-end", new int[3]));
    }

    @Test
    void theDevicesResetToAFreshXiveLoweringEveryLineInVcpuOrder() {
        XiveTestBench a = bench(), fresh = bench();
        makeBusy(a);
        a.lines.clear();
        a.registry.reset(org.jpseries.device.ResetPhase.INTC, org.jpseries.device.ResetReason.HOST);
        assertEquals(List.of("0-", "1-"), a.lines, "routing first (no line), then each thread context's line lowered");
        java.util.function.Function<List<Section>, List<Section>> intc =
                l -> l.stream().filter(s -> !s.name().equals(org.jpseries.intc.IrqSources.SECTION)).toList();
        assertSameState(intc.apply(fresh.registry.snapshot()), intc.apply(a.registry.snapshot()));
        XiveTestBench b = a;
        assertEquals(Esb.OFF, b.xive.pq(MSI));
    }
}
