package org.jpseries.monitor;

import org.jpseries.spapr.SpaprMachine;

/**
 * The human monitor commands QMP's human-monitor-command runs (QEMU hmp-commands-info.hx): "info
 * status", "info registers [-a]", "info cpus", "info pic" and "info irq", nmi, and the migration
 * commands ({@link MigrationHmp}). Output uses CR LF line ends, as QEMU's monitor does; an
 * unknown command is answered, not failed.
 */
final class HumanMonitor {
    private final SpaprMachine machine;
    private final MigrationHmp migration;

    HumanMonitor(SpaprMachine machine, MigrationCommands migration) {
        this.machine = machine;
        this.migration = new MigrationHmp(migration);
    }

    static final String INFO_LIST = """
            info cpus  -- show infos for each CPU
            info irq  -- show the interrupts statistics (if available)
            """ + MigrationHmp.INFO_LIST + """
            info pci  -- show PCI info
            info pic  -- show PIC state
            info registers [-a] -- show the cpu registers (-a: all CPUs)
            info status  -- show the current VM status (running|paused)
            """;

    /** Runs one command line for the monitor's current CPU {@code cpuIndex}; returns its output. */
    String run(String line, int cpuIndex) {
        String out = migration.run(line);
        return (out != null ? out : other(line, cpuIndex)).replace("\n", "\r\n");
    }

    private String other(String line, int cpuIndex) {
        String[] w = line.strip().split("\\s+");
        if (w.length == 0 || w[0].isEmpty()) return "";
        String out;
        if (w[0].equals("nmi")) {
            machine.injectNmi(); // HMP nmi: QMP inject-nmi, silent on success
            out = "";
        } else if (w[0].equals("savevm") || w[0].equals("loadvm")) {
            // QEMU keeps savevm snapshots in a qcow2 disk (bdrv_all_find_vmstate_bs); jpseries has none
            out = "Error: No block device can accept snapshots\n";
        } else if (!w[0].equals("info") && !w[0].equals("i")) {
            out = "unknown command: '" + w[0] + "'\n";
        } else if (w.length == 1) {
            out = INFO_LIST;
        } else {
            out = switch (w[1]) {
                case "status" -> status();
                case "registers" -> registers(w.length > 2 && w[2].equals("-a"), cpuIndex);
                case "cpus" -> cpus(cpuIndex);
                case "pic" -> PicInfo.of(machine.platform());
                case "pci" -> PciInfo.hmp(machine.platform().pciHost().bus());
                case "irq" -> "IRQ statistics not available for pseries-machine.\n";
                default -> {
                    String info = migration.info(w[1]);
                    yield info != null ? info : "unknown command: 'info " + w[1] + "'\n";
                }
            };
        }
        return out;
    }

    /** QEMU hmp_info_status: running, or paused with the run state when it is not plain "paused". */
    private String status() {
        SpaprMachine.RunState s = machine.runState();
        if (s == SpaprMachine.RunState.RUNNING) return "VM status: running\n";
        if (s == SpaprMachine.RunState.PAUSED) return "VM status: paused\n";
        return "VM status: paused (" + s.qapiName + ")\n";
    }

    private String registers(boolean all, int cpuIndex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < machine.count(); i++) {
            if (!all && i != cpuIndex) continue;
            sb.append("\nCPU#").append(i).append('\n').append(CpuRegisters.dump(i, machine.cpu(i)));
        }
        return sb.toString();
    }

    private String cpus(int cpuIndex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < machine.count(); i++) {
            sb.append(i == cpuIndex ? "* " : "  ").append("CPU #").append(i).append(": thread_id=")
                    .append(HostThreads.id(machine.vcpuThread(i))).append(machine.vcpuStopped(i) ? " (halted)" : "").append('\n');
        }
        return sb.toString();
    }
}
