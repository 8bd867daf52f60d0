package org.jpseries.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jpseries.cpu.CpuModel;
import org.jpseries.monitor.ChardevSpec;

/**
 * The machine a qemu-system-ppc64-style command line describes.
 *
 * @param maxCpuCompat the logical PVR of {@code max-cpu-compat} (0x0f000004 power8, 0x0f000005
 *                     power9) or 0 for none
 * @param actions      -action, -no-reboot, -no-shutdown: what a guest reboot, shutdown or panic does
 * @param logItems     {@code -d} items (guest_errors, int, in_asm, unimp)
 * @param logFile      {@code -D} file, or null for stderr
 * @param serialStdio  the console is on stdio (-nographic or -serial [mon:]stdio)
 * @param monitorMux   Ctrl-a escapes are active (-nographic or -serial mon:stdio)
 * @param dumpDtb      QEMU's {@code -machine dumpdtb=FILE}: write the device tree after reset and exit
 * @param qmp          QMP monitors to listen on (-qmp, -chardev socket + -mon mode=control)
 * @param startStopped -S: the vCPUs wait for QMP cont
 * @param name         -name, or null
 * @param ptys         ids of the pty chardevs (-chardev pty, -serial pty as "serial0"), in order
 * @param consolePty   the pty chardev the console (spapr-vty) is on (-serial chardev:ID, -device
 *                     spapr-vty,chardev=ID), or null
 * @param incoming     -incoming: a migration URI (file:, exec:, fd:) or "defer", or null
 * @param machineNone  {@code -machine none}: no guest, only the monitors (kernel and the machine's fields unused)
 * @param pidfile      {@code -pidfile}: where the process writes its pid once its monitors listen, or null
 * @param daemonize    {@code -daemonize}: the launcher returns once the monitors listen (bin/jpseries)
 * @param devices      {@code -device}s of PCI device types, in order (the console's spapr-vty is {@code consolePty})
 * @param drives       {@code -drive} and {@code -blockdev} drives in order, opened when the machine starts
 *                     ({@code block.BlockBackend.open}); if=virtio ones get a virtio-blk device each
 * @param netdevs      {@code -netdev}s in order ({@link NetdevOptions}), opened at machine start by
 *                     {@link org.jpseries.net.Netdevs#open}
 */
public record MachineConfig(
        String icMode,
        int maxCpuCompat,
        CpuModel cpu,
        long ramSize,
        int smp,
        Path kernel,
        Path initrd,
        String append,
        org.jpseries.spapr.Actions actions,
        Set<String> logItems,
        Path logFile,
        boolean serialStdio,
        boolean monitorMux,
        boolean nodefaults,
        List<ChardevSpec> qmp,
        boolean startStopped,
        Path dumpDtb,
        String name,
        List<String> ptys,
        String consolePty,
        String incoming,
        boolean machineNone,
        Path pidfile,
        boolean daemonize,
        List<org.jpseries.device.DeviceSpec> devices,
        List<org.jpseries.block.DriveSpec> drives,
        List<org.jpseries.net.NetdevSpec> netdevs) {

    public static final long DEFAULT_RAM = 512L << 20; // QEMU's pseries default_ram_size
    /** Below this the kernel, initrd and prom_init's allocations do not fit (QEMU: MIN_RMA_SLOF). */
    public static final long MIN_RAM = 128L << 20;

    /** A {@code -machine none} process: the monitors and what the process itself does (-pidfile, -daemonize). */
    static MachineConfig none(org.jpseries.spapr.Actions actions, Set<String> logItems, Path logFile, List<ChardevSpec> qmp,
            boolean startStopped, String name, List<String> ptys, Path pidfile, boolean daemonize) {
        return new MachineConfig("dual", 0, CpuModel.POWER9, DEFAULT_RAM, 1, null, null, "", actions, logItems, logFile, false, false,
                true, qmp, startStopped, null, name, ptys, null, null, true, pidfile, daemonize, List.of(), List.of(), List.of());
    }

    /** The drive {@code -device ...,drive=ID} names (a -drive id or a -blockdev node-name), or null. */
    public org.jpseries.block.DriveSpec drive(String id) {
        for (org.jpseries.block.DriveSpec d : drives) {
            if (d.id().equals(id)) return d;
        }
        return null;
    }

    /** The {@code -netdev} with this id, or null. */
    public org.jpseries.net.NetdevSpec netdev(String id) {
        for (org.jpseries.net.NetdevSpec n : netdevs) {
            if (n.id().equals(id)) return n;
        }
        return null;
    }

    public boolean log(String item) {
        return logItems.contains(item);
    }
}
