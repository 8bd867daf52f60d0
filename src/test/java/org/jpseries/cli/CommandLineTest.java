package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.spapr.TestKernelAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    static MachineConfig parse(String... a) throws UsageException {
        return CommandLine.parse(List.of(a));
    }

    static String error(String... a) {
        return assertThrows(UsageException.class, () -> parse(a)).getMessage();
    }

    @Test
    void theIssuesCommandLine() throws Exception {
        MachineConfig c = parse("-M", "pseries,ic-mode=xics,max-cpu-compat=power8", "-cpu", "POWER9", "-m", "1G", "-smp", "1",
                "-nographic", "-kernel", "vmlinux", "-initrd", "initrd.gz", "-append", "console=hvc0 quiet", "-no-reboot",
                "-d", "guest_errors,int,in_asm", "-D", "log.txt");
        assertEquals("xics", c.icMode());
        assertEquals(0x0f000004, c.maxCpuCompat());
        assertEquals(CpuModel.POWER9, c.cpu());
        assertEquals(1L << 30, c.ramSize());
        assertEquals(1, c.smp());
        assertTrue(c.serialStdio() && c.monitorMux());
        assertEquals(Path.of("vmlinux"), c.kernel());
        assertEquals(Path.of("initrd.gz"), c.initrd());
        assertEquals("console=hvc0 quiet", c.append());
        assertEquals(org.jpseries.spapr.Actions.Reboot.SHUTDOWN, c.actions().reboot());
        assertTrue(c.log("guest_errors") && c.log("int") && c.log("in_asm"));
        assertEquals(Path.of("log.txt"), c.logFile());
    }

    @Test
    void defaultsAndAlternativeSpellings() throws Exception {
        MachineConfig c = parse("--machine", "pseries-7.2", "-kernel", "k", "-serial", "mon:stdio", "-display", "none", "-vga", "none",
                "-nodefaults", "-m", "size=768");
        assertEquals(CpuModel.POWER9, c.cpu());
        assertEquals(768L << 20, c.ramSize());
        assertEquals("dual", c.icMode(), "QEMU's default; the platform makes it XICS without ISA 3.00");
        assertEquals(0, c.maxCpuCompat());
        assertTrue(c.monitorMux());
        assertTrue(c.nodefaults());
        assertEquals(CpuModel.POWER8, parse("-cpu", "power8_v2.0", "-kernel", "k").cpu());
        assertEquals(0x0f000005, parse("-machine", "pseries,max-cpu-compat=power9", "-kernel", "k").maxCpuCompat());
        assertEquals(4, parse("-smp", "cpus=4,maxcpus=4", "-kernel", "k").smp());
        MachineConfig q = parse("-qmp", "unix:/tmp/q,server,nowait", "-S", "-kernel", "k");
        assertEquals(java.util.List.of(new org.jpseries.monitor.ChardevSpec(java.nio.file.Path.of("/tmp/q"), null, 0)), q.qmp());
        assertTrue(q.startStopped());
    }

    @Test
    void qmpMonitors() throws Exception {
        MachineConfig t = parse("-qmp", "tcp:127.0.0.1:4444,server=on,wait=off", "-name", "guest=vm1", "-kernel", "k");
        assertEquals(java.util.List.of(new org.jpseries.monitor.ChardevSpec(null, "127.0.0.1", 4444)), t.qmp());
        assertEquals("vm1", t.name());
        MachineConfig m = parse("-chardev", "socket,id=mon0,path=/tmp/m.sock,server=on,wait=off", "-mon", "chardev=mon0,mode=control",
                "-kernel", "k");
        assertEquals("/tmp/m.sock", m.qmp().get(0).unixPath().toString());
        UsageException remote = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> parse("-qmp", "tcp:0.0.0.0:4444,server=on,wait=off", "-kernel", "k"));
        assertTrue(remote.getMessage().contains("not a loopback address"), remote.getMessage());
        assertEquals("0.0.0.0", parse("-qmp", "tcp:0.0.0.0:4444,server=on,wait=off,x-allow-remote=on", "-kernel", "k").qmp().get(0).host());
        org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> parse("-qmp", "unix:/tmp/q", "-kernel", "k"));
        org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> parse("-qmp", "unix:/tmp/q,server=on,wait=on", "-kernel", "k"));
        org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> parse("-mon", "chardev=nope,mode=control", "-kernel", "k"));
        org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> parse("-chardev", "socket,id=a,path=/tmp/a,server=on,wait=off", "-mon", "chardev=a,mode=readline", "-kernel", "k"));
    }

    @Test
    void libvirtsMonitorOnAnInheritedSocketAndConsoleOnAPty() throws Exception {
        MachineConfig c = parse("-nodefaults", "-chardev", "socket,id=charmonitor,fd=23,server=on,wait=off",
                "-mon", "chardev=charmonitor,id=monitor,mode=control", "-chardev", "pty,id=charserial0",
                "-device", "spapr-vty,chardev=charserial0,id=serial0,reg=0x71000000", "-display", "none", "-kernel", "k");
        assertEquals(23, c.qmp().get(0).fd());
        assertEquals("charmonitor", c.qmp().get(0).label());
        assertEquals("fd:23", c.qmp().get(0).toString());
        assertEquals(List.of("charserial0"), c.ptys());
        assertEquals("charserial0", c.consolePty());
        assertFalse(c.serialStdio());
        MachineConfig s = parse("-chardev", "pty,id=con", "-serial", "chardev:con", "-kernel", "k");
        assertEquals("con", s.consolePty());
        MachineConfig p = parse("-serial", "pty", "-chardev", "pty,id=spare", "-kernel", "k");
        assertEquals(List.of("serial0", "spare"), p.ptys(), "QEMU labels the chardev of -serial pty serial0");
        assertEquals("serial0", p.consolePty());
        assertEquals(-1, parse("-qmp", "unix:/tmp/q,server=on,wait=off", "-kernel", "k").qmp().get(0).fd());
    }

    @Test
    void badInheritedSocketsAndPtyConsolesAreOneLine() throws Exception {
        assertEquals("-chardev socket,id=m,fd=-1,server=on,wait=off: fd=-1 is not a file descriptor number",
                error("-chardev", "socket,id=m,fd=-1,server=on,wait=off", "-kernel", "k"));
        assertEquals("-chardev socket,id=m,fd=x,server=on,wait=off: fd=x is not a file descriptor number",
                error("-chardev", "socket,id=m,fd=x,server=on,wait=off", "-kernel", "k"));
        assertTrue(error("-chardev", "socket,id=m,fd=3,wait=off", "-kernel", "k").contains("only server=on is supported"));
        assertEquals("-chardev socket,id=m,fd=3,path=/tmp/x,server=on: invalid parameter 'path'",
                error("-chardev", "socket,id=m,fd=3,path=/tmp/x,server=on", "-kernel", "k"));
        assertEquals("-chardev pty: chardev: \"id\" is required", error("-chardev", "pty", "-kernel", "k"));
        assertEquals("-chardev pty,id=a,path=/x: Invalid parameter 'path=/x'", error("-chardev", "pty,id=a,path=/x", "-kernel", "k"));
        assertEquals("-chardev pty,id=a: attempt to add duplicate property 'chardev.a'",
                error("-chardev", "socket,id=a,path=/tmp/a,server=on,wait=off", "-chardev", "pty,id=a", "-kernel", "k"));
        assertEquals("-serial chardev:nope: chardev \"nope\" not found", error("-serial", "chardev:nope", "-kernel", "k"));
        assertEquals("-device spapr-vty,chardev=m: chardev 'm' is a socket: only a pty chardev can carry the console",
                error("-chardev", "socket,id=m,path=/tmp/m,server=on,wait=off", "-device", "spapr-vty,chardev=m", "-kernel", "k"));
        assertEquals("-device spapr-vty,chardev=c: the console is on chardev 'c', so it cannot also be on stdio (-nographic, -serial stdio)",
                error("-nographic", "-chardev", "pty,id=c", "-device", "spapr-vty,chardev=c", "-kernel", "k"));
        assertEquals("-device spapr-vty,chardev=d: only one console (spapr-vty) exists, already on chardev 'c'",
                error("-serial", "chardev:c", "-device", "spapr-vty,chardev=d", "-kernel", "k"));
        assertEquals("-mon chardev=c,mode=control: chardev 'c' is a pty: QMP monitors are served on sockets only",
                error("-chardev", "pty,id=c", "-mon", "chardev=c,mode=control", "-kernel", "k"));
        assertEquals("-device spapr-vty: chardev property required", error("-device", "spapr-vty", "-kernel", "k"));
        assertEquals("-device e1000: 'e1000' is not a valid device model name",
                error("-device", "e1000", "-kernel", "k"));
        assertEquals("-device spapr-vty,chardev=c,reg=0x30000000: the machine's only VTY is at reg=0x71000000 (another reg is not supported yet)",
                error("-chardev", "pty,id=c", "-device", "spapr-vty,chardev=c,reg=0x30000000", "-kernel", "k"));
        assertEquals("-device spapr-vty,chardev=c,speed=9: Property 'spapr-vty.speed' not found",
                error("-device", "spapr-vty,chardev=c,speed=9", "-kernel", "k"));
    }

    @Test
    void ptysAreOpenedAndAnnouncedAsQemuDoes() throws Exception {
        MachineConfig c = parse("-chardev", "pty,id=charserial0", "-device", "spapr-vty,chardev=charserial0", "-chardev", "pty,id=spare",
                "-kernel", "k");
        org.jpseries.monitor.Chardevs chardevs = new org.jpseries.monitor.Chardevs();
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        java.util.Map<String, org.jpseries.host.Pty> ptys;
        try {
            ptys = Main.openPtys(c, chardevs);
        } finally {
            System.setErr(old);
        }
        try {
            Path console = ptys.get("charserial0").slavePath(), spare = ptys.get("spare").slavePath();
            assertEquals("char device redirected to " + console + " (label charserial0)\n"
                    + "char device redirected to " + spare + " (label spare)\n", err.toString());
            assertTrue(Files.exists(console));
            assertEquals(List.of(new org.jpseries.monitor.Chardevs.Info("charserial0", "pty:" + console, true),
                    new org.jpseries.monitor.Chardevs.Info("spare", "pty:" + spare, false)), chardevs.list());
        } finally {
            ptys.values().forEach(org.jpseries.host.Pty::close);
        }
    }

    @Test
    void qemuSizes() throws Exception {
        assertEquals(512L << 20, CommandLine.parseSize("512M", "-m"));
        assertEquals(1024L << 20, CommandLine.parseSize("1024", "-m"));
        assertEquals(1L << 30, CommandLine.parseSize("1g", "-m"));
        assertEquals(1536L << 20, CommandLine.parseSize("1.5G", "-m"));
        assertEquals(1L << 20, CommandLine.parseSize("1048576B", "-m"));
        assertEquals(2L << 30, CommandLine.parseSize("2097152K", "-m"));
        assertThrows(UsageException.class, () -> CommandLine.parseSize("1X", "-m"));
        assertThrows(UsageException.class, () -> CommandLine.parseSize("", "-m"));
        assertThrows(UsageException.class, () -> CommandLine.parseSize("-1G", "-m"));
        assertEquals(1L << 30, CommandLine.parseSize("1.G", "-m"));
        assertEquals(256L << 20, CommandLine.parseSize("0x100", "-m"));
        assertEquals(1L << 50, CommandLine.parseSize("1P", "-m"));
        assertEquals(Long.MAX_VALUE, CommandLine.parseSize("8E", "-m"), "valid to QEMU, beyond any RAM");
        assertThrows(UsageException.class, () -> CommandLine.ramSize("1000B", "-m"), "not whole 64 KiB pages");
        assertThrows(UsageException.class, () -> CommandLine.ramSize("2T", "-m"));
        assertEquals(MachineConfig.DEFAULT_RAM, CommandLine.ramSize("0", "-m"), "QEMU: -m 0 is the default size");
        assertEquals(128L << 30, CommandLine.ramSize("128G", "-m"), "the largest RAM whose HPT (2^30) jpseries holds");
    }

    @Test
    void smpDefaultsAsQemu() throws Exception {
        assertEquals(1, parse("-smp", "", "-kernel", "k").smp());
        assertEquals(1, parse("-smp", "0", "-kernel", "k").smp(), "QEMU: 0 counts as omitted (deprecated)");
        assertEquals(4, parse("-smp", "maxcpus=4", "-kernel", "k").smp());
        assertEquals(4, parse("-smp", "sockets=2,cores=2", "-kernel", "k").smp());
        assertEquals(4, parse("-smp", "4,sockets=2", "-kernel", "k").smp());
        assertEquals(4, parse("-smp", "4,cores=2", "-kernel", "k").smp());
        assertEquals(4, parse("-smp", "4,maxcpus=8", "-kernel", "k").smp(), "hotplug slots: only cpus vCPUs exist");
        assertEquals(3, parse("-smp", "2,cpus=3", "-kernel", "k").smp(), "the last value wins");
        assertEquals(1024, parse("-smp", "1024", "-kernel", "k").smp());
    }

    @Test
    void errorsAreOneClearLineNamingTheOption() throws Exception {
        assertEquals("-foo: invalid option", error("-foo"));
        assertEquals("-m: requires an argument", error("-kernel", "k", "-m"));
        assertEquals("xive", parse("-M", "pseries,ic-mode=xive", "-kernel", "k").icMode());
        assertEquals("dual", parse("-M", "pseries,ic-mode=dual", "-cpu", "POWER8", "-kernel", "k").icMode());
        assertTrue(error("-M", "pseries,ic-mode=xive", "-cpu", "POWER8", "-kernel", "k").contains("XIVE-only machines require a POWER9 CPU"));
        assertTrue(error("-M", "pseries,ic-mode=xive,max-cpu-compat=power8", "-kernel", "k").contains("require a POWER9 CPU"));
        assertTrue(error("-M", "pseries,ic-mode=foo", "-kernel", "k").contains("Unsupported IRQ mode"));
        assertEquals("-M pc: unsupported machine type 'pc' (jpseries has pseries-7.2, alias pseries)\n"
                + "Use -machine help to list supported machines", error("-M", "pc", "-kernel", "k"));
        // QEMU's pseries-7.1 and older change defaults jpseries does not model: not offered
        assertTrue(error("-M", "pseries-7.1", "-kernel", "k").contains("unsupported machine type 'pseries-7.1'"));
        parse("-M", "type=pseries-7.2", "-kernel", "k");
        assertEquals("Supported machines are:\n"
                + "pseries              pSeries Logical Partition (PAPR compliant) (alias of pseries-7.2)\n"
                + "pseries-7.2          pSeries Logical Partition (PAPR compliant) (default)", error("-M", "help"));
        assertTrue(error("-M", "pseries,bogus=1", "-kernel", "k").contains("Property 'pseries-machine.bogus' not found"));
        assertTrue(error("-cpu", "POWER7", "-kernel", "k").contains("unable to find CPU model"));
        assertTrue(error("-cpu", "POWER10", "-kernel", "k").contains("not supported"));
        assertTrue(error("-m", "64M", "-kernel", "k").contains("at least 128 MiB"));
        assertTrue(error("-m", "lots", "-kernel", "k").contains("Parameter 'size' expects a non-negative number below 2^64"));
        assertTrue(error("-smp", "1025", "-kernel", "k").contains("Invalid SMP CPUs 1025"));
        assertTrue(error("-smp", "2,threads=2", "-kernel", "k").contains("1 thread/core"));
        assertTrue(error("-d", "guest_errors,bogus", "-kernel", "k").contains("unknown log item 'bogus'"));
        assertTrue(error("-serial", "tcp::4444", "-kernel", "k").contains("not supported yet"));
        assertTrue(error("-cpu", "POWER8", "-M", "pseries,max-cpu-compat=power9", "-kernel", "k").contains("beyond"));
        assertTrue(error("-M", "pseries,max-cpu-compat=power7", "-kernel", "k").contains("Invalid compatibility mode"));
        assertTrue(error("-m", "1G").contains("-kernel is required"));
        assertTrue(error("disk.img", "-kernel", "k").startsWith("-hda disk.img: on pseries -hda is a disk on a SCSI adapter"), "a bare image is QEMU's -hda");
        for (String e : List.of(error("-foo"), error("-m", "1X", "-kernel", "k"))) assertFalse(e.contains("\n"));
    }

    @Test
    void bootFilesAreCheckedBeforeStarting(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope");
        assertTrue(error2(missing, null, "1G").contains("could not load kernel"));
        Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho hi\n".repeat(10));
        assertTrue(error2(script, null, "1G").contains("not an ELF"));
        Path be = Files.write(dir.resolve("be"), TestKernelAccess.elf(false, 4 << 20));
        assertTrue(error2(be, null, "1G").contains("big-endian"));
        Path huge = Files.write(dir.resolve("huge"), TestKernelAccess.elf(true, 200 << 20));
        assertTrue(error2(huge, null, "128M").contains("kernel is larger than RAM"));
        Path ok = Files.write(dir.resolve("ok"), TestKernelAccess.elf(true, 4 << 20));
        Path initrd = Files.write(dir.resolve("initrd"), new byte[126 << 20]);
        assertTrue(error2(ok, initrd, "128M").contains("initrd does not fit"));
        Path bigger = Files.write(dir.resolve("bigger"), new byte[130 << 20]);
        assertTrue(error2(ok, bigger, "128M").contains("it has 130 MiB, more than the 128 MiB of RAM"), "refused before it is read");
        assertTrue(error2(ok, dir.resolve("noinitrd"), "128M").contains("could not load initial ram disk"));
        BootFiles f = BootFiles.load(CommandLine.parse(List.of("-m", "256M", "-kernel", ok.toString())));
        assertEquals(0x400000, f.layout().entry());
    }

    static String error2(Path kernel, Path initrd, String mem) {
        List<String> a = initrd == null ? List.of("-m", mem, "-kernel", kernel.toString())
                : List.of("-m", mem, "-kernel", kernel.toString(), "-initrd", initrd.toString());
        return assertThrows(UsageException.class, () -> BootFiles.load(CommandLine.parse(a))).getMessage();
    }

    @Test
    void dumpdtbWritesATreeDtcAccepts(@TempDir Path dir) throws Exception {
        org.jpseries.diff.Oracles.require("dtc");
        Path k = Files.write(dir.resolve("k"), TestKernelAccess.elf(true, 4 << 20));
        Path dtb = dir.resolve("out.dtb");
        PrintStream old = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true));
        try {
            assertEquals(0, Main.run(List.of("-M", "pseries,max-cpu-compat=power8,dumpdtb=" + dtb, "-smp", "2", "-m", "512M",
                    "-kernel", k.toString(), "-append", "console=hvc0")));
        } finally {
            System.setErr(old);
        }
        var r = org.jpseries.diff.Oracles.run(List.of("dtc", "-I", "dtb", "-O", "dts", dtb.toString()), null, new byte[0], 30);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("PowerPC,POWER9@1 {"));
        assertTrue(r.out().contains("cpu-version = <0xf000004>;"), "max-cpu-compat applied at reset");
        assertTrue(r.out().contains("bootargs = \"console=hvc0\";"));
        assertTrue(r.out().contains("reg = <0x00 0x00 0x00 0x20000000>;"));
    }

    @Test
    void mainPrintsOneLineAndExits1() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(1, Main.run(List.of("-bogus")));
        } finally {
            System.setErr(old);
        }
        assertEquals("jpseries: -bogus: invalid option\n", err.toString());
    }

    /** A monitor that cannot listen ends the start with QEMU's line (a directory at the -qmp path). */
    @Test
    void aDirectoryAtTheMonitorPathIsRefusedWithQemusMessage(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path d = Files.createDirectory(dir.resolve("qmp"));
        Path k = dir.resolve("k");
        Files.write(k, org.jpseries.spapr.TestKernel.elf(true, 21, new byte[] {0x48, 0, 0, 0}, 0x10000, 0));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(1, Main.run(List.of("-m", "256M", "-kernel", k.toString(), "-serial", "none", "-qmp", "unix:" + d + ",server=on,wait=off")));
        } finally {
            System.setErr(old);
        }
        assertEquals("jpseries: -qmp unix:" + d + ": Failed to unlink socket " + d + ": Is a directory\n", err.toString());
        assertTrue(Files.isDirectory(d));
    }

    /**
     * -action and its aliases as qemu-system-ppc64 7.2 takes them (checked on this host): QEMU's
     * defaults, -no-reboot = reboot=shutdown, -no-shutdown = shutdown=pause, later items win, and
     * QEMU's error lines.
     */
    @Test
    void actionsAndTheirAliases() throws Exception {
        org.jpseries.spapr.Actions d = parse("-kernel", "k").actions();
        assertEquals(org.jpseries.spapr.Actions.DEFAULT, d);
        assertEquals(org.jpseries.spapr.Actions.Panic.SHUTDOWN, d.panic());
        org.jpseries.spapr.Actions a = parse("-no-shutdown", "-no-reboot", "-kernel", "k").actions();
        assertEquals(org.jpseries.spapr.Actions.Reboot.SHUTDOWN, a.reboot());
        assertEquals(org.jpseries.spapr.Actions.Shutdown.PAUSE, a.shutdown());
        a = parse("-action", "panic=pause,reboot=shutdown", "--action", "panic=exit-failure,shutdown=pause", "-kernel", "k").actions();
        assertEquals(new org.jpseries.spapr.Actions(org.jpseries.spapr.Actions.Reboot.SHUTDOWN, org.jpseries.spapr.Actions.Shutdown.PAUSE,
                org.jpseries.spapr.Actions.Panic.EXIT_FAILURE, org.jpseries.spapr.Actions.Watchdog.RESET), a);
        assertEquals(org.jpseries.spapr.Actions.Reboot.RESET, parse("-no-reboot", "-action", "reboot=reset", "-kernel", "k").actions().reboot());
        assertEquals(org.jpseries.spapr.Actions.DEFAULT, parse("-action", "", "-kernel", "k").actions());
        assertEquals("-action panic=foo: Parameter 'panic' does not accept value 'foo'", error("-action", "panic=foo", "-kernel", "k"));
        assertEquals("-action foo=bar: Invalid parameter 'foo'", error("-action", "foo=bar", "-kernel", "k"));
        assertEquals("-action panic: Parameter 'panic' does not accept value 'on'", error("-action", "panic", "-kernel", "k"));
        assertEquals("-action watchdog=foo: Parameter 'watchdog' does not accept value 'foo'", error("-action", "watchdog=foo", "-kernel", "k"));
        assertEquals("-action: requires an argument", error("-kernel", "k", "-action"));
    }
}
