package org.jpseries.papr;

/** One hypervisor call: reads its arguments from r4.., writes return values to r4.., returns the status for r3. */
@FunctionalInterface
public interface HcallHandler {
    long call(HcallRegisters regs);
}
