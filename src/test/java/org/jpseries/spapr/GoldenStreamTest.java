package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpseries.cpu.CpuModel;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IcMode;
import org.jpseries.migration.MachineStream;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

/**
 * A state stream written by header version 5 (the first with the PCI host bridge; a POWER9 dual
 * -smp 2 machine after CAS with console input, an EPOW event and interrupts pending) is
 * committed; every later version must keep loading it, or refuse it by version with a clear
 * message. Regenerate it only when a version is raised on purpose, with
 * -Djpseries.golden.write=true.
 */
class GoldenStreamTest {
    static final String RESOURCE = "/state/golden-v5.jps";

    @Test
    void theGoldenStreamStillLoads() throws Exception {
        if (Boolean.getBoolean("jpseries.golden.write")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MachineStateTest.save(MachineStateTest.busyMachine(CpuModel.POWER9, 0, 2, IcMode.DUAL), out);
            Files.write(Path.of("src/test/resources" + RESOURCE), out.toByteArray());
        }
        SpaprMachine m = ResetSequenceTest.machineOf(CpuModel.POWER9, 0, 2, IcMode.DUAL);
        m.systemReset(ResetReason.COLD);
        m.timeBase().stop();
        try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
            assertTrue(in != null, "the golden stream " + RESOURCE + " is committed");
            try {
                MachineStream.load(m.devices(), in, h -> MachineIdentity.check(h, m.options().platform()));
            } catch (StateException e) {
                // the only acceptable refusal names a version: "section X: version N is older than this jpseries loads (M)"
                assertTrue(e.getMessage().contains(": version "), "refused for something other than its version: " + e.getMessage());
                return;
            }
        }
        assertEquals(0x1234_5678_9abcL, m.cpu(0).gpr[7], "the loaded vCPU holds the saved register");
        assertEquals(1, m.platform().console().pending(), "the console input typed before the save");
        assertEquals(1, m.platform().events().pendingCount(), "the EPOW event queued before the save");
    }
}
