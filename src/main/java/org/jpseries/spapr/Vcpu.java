package org.jpseries.spapr;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.Hypervisor;
import org.jpseries.cpu.exec.Interpreter;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.cpu.SupervisorEnvironment;
import org.jpseries.cpu.TimeBase;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.Mmu;
import org.jpseries.cpu.SystemTranslator;
import org.jpseries.mmu.hash.HashPageTable;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.papr.HcallRegisters;
import org.jpseries.spapr.cas.CompatLevel;

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
 *
 * <p>Device "cpu", instance = vCPU number (QEMU's vmstate "cpu" plus "spapr_cpu"): the
 * architected state ({@link org.jpseries.cpu.CpuState}), the RTAS run state, the compat PVR it
 * runs at (always sent, unlike QEMU's cpu/compat subsection that caused the 2019 bug), and the
 * VPA/SLB-shadow/DTL registrations. At a compat PVR the section loads into another model that
 * can run at that level (POWER9 max-cpu-compat=power8 and POWER8: see CpuState); in raw mode
 * only into the same model. A vCPU in H_CEDE when the machine stopped was woken by the
 * stop: H_CEDE may return at any time (PAPR), so ceding is not state; a pending H_PROD is (in
 * CpuState).
 */
final class Vcpu implements Hypervisor, HcallRegisters, Device {
    @Role(kind = Role.Kind.CONFIG, why = "the vCPU number, the section instance")
    final int id;
    @Role(kind = Role.Kind.WIRING, why = "the Cpu's own fields are classified in its class; CpuState saves them in this section")
    final Cpu cpu;
    @Role(kind = Role.Kind.WIRING, why = "the partition's translation, set from the partition state")
    final SystemTranslator translator;
    @Role(kind = Role.Kind.WIRING, why = "runs the Cpu; holds only caches (decoded and compiled code)")
    private final Interpreter interpreter;
    @Role(kind = Role.Kind.WIRING)
    private final SpaprMachine machine;
    @Role(kind = Role.Kind.WIRING, why = "the host thread")
    Thread thread;

    /** RTAS state: started by start-cpu (or the machine for CPU 0), stopped by stop-self. Run lock. */
    @Role(kind = Role.Kind.STATE)
    boolean started;
    /** The thread is executing guest code. Run lock. */
    @Role(kind = Role.Kind.DERIVED, why = "false whenever the machine is stopped, which saving requires")
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

    // ---- Device "cpu" ---------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of("cpu", org.jpseries.cpu.CpuState.VERSION, ResetPhase.VCPUS);

    @Override
    public DeviceId id() {
        return ID.instance(id);
    }

    /** Step 4 of the machine reset: registers, SLB, RTAS state, VPA registrations (spapr_reset_vcpu). */
    @Override
    public void reset(ResetReason why) {
        machine.resetVcpu(this);
    }

    /** DEC is reset to -1 and then counts down with the time base, which runs through a reset. */
    @Override
    public java.util.Set<String> notReset() {
        return java.util.Set.of("dec");
    }

    /** The vCPU's state, with the machine stopped (the control thread saves). */
    @Override
    public void saveState(java.util.function.Consumer<Section> out) {
        Section s = newSection();
        cpu.applyPublishedPartitionRegisters(); // stopped: what another vCPU published is this vCPU's LPCR/PCR
        org.jpseries.cpu.CpuState.save(cpu, s);
        s.bool("started", !machine.isStopped(id));
        s.sub(new Section("compat", 0, 1).i32("pvr", machine.platform().compatPvr()));
        s.sub(machine.platform().vcpuAreas(id).save());
        out.accept(s);
    }

    @Override
    public void loadState(Section s) throws StateException {
        Section compat = s.subsection("compat");
        if (compat == null) throw new StateException("section " + s.label() + ": subsection compat is missing");
        int pvr = compat.i32("pvr");
        if (pvr != machine.platform().compatPvr()) {
            // every vCPU runs at the partition's compat level (QEMU's 2019 bug: only vCPU 0 had it)
            throw new StateException(String.format("section %s: compat PVR 0x%08x differs from the machine's 0x%08x", s.label(), pvr,
                    machine.platform().compatPvr()));
        }
        Section areas = s.subsection(VcpuAreas.SUBSECTION);
        if (areas == null) throw new StateException("section " + s.label() + ": subsection " + VcpuAreas.SUBSECTION + " is missing");
        // at a compat PVR the state may be another model's (QEMU cpu_post_load), the PCR is this model's for that level
        org.jpseries.cpu.CpuState.load(s, cpu, pvr != 0);
        cpu.sys.spr[Spr.PCR] = CompatLevel.pcr(cpu.model, pvr);
        machine.platform().vcpuAreas(id).load(areas);
        machine.setVcpuStarted(this, s.bool("started"));
    }
}
