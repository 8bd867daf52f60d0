package org.jpseries.intc.xics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.memory.GuestRam;
import org.jpseries.spapr.rtas.Rtas;
import org.jpseries.spapr.rtas.RtasCall;
import org.junit.jupiter.api.Test;

/** The ICS RTAS calls as the guest makes them: argument counts and interrupt numbers checked (PAPR 7.3.10). */
class XicsRtasTest {
    static final int IRQ = Xics.IRQ_BASE + 5;

    /** An RTAS call block held in Java: args in, rets out. */
    static final class Call implements RtasCall {
        final long[] args;
        final int[] rets;

        Call(int nret, long... args) {
            this.args = args;
            this.rets = new int[nret];
        }

        @Override public int vcpuId() { return 0; }
        @Override public int nargs() { return args.length; }
        @Override public int nret() { return rets.length; }
        @Override public long arg(int i) { return args[i]; }
        @Override public void ret(int i, int value) { rets[i] = value; }
        @Override public GuestRam ram() { throw new UnsupportedOperationException(); }
    }

    final Xics xics = new Xics(new Object(), 2, (server, asserted) -> { });
    final XicsSpapr spapr = new XicsSpapr(xics, () -> 0);

    XicsRtasTest() {
        xics.claim(IRQ, false);
    }

    @Test
    void setGetOffOnRoundTrip() {
        Call set = new Call(1, IRQ, 1, 5);
        spapr.setXive(set);
        assertEquals(Rtas.OUT_SUCCESS, set.rets[0]);
        Call get = new Call(3, IRQ);
        spapr.getXive(get);
        assertArrayEquals(new int[] {Rtas.OUT_SUCCESS, 1, 5}, get.rets);
        Call off = new Call(1, IRQ);
        spapr.intOff(off);
        assertEquals(Rtas.OUT_SUCCESS, off.rets[0]);
        spapr.getXive(get = new Call(3, IRQ));
        assertEquals(0xff, get.rets[2]);
        Call on = new Call(1, IRQ);
        spapr.intOn(on);
        assertEquals(Rtas.OUT_SUCCESS, on.rets[0]);
        spapr.getXive(get = new Call(3, IRQ));
        assertEquals(5, get.rets[2]);
    }

    @Test
    void wrongCountsAndUnknownInterruptsAreParameterErrors() {
        Call[] bad = {
            new Call(2, IRQ), new Call(3, IRQ, 0), new Call(3, 0x10), new Call(3, 0xFFFFFFFFL),
        };
        for (Call c : bad) {
            spapr.getXive(c);
            assertEquals(Rtas.OUT_PARAM_ERROR, c.rets[0]);
        }
        Call off = new Call(1, Xics.IRQ_BASE + Xics.NR_IRQS);
        spapr.intOff(off);
        assertEquals(Rtas.OUT_PARAM_ERROR, off.rets[0]);
        Call on = new Call(1, IRQ, 1);
        spapr.intOn(on);
        assertEquals(Rtas.OUT_PARAM_ERROR, on.rets[0]);
        Call onNoRet = new Call(2, IRQ);
        spapr.intOn(onNoRet);
        assertEquals(Rtas.OUT_PARAM_ERROR, onNoRet.rets[0]);
    }
}
