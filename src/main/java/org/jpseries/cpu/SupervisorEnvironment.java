package org.jpseries.cpu;

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

    public SupervisorEnvironment(Hypervisor hypervisor) {
        this.hypervisor = hypervisor;
    }

    public void setHypervisor(Hypervisor h) {
        this.hypervisor = h;
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /**
     * sc/scv (Book III 7.5.14-15). {@code sc 1} is the hypercall: from supervisor state it goes
     * to the hypervisor; from problem state QEMU's pseries answers H_PRIVILEGE in r3 without
     * interrupting the guest. Every other sc is a system call interrupt at 0xC00.
     */
    @Override
    public void systemCall(Cpu cpu, int lev, boolean scv) {
        if (scv) {
            InterruptDelivery.deliverScv(cpu, lev);
        } else if (lev == 1) {
            if (cpu.problemState()) cpu.gpr[3] = H_PRIVILEGE;
            else hypervisor.hypercall(cpu);
        } else {
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

    @Override
    public void interrupt(Cpu cpu, GuestInterrupt gi) {
        if (gi.kind == Interrupt.MACHINE_CHECK && (cpu.msr & Cpu.MSR_ME) == 0) {
            hypervisor.checkstop(cpu, gi);
            return;
        }
        InterruptDelivery.deliver(cpu, gi);
    }

    /**
     * Takes the highest-priority pending asynchronous interrupt if MSR[EE] allows it (Book III
     * 7.8: external before decrementer before doorbell). External and decrementer are level
     * conditions and stay pending until their source withdraws them; the doorbell is consumed.
     * Returns whether one was taken.
     */
    @Override
    public boolean takePending(Cpu cpu) {
        int p = cpu.pending;
        if ((cpu.msr & Cpu.MSR_EE) == 0 || (p & Cpu.PENDING_INTERRUPTS) == 0) return false;
        if ((p & Cpu.PENDING_EXTERNAL) != 0) {
            InterruptDelivery.deliver(cpu, EXTERNAL);
        } else if ((p & Cpu.PENDING_DECREMENTER) != 0) {
            InterruptDelivery.deliver(cpu, DECREMENTER);
        } else {
            cpu.lower(Cpu.PENDING_DOORBELL);
            InterruptDelivery.deliver(cpu, DOORBELL);
        }
        return true;
    }
}
