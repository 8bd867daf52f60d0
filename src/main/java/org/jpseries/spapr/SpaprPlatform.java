package org.jpseries.spapr;

import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.SystemRegisters;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.hw.SpaprVty;
import org.jpseries.intc.IcMode;
import org.jpseries.intc.IrqBackend;
import org.jpseries.intc.IrqSources;
import org.jpseries.intc.xics.Xics;
import org.jpseries.intc.xics.XicsOutput;
import org.jpseries.intc.xics.XicsSpapr;
import org.jpseries.intc.xive.SpaprXive;
import org.jpseries.intc.xive.XiveHcalls;
import org.jpseries.intc.xive.XiveTree;
import org.jpseries.memory.GuestRam;
import org.jpseries.spapr.cas.Cas;
import org.jpseries.spapr.cas.CompatLevel;
import org.jpseries.spapr.cas.OptionVector;
import org.jpseries.spapr.ci.ClaimList;
import org.jpseries.spapr.ci.ClientInterface;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.spapr.iommu.TceHcalls;
import org.jpseries.spapr.pci.SpaprPhb;
import org.jpseries.spapr.rtas.Nvram;
import org.jpseries.spapr.rtas.PlatformRtas;
import org.jpseries.papr.Rtas;
import org.jpseries.spapr.rtas.RtasEvents;
import org.jpseries.spapr.rtas.Rtc;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.Hcalls;
import org.jpseries.papr.MachineControl;
import org.jpseries.papr.VcpuControl;

/**
 * The pseries platform without its CPUs: RAM layout, device tree, client interface, CAS, RTAS,
 * hypercalls, XICS, console and NVRAM, wired as QEMU's spapr machine. The machine owns the vCPUs
 * and implements {@link VcpuControl}, {@link MachineControl} and {@link XicsOutput}; it calls
 * {@link #reset()} at power-on and on reboot, applies the returned state to CPU 0, and routes
 * {@code sc 1} to {@link #hcalls()}.
 *
 * <p>Its devices (console, NVRAM, RTC, RTAS events, partition state, interrupt controllers) are
 * registered with the machine's {@link DeviceRegistry}, which resets them, builds their part of
 * the tree and carries their state. The platform itself is the device "spapr": the CAS outcome
 * (QEMU's spapr section with ov5_cas) and the compat PVR.
 */
public final class SpaprPlatform implements ClientInterface.Machine, Device {
    /** {@code icMode} is the ic-mode property as given; XIVE needs ISA 3.00 (see {@link IcMode#forIsa300}). */
    public record Options(CpuModel cpu, int smp, long ramSize, int maxCompatPvr, String bootargs, IcMode icMode) {
        /** An XICS-only machine (tests written before XIVE). */
        public Options(CpuModel cpu, int smp, long ramSize, int maxCompatPvr, String bootargs) {
            this(cpu, smp, ramSize, maxCompatPvr, bootargs, IcMode.XICS);
        }

        /**
         * Width of the large decrementer the machine gives its vCPUs, 0 for none: QEMU's
         * cap-large-decr, on by default for CPUs that may run at ISA 3.00 (POWER9 and later
         * without max-cpu-compat=power8; spapr default_caps_with_cpu), with POWER9's 56 bits.
         * The vCPUs get LPCR[LD] and the device tree says ibm,dec-bits.
         */
        public int largeDecrementerBits() {
            return isa300() ? SystemRegisters.LARGE_DECREMENTER_BITS : 0;
        }

        /**
         * The highest level the vCPUs may run at: the CPU's own, capped by max-cpu-compat (QEMU's
         * ppc_compat_max_pvr). A POWER9 with max-cpu-compat=power8 and a POWER8 both run up to
         * ISA 2.07; what a guest can observe of the CPU follows from this level, not from the model.
         */
        public CompatLevel maxCompatLevel() {
            return CompatLevel.highest(cpu, maxCompatPvr);
        }

        /** Whether the vCPUs may run at ISA 3.00 (radix, XIVE, the large decrementer). */
        public boolean isa300() {
            return maxCompatLevel().isa >= CompatLevel.ISA_3_00.isa;
        }

        /**
         * The interrupt controllers the machine offers: ic-mode after the ISA 3.00 check (QEMU
         * spapr_irq_check: dual becomes XICS below ISA 3.00).
         *
         * @throws IllegalArgumentException for XIVE-only below ISA 3.00, with QEMU's message
         */
        public IcMode offeredIcMode() {
            return icMode.forIsa300(isa300());
        }

        /**
         * The machine's capabilities in QEMU's -machine syntax (spapr_caps.c), as this machine
         * has them: no transactional memory, VSX and DFP, the large decrementer as above, no
         * FWNMI, no nested KVM. A snapshot carries them and a machine with others refuses it.
         */
        public String capabilities() {
            return "cap-htm=off,cap-vsx=on,cap-dfp=on,cap-large-decr=" + (largeDecrementerBits() > 0 ? "on" : "off")
                    + ",cap-fwnmi=off,cap-nested-hv=off";
        }
    }

    @Role(kind = Role.Kind.CONFIG, why = "the command line")
    private final Options opt;
    @Role(kind = Role.Kind.WIRING, why = "RAM is its own device")
    private final GuestRam ram;
    @Role(kind = Role.Kind.CONFIG, why = "-kernel, reloaded at reset")
    private final KernelElf kernel;
    @Role(kind = Role.Kind.CONFIG, why = "-initrd, reloaded at reset")
    private final byte[] initrd;
    @Role(kind = Role.Kind.WIRING)
    private final MachineControl machine;
    @Role(kind = Role.Kind.WIRING)
    private final GuestLog log;
    @Role(kind = Role.Kind.WIRING, why = "the machine lock")
    private final Object lock = new Object();

    @Role(kind = Role.Kind.WIRING, why = "the hcall table, built at creation")
    private final Hcalls hcalls;
    @Role(kind = Role.Kind.WIRING, why = "the RTAS call table, built at creation")
    private final Rtas rtas;
    /** Every interrupt number's kind, line level and latched events, shared by XICS and XIVE. */
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final IrqSources sources;
    @Role(kind = Role.Kind.CONFIG, why = "ic-mode after the ISA 3.00 check; the machine section checks it")
    private final IcMode icMode;
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final Xics xics;
    /** Null when the machine does not offer XIVE. */
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final SpaprXive xive;
    @Role(kind = Role.Kind.DERIVED, why = "from ov5-cas and the active controller, set by selectInterruptController")
    private volatile boolean xiveExploited;
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final SpaprVty vty;
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final Nvram nvram;
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final Rtc rtc = new Rtc(Clock.systemUTC());
    @Role(kind = Role.Kind.WIRING)
    private final DeviceRegistry devices;
    /** QEMU's SPAPR_IRQ_EPOW: the first source of the ICS, message-signalled. */
    public static final int EPOW_IRQ = 0x1000;
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final RtasEvents events;
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final SpaprPhb phb;
    @Role(kind = Role.Kind.WIRING, why = "a device of its own")
    private final PlatformState state = new PlatformState();
    @Role(kind = Role.Kind.WIRING, why = "its per-vCPU areas are saved by the vCPU devices")
    private final PlatformHcalls platformHcalls;
    @Role(kind = Role.Kind.CONFIG, why = "planned from RAM size, kernel and initrd at creation")
    private final BootLayout layout;

    @Role(kind = Role.Kind.DERIVED, why = "rebuilt from the devices and the CAS outcome at reset and after a load")
    private Node tree;
    @Role(kind = Role.Kind.STATE, value = "ci-open", why = "a migration blocker until quiesce: its claims are not saved")
    private ClientInterface ci;
    @Role(kind = Role.Kind.STATE, value = "compat-pvr")
    private volatile int compatPvr;
    @Role(kind = Role.Kind.STATE, value = "ov5-cas")
    private OptionVector ov5Cas = new OptionVector();
    @Role(kind = Role.Kind.DERIVED, why = "ends the run when set; never outlives the run")
    private String casFatal;

    public SpaprPlatform(Options opt, GuestRam ram, KernelElf kernel, byte[] initrd, OutputStream consoleOut, VcpuControl vcpus,
            MachineControl machine, XicsOutput xicsOutput, LongSupplier timebase, GuestLog log) throws BootException {
        this(opt, ram, kernel, initrd, consoleOut, vcpus, machine, xicsOutput, timebase, log, new DeviceRegistry());
    }

    /** Registers the platform's devices, in the order of their sections and resets, with {@code devices}. */
    public SpaprPlatform(Options opt, GuestRam ram, KernelElf kernel, byte[] initrd, OutputStream consoleOut, VcpuControl vcpus,
            MachineControl machine, XicsOutput xicsOutput, LongSupplier timebase, GuestLog log, DeviceRegistry devices)
            throws BootException {
        this.devices = devices;
        this.opt = opt;
        this.ram = ram;
        this.kernel = kernel;
        this.initrd = initrd;
        this.machine = machine;
        this.log = log;
        this.layout = BootLayout.plan(ram.size(), kernel, initrd == null ? 0 : initrd.length);
        hcalls = new Hcalls(log);
        rtas = new Rtas(ram, log);
        // -d guest_errors: every access to a real address nothing holds (QEMU's memory_region_access_valid)
        if (log.guestErrors()) ram.mmio().unassigned().logTo(line -> log.guestError("%s", line));
        try {
            icMode = opt.offeredIcMode();
        } catch (IllegalArgumentException e) {
            throw new BootException(e.getMessage());
        }
        sources = new IrqSources(lock, Xics.IRQ_BASE + Xics.NR_IRQS);
        xics = new Xics(sources, opt.smp(), xicsOutput);
        xive = icMode.offersXive() ? new SpaprXive(sources, opt.smp(), ram, xicsOutput, log) : null;
        if (xive != null) xive.claimIpis();
        vty = new SpaprVty(SpaprVty.DEFAULT_REG, sources.claimLine(SpaprVty.DEFAULT_IRQ, false), consoleOut);
        nvram = new Nvram(Nvram.DEFAULT_SIZE, Nvram.DEFAULT_REG, sources.claimLine(Nvram.DEFAULT_IRQ, false));
        events = new RtasEvents(sources.claimLine(EPOW_IRQ, false), Clock.systemUTC());
        events.register(rtas);
        platformHcalls = new PlatformHcalls(ram, state, vcpus);
        platformHcalls.register(hcalls);
        vty.registerHcalls(hcalls);
        if (icMode.offersXics()) new XicsSpapr(xics, timebase).register(hcalls, rtas);
        if (xive != null) new XiveHcalls(xive, () -> xiveExploited).register(hcalls);
        new PlatformRtas(machine, vcpus, vty, rtc).register(rtas);
        nvram.register(rtas);
        // the default PCI host bridge, which QEMU creates also with -nodefaults (spapr_machine_init)
        phb = new SpaprPhb(0, sources, ram, SpaprTree.PHANDLE_XICP);
        SpaprPhb.registerRtas(rtas, java.util.List.of(phb));
        TceHcalls tce = new TceHcalls(ram);
        for (var t : phb.dmaWindows()) tce.add(t);
        tce.register(hcalls);
        hcalls.register(Hcall.KVMPPC_H_RTAS, rtas::hcall);
        hcalls.register(Hcall.SPAPR_H_VOF_CLIENT, r -> ci.hcall(r));
        devices.register(this);
        devices.register(state);
        devices.register(sources); // first of the DEVICES phase: its reset detaches the controller
        devices.register(xics);
        for (Device d : xics.presenters()) devices.register(d);
        if (xive != null) {
            devices.register(xive);
            for (Device d : xive.contexts()) devices.register(d);
        }
        devices.register(vty);
        devices.register(nvram);
        devices.register(rtc);
        devices.register(events);
        devices.register(phb);
        for (var t : phb.dmaWindows()) devices.register(t);
    }

    /** The default PCI host bridge (QEMU's spapr-pci-host-bridge with bus pci.0). */
    public SpaprPhb pciHost() {
        return phb;
    }

    /**
     * Plugs a PCI function into the default bridge at {@code devfn} (negative: the first free
     * slot) and registers it as a device, before the machine's first reset.
     *
     * @throws IllegalArgumentException with QEMU's message when the slot is taken
     */
    /**
     * Builds the -device PCI functions from {@link PciDrivers} and plugs them, in order.
     *
     * @throws BootException one line naming the -device when a property or the placement is refused
     */
    public void plugPciDevices(java.util.List<org.jpseries.device.DeviceSpec> specs, PciDrivers.Context ctx) throws BootException {
        for (org.jpseries.device.DeviceSpec spec : specs) {
            try {
                plugPci(PciDrivers.build(spec, ctx), spec.devfn());
            } catch (IllegalArgumentException e) {
                throw new BootException(spec.where() + ": " + e.getMessage());
            }
        }
    }

    public <D extends org.jpseries.pci.PciDevice & Device> int plugPci(D d, int devfn) {
        int at = phb.bus().plug(d, devfn);
        devices.register(d);
        return at;
    }

    /** The machine's devices (the platform's and, when a machine built it, the vCPUs, RAM and MMU). */
    public DeviceRegistry devices() {
        return devices;
    }

    /** The per-vCPU hcall registrations (VPA, SLB shadow, DTL) that the vCPU device carries. */
    VcpuAreas vcpuAreas(int vcpu) {
        return platformHcalls.areas(vcpu);
    }

    public Object lock() {
        return lock;
    }

    public Hcalls hcalls() {
        return hcalls;
    }

    public Rtas rtas() {
        return rtas;
    }

    public Xics xics() {
        return xics;
    }

    /** The XIVE controller, or null when the machine does not offer it. */
    public SpaprXive xive() {
        return xive;
    }

    /** The interrupt sources devices raise lines on; they forward to the active controller. */
    public IrqSources irqSources() {
        return sources;
    }

    /** The interrupt controllers offered (ic-mode after the ISA 3.00 check). */
    public IcMode icMode() {
        return icMode;
    }

    /** The controller before CAS: XIVE only on an XIVE-only machine (QEMU spapr_irq_update_active_intc). */
    private IrqBackend preCasBackend() {
        return icMode.offersXics() ? xics : xive;
    }

    /**
     * Makes {@code next} the active interrupt controller in one step under the machine lock, and
     * shows it in the device tree (its interrupt-controller node; XIVE's hcalls work only then).
     */
    private void selectInterruptController(IrqBackend next) {
        sources.setActive(next);
        boolean onXive = next == xive && xive != null;
        // the H_INT_* hcalls answer only once CAS granted exploitation mode (QEMU tests ov5_cas)
        xiveExploited = onXive && ov5Cas.test(OptionVector.OV5_XIVE_EXPLOIT);
        showActiveController();
    }

    /** The tree's interrupt-controller node is the active controller's (the pre-CAS one's while none is). */
    private void showActiveController() {
        if (tree != null) {
            IrqBackend active = sources.active();
            XiveTree.showActive(tree, active != null ? active : preCasBackend(), SpaprTree.PHANDLE_XICP);
            if (ci != null) ci.treeChanged();
        }
    }

    public SpaprVty console() {
        return vty;
    }

    /** The RTAS event queue (EPOW). */
    public RtasEvents events() {
        return events;
    }

    /** The host's power button (QMP system_powerdown): an EPOW shutdown event the guest collects through RTAS. */
    public void powerdown() {
        events.powerdown();
    }

    public PlatformState state() {
        return state;
    }

    public BootLayout layout() {
        return layout;
    }

    public Node tree() {
        return tree;
    }

    public ClientInterface clientInterface() {
        return ci;
    }

    /** The logical PVR every vCPU runs at (0 = raw mode); set at reset from max-cpu-compat and by CAS. */
    public int compatPvr() {
        return compatPvr;
    }

    public OptionVector ov5Cas() {
        return ov5Cas.copy();
    }

    /** Set when CAS asked for something impossible; the machine prints it and exits 1 (QEMU exits). */
    public String casFatal() {
        return casFatal;
    }

    /**
     * The OV5 bits this platform offers (QEMU spapr_machine_init): the radix MMU with guest
     * translation shootdown when the CPU can run at ISA 3.00 within max-cpu-compat (XIVE is added
     * by {@link #offeredOv5} per ic-mode; no DRCONF memory, hot-plug events or HPT resize).
     */
    public static OptionVector platformOv5(CpuModel cpu, int maxCompatPvr) {
        OptionVector ov5 = new OptionVector();
        if (radixPossible(cpu, maxCompatPvr)) ov5.set(OptionVector.OV5_MMU_RADIX_300).set(OptionVector.OV5_MMU_RADIX_GTSE);
        return ov5;
    }

    /** The CPU can run at ISA 3.00 under the compat bound (QEMU ppc_type_check_compat with LOGICAL_3_00). */
    static boolean radixPossible(CpuModel cpu, int maxCompatPvr) {
        return CompatLevel.check(cpu, CompatLevel.ISA_3_00.pvr, 0, maxCompatPvr);
    }

    /** Whether the guest chose the radix MMU at CAS (until then, and after reset, hash). */
    public boolean guestRadix() {
        synchronized (lock) {
            return ov5Cas.test(OptionVector.OV5_MMU_RADIX_300);
        }
    }

    /** The OV5 bits CAS may grant: {@link #platformOv5} plus XIVE exploitation when XIVE is offered. */
    private OptionVector offeredOv5() {
        OptionVector ov5 = platformOv5(opt.cpu(), opt.maxCompatPvr());
        if (icMode.offersXive()) ov5.set(OptionVector.OV5_XIVE_EXPLOIT);
        return ov5;
    }

    /**
     * The platform's part of a machine reset, in the order {@link SpaprMachine#systemReset} runs
     * it (QEMU's spapr_machine_reset), for the platform alone (-machine dumpdtb, tests). Returns
     * CPU 0's entry state; the other vCPUs stay stopped until RTAS start-cpu.
     */
    public BootLayout.InitialState reset() {
        detachInterruptController();
        for (ResetPhase phase : ResetPhase.values()) {
            if (phase == ResetPhase.NONE) continue;
            devices.reset(phase, ResetReason.COLD);
            if (phase == ResetPhase.INTC) activatePreCasController();
        }
        return rebuildTree();
    }

    /**
     * Reset, first step: no controller is active, so an interrupt a device raises from now on
     * (its thread may still be finishing work) only latches in the shared sources; the
     * controller chosen in {@link #activatePreCasController} picks it up.
     */
    public void detachInterruptController() {
        synchronized (lock) {
            sources.setActive(null);
        }
    }

    /**
     * Reset, step 6 (this device's phase): the CAS outcome is forgotten: no negotiated OV5, the
     * compat PVR back at max-cpu-compat. The device tree and client interface, which reflect it,
     * are dropped until {@link #rebuildTree}.
     */
    @Override
    public void reset(ResetReason why) {
        synchronized (lock) {
            ov5Cas = new OptionVector();
            compatPvr = opt.maxCompatPvr();
            casFatal = null;
            tree = null;
            ci = null;
            ciQuiesced = false; // the rebuilt client interface is open until the guest quiesces it again
        }
    }

    /** Reset, after the controllers' own resets (step 7): the pre-CAS one made active in one step (latched interrupts reach it). */
    public void activatePreCasController() {
        synchronized (lock) {
            selectInterruptController(preCasBackend());
        }
    }

    /**
     * After the first load: keep the kernel's bytes deflated for the loads at later resets, or let
     * them go when no reset will load them (reboot=shutdown, -no-reboot). The vmlinux file would
     * otherwise stay on the Java heap whole for the life of the machine.
     */
    public void retainKernel(boolean forReset) {
        if (forReset) kernel.image().compact();
        else kernel.image().drop();
    }

    /** Reset, last platform step: the kernel and initrd reloaded, the tree rebuilt and the client interface opened. */
    public BootLayout.InitialState rebuildTree() {
        synchronized (lock) {
            layout.load(ram, kernel, initrd);
            newTree();
            ClaimList claims = new ClaimList(Math.min(ram.size(), 1L << 32));
            claims.claim(layout.kernelBase(), layout.kernelSize(), 0);
            if (layout.initrdSize() > 0) claims.claim(layout.initrdBase(), layout.initrdSize(), 0);
            claims.claim(layout.ciEntry(), BootLayout.STUB_SIZE, 0);
            claims.claim(layout.stackBase(), layout.stackSize(), 0);
            ci = new ClientInterface(tree, ram, vty, claims, this, log);
            ci.updateAvailable();
            int stdout = ci.open(vty.path());
            tree.find("/chosen").setCells("stdout", stdout);
            return layout.initialState();
        }
    }

    /**
     * The tree (QEMU spapr_build_fdt): the machine's nodes from its configuration, every registered
     * device's contribution in registration order (this one's included), then the active interrupt
     * controller's node. Lock held.
     */
    private void newTree() {
        Node t = SpaprTree.build(opt, layout, hcalls, rtas);
        devices.buildTree(t);
        tree = t;
        showActiveController();
    }

    /**
     * The "spapr" device's part of the tree: its CAS outcome over the power-on values (every
     * cpu-version and pa-features, /chosen/ibm,architecture-vec-5, as QEMU's spapr_dt_cpu and
     * spapr_dt_cas_updates take them from the machine) and the interrupt modes its ic-mode offers.
     */
    @Override
    public void buildTree(Node root) {
        SpaprTree.applyCas(root, opt.cpu(), compatPvr, ov5Cas, false);
        XiveTree.platformSupport(root, icMode);
    }

    /** A flattened copy of the current tree (for dtc checks and a future kexec-style boot). */
    public byte[] flatten() {
        synchronized (lock) {
            long[] rsv = layout.initrdSize() > 0
                    ? new long[] {layout.kernelBase(), layout.kernelSize(), layout.initrdBase(), layout.initrdSize()}
                    : new long[] {layout.kernelBase(), layout.kernelSize()};
            return org.jpseries.spapr.devtree.FdtWriter.write(tree, rsv, 0);
        }
    }

    @Override
    public int clientArchitectureSupport(long vecAddr) {
        synchronized (lock) {
            Cas.Result r = Cas.negotiate(ram, vecAddr, new Cas.Platform(opt.cpu(), opt.cpu().pvr, opt.maxCompatPvr(), offeredOv5(),
                    icMode.offersXics(), icMode.offersXive(), radixPossible(opt.cpu(), opt.maxCompatPvr())));
            if (r.fatal() != null) {
                casFatal = r.fatal();
                machine.guestPanicked("CAS: " + r.fatal());
                return (int) Hcall.H_HARDWARE;
            }
            if (r.status() != Hcall.H_SUCCESS) {
                log.guestError("ibm,client-architecture-support: bad vector table at 0x%x", vecAddr);
                return (int) r.status();
            }
            compatPvr = r.compatPvr();
            ov5Cas = r.ov5();
            SpaprTree.applyCas(tree, opt.cpu(), compatPvr, ov5Cas, r.preIsa3());
            selectInterruptController(!icMode.offersXics() || ov5Cas.test(OptionVector.OV5_XIVE_EXPLOIT) ? xive : xics);
            return 0;
        }
    }

    /**
     * The client took over: the client interface is closed (its claims and open handles are not
     * machine state from now on, so a snapshot no longer has to refuse). The console and NVRAM
     * keep working.
     */
    @Override
    public void quiesce() {
        synchronized (lock) {
            ciQuiesced = true;
        }
    }

    @Role(kind = Role.Kind.STATE, value = "ci-open")
    private boolean ciQuiesced;

    /**
     * Why the machine's state cannot be saved now, or null (QMP query-migrate's blocked-reasons):
     * before the guest quiesces the Open Firmware client interface, its state (claimed memory,
     * open instances, the tree it is walking) is not in any section.
     */
    public String migrationBlocker() {
        synchronized (lock) {
            return tree != null && !ciQuiesced
                    ? "the guest has not quiesced the Open Firmware client interface yet (it is still booting)" : null;
        }
    }

    // ---- Device "spapr": the CAS outcome --------------------------------------------------------

    private static final DeviceId ID = DeviceId.of("spapr", 1, ResetPhase.CAS);

    @Override
    public DeviceId id() {
        return ID;
    }

    @Override
    public void saveState(Consumer<Section> out) {
        synchronized (lock) {
            out.accept(newSection().i32("compat-pvr", compatPvr).bytes("ov5-cas", ov5Cas.toProperty())
                    .bool("ci-open", tree != null && !ciQuiesced));
        }
    }

    @Override
    public void loadState(Section s) throws StateException {
        if (s.bool("ci-open")) throw new StateException("section " + s.label() + ": saved before the guest quiesced the client interface");
        int pvr = s.i32("compat-pvr");
        if (pvr != 0 && !CompatLevel.check(opt.cpu(), pvr, 0, opt.maxCompatPvr())) {
            throw new StateException(String.format("section %s: compat PVR 0x%08x is not allowed for %s with max-cpu-compat 0x%08x",
                    s.label(), pvr, opt.cpu().displayName, opt.maxCompatPvr()));
        }
        OptionVector ov5 = OptionVector.fromProperty(s.bytes("ov5-cas"));
        if (ov5 == null) throw new StateException("section " + s.label() + ": field ov5-cas is not an option vector");
        synchronized (lock) {
            compatPvr = pvr;
            ov5Cas = ov5;
            casFatal = null;
            ci = null;
            ciQuiesced = true;
        }
    }

    /** After a load: the tree as CAS left it and the controller CAS chose (QEMU spapr_irq_post_load). */
    @Override
    public void postLoad() {
        synchronized (lock) {
            newTree();
            selectInterruptController(!icMode.offersXics() || ov5Cas.test(OptionVector.OV5_XIVE_EXPLOIT) ? xive : xics);
        }
    }

    @Override
    public void exit() {
        machine.clientExit();
    }
}
