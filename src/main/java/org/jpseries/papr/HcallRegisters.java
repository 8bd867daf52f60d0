package org.jpseries.papr;

/**
 * What a hypercall handler sees of the calling vCPU (PAPR 2.9 §14.5.3, "Hypervisor Call
 * Interface"): the general registers r3..r12 (r3 = opcode on entry, status on return; r4..r12 =
 * arguments in, return values out) and the caller's identity. The CPU side implements this over
 * its GPR array (index = register number) when it executes {@code sc 1} at MSR[PR]=0; tests
 * implement it over a plain array.
 */
public interface HcallRegisters {
    long gpr(int n);

    void setGpr(int n, long value);

    /** The calling vCPU's index, which is also its XICS server number and device-tree "reg". */
    int vcpuId();
}
