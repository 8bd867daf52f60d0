package org.jpseries.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jpseries.cpu.CpuModel;
import org.jpseries.hw.SpaprVty;
import org.jpseries.monitor.ChardevSpec;

/**
 * Parses the subset of qemu-system-ppc64's command line the pseries machine supports (QEMU
 * qemu-options.hx), with QEMU's spellings: options take one or two dashes, sizes take QEMU's
 * suffixes, and any error is one line naming the option.
 */
public final class CommandLine {
    public static final int LOGICAL_PVR_POWER8 = 0x0f000004, LOGICAL_PVR_POWER9 = 0x0f000005;
    static final Set<String> LOG_ITEMS = Set.of("guest_errors", "int", "in_asm", "unimp");

    private CommandLine() {}

    public static MachineConfig parse(List<String> args) throws UsageException {
        String icMode = "dual"; // QEMU's default since pseries-4.2; CAS picks, XICS without ISA 3.00
        int maxCompat = 0;
        CpuModel cpu = CpuModel.POWER9;
        long ram = MachineConfig.DEFAULT_RAM;
        int smp = 1;
        Path kernel = null, initrd = null, logFile = null;
        String append = "";
        org.jpseries.spapr.Actions actions = org.jpseries.spapr.Actions.DEFAULT;
        boolean stdio = false, mux = false, nodefaults = false, startStopped = false;
        Set<String> log = new LinkedHashSet<>();
        List<ChardevSpec> qmp = new java.util.ArrayList<>();
        java.util.Map<String, ChardevSpec> chardevs = new java.util.LinkedHashMap<>();
        List<String> ptys = new java.util.ArrayList<>();
        String console = null, consoleFrom = null; // the chardev the spapr-vty uses, and the option that said so
        String name = null;
        String incoming = null;
        boolean machineGiven = false;
        Path dumpDtb = null;

        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") || a.equals("-")) throw new UsageException(a + ": invalid option (a disk image is not supported yet)");
            String opt = a.startsWith("--") ? a.substring(1) : a;
            switch (opt) {
                case "-nographic" -> {
                    stdio = true;
                    mux = true;
                }
                case "-no-reboot", "-no-shutdown", "-action" -> actions = action(opt, opt.equals("-action") ? value(args, ++i, a) : null, actions);
                case "-nodefaults" -> nodefaults = true;
                case "-S" -> startStopped = true;
                case "-incoming" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("defer")) {
                        try {
                            org.jpseries.migration.MigrationUri.parse(v);
                        } catch (IllegalArgumentException e) {
                            throw new UsageException(a + " " + v + ": " + e.getMessage());
                        }
                    }
                    incoming = v;
                }
                case "-M", "-machine" -> {
                    String v = value(args, ++i, a);
                    machineGiven = true;
                    for (String part : v.split(",", -1)) {
                        if (part.startsWith("type=")) part = part.substring(5);
                        int eq = part.indexOf('=');
                        if (eq < 0) {
                            if (part.equals("help")) throw new UsageException("Supported machines are:\npseries              pSeries Logical Partition (PAPR compliant)");
                            if (!part.equals("pseries") && !part.startsWith("pseries-")) {
                                throw new UsageException(a + " " + v + ": unsupported machine type '" + part + "' (only pseries)");
                            }
                            continue;
                        }
                        String key = part.substring(0, eq), val = part.substring(eq + 1);
                        switch (key) {
                            case "ic-mode" -> {
                                if (org.jpseries.intc.IcMode.parse(val) == null) {
                                    throw new UsageException(a + " " + v + ": Unsupported IRQ mode '" + val + "' (xics, xive or dual)");
                                }
                                icMode = val;
                            }
                            case "max-cpu-compat" -> maxCompat = switch (val.toLowerCase(Locale.ROOT)) {
                                case "power8" -> LOGICAL_PVR_POWER8;
                                case "power9" -> LOGICAL_PVR_POWER9;
                                default -> throw new UsageException(a + " " + v + ": Invalid compatibility mode \"" + val + "\" (power8 or power9)");
                            };
                            case "x-vof" -> {
                                if (!val.equals("on")) throw new UsageException(a + " " + v + ": only x-vof=on exists: the client interface is always served by jpseries");
                            }
                            case "dumpdtb" -> {
                                if (val.isEmpty()) throw new UsageException(a + " " + v + ": dumpdtb needs a file name");
                                dumpDtb = Path.of(val);
                            }
                            case "accel" -> {
                                if (!val.equals("tcg")) throw new UsageException(a + " " + v + ": accel=" + val + " is not available (jpseries emulates, like tcg)");
                            }
                            default -> throw new UsageException(a + " " + v + ": Property 'pseries-machine." + key + "' not found");
                        }
                    }
                }
                case "-cpu" -> {
                    String v = value(args, ++i, a);
                    try {
                        cpu = CpuModel.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(a + " " + v + ": unable to find CPU model '" + v + "' (POWER8 or POWER9)");
                    }
                    if (cpu == CpuModel.POWER10) throw new UsageException(a + " " + v + ": POWER10 is not supported by the pseries machine yet (POWER8 or POWER9)");
                }
                case "-m" -> {
                    String v = value(args, ++i, a);
                    String s = v;
                    for (String part : v.split(",")) {
                        if (part.startsWith("size=")) s = part.substring(5);
                        else if (part.startsWith("maxmem=") || part.startsWith("slots=")) throw new UsageException(a + " " + v + ": memory hotplug (maxmem/slots) is not supported yet");
                        else s = part;
                    }
                    ram = parseSize(s, a + " " + v);
                }
                case "-smp" -> {
                    String v = value(args, ++i, a);
                    smp = parseSmp(v, a);
                }
                case "-kernel" -> kernel = Path.of(value(args, ++i, a));
                case "-initrd" -> initrd = Path.of(value(args, ++i, a));
                case "-append" -> append = value(args, ++i, a);
                case "-d" -> {
                    String v = value(args, ++i, a);
                    for (String item : v.split(",")) {
                        if (!LOG_ITEMS.contains(item)) {
                            throw new UsageException(a + " " + v + ": unknown log item '" + item + "' (guest_errors, int, in_asm, unimp)");
                        }
                        log.add(item);
                    }
                }
                case "-D" -> logFile = Path.of(value(args, ++i, a));
                case "-serial" -> {
                    String v = value(args, ++i, a);
                    switch (v) {
                        case "mon:stdio" -> {
                            stdio = true;
                            mux = true;
                        }
                        case "stdio" -> stdio = true;
                        case "none", "null" -> stdio = false;
                        case "pty" -> { // QEMU names the chardev of the first -serial "serial0"
                            if (console != null) throw new UsageException(a + " " + v + ": only one console (spapr-vty) exists, already on chardev '" + console + "'");
                            if (ptys.contains("serial0") || chardevs.containsKey("serial0")) throw new UsageException(a + " " + v + ": attempt to add duplicate property 'chardev.serial0'");
                            ptys.add("serial0");
                            console = "serial0";
                            consoleFrom = a + " " + v;
                        }
                        default -> {
                            if (!v.startsWith("chardev:")) {
                                throw new UsageException(a + " " + v + ": character device '" + v + "' is not supported yet (mon:stdio, stdio, pty, chardev:ID, none)");
                            }
                            if (console != null) throw new UsageException(a + " " + v + ": only one console (spapr-vty) exists, already on chardev '" + console + "'");
                            console = v.substring(8);
                            consoleFrom = a + " " + v;
                        }
                    }
                }
                case "-device" -> {
                    String v = value(args, ++i, a);
                    String id = spaprVty(v, a);
                    if (console != null) throw new UsageException(a + " " + v + ": only one console (spapr-vty) exists, already on chardev '" + console + "'");
                    console = id;
                    consoleFrom = a + " " + v;
                }
                case "-display" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("none")) throw new UsageException(a + " " + v + ": display '" + v + "' is not available (only none)");
                }
                case "-vga" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("none")) throw new UsageException(a + " " + v + ": no graphics cards exist yet (only none)");
                }
                case "-qmp" -> {
                    String v = value(args, ++i, a);
                    try {
                        qmp.add(ChardevSpec.parseQmp(v));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(a + " " + e.getMessage());
                    }
                }
                case "-chardev" -> {
                    String v = value(args, ++i, a);
                    try {
                        boolean pty = v.equals("pty") || v.startsWith("pty,");
                        Map.Entry<String, ChardevSpec> c = pty ? null : ChardevSpec.parseChardev(v);
                        String id = pty ? ptyChardev(v, a) : c.getKey();
                        if (chardevs.containsKey(id) || ptys.contains(id)) {
                            throw new UsageException(a + " " + v + ": attempt to add duplicate property 'chardev." + id + "'");
                        }
                        if (pty) ptys.add(id);
                        else chardevs.put(id, c.getValue());
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(a + " " + e.getMessage());
                    }
                }
                case "-mon" -> qmp.add(monitor(value(args, ++i, a), a, chardevs, ptys));
                case "-name" -> {
                    String v = value(args, ++i, a);
                    for (String part : v.split(",")) {
                        if (part.startsWith("guest=")) name = part.substring(6);
                        else if (!part.contains("=")) name = part;
                        else if (!part.startsWith("debug-threads=")) throw new UsageException(a + " " + v + ": Invalid parameter '" + part + "'");
                    }
                }
                default -> throw new UsageException(a + ": invalid option");
            }
        }
        if (kernel == null) throw new UsageException("-kernel is required: jpseries has no firmware to boot a disk");
        if (initrd != null && kernel == null) throw new UsageException("-initrd only allowed with -kernel option");
        if (ram < MachineConfig.MIN_RAM) {
            throw new UsageException(String.format("-m %dM: the pseries machine needs at least %d MiB of RAM", ram >> 20, MachineConfig.MIN_RAM >> 20));
        }
        if (maxCompat == LOGICAL_PVR_POWER9 && cpu == CpuModel.POWER8) {
            throw new UsageException("max-cpu-compat=power9: Compatibility mode 'power9' is beyond the capability of CPU POWER8");
        }
        if (icMode.equals("xive") && (cpu == CpuModel.POWER8 || maxCompat == LOGICAL_PVR_POWER8)) {
            throw new UsageException("ic-mode=xive: XIVE-only machines require a POWER9 CPU");
        }
        if (console != null) {
            if (chardevs.containsKey(console)) throw new UsageException(consoleFrom + ": chardev '" + console + "' is a socket: only a pty chardev can carry the console");
            if (!ptys.contains(console)) throw new UsageException(consoleFrom + ": chardev \"" + console + "\" not found");
            if (stdio) throw new UsageException(consoleFrom + ": the console is on chardev '" + console + "', so it cannot also be on stdio (-nographic, -serial stdio)");
        }
        if (!machineGiven) {
            // QEMU picks a default machine for ppc64 (pseries); nothing to do.
        }
        return new MachineConfig(icMode, maxCompat, cpu, ram, smp, kernel, initrd, append, actions, Set.copyOf(log),
                logFile, stdio, mux, nodefaults, List.copyOf(qmp), startStopped, dumpDtb, name, List.copyOf(ptys), console, incoming);
    }

    /**
     * {@code -action KEY=VALUE[,...]} and its aliases (QEMU qemu-options.hx and vl.c):
     * {@code -no-reboot} is {@code -action reboot=shutdown}, {@code -no-shutdown} is
     * {@code -action shutdown=pause}; later items override earlier ones. A bare key reads as
     * KEY=on, which no action accepts (QEMU's visitor words both errors).
     */
    static org.jpseries.spapr.Actions action(String opt, String v, org.jpseries.spapr.Actions current) throws UsageException {
        if (opt.equals("-no-reboot")) return current.with("reboot", "shutdown");
        if (opt.equals("-no-shutdown")) return current.with("shutdown", "pause");
        org.jpseries.spapr.Actions r = current;
        for (String item : v.split(",")) {
            if (item.isEmpty()) continue;
            int eq = item.indexOf('=');
            try {
                r = eq < 0 ? r.with(item, "on") : r.with(item.substring(0, eq), item.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new UsageException(opt + " " + v + ": " + e.getMessage());
            }
        }
        return r;
    }

    /** {@code -chardev pty,id=ID[,mux=off]} (QEMU chardev/char-pty.c): returns the id. */
    private static String ptyChardev(String v, String opt) throws UsageException {
        String id = null;
        String[] parts = v.split(",", -1);
        for (int k = 1; k < parts.length; k++) {
            String part = parts[k];
            if (part.startsWith("id=")) id = part.substring(3);
            else if (!part.equals("mux=off")) throw new UsageException(opt + " " + v + ": Invalid parameter '" + part + "'");
        }
        if (id == null || id.isEmpty()) throw new UsageException(opt + " " + v + ": chardev: \"id\" is required");
        return id;
    }

    /**
     * {@code -device spapr-vty,chardev=ID[,id=NAME][,reg=R]} as libvirt writes the pseries
     * console (QEMU hw/char/spapr_vty.c): returns the chardev. The machine has one VTY, at
     * {@link SpaprVty#DEFAULT_REG}; another reg is refused rather than ignored.
     */
    private static String spaprVty(String v, String opt) throws UsageException {
        String[] parts = v.split(",", -1);
        String driver = parts[0].startsWith("driver=") ? parts[0].substring(7) : parts[0];
        if (!driver.equals("spapr-vty")) throw new UsageException(opt + " " + v + ": '" + driver + "' is not a valid device model name (only spapr-vty)");
        String chardev = null;
        for (int k = 1; k < parts.length; k++) {
            String part = parts[k];
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq), val = eq < 0 ? "" : part.substring(eq + 1);
            switch (key) {
                case "chardev" -> chardev = val;
                case "id" -> { }
                case "reg" -> {
                    long reg;
                    try {
                        reg = val.startsWith("0x") || val.startsWith("0X") ? Long.parseLong(val.substring(2), 16) : Long.parseLong(val);
                    } catch (NumberFormatException e) {
                        throw new UsageException(opt + " " + v + ": Property 'spapr-vty.reg' doesn't take value '" + val + "'");
                    }
                    if (reg != SpaprVty.DEFAULT_REG) {
                        throw new UsageException(opt + " " + v + String.format(": the machine's only VTY is at reg=0x%x (another reg is not supported yet)", SpaprVty.DEFAULT_REG));
                    }
                }
                default -> throw new UsageException(opt + " " + v + ": Property 'spapr-vty." + key + "' not found");
            }
        }
        if (chardev == null || chardev.isEmpty()) throw new UsageException(opt + " " + v + ": chardev property required");
        return chardev;
    }

    /**
     * -mon chardev=ID[,id=NAME],mode=control: a QMP monitor on a -chardev given earlier (QEMU's
     * order rule); id names the monitor object (libvirt writes id=monitor).
     */
    private static ChardevSpec monitor(String v, String opt, java.util.Map<String, ChardevSpec> chardevs, List<String> ptys) throws UsageException {
        String id = null, mode = "readline";
        for (String part : v.split(",")) {
            if (part.startsWith("chardev=")) id = part.substring(8);
            else if (part.startsWith("mode=")) mode = part.substring(5);
            else if (!part.equals("pretty=off") && !part.startsWith("id=")) throw new UsageException(opt + " " + v + ": Invalid parameter '" + part + "'");
        }
        if (id == null) throw new UsageException(opt + " " + v + ": chardev is required");
        if (!mode.equals("control")) throw new UsageException(opt + " " + v + ": only mode=control (QMP) monitors are supported");
        ChardevSpec c = chardevs.get(id);
        if (c == null && ptys.contains(id)) throw new UsageException(opt + " " + v + ": chardev '" + id + "' is a pty: QMP monitors are served on sockets only");
        if (c == null) throw new UsageException(opt + " " + v + ": chardev \"" + id + "\" not found");
        return c;
    }

    private static String value(List<String> args, int i, String opt) throws UsageException {
        if (i >= args.size()) throw new UsageException(opt + ": requires an argument");
        return args.get(i);
    }

    /**
     * QEMU's size syntax for -m (qemu_strtosz_MiB): a number, optionally fractional, with an
     * optional suffix B, K, M, G, T (case-insensitive); no suffix means MiB. The result must be a
     * whole number of 64 KiB pages.
     */
    public static long parseSize(String s, String where) throws UsageException {
        if (s.isEmpty()) throw new UsageException(where + ": invalid size (e.g. 1G, 512M, 1024)");
        char last = Character.toUpperCase(s.charAt(s.length() - 1));
        long mult;
        String num = s.substring(0, s.length() - 1);
        switch (last) {
            case 'B' -> mult = 1;
            case 'K' -> mult = 1L << 10;
            case 'M' -> mult = 1L << 20;
            case 'G' -> mult = 1L << 30;
            case 'T' -> mult = 1L << 40;
            default -> {
                mult = 1L << 20;
                num = s;
            }
        }
        if (!num.matches("[0-9]+(\\.[0-9]+)?")) throw new UsageException(where + ": invalid size (e.g. 1G, 512M, 1024)");
        java.math.BigDecimal v = new java.math.BigDecimal(num).multiply(java.math.BigDecimal.valueOf(mult));
        if (v.compareTo(java.math.BigDecimal.valueOf(1L << 40)) > 0) throw new UsageException(where + ": RAM size too large (at most 1T)");
        long bytes = v.longValue();
        if (v.stripTrailingZeros().scale() > 0 || bytes % (64 << 10) != 0) {
            throw new UsageException(where + ": RAM size must be a multiple of 64 KiB");
        }
        return bytes;
    }

    static int parseSmp(String v, String opt) throws UsageException {
        int n = -1;
        for (String part : v.split(",")) {
            String p = part;
            if (p.startsWith("cpus=")) p = p.substring(5);
            else if (p.contains("=")) {
                String key = p.substring(0, p.indexOf('='));
                String val = p.substring(p.indexOf('=') + 1);
                if (key.equals("maxcpus") || key.equals("sockets") || key.equals("cores")) continue;
                if (key.equals("threads") && val.equals("1")) continue;
                throw new UsageException(opt + " " + v + ": '" + key + "=" + val + "' is not supported yet (one thread per core)");
            }
            if (!p.matches("[0-9]{1,4}")) throw new UsageException(opt + " " + v + ": invalid CPU count");
            n = Integer.parseInt(p);
        }
        if (n < 1) throw new UsageException(opt + " " + v + ": Invalid SMP CPUs " + Math.max(n, 0) + ". The min CPUs supported by machine 'pseries' is 1");
        if (n > 1024) throw new UsageException(opt + " " + v + ": Invalid SMP CPUs " + n + ". The max CPUs supported by machine 'pseries' is 1024");
        return n;
    }
}
