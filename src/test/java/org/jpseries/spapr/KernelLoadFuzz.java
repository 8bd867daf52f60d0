package org.jpseries.spapr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpseries.memory.GuestRam;

/**
 * The fuzz property of the -kernel/-initrd path (what {@code cli.BootFiles.load} and the
 * platform's reset do with the files' bytes): {@link KernelElf#parse} either takes the input or
 * refuses it with one {@link BootException} line; {@link BootLayout#plan} fits what was taken
 * into RAM or refuses it the same way; {@link BootLayout#load} then writes it into a small
 * {@link GuestRam} without any exception. The input is the kernel file and, read again, the
 * initrd (so planning sees every size the kernel leaves room for).
 */
public final class KernelLoadFuzz {
    private KernelLoadFuzz() {}

    /** Small enough to fill quickly, large enough for the stub and stack after a few MiB of kernel. */
    static final long RAM = 16L << 20;
    private static GuestRam ram;

    private static synchronized GuestRam ram() {
        if (ram == null) ram = new GuestRam(RAM);
        return ram;
    }

    /** Returns the layout the input was loaded with, or null when it was refused (with one line). */
    public static BootLayout check(byte[] input) {
        KernelElf k;
        BootLayout l;
        try {
            k = KernelElf.parse(input, "fuzz");
            l = BootLayout.plan(RAM, k, input.length);
        } catch (BootException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || m.contains("\n")) throw new AssertionError("refusal is not one line: " + m, e);
            return null;
        }
        if (l.entry() < l.kernelBase() || l.entry() >= l.kernelBase() + l.kernelSize() || l.stackBase() + l.stackSize() > RAM) {
            throw new AssertionError("planned outside the kernel or RAM: " + l);
        }
        l.load(ram(), k, input);
        return l;
    }

    /** Seeds: kernels shaped like a vmlinux, one and two segments, with and without bss. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] text = new byte[0x400];
        text[0] = 0x48;
        m.put("vmlinux-one-segment", TestKernel.elf(true, 21, text, 0x400, 0x100));
        m.put("vmlinux-bss", TestKernel.elf(true, 21, text, 0x200000, 0));
        m.put("bad-big-endian", TestKernel.elf(false, 21, text, 0x400, 0));
        m.put("bad-not-ppc64", TestKernel.elf(true, 62, text, 0x400, 0));
        m.put("vmlinux-two-segments", twoSegments(text));
        return m;
    }

    /** A vmlinux with its text and a data segment 1 MiB above it, as the 6.1 kernel's two PT_LOADs. */
    static byte[] twoSegments(byte[] text) {
        byte[] one = TestKernel.elf(true, 21, text, text.length, 0);
        ByteBuffer b = ByteBuffer.allocate(one.length + 0x100).order(ByteOrder.LITTLE_ENDIAN);
        b.put(one);
        b.putShort(56, (short) 2);
        int ph = 64 + 56;
        b.putInt(ph, 1).putInt(ph + 4, 6).putLong(ph + 8, one.length).putLong(ph + 16, TestKernel.VBASE + 0x100000)
                .putLong(ph + 24, 0x100000).putLong(ph + 32, 0x100).putLong(ph + 40, 0x8000).putLong(ph + 48, 0x10000);
        return b.array();
    }
}
