package org.jpseries.intc.xics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.papr.Rtas;
import org.jpseries.spapr.rtas.RtasCallStub;
import org.junit.jupiter.api.Test;

/** The ICS RTAS calls as the guest makes them: argument counts and interrupt numbers checked (PAPR 7.3.10). */
class XicsRtasTest {
    static final int IRQ = Xics.IRQ_BASE + 5;

    /** A call to a service that needs no guest RAM. */
    static RtasCallStub call(int nret, long... args) {
        return new RtasCallStub(null, nret, args);
    }

    final Xics xics = new Xics(new Object(), 2, (server, asserted) -> { });
    final XicsSpapr spapr = new XicsSpapr(xics, () -> 0);

    XicsRtasTest() {
        xics.claim(IRQ, false);
    }

    @Test
    void setGetOffOnRoundTrip() {
        RtasCallStub set = call(1, IRQ, 1, 5);
        spapr.setXive(set);
        assertEquals(Rtas.OUT_SUCCESS, set.rets[0]);
        RtasCallStub get = call(3, IRQ);
        spapr.getXive(get);
        assertArrayEquals(new int[] {Rtas.OUT_SUCCESS, 1, 5}, get.rets);
        RtasCallStub off = call(1, IRQ);
        spapr.intOff(off);
        assertEquals(Rtas.OUT_SUCCESS, off.rets[0]);
        spapr.getXive(get = call(3, IRQ));
        assertEquals(0xff, get.rets[2]);
        RtasCallStub on = call(1, IRQ);
        spapr.intOn(on);
        assertEquals(Rtas.OUT_SUCCESS, on.rets[0]);
        spapr.getXive(get = call(3, IRQ));
        assertEquals(5, get.rets[2]);
    }

    @Test
    void wrongCountsAndUnknownInterruptsAreParameterErrors() {
        RtasCallStub[] bad = {
            call(2, IRQ), call(3, IRQ, 0), call(3, 0x10), call(3, 0xFFFFFFFFL),
        };
        for (RtasCallStub c : bad) {
            spapr.getXive(c);
            assertEquals(Rtas.OUT_PARAM_ERROR, c.rets[0]);
        }
        RtasCallStub off = call(1, Xics.IRQ_BASE + Xics.NR_IRQS);
        spapr.intOff(off);
        assertEquals(Rtas.OUT_PARAM_ERROR, off.rets[0]);
        RtasCallStub on = call(1, IRQ, 1);
        spapr.intOn(on);
        assertEquals(Rtas.OUT_PARAM_ERROR, on.rets[0]);
        RtasCallStub onNoRet = call(2, IRQ);
        spapr.intOn(onNoRet);
        assertEquals(Rtas.OUT_PARAM_ERROR, onNoRet.rets[0]);
    }
}
