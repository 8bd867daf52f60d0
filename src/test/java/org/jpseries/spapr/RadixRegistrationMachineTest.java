package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.memory.GuestRam;
import org.junit.jupiter.api.Test;
import org.jpseries.papr.GuestLog;

/**
 * The machine maps the process-table registration into every vCPU's LPCR (QEMU
 * spapr_set_all_lpcrs): a kernel that registers a radix table with GTSE gets HR, UPRT and GTSE
 * on both vCPUs; after a machine reset the registration is gone and LPCR is back to hash.
 */
class RadixRegistrationMachineTest {
    static final long FLAG = 0x10_0000, TABLE = 0x200_0000;

    /**
     * Big-endian code: on the first boot (word at FLAG is 0) store 1 there and call
     * H_REGISTER_PROC_TBL(radix | GTSE, TABLE, 0, 4); on later boots store 2 at FLAG+4 instead;
     * then spin.
     */
    static byte[] kernel() {
        int[] w = {
            0x3D200010, // lis r9,0x10          r9 = FLAG
            0x81090000, // lwz r8,0(r9)
            0x2C080000, // cmpwi r8,0
            0x40820028, // bne +0x28 -> second boot
            0x39000001, // li r8,1
            0x91090000, // stw r8,0(r9)
            0x3860037C, // li r3,0x37c         H_REGISTER_PROC_TBL
            0x3880001D, // li r4,0x1d          MODIFY|REGISTER|RADIX|GTSE
            0x3CA00200, // lis r5,0x200        TABLE
            0x38C00000, // li r6,0
            0x38E00004, // li r7,4
            0x44000022, // sc 1
            0x48000000, // b .
            0x39000002, // li r8,2             second boot
            0x91090004, // stw r8,4(r9)
            0x48000000, // b .
        };
        ByteBuffer b = ByteBuffer.allocate(4 * w.length);
        for (int x : w) b.putInt(x);
        return b.array();
    }

    static void await(BooleanSupplier c, String what) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void registrationSetsLpcrOnEveryVcpuAndResetClearsIt() throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, kernel(), 0x10000, 0), "radix-reg");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        SpaprMachine m = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 2, 256L << 20, 0, ""),
                false, false), k, null, new ByteArrayOutputStream(), new GuestLog(false, quiet), quiet);
        GuestRam ram = PlatformFixture.ramOf(m.platform());
        CompletableFuture<Integer> exit = MachineThread.start(m);
        long bits = Spr.LPCR_HR | Spr.LPCR_UPRT | Spr.LPCR_GTSE;
        try {
            await(() -> (m.cpu(0).sys.spr[Spr.LPCR] & bits) == bits, "LPCR HR|UPRT|GTSE on vCPU 0");
            assertEquals(bits, m.cpu(1).sys.spr[Spr.LPCR] & bits, "every vCPU, started or not");
            assertEquals(Spr.LPCR_LD, m.cpu(0).sys.spr[Spr.LPCR] & Spr.LPCR_LD, "POWER9: LPCR[LD] (cap-large-decr)");
            assertTrue(m.platform().state().radix());
            assertEquals(0x8000_0000_0200_0004L, m.platform().state().processTableEntry);
            m.requestReset();
            await(() -> ram.readBE32(FLAG + 4) == 2, "the second boot");
            assertEquals(0, m.cpu(0).sys.spr[Spr.LPCR] & bits, "reset dropped the registration");
            assertEquals(0, m.cpu(1).sys.spr[Spr.LPCR] & bits);
            assertEquals(Spr.LPCR_LD, m.cpu(1).sys.spr[Spr.LPCR] & Spr.LPCR_LD, "the large decrementer survives reset");
            assertEquals(0, m.platform().state().processTableEntry);
        } finally {
            m.quit();
        }
    }
}
