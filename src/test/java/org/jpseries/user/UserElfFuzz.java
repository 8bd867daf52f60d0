package org.jpseries.user;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.mmu.Mmu;

/**
 * The fuzz property of the user-mode loader (what {@link UserMain} does with a program file
 * before its first instruction): {@link ElfImage#parse} takes the bytes or refuses them with one
 * {@link ElfImage.ElfException} line, {@link Loader#load} maps what was taken or refuses it the
 * same way, and {@link Loader#start} builds the initial stack and registers without any
 * exception (an entry the guest cannot reach is the guest's fault at its first instruction, as
 * under Linux, not the loader's).
 */
public final class UserElfFuzz {
    private UserElfFuzz() {}

    /** Returns the loader after a successful start, or null when the file was refused (with one line). */
    public static Loader check(byte[] input) {
        ElfImage elf;
        AddressSpace space = new AddressSpace();
        Loader loader = new Loader();
        try {
            elf = ElfImage.parse(input);
            loader.load(elf, space);
        } catch (ElfImage.ElfException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || m.contains("\n")) throw new AssertionError("refusal is not one line: " + m, e);
            return null;
        }
        Cpu cpu = new Cpu(CpuModel.POWER9, new Mmu(space));
        loader.start(cpu, space, elf, List.of("fuzz"), List.of("PATH=/bin"), "fuzz", HwCaps.hwcap(CpuModel.POWER9),
                HwCaps.hwcap2(CpuModel.POWER9), new byte[16]);
        return loader;
    }

    /** Seeds: the loader tests' one-segment programs, in both byte orders, static and PT_INTERP. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        ElfBuilder b = new ElfBuilder();
        b.code = new int[] {0x38000001, 0x44000002}; // li r0,1; sc (exit)
        m.put("static-le", b.build());
        b.data = 2;
        m.put("static-be-v1", b.build());
        b.data = 1;
        b.interp = true;
        m.put("bad-interp", b.build());
        b.interp = false;
        m.put("bad-offset-overflow", patch(b.build(), 64 + 8, Long.MAX_VALUE)); // p_offset + p_filesz wraps
        m.put("bad-vaddr-overflow", patch(b.build(), 64 + 16, Long.MAX_VALUE - 7)); // p_vaddr + p_memsz wraps
        return m;
    }

    private static byte[] patch(byte[] elf, int at, long value) {
        java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(at, value);
        return elf;
    }
}
