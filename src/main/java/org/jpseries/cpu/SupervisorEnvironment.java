package org.jpseries.cpu;

import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;

/**
 * The environment of a vCPU in a pseries partition: interrupts raised by instructions and
 * translations are delivered architecturally ({@link InterruptDelivery}) instead of as signals,
 * {@code sc 1} goes to the {@link Hypervisor}, and the asynchronous interrupt conditions the
 * interpreter finds pending are taken here.
 *
 * <p>To build a system-mode vCPU:
 * <pre>{@code
 * Cpu cpu = new Cpu(model, new Mmu(null));
 * SystemTranslator t = new SystemTranslator(cpu, ram);
 * cpu.mmu.setTranslator(t);
 * t.setPageTable(hpt);                      // the partition's HashPageTable, shared by all vCPUs
 * cpu.env = new SupervisorEnvironment(hypervisor);
 * cpu.timeBase = machineTimeBase;           // one TimeBase per machine, stopped with the VM
 * cpu.sys.spr[Spr.PIR] = vcpuId;            // LPCR (ILE, AIL, LD) is the hypervisor's to set
 * cpu.writeMsr(msr); cpu.nip = entry;       // then on the vCPU's thread:
 * new Interpreter(cpu).run();
 * }</pre>
 * Interrupt controller: {@code cpu.raise(Cpu.PENDING_EXTERNAL)} / {@code cpu.lower(...)} from any
 * thread (a level). H_CEDE: {@code cpu.msr |= Cpu.MSR_EE; cpu.idle();}; H_PROD: {@code cpu.prod()};
 * stopping a vCPU: {@code cpu.halted = true; cpu.kick();}.
 */
public class SupervisorEnvironment implements CpuEnvironment {
    /** PAPR H_PRIVILEGE: an hcall from problem state. */
    public static final long H_PRIVILEGE = -3;

    private volatile Hypervisor hypervisor;
    /** {@code -d int}: where interrupts and hypercalls are logged, or null. */
    private volatile java.io.PrintStream intLog;

    public SupervisorEnvironment(Hypervisor hypervisor) {
        this.hypervisor = hypervisor;
    }

    public void setHypervisor(Hypervisor h) {
        this.hypervisor = h;
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /** Logs every interrupt taken and every hypercall to {@code out} (QEMU's -d int), or stops with null. */
    public void logInterrupts(java.io.PrintStream out) {
        this.intLog = out;
    }

    /** QEMU's CPU_LOG_INT line (powerpc_excp): "Raise exception at NIP => NAME (VECTOR) error=CODE". */
    private void logRaise(Cpu cpu, long at, Interrupt kind, long detail) {
        java.io.PrintStream out = intLog;
        if (out == null) return;
        out.printf("Raise exception at %016x => %s (0x%x) error=%02x vcpu=%d%n", at, kind, kind.vector, detail & 0xff,
                cpu.sys.spr[Spr.PIR]);
    }

    /** QEMU's dump_hcall. */
    private void logHcall(Cpu cpu) {
        java.io.PrintStream out = intLog;
        if (out == null) return;
        long[] r = cpu.gpr;
        out.printf("hypercall r3=%016x r4=%016x r5=%016x r6=%016x r7=%016x r8=%016x r9=%016x r10=%016x r11=%016x r12=%016x nip=%016x vcpu=%d%n",
                r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], cpu.cia, cpu.sys.spr[Spr.PIR]);
    }

    /**
     * sc/scv (Book III 7.5.14-15). {@code sc 1} is the hypercall: from supervisor state it goes
     * to the hypervisor; from problem state QEMU's pseries answers H_PRIVILEGE in r3 without
     * interrupting the guest. Every other sc is a system call interrupt at 0xC00.
     */
    @Override
    public void systemCall(Cpu cpu, int lev, boolean scv) {
        if (scv) {
            if (intLog != null) logRaise(cpu, cpu.cia, Interrupt.SYSTEM_CALL, lev);
            InterruptDelivery.deliverScv(cpu, lev);
        } else if (lev == 1) {
            if (cpu.problemState()) {
                cpu.gpr[3] = H_PRIVILEGE;
            } else {
                if (intLog != null) logHcall(cpu);
                hypervisor.hypercall(cpu);
            }
        } else {
            if (intLog != null) logRaise(cpu, cpu.cia, Interrupt.SYSTEM_CALL, lev);
            InterruptDelivery.deliver(cpu, SYSTEM_CALL);
        }
    }

    /** FSCR[SCV] (bit 51): the OS allows system call vectored; FSCR[IC] cause code 12 when it does not. */
    public static final long FSCR_SCV = 1L << (63 - 51);
    public static final int FSCR_IC_SCV = 12;

    /** scv with FSCR[SCV]=0: facility unavailable interrupt, IC=12 (Book III 7.5.18, as QEMU). */
    @Override
    public void checkScv(Cpu cpu) {
        if ((cpu.sys.spr[Spr.FSCR] & FSCR_SCV) == 0) {
            throw new GuestInterrupt(Interrupt.FACILITY_UNAVAILABLE, FSCR_IC_SCV, cpu.cia);
        }
    }

    private static final GuestInterrupt SYSTEM_CALL = new GuestInterrupt(Interrupt.SYSTEM_CALL, 0, 0);
    private static final GuestInterrupt EXTERNAL = new GuestInterrupt(Interrupt.EXTERNAL, 0, 0);
    private static final GuestInterrupt DECREMENTER = new GuestInterrupt(Interrupt.DECREMENTER, 0, 0);
    private static final GuestInterrupt DOORBELL = new GuestInterrupt(Interrupt.DOORBELL, 0, 0);
    private static final GuestInterrupt SYSTEM_RESET = new GuestInterrupt(Interrupt.SYSTEM_RESET, 0, 0);

    @Override
    public void interrupt(Cpu cpu, GuestInterrupt gi) {
        if (intLog != null) logRaise(cpu, cpu.cia, gi.kind, gi.detail);
        if (gi.kind == Interrupt.MACHINE_CHECK && (cpu.msr & Cpu.MSR_ME) == 0) {
            hypervisor.checkstop(cpu, gi);
            return;
        }
        InterruptDelivery.deliver(cpu, gi);
    }

    /**
     * Takes the highest-priority pending asynchronous interrupt (Book III 7.8): a system reset
     * whatever the MSR says, then, if MSR[EE] allows it, external before decrementer before
     * doorbell. External and decrementer are level conditions and stay pending until their source
     * withdraws them; the system reset and the doorbell are consumed. Returns whether one was taken.
     */
    @Override
    public boolean takePending(Cpu cpu) {
        int p = cpu.pending;
        if ((p & Cpu.PENDING_SYSTEM_RESET) != 0) {
            cpu.lower(Cpu.PENDING_SYSTEM_RESET);
            if (intLog != null) logRaise(cpu, cpu.nip, Interrupt.SYSTEM_RESET, 0);
            InterruptDelivery.deliver(cpu, SYSTEM_RESET);
            return true;
        }
        if ((cpu.msr & Cpu.MSR_EE) == 0 || (p & Cpu.PENDING_INTERRUPTS) == 0) return false;
        GuestInterrupt gi = (p & Cpu.PENDING_EXTERNAL) != 0 ? EXTERNAL : (p & Cpu.PENDING_DECREMENTER) != 0 ? DECREMENTER : DOORBELL;
        if (gi == DOORBELL) cpu.lower(Cpu.PENDING_DOORBELL);
        if (intLog != null) logRaise(cpu, cpu.nip, gi.kind, 0);
        InterruptDelivery.deliver(cpu, gi);
        return true;
    }
}
