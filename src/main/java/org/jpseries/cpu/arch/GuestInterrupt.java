package org.jpseries.cpu.arch;

/**
 * Thrown by an instruction (or a translation) to abandon it and take an interrupt. The
 * interpreter catches it at the instruction boundary and hands it to the
 * {@link CpuEnvironment}; it never escapes a vCPU. No stack trace is captured.
 */
public final class GuestInterrupt extends RuntimeException {
    public final Interrupt kind;
    /** Kind-specific detail: program-interrupt reason bits, or DSISR/SRR1 status bits. */
    public final long detail;
    /** The faulting effective address for storage interrupts, else 0. */
    public final long address;

    public GuestInterrupt(Interrupt kind, long detail, long address) {
        super(kind.name(), null, false, false);
        this.kind = kind;
        this.detail = detail;
        this.address = address;
    }
}
