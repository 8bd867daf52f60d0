/**
 * The PAPR interfaces a pseries partition calls (LoPAPR chapters 7 and 14): the tables the
 * platform and its devices register into, and the codes they answer with. A leaf below
 * {@code hw}, {@code intc.*} and {@code spapr.*}: it depends on none of them, so a device
 * registers its calls here without depending on the machine that wires it.
 *
 * <ul>
 * <li>{@link org.jpseries.papr.Hcall}: hcall opcodes and return codes;
 * {@link org.jpseries.papr.Hcalls} the dispatch table (QEMU's spapr_register_hypercall),
 * {@link org.jpseries.papr.HcallHandler} one entry, {@link org.jpseries.papr.HcallRegisters}
 * the calling vCPU's r3..r12.</li>
 * <li>{@link org.jpseries.papr.Rtas}: the RTAS call table behind the {@code ibm,rtas} tokens
 * (QEMU's spapr_rtas_register), {@link org.jpseries.papr.RtasCall} one call's arguments and
 * returns, {@link org.jpseries.papr.RtasHandler} one entry, {@link org.jpseries.papr.RtasTokens}
 * the token numbers.</li>
 * <li>{@link org.jpseries.papr.GuestLog}: QEMU's {@code -d guest_errors,unimp} log that
 * handlers report into.</li>
 * <li>{@link org.jpseries.papr.MachineControl} and {@link org.jpseries.papr.VcpuControl}: what
 * hcalls, RTAS and the client interface ask of the machine (power-off, reset, panic, client exit)
 * and of its vCPUs (start, stop, cede, prod, confer, system reset), implemented by {@code spapr}.</li>
 * </ul>
 */
package org.jpseries.papr;
