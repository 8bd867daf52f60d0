package org.jpseries.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jpseries.cpu.CpuModel;
import org.jpseries.hw.SpaprVty;
import org.jpseries.mmu.hash.HashPageTable;
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
        List<org.jpseries.device.DeviceSpec> devices = new java.util.ArrayList<>();
        String console = null, consoleFrom = null; // the chardev the spapr-vty uses, and the option that said so
        String name = null;
        String incoming = null;
        boolean machineGiven = false, machineNone = false, daemonize = false;
        Path dumpDtb = null, pidfile = null;
        DriveOptions drives = new DriveOptions();
        NetdevOptions netdevs = new NetdevOptions();

        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-")) drives.hd(a, "-hda"); // QEMU takes a bare argument as -hda
            if (a.equals("-")) throw new UsageException(a + ": invalid option");
            String opt = a.startsWith("--") ? a.substring(1) : a;
            switch (opt) {
                case "-nographic" -> {
                    stdio = true;
                    mux = true;
                }
                case "-no-reboot", "-no-shutdown", "-action" -> actions = action(opt, opt.equals("-action") ? value(args, ++i, a) : null, actions);
                case "-nodefaults" -> nodefaults = true;
                case "-no-user-config" -> { } // jpseries reads no configuration files (QEMU's qemu.conf): nothing to skip
                case "-daemonize" -> daemonize = true;
                case "-pidfile" -> pidfile = Path.of(value(args, ++i, a));
                case "-overcommit" -> overcommit(value(args, ++i, a), a);
                case "-msg" -> msg(value(args, ++i, a), a);
                case "-accel" -> accel(value(args, ++i, a), a + " " + args.get(i));
                case "-rtc" -> rtc(value(args, ++i, a), a);
                case "-boot" -> boot(value(args, ++i, a), a);
                case "-audiodev" -> audiodev(value(args, ++i, a), a);
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
                            if (part.equals("help")) throw new UsageException(org.jpseries.spapr.MachineType.help());
                            if (part.equals(NONE_MACHINE)) {
                                machineNone = true;
                                continue;
                            }
                            machineNone = false;
                            if (org.jpseries.spapr.MachineType.canonical(part) == null) {
                                throw new UsageException(a + " " + v + ": unsupported machine type '" + part + "' (jpseries has "
                                        + org.jpseries.spapr.MachineType.NAME + ", alias " + org.jpseries.spapr.MachineType.ALIAS
                                        + ")\nUse -machine help to list supported machines");
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
                            case "accel" -> accel(val, a + " " + v);
                            case "usb" -> { // hw/core/machine.c: pseries has no USB controller unless asked for
                                if (!val.equals("off")) throw new UsageException(a + " " + v + ": usb=" + val + " is not supported (jpseries has no USB controller)");
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
                    ram = ramSize(s, a + " " + v);
                }
                case "-smp" -> {
                    String v = value(args, ++i, a);
                    smp = parseSmp(v, a);
                }
                case "-drive" -> drives.drive(value(args, ++i, a), a);
                case "-blockdev" -> drives.blockdev(value(args, ++i, a), a);
                case "-hda", "-hdb", "-hdc", "-hdd" -> drives.hd(value(args, ++i, a), a);
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
                    if (!"spapr-vty".equals(DeviceOptions.driver(v, a))) {
                        devices.add(DeviceOptions.parse(v, a));
                        continue;
                    }
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
                case "-netdev" -> netdevs.add(value(args, ++i, a), a);
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
        List<org.jpseries.block.DriveSpec> driveSpecs = drives.finish();
        if (machineNone) {
            if (kernel != null || initrd != null) throw new UsageException("-kernel: the none machine has no RAM to load a kernel into");
            return MachineConfig.none(actions, Set.copyOf(log), logFile, List.copyOf(qmp), startStopped, name, List.copyOf(ptys), pidfile, daemonize);
        }
        // QEMU refuses a daemon whose console or monitor is on stdio (vl.c qemu_maybe_daemonize);
        // the none machine has no console, so libvirt's probe may say -nographic
        if (daemonize && console == null) throw new UsageException("-nographic cannot be used with -daemonize");
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
                logFile, stdio, mux, nodefaults, List.copyOf(qmp), startStopped, dumpDtb, name, List.copyOf(ptys), console, incoming,
                false, pidfile, daemonize, List.copyOf(devices), driveSpecs, netdevs.specs());
    }

    /** {@code -machine none}: QEMU's null machine (hw/core/null-machine.c), a process with only its monitors. */
    static final String NONE_MACHINE = "none";

    /**
     * The accelerator of {@code -accel NAME} or {@code -machine accel=A[:B...]} (QEMU
     * accel/accel-softmmu.c, vl.c configure_accelerators): the first in the list that is
     * available. jpseries has only tcg (it emulates every instruction); kvm is never available.
     */
    static void accel(String v, String where) throws UsageException {
        String[] parts = v.split(",", -1);
        String list = v.startsWith("accel=") ? v.substring(6) : parts[0];
        if (!v.startsWith("accel=")) {
            for (int k = 1; k < parts.length; k++) {
                int eq = parts[k].indexOf('=');
                throw new UsageException(where + ": Property '" + list + "-accel." + (eq < 0 ? parts[k] : parts[k].substring(0, eq)) + "' not found");
            }
        }
        for (String name : list.split(":")) {
            if (name.equals("tcg")) return;
            if (!name.equals("kvm")) throw new UsageException(where + ": invalid accelerator " + name);
        }
        throw new UsageException(where + ": accel=" + list + " is not available (jpseries emulates, like tcg)");
    }

    /**
     * {@code -rtc base=utc[,clock=host]} (QEMU softmmu/rtc.c configure_rtc): the partition's clock
     * (RTAS get-time-of-day) is the host's clock in UTC, which is QEMU's default; another base or
     * clock is refused rather than ignored.
     */
    static void rtc(String v, String opt) throws UsageException {
        for (String part : v.split(",", -1)) {
            if (part.equals("base=utc") || part.equals("clock=host")) continue;
            throw new UsageException(opt + " " + v + ": '" + part + "' is not supported (the clock is the host's, in UTC: base=utc,clock=host)");
        }
    }

    /**
     * {@code -boot strict=on|off} (QEMU softmmu/bootdevice.c): jpseries boots only the -kernel
     * it is given, which QEMU does whatever the boot order, so strict has nothing to change; a
     * boot order or menu is refused.
     */
    static void boot(String v, String opt) throws UsageException {
        for (String part : v.split(",", -1)) {
            if (part.equals("strict=on") || part.equals("strict=off")) continue;
            throw new UsageException(opt + " " + v + ": '" + part + "' is not supported (jpseries boots only -kernel; strict=on|off is accepted)");
        }
    }

    /**
     * {@code -audiodev none,id=ID} or its JSON form {@code {"id":ID,"driver":"none"}} (QEMU
     * audio/audio.c, as libvirt writes it): the backend that plays nothing. jpseries has no sound
     * device, so no other backend has anything to play.
     */
    static void audiodev(String v, String opt) throws UsageException {
        String driver = null, id = null;
        if (v.startsWith("{")) {
            try {
                com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(v);
                for (java.util.Iterator<String> it = j.fieldNames(); it.hasNext();) {
                    String k = it.next();
                    if (!k.equals("id") && !k.equals("driver")) throw new UsageException(opt + " " + v + ": Parameter '" + k + "' is unexpected");
                }
                driver = j.path("driver").asText(null);
                id = j.path("id").asText(null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UsageException(opt + " " + v + ": invalid JSON: " + e.getOriginalMessage());
            }
        } else {
            String[] parts = v.split(",", -1);
            driver = parts[0].startsWith("driver=") ? parts[0].substring(7) : parts[0];
            for (int k = 1; k < parts.length; k++) {
                if (parts[k].startsWith("id=")) id = parts[k].substring(3);
                else throw new UsageException(opt + " " + v + ": Invalid parameter '" + parts[k] + "'");
            }
        }
        if (id == null || id.isEmpty()) throw new UsageException(opt + " " + v + ": Parameter 'id' is missing");
        if (!"none".equals(driver)) throw new UsageException(opt + " " + v + ": audio driver '" + driver + "' is not supported (jpseries has no sound device: only none)");
    }

    /**
     * {@code -overcommit mem-lock=on|off,cpu-pm=on|off} (QEMU qemu-options.hx): jpseries never
     * locks guest memory and does not give vCPUs the host's power management, so only off (what
     * libvirt writes by default) is accepted.
     */
    static void overcommit(String v, String opt) throws UsageException {
        for (String part : v.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq), val = eq < 0 ? "on" : part.substring(eq + 1);
            if (!key.equals("mem-lock") && !key.equals("cpu-pm")) throw new UsageException(opt + " " + v + ": Invalid parameter '" + key + "'");
            if (!val.equals("off")) throw new UsageException(opt + " " + v + ": " + key + "=" + val + " is not supported (only off)");
        }
    }

    /**
     * {@code -msg timestamp=on|off} (QEMU util/qemu-error.c): both are accepted, as libvirt
     * always writes timestamp=on; jpseries' messages do not carry the timestamp yet.
     */
    static void msg(String v, String opt) throws UsageException {
        for (String part : v.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq), val = eq < 0 ? "on" : part.substring(eq + 1);
            if (!key.equals("timestamp")) throw new UsageException(opt + " " + v + ": Invalid parameter '" + key + "'");
            if (!val.equals("on") && !val.equals("off")) throw new UsageException(opt + " " + v + ": Parameter 'timestamp' expects 'on' or 'off'");
        }
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
    /** -device spapr-vty,chardev=ID[,reg=][,id=] (dotted or JSON): the console's chardev. */
    private static String spaprVty(String v, String opt) throws UsageException {
        Map<String, String> p = DeviceOptions.properties(v, opt);
        String chardev = null;
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey(), val = e.getValue();
            switch (key) {
                case "driver", "id" -> { }
                case "chardev" -> chardev = val;
                case "reg" -> {
                    long reg;
                    try {
                        reg = val.startsWith("0x") || val.startsWith("0X") ? Long.parseLong(val.substring(2), 16) : Long.parseLong(val);
                    } catch (NumberFormatException ex) {
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

    /** QEMU's words for a -m value its size parser refuses (util/cutils.c qemu_strtosz, qapi/qmp-dispatch). */
    static final String SIZE_SYNTAX = "Parameter 'size' expects a non-negative number below 2^64";

    /**
     * QEMU's size syntax for -m (qemu_strtosz_MiB, util/cutils.c do_strtosz): a decimal number,
     * a fraction only before a suffix other than B, or a 0x hex integer; an optional suffix B, K,
     * M, G, T, P, E (case-insensitive); no suffix means MiB; at most 2^64 - 1 bytes ("Value '%s'
     * is out of range for parameter 'size'"). Sizes of 2^63 bytes or more (valid to QEMU, beyond
     * any RAM) come back as {@link Long#MAX_VALUE}.
     */
    public static long parseSize(String s, String where) throws UsageException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(0[xX][0-9a-fA-F]+|[0-9]+(\\.[0-9]*)?)([bBkKmMgGtTpPeE]?)").matcher(s);
        if (!m.matches()) throw new UsageException(where + ": " + SIZE_SYNTAX);
        String num = m.group(1), suffix = m.group(3).toUpperCase(Locale.ROOT);
        boolean fraction = m.group(2) != null;
        if (fraction && (suffix.isEmpty() || suffix.equals("B"))) throw new UsageException(where + ": " + SIZE_SYNTAX);
        int shift = suffix.isEmpty() ? 20 : "BKMGTPE".indexOf(suffix.charAt(0)) * 10;
        java.math.BigDecimal v = num.startsWith("0x") || num.startsWith("0X")
                ? new java.math.BigDecimal(new java.math.BigInteger(num.substring(2), 16))
                : new java.math.BigDecimal(num.endsWith(".") ? num + "0" : num);
        java.math.BigInteger bytes = v.multiply(new java.math.BigDecimal(java.math.BigInteger.ONE.shiftLeft(shift))).toBigInteger();
        if (bytes.bitLength() > 64) throw new UsageException(where + ": Value '" + s + "' is out of range for parameter 'size'");
        return bytes.bitLength() > 63 ? Long.MAX_VALUE : bytes.longValue();
    }

    /**
     * -m as the pseries machine takes it: QEMU's size syntax, 0 meaning the default (QEMU vl.c
     * "backward compatibility behaviour for case -m 0"), whole 64 KiB pages, and a size whose
     * hash page table this machine can hold ({@link HashPageTable#unmodelled}).
     */
    static long ramSize(String s, String where) throws UsageException {
        long bytes = parseSize(s, where);
        if (bytes == 0) return MachineConfig.DEFAULT_RAM;
        String unmodelled = HashPageTable.unmodelled(bytes);
        if (unmodelled != null) throw new UsageException(where + ": " + unmodelled);
        if (bytes % (64 << 10) != 0) throw new UsageException(where + ": RAM size must be a multiple of 64 KiB");
        return bytes;
    }

    /** The most vCPUs jpseries runs (QEMU's pseries allows 4096). */
    static final int MAX_CPUS = 1024;

    /**
     * -smp [cpus=]N[,maxcpus=M][,sockets=S][,dies=D][,clusters=L][,cores=C][,threads=T] with
     * QEMU 7.2's defaulting and checks (hw/core/machine-smp.c machine_parse_smp_config; cores are
     * preferred over sockets since 6.2; pseries supports neither dies nor clusters). Returns the
     * number of vCPUs at start. A value 0 counts as omitted (QEMU warns that it is deprecated).
     * QEMU's TCG runs one thread per core on pseries (spapr_set_vsmt_mode), and so does jpseries;
     * maxcpus above cpus is accepted (QEMU's hotplug slots) and only cpus vCPUs exist.
     */
    static int parseSmp(String v, String opt) throws UsageException {
        Map<String, Long> given = new java.util.HashMap<>();
        String[] parts = v.isEmpty() ? new String[0] : v.split(",", -1);
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k];
            int eq = part.indexOf('=');
            String key = eq < 0 && k == 0 ? "cpus" : eq < 0 ? part : part.substring(0, eq), val = eq < 0 ? part : part.substring(eq + 1);
            if (!Set.of("cpus", "maxcpus", "sockets", "dies", "clusters", "cores", "threads").contains(key)) {
                throw new UsageException(opt + " " + v + ": Parameter 'smp." + key + "' is unexpected");
            }
            if (!val.matches("-?[0-9]{1,19}")) throw new UsageException(opt + " " + v + ": Parameter 'smp." + key + "' expects integer");
            given.put(key, Long.parseLong(val) & 0xFFFF_FFFFL); // SMPConfiguration's members reach unsigned (32-bit) fields
        }
        long cpus = given.getOrDefault("cpus", 0L), maxcpus = given.getOrDefault("maxcpus", 0L);
        long sockets = given.getOrDefault("sockets", 0L), cores = given.getOrDefault("cores", 0L), threads = given.getOrDefault("threads", 0L);
        if (given.getOrDefault("dies", 0L) > 1) throw new UsageException(opt + " " + v + ": dies not supported by this machine's CPU topology");
        if (given.getOrDefault("clusters", 0L) > 1) throw new UsageException(opt + " " + v + ": clusters not supported by this machine's CPU topology");
        if (cpus == 0 && maxcpus == 0) {
            sockets = sockets > 0 ? sockets : 1;
            cores = cores > 0 ? cores : 1;
            threads = threads > 0 ? threads : 1;
        } else {
            maxcpus = maxcpus > 0 ? maxcpus : cpus;
            if (cores == 0) {
                sockets = sockets > 0 ? sockets : 1;
                threads = threads > 0 ? threads : 1;
                cores = maxcpus / (sockets * threads);
            } else if (sockets == 0) {
                threads = threads > 0 ? threads : 1;
                sockets = maxcpus / (cores * threads);
            }
            if (threads == 0) threads = maxcpus / (sockets * cores);
        }
        long product = sockets * cores * threads; // each factor below 2^32: only the second product can overflow
        boolean overflow = Math.multiplyHigh(sockets * cores, threads) != 0 || product < 0;
        maxcpus = maxcpus > 0 ? maxcpus : product;
        cpus = cpus > 0 ? cpus : maxcpus;
        String topology = String.format("sockets (%d) * cores (%d) * threads (%d)", sockets, cores, threads);
        if (overflow || product != maxcpus) {
            throw new UsageException(opt + " " + v + ": Invalid CPU topology: product of the hierarchy must match maxcpus: "
                    + topology + " != maxcpus (" + maxcpus + ")");
        }
        if (maxcpus < cpus) {
            throw new UsageException(opt + " " + v + ": Invalid CPU topology: maxcpus must be equal to or greater than smp: "
                    + topology + " == maxcpus (" + maxcpus + ") < smp_cpus (" + cpus + ")");
        }
        if (maxcpus > MAX_CPUS) {
            throw new UsageException(opt + " " + v + ": Invalid SMP CPUs " + (int) maxcpus + ". The max CPUs supported by machine 'pseries' is " + MAX_CPUS);
        }
        if (threads > 1) throw new UsageException(opt + " " + v + ": TCG cannot support more than 1 thread/core on a pseries machine");
        return (int) cpus;
    }
}
