package org.jpseries.spapr;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.MachineControl;
import org.jpseries.papr.VcpuControl;

/** A platform with a recording VcpuControl/MachineControl and a small synthetic kernel. */
abstract class PlatformFixture {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    final VcpuControl vcpus = new VcpuControl() {
        @Override public int count() { return 2; }
        @Override public void cede(int vcpu) { events.add("cede " + vcpu); }
        @Override public void prod(int target) { events.add("prod " + target); }
        @Override public void confer(int vcpu, int target) { events.add("confer " + vcpu + " " + target); }
        @Override public boolean isStopped(int vcpu) { return vcpu != 0; }
        @Override public void start(int vcpu, long entry, long r3) { events.add(String.format("start %d 0x%x 0x%x", vcpu, entry, r3)); }
        @Override public void stopSelf(int vcpu) { events.add("stop " + vcpu); }
        @Override public void signalSystemReset(int vcpu) { events.add("sreset " + vcpu); }
    };
    final MachineControl machine = new MachineControl() {
        @Override public void requestPowerOff() { events.add("poweroff"); }
        @Override public void requestReset() { events.add("reset"); }
        @Override public void guestPanicked(String message) { events.add("panic " + message); }
        @Override public void clientExit() { events.add("exit"); }
    };

    SpaprPlatform platform(CpuModel cpu, int maxCompat, int initrdSize) throws BootException {
        GuestRam ram = new GuestRam(256L << 20);
        byte[] text = new byte[0x2000];
        text[0] = 0x48; // a recognisable first byte
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, text, 0x800000, 0x100), "vmlinux");
        byte[] initrd = new byte[initrdSize];
        if (initrdSize > 0) initrd[0] = 0x1f;
        return new SpaprPlatform(new SpaprPlatform.Options(cpu, 2, ram.size(), maxCompat, "console=hvc0 quiet"), ram, k,
                initrdSize > 0 ? initrd : null, console, vcpus, machine, (s, a) -> events.add("irq " + s + (a ? "+" : "-")),
                () -> 1234, GuestLog.silent());
    }

    static GuestRam ramOf(SpaprPlatform p) throws Exception {
        var f = SpaprPlatform.class.getDeclaredField("ram");
        f.setAccessible(true);
        return (GuestRam) f.get(p);
    }

}
