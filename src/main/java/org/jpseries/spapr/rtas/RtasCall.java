package org.jpseries.spapr.rtas;

/** The parameters of one RTAS call (PAPR §7.2.1): token, nargs, nret, args and rets as BE32 cells in guest RAM. */
public interface RtasCall {
    int vcpuId();

    int nargs();

    int nret();

    /** Argument {@code i} (0-based), as an unsigned 32-bit cell in a long. */
    long arg(int i);

    void ret(int i, int value);

    org.jpseries.memory.GuestRam ram();
}
