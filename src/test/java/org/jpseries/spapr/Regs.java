package org.jpseries.spapr;

import org.jpseries.papr.HcallRegisters;

/** A register file for hcall tests. */
public final class Regs implements HcallRegisters {
    public final long[] gpr = new long[32];
    public final int vcpu;

    public Regs(int vcpu, long... r3up) {
        this.vcpu = vcpu;
        for (int i = 0; i < r3up.length; i++) gpr[3 + i] = r3up[i];
    }

    @Override public long gpr(int n) { return gpr[n]; }
    @Override public void setGpr(int n, long v) { gpr[n] = v; }
    @Override public int vcpuId() { return vcpu; }
}
