package org.jpseries.intc.xics;

/**
 * The line from a presentation controller (ICP) to its processor: "an external interrupt is
 * pending" (PAPR 2.9 ch. 6 / LoPAR "Interrupt Presentation Layer"). The CPU side implements this:
 * asserted means the vCPU takes an external interrupt (0x500) once MSR[EE]=1, and a ceded vCPU
 * wakes up. Called with the machine lock held, from any thread: it must only record the state and
 * kick the vCPU thread, never call back into XICS.
 */
@FunctionalInterface
public interface XicsOutput {
    void externalInterrupt(int server, boolean asserted);
}
