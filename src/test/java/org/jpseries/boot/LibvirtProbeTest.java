package org.jpseries.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Debian's libvirt (9.0, qemu:///session as a non-root user) accepts bin/jpseries as the emulator
 * of a pseries guest: scripts/libvirt-probe runs `virsh domcapabilities --emulatorbin bin/jpseries
 * --arch ppc64 --machine pseries --virttype qemu`, which probes jpseries as libvirt probes QEMU
 * (docs/libvirt.md). Skipped only where libvirt cannot be installed or the test user cannot be
 * made (the script's status 2); anything else that goes wrong fails.
 */
@Tag("libvirt")
class LibvirtProbeTest {
    @Test
    void libvirtAcceptsJpseries() throws Exception {
        Process p = new ProcessBuilder(Oracles.home().resolve("scripts/libvirt-probe").toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "scripts/libvirt-probe did not finish");
        assumeTrue(p.exitValue() != 2, "libvirt cannot be installed here: " + out);
        assertEquals(0, p.exitValue(), "virsh domcapabilities refused jpseries:\n" + out);
        assertTrue(out.contains("<machine>pseries-7.2</machine>"), out);
        assertTrue(out.contains("<arch>ppc64</arch>"), out);
        assertTrue(out.contains("<path>" + Oracles.home().resolve("bin/jpseries") + "</path>"), out);
    }
}
