package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines libvirt 9.0 writes (docs/libvirt.md): its probe with -machine none, and the options of a domain. */
class ProbeCommandLineTest {
    @Test
    void libvirtsProbeParses() throws Exception {
        MachineConfig c = CommandLine.parse(List.of("-S", "-no-user-config", "-nodefaults", "-nographic", "-machine", "none,accel=kvm:tcg",
                "-qmp", "unix:/tmp/x/qmp.monitor,server=on,wait=off", "-pidfile", "/tmp/x/qmp.pid", "-daemonize"));
        assertTrue(c.machineNone());
        assertTrue(c.daemonize());
        assertTrue(c.startStopped());
        assertEquals(Path.of("/tmp/x/qmp.pid"), c.pidfile());
        assertNull(c.kernel());
        assertEquals(1, c.qmp().size());
    }

    @Test
    void domainOptionsParse() throws Exception {
        MachineConfig c = CommandLine.parse(List.of("-machine", "pseries-7.2,usb=off", "-accel", "tcg", "-overcommit", "mem-lock=off",
                "-msg", "timestamp=on", "-no-user-config", "-display", "none", "-rtc", "base=utc", "-boot", "strict=on",
                "-audiodev", "{\"id\":\"audio1\",\"driver\":\"none\"}", "-kernel", "k"));
        assertTrue(!c.machineNone() && !c.daemonize());
    }

    /** The pseries machine properties qom-list-properties advertises are the ones -machine takes (and an unknown one is not). */
    @Test
    void advertisedMachinePropertiesAreAccepted() throws Exception {
        java.util.Map<String, String> sample = java.util.Map.of("dumpdtb", "/tmp/x.dtb", "ic-mode", "xics", "max-cpu-compat", "power9", "x-vof", "on", "usb", "off");
        org.jpseries.monitor.QmpCommandsProbe probe = new org.jpseries.monitor.QmpCommandsProbe();
        List<String> props = probe.machineProperties();
        assertEquals(sample.keySet(), new java.util.HashSet<>(props));
        for (String p : props) CommandLine.parse(List.of("-machine", "pseries," + p + "=" + sample.get(p), "-kernel", "k"));
        assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-machine", "pseries,dump-guest-core=off", "-kernel", "k")));
    }

    @Test
    void whatJpseriesCannotDoIsRefused() {
        assertEquals("-accel kvm: accel=kvm is not available (jpseries emulates, like tcg)",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-accel", "kvm", "-kernel", "k"))).getMessage());
        assertEquals("-machine none,accel=xen: invalid accelerator xen",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-machine", "none,accel=xen"))).getMessage());
        assertEquals("-overcommit mem-lock=on: mem-lock=on is not supported (only off)",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-overcommit", "mem-lock=on", "-kernel", "k"))).getMessage());
        assertEquals("-rtc base=localtime: 'base=localtime' is not supported (the clock is the host's, in UTC: base=utc,clock=host)",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-rtc", "base=localtime", "-kernel", "k"))).getMessage());
        assertEquals("-audiodev {\"id\":\"a\",\"driver\":\"pa\"}: audio driver 'pa' is not supported (jpseries has no sound device: only none)",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-audiodev", "{\"id\":\"a\",\"driver\":\"pa\"}", "-kernel", "k"))).getMessage());
        assertEquals("-audiodev none: Parameter 'id' is missing",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-audiodev", "none", "-kernel", "k"))).getMessage());
        assertEquals("-boot order=c: 'order=c' is not supported (jpseries boots only -kernel; strict=on|off is accepted)",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-boot", "order=c", "-kernel", "k"))).getMessage());
        assertEquals("-nographic cannot be used with -daemonize",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-nographic", "-daemonize", "-kernel", "k"))).getMessage());
        assertEquals("-kernel: the none machine has no RAM to load a kernel into",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("-M", "none", "-kernel", "k"))).getMessage());
    }
}
