package org.jpseries.spapr;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.GuestInterrupt;
import org.jpseries.cpu.Hypervisor;
import org.jpseries.cpu.Interpreter;
import org.jpseries.cpu.Spr;
import org.jpseries.cpu.SupervisorEnvironment;
import org.jpseries.cpu.TimeBase;
import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.Mmu;
import org.jpseries.mmu.SystemTranslator;
import org.jpseries.mmu.hash.HashPageTable;

/**
 * One virtual processor of the pseries machine (QEMU's PowerPCCPU + SpaprCpuState): the
 * architected thread, its interpreter, and the host thread that runs it. The vCPU is the
 * partition's view of the hypervisor: {@code sc 1} reaches {@link #hypercall}, which runs the
 * platform's hcall table with this vCPU's registers.
 *
 * <p>Run state, guarded by the machine's run lock: {@code started} is the RTAS state (a vCPU
 * is stopped until start-cpu, and again after stop-self); {@code active} says the thread is
 * inside the interpreter. The thread runs only while the machine is running and the vCPU
 * started; everything that changes the vCPU's registers from outside waits until it is not
 * active.
 */
final class Vcpu implements Hypervisor, HcallRegisters {
    final int id;
    final Cpu cpu;
    final SystemTranslator translator;
    private final Interpreter interpreter;
    private final SpaprMachine machine;
    Thread thread;

    /** RTAS state: started by start-cpu (or the machine for CPU 0), stopped by stop-self. Run lock. */
    boolean started;
    /** The thread is executing guest code. Run lock. */
    boolean active;

    Vcpu(int id, CpuModel model, GuestRam ram, TimeBase timeBase, HashPageTable hpt, SpaprMachine machine) {
        this.id = id;
        this.machine = machine;
        this.cpu = new Cpu(model, new Mmu(null));
        this.translator = new SystemTranslator(cpu, ram);
        cpu.mmu.setTranslator(translator);
        translator.setPageTable(hpt);
        cpu.env = new SupervisorEnvironment(this);
        cpu.timeBase = timeBase;
        cpu.sys.spr[Spr.PIR] = id;
        this.interpreter = new Interpreter(cpu);
    }

    /** Runs guest code until the vCPU is halted (stop, stop-self, machine reset or exit). */
    void runGuest() {
        cpu.inGuest = true;
        try {
            interpreter.run();
        } finally {
            cpu.inGuest = false;
        }
    }

    /** -d int and -d in_asm for this vCPU (null turns a log off). */
    void setLogs(java.io.PrintStream interrupts, java.io.PrintStream inAsm) {
        ((SupervisorEnvironment) cpu.env).logInterrupts(interrupts);
        interpreter.logInAsm(inAsm);
    }

    long retired() {
        return interpreter.retired();
    }

    // ---- Hypervisor -------------------------------------------------------------------------

    @Override
    public void hypercall(Cpu c) {
        machine.hypercall(this);
    }

    @Override
    public void checkstop(Cpu c, GuestInterrupt cause) {
        c.halted = true;
        machine.checkstop(this, cause);
    }

    // ---- HcallRegisters ---------------------------------------------------------------------

    @Override
    public long gpr(int n) {
        return cpu.gpr[n];
    }

    @Override
    public void setGpr(int n, long value) {
        cpu.gpr[n] = value;
    }

    @Override
    public int vcpuId() {
        return id;
    }
}
