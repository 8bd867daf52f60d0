package org.jpseries.papr;

/** The parameters of one RTAS call (PAPR §7.2.1): token, nargs, nret, args and rets as BE32 cells in guest RAM. */
public interface RtasCall {
    int vcpuId();

    int nargs();

    int nret();

    /** Argument {@code i} (0-based), as an unsigned 32-bit cell in a long. */
    long arg(int i);

    void ret(int i, int value);

    org.jpseries.memory.GuestRam ram();

    /**
     * The argument-count check every RTAS service starts with (QEMU's "nargs != N || nret != M"):
     * true when the call passes exactly {@code nargs} arguments and asks for {@code nret} results;
     * otherwise answers status -3 (Parameter Error) in result 0 and returns false.
     */
    default boolean expect(int nargs, int nret) {
        return expect(nargs, nargs, nret);
    }

    /** {@link #expect(int, int)} for a service with optional trailing arguments: {@code minArgs..maxArgs}. */
    default boolean expect(int minArgs, int maxArgs, int nret) {
        if (nargs() >= minArgs && nargs() <= maxArgs && nret() == nret) return true;
        paramError();
        return false;
    }

    /** Answers status -3 (Parameter Error) in result 0. */
    default void paramError() {
        ret(0, Rtas.OUT_PARAM_ERROR);
    }
}
