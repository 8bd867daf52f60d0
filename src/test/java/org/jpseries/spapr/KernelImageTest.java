package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;
import org.junit.jupiter.api.Test;

/**
 * The kernel bytes a machine keeps for its resets: deflated once the machine runs (and loaded
 * from there byte for byte, bss zeroed), none at all when no reset can load them (reboot=shutdown).
 */
class KernelImageTest {
    /** addi r3,r3,1; b .-4, then 256 KiB of text that compresses as code does (repeats with variation). */
    static byte[] text() {
        byte[] t = new byte[256 << 10];
        byte[] loop = {0x38, 0x63, 0, 1, 0x4b, (byte) 0xff, (byte) 0xff, (byte) 0xfc};
        System.arraycopy(loop, 0, t, 0, loop.length);
        for (int i = loop.length; i < t.length; i++) t[i] = (byte) ((i * 7) ^ (i >>> 9));
        return t;
    }

    @Test
    void compactedImageLoadsTheSameBytesAndZeroesBss() throws Exception {
        byte[] text = text();
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, text, 0x80000, 0), "vmlinux");
        long whole = k.image().retainedBytes();
        k.image().compact();
        long kept = k.image().retainedBytes();
        assertTrue(kept < whole / 4, "deflated: " + kept + " of " + whole + " bytes");
        try (GuestRam ram = new GuestRam(16L << 20)) {
            ram.fill(0x400000, 0x80000, (byte) 0xAA);
            k.image().load(ram, 0x400000);
            byte[] back = new byte[0x80000];
            ram.read(0x400000, back, 0, back.length);
            assertArrayEquals(text, Arrays.copyOf(back, text.length));
            for (int i = text.length; i < back.length; i++) assertEquals(0, back[i], "bss byte " + i);
        }
    }

    @Test
    void droppedImageKeepsNothingAndCannotLoad() throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, text(), 0x80000, 0), "vmlinux");
        k.image().drop();
        assertEquals(0, k.image().retainedBytes());
        try (GuestRam ram = new GuestRam(16L << 20)) {
            assertThrows(IllegalStateException.class, () -> k.image().load(ram, 0x400000));
        }
    }

    private static SpaprMachine machine(KernelElf k, Actions a) throws BootException {
        PrintStream d = new PrintStream(new ByteArrayOutputStream(), true);
        return new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER9, 1, 256L << 20, 0, ""), a, false, null),
                k, null, new ByteArrayOutputStream(), new GuestLog(false, d), d);
    }

    private static void awaitRetained(KernelElf k, long whole, boolean dropped) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (k.image().retainedBytes() == whole && System.nanoTime() < end) Thread.sleep(5);
        long kept = k.image().retainedBytes();
        if (dropped) assertEquals(0, kept, "no reset can load the kernel: nothing kept");
        else assertTrue(kept > 0 && kept < whole / 4, "kept deflated: " + kept + " of " + whole + " bytes");
    }

    @Test
    void runningMachineKeepsTheKernelDeflatedAndAResetReloadsIt() throws Exception {
        byte[] text = text();
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, text, 0x80000, 0), "loop");
        long whole = k.image().retainedBytes();
        SpaprMachine m = machine(k, Actions.DEFAULT);
        CompletableFuture<Integer> exit = MachineThread.start(m);
        try {
            awaitRetained(k, whole, false);
            m.ram().fill(BootLayout.KERNEL_BASE + 8, text.length - 8, (byte) 0x55); // the guest's doing, say
            m.hostReset().get(10, TimeUnit.SECONDS);
            byte[] back = new byte[text.length];
            m.ram().read(BootLayout.KERNEL_BASE, back, 0, back.length);
            assertArrayEquals(text, back);
        } finally {
            m.quit();
            exit.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void machineThatCannotResetDropsTheKernel() throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, text(), 0x80000, 0), "loop");
        long whole = k.image().retainedBytes();
        SpaprMachine m = machine(k, Actions.DEFAULT.with("reboot", "shutdown"));
        CompletableFuture<Integer> exit = MachineThread.start(m);
        try {
            awaitRetained(k, whole, true);
        } finally {
            m.quit();
            exit.get(10, TimeUnit.SECONDS);
        }
    }
}
