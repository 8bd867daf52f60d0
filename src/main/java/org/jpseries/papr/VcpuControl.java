package org.jpseries.papr;

/**
 * What the platform asks of the vCPUs (the CPU/machine side implements it). All methods may be
 * called from a vCPU thread while it executes a hypercall or RTAS call.
 */
public interface VcpuControl {
    /** Number of vCPUs; ids are 0..count-1. */
    int count();

    /**
     * H_CEDE on {@code vcpu} (the caller): set MSR[EE] and stop executing until an external
     * interrupt, a decrementer or an H_PROD arrives (PAPR §14.11.3.3). Returns when the caller should
     * resume; the CPU side may instead mark the vCPU halted and return at once.
     */
    void cede(int vcpu);

    /** H_PROD: wake {@code target} if ceded, or make its next H_CEDE return immediately. */
    void prod(int target);

    /** H_CONFER: the caller gives up its time slice (a spin-lock holder is preempted). */
    void confer(int vcpu, int target);

    /** RTAS query-cpu-stopped-state: true if the vCPU is stopped (never started or stop-self). */
    boolean isStopped(int vcpu);

    /**
     * RTAS start-cpu: start a stopped vCPU at real address {@code entry} with r3 = {@code r3}, MSR =
     * SF|ME (64-bit, big-endian, relocation off), as QEMU's rtas_start_cpu.
     */
    void start(int vcpu, long entry, long r3);

    /** RTAS stop-self: the calling vCPU stops (it does not return to the guest). */
    void stopSelf(int vcpu);

    /**
     * H_SIGNAL_SYS_RESET's and the monitor's NMI: a system reset interrupt on {@code vcpu} before
     * its next instruction (QEMU spapr_do_system_reset_on_cpu). A stopped vCPU is left alone.
     */
    void signalSystemReset(int vcpu);
}
