package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.hw.SpaprVty;
import org.jpseries.intc.IcMode;
import org.jpseries.intc.IrqSources;
import org.jpseries.spapr.cas.CasVectors;
import org.junit.jupiter.api.Test;
import org.jpseries.papr.GuestLog;

/**
 * The machine reset sequence, step by step, with interrupts injected from another thread after
 * every step (the console's line, the EPOW power button, console input): nothing throws, no
 * vCPU's external line is raised while no controller is active, every event raised meanwhile is
 * latched in the shared sources and handed to the pre-CAS controller when it is chosen, the
 * compat mode is on every vCPU, and CAS can pick XIVE again afterwards.
 */
class ResetSequenceTest {
    static final List<String> STEPS = List.of("stop", "detach", "devices", "vcpus", "mmu", "cas", "intc", "tree", "boot");

    SpaprMachine machine(CpuModel cpu, int compat, IcMode mode) throws Exception {
        return machineOf(cpu, compat, 2, mode);
    }

    /** A machine with a small synthetic kernel, built but not run. */
    static SpaprMachine machineOf(CpuModel cpu, int compat, int smp, IcMode mode) throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[0x2000], 0x800000, 0x100), "vmlinux");
        SpaprPlatform.Options p = new SpaprPlatform.Options(cpu, smp, 256L << 20, compat, "", mode);
        return new SpaprMachine(new SpaprMachine.Options(p, false), k, null, new ByteArrayOutputStream(), GuestLog.silent(),
                new PrintStream(new ByteArrayOutputStream()));
    }

    static int cas(SpaprMachine m, int intarch) {
        byte[] vec = CasVectors.linux61(intarch, 0, 0);
        m.ram().write(0x60000, vec, 0, vec.length);
        return m.platform().clientArchitectureSupport(0x60000);
    }

    /** Raises the console and EPOW interrupts and types a byte, from a thread of its own, and waits for it. */
    static void injectFromAnotherThread(SpaprMachine m, List<Throwable> failures) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                m.platform().irqSources().line(SpaprVty.DEFAULT_IRQ).pulse();
                m.platform().powerdown();
                m.platform().console().receive((byte) '\n');
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "device");
        t.start();
        t.join();
    }

    @Test
    void interruptsDuringEveryStepLatchAndReachOnlyTheChosenController() throws Exception {
        SpaprMachine m = machine(CpuModel.POWER9, 0, IcMode.DUAL);
        m.systemReset(org.jpseries.device.ResetReason.HOST);
        assertEquals(0, cas(m, 0x40), "the guest asks for XIVE");
        IrqSources sources = m.platform().irqSources();
        assertSame(m.platform().xive(), sources.active());

        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> seen = new ArrayList<>();
        m.setResetProbe(step -> {
            seen.add(step);
            try {
                injectFromAnotherThread(m, failures);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            boolean detached = STEPS.indexOf(step) >= STEPS.indexOf("detach") && STEPS.indexOf(step) < STEPS.indexOf("intc");
            if (detached) {
                assertNull(sources.active(), step + ": no controller while the machine resets");
                assertTrue(sources.latched(SpaprVty.DEFAULT_IRQ), step + ": the console's event waits in its source");
            } else if (STEPS.indexOf(step) >= STEPS.indexOf("intc")) {
                assertSame(m.platform().xics(), sources.active(), step + ": dual starts on XICS until CAS");
                assertFalse(sources.latched(SpaprVty.DEFAULT_IRQ), step + ": the chosen controller took the latched event");
            }
            if (STEPS.indexOf(step) >= STEPS.indexOf("vcpus")) {
                for (int i = 0; i < 2; i++) {
                    assertEquals(0, m.cpu(i).pending & Cpu.PENDING_EXTERNAL, step + ": vCPU " + i + " external line");
                }
            }
        });
        m.systemReset(org.jpseries.device.ResetReason.HOST);
        assertEquals(STEPS, seen, "every step, in order");
        assertTrue(failures.isEmpty(), "injection failed: " + failures);
        assertEquals(0, cas(m, 0x40), "CAS works again after the reset");
        assertSame(m.platform().xive(), sources.active());
    }

    @Test
    void compatModeIsOnEveryVcpuAfterEachReset() throws Exception {
        SpaprMachine m = machine(CpuModel.POWER9, org.jpseries.spapr.cas.CompatLevel.ISA_2_07.pvr, IcMode.DUAL);
        for (int round = 0; round < 3; round++) {
            m.systemReset(org.jpseries.device.ResetReason.HOST);
            for (int i = 0; i < 2; i++) {
                assertEquals(0x8, m.cpu(i).sys.spr[org.jpseries.cpu.arch.Spr.PCR], "round " + round + ": vCPU " + i + " in POWER8 compat (PCR v2.07)");
            }
            assertEquals(org.jpseries.spapr.cas.CompatLevel.ISA_2_07.pvr, m.platform().compatPvr());
            assertEquals(0, cas(m, 0));
            assertSame(m.platform().xics(), m.platform().irqSources().active(), "compat power8: XICS only");
        }
    }
}
