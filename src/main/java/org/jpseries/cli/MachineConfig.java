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
        String incoming) {

    public static final long DEFAULT_RAM = 512L << 20; // QEMU's pseries default_ram_size
    /** Below this the kernel, initrd and prom_init's allocations do not fit (QEMU: MIN_RMA_SLOF). */
    public static final long MIN_RAM = 128L << 20;

    public boolean log(String item) {
        return logItems.contains(item);
    }
}
