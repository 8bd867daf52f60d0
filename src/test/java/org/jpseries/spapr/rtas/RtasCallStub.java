package org.jpseries.spapr.rtas;

import org.jpseries.memory.GuestRam;
import org.jpseries.papr.RtasCall;

/**
 * An RTAS call held in Java for unit tests of one service: the arguments go in as unsigned
 * 32-bit cells, the results come out in {@link #rets} (nret = its length). A result index past
 * nret throws, so a service that writes more than the caller asked for fails the test.
 */
public final class RtasCallStub implements RtasCall {
    public final long[] args;
    public final int[] rets;
    private final GuestRam ram;

    /** @param ram the guest RAM the service may touch, or null for a call that must not touch any */
    public RtasCallStub(GuestRam ram, int nret, long... args) {
        this.ram = ram;
        this.args = args;
        this.rets = new int[nret];
    }

    @Override public int vcpuId() { return 0; }
    @Override public int nargs() { return args.length; }
    @Override public int nret() { return rets.length; }
    @Override public long arg(int i) { return i >= 0 && i < args.length ? args[i] & 0xFFFFFFFFL : 0; }
    @Override public void ret(int i, int value) { rets[i] = value; }

    @Override
    public GuestRam ram() {
        if (ram == null) throw new UnsupportedOperationException("this RTAS call has no guest RAM");
        return ram;
    }
}
