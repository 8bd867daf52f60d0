package org.jpseries.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import org.jpseries.memory.GuestRam;
import org.jpseries.spapr.BootException;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.MachineControl;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.papr.VcpuControl;

/**
 * QEMU's {@code -machine dumpdtb=FILE}: build the machine, reset it (load the kernel, build the
 * tree) and write the flattened device tree instead of running. No vCPU executes, so the
 * platform is given vCPU and machine controls that report every vCPU stopped and refuse any run
 * request (none can arrive: nothing executes guest code).
 */
final class DumpDtb {
    private DumpDtb() {}

    static int write(MachineConfig c, BootFiles f) throws UsageException {
        VcpuControl none = new VcpuControl() {
            @Override public int count() { return c.smp(); }
            @Override public void cede(int vcpu) { throw new IllegalStateException("dumpdtb runs no vCPU"); }
            @Override public void prod(int target) { throw new IllegalStateException("dumpdtb runs no vCPU"); }
            @Override public void confer(int vcpu, int target) { throw new IllegalStateException("dumpdtb runs no vCPU"); }
            @Override public boolean isStopped(int vcpu) { return true; }
            @Override public void start(int vcpu, long entry, long r3) { throw new IllegalStateException("dumpdtb runs no vCPU"); }
            @Override public void stopSelf(int vcpu) { throw new IllegalStateException("dumpdtb runs no vCPU"); }
            @Override public void signalSystemReset(int vcpu) { throw new IllegalStateException("dumpdtb runs no vCPU"); }
        };
        MachineControl machine = new MachineControl() {
            @Override public void requestPowerOff() { throw new IllegalStateException("dumpdtb runs no guest"); }
            @Override public void requestReset() { throw new IllegalStateException("dumpdtb runs no guest"); }
            @Override public void guestPanicked(String message) { throw new IllegalStateException("dumpdtb runs no guest"); }
            @Override public void clientExit() { throw new IllegalStateException("dumpdtb runs no guest"); }
        };
        try {
            GuestRam ram = new GuestRam(c.ramSize());
            SpaprPlatform p = new SpaprPlatform(new SpaprPlatform.Options(c.cpu(), c.smp(), c.ramSize(), c.maxCpuCompat(), c.append(),
                    org.jpseries.intc.IcMode.parse(c.icMode())),
                    ram, f.kernel(), f.initrd(), OutputStream.nullOutputStream(), none, machine,
                    (server, asserted) -> { }, () -> 0, GuestLog.silent());
            // the -device functions are in the tree as in QEMU's dump (no vCPU resets them: the target's byte order)
            var devices = org.jpseries.spapr.PciDrivers.withDriveDevices(c.devices(), c.drives());
            var netdevs = org.jpseries.net.Netdevs.open(c.netdevs(), w -> { });
            try (org.jpseries.block.Drives drives = org.jpseries.block.Drives.open(c.drives(), w -> { })) {
                p.plugPciDevices(devices, new org.jpseries.spapr.PciDrivers.Context(ram, GuestLog.silent(), () -> true, drives, netdevs));
            } finally {
                netdevs.values().forEach(org.jpseries.net.NetBackend::close);
            }
            p.reset();
            Files.write(c.dumpDtb(), p.flatten());
            System.err.println(Main.PROG + ": device tree written to " + c.dumpDtb());
            return 0;
        } catch (BootException | org.jpseries.net.NetdevException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("dumpdtb=" + c.dumpDtb() + ": " + e.getMessage());
        }
    }
}
