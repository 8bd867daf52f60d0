package org.jpseries.cpu;

import org.jpseries.cpu.arch.GuestInterrupt;

/**
 * The partition's hypervisor as a vCPU sees it: the pseries platform implements it and plugs it
 * into {@link SupervisorEnvironment}. Called on the vCPU's own thread.
 */
public interface Hypervisor {
    /**
     * {@code sc 1} from supervisor state (PAPR 14.5.3): r3 holds the hcall number, r4-r12 the
     * arguments; the handler leaves the status in r3 and results from r4 on. cpu.nip already
     * points past the sc. The handler may block (H_CEDE: {@link Cpu#idle}).
     */
    void hypercall(Cpu cpu);

    /**
     * A machine check while MSR[ME]=0: the thread enters checkstop (Book III 7.5.2). The platform
     * reports it (QEMU: guest panic event) and stops the machine; the default just halts the vCPU.
     * A partition cannot clear ME and takes its machine checks with ME kept
     * ({@link InterruptDelivery}), so only a vCPU the hypervisor started with ME=0 gets here.
     */
    default void checkstop(Cpu cpu, GuestInterrupt cause) {
        cpu.halted = true;
    }
}
