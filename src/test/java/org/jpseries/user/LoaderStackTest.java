package org.jpseries.user;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.mmu.Mmu;
import org.junit.jupiter.api.Test;

/**
 * The initial stack matches qemu-ppc64le 7.2's byte for byte in layout. The expected addresses
 * were measured by running a static program printing its argv/envp/auxv under
 * {@code env -i A=1 B=2 qemu-ppc64le -cpu power9 ./auxv x y} on an x86-64 host.
 */
class LoaderStackTest {
    @Test
    void layoutAndAuxvOrderAsQemu() throws Exception {
        ElfImage elf = ElfImage.parse(new ElfBuilder().build());
        AddressSpace space = new AddressSpace();
        Cpu cpu = new Cpu(CpuModel.POWER9, new Mmu(space));
        cpu.setMsr(Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_LE);
        Loader l = new Loader();
        l.load(elf, space);
        l.start(cpu, space, elf, List.of("./auxv", "x", "y"), List.of("A=1", "B=2"), "./auxv", 0x1234, 0x5678,
                new byte[16]);
        long sp = cpu.gpr[1];
        assertEquals(0x4000800e10L, sp, "argc address");
        assertEquals(3, cpu.mmu.load64(sp));
        assertEquals(0x4000800fdeL, cpu.mmu.load64(sp + 8), "argv[0]");
        assertEquals(0x4000800fe5L, cpu.mmu.load64(sp + 16), "argv[1]");
        assertEquals(0, cpu.mmu.load64(sp + 32));
        assertEquals(0x4000800fe9L, cpu.mmu.load64(sp + 40), "envp[0]");
        assertEquals(0, cpu.mmu.load64(sp + 56));
        List<Long> types = new ArrayList<>();
        long a = sp + 64;
        long random = 0, execfn = 0;
        while (true) {
            long t = cpu.mmu.load64(a), v = cpu.mmu.load64(a + 8);
            types.add(t);
            if (t == Loader.AT_RANDOM) random = v;
            if (t == Loader.AT_EXECFN) execfn = v;
            if (t == Loader.AT_HWCAP) assertEquals(0x1234, v);
            if (t == Loader.AT_HWCAP2) assertEquals(0x5678, v);
            if (t == Loader.AT_PAGESZ) assertEquals(4096, v);
            if (t == Loader.AT_CLKTCK) assertEquals(100, v);
            if (t == Loader.AT_PHDR) assertEquals(ElfBuilder.BASE + 64, v);
            if (t == 0) break;
            a += 16;
        }
        assertEquals(List.of(22L, 22L, 19L, 20L, 21L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 11L, 12L, 13L, 14L, 16L, 17L,
                25L, 23L, 31L, 26L, 0L), types);
        assertEquals(0x4000800fc0L, random);
        assertEquals(0x4000800ff1L, execfn);
        assertEquals("./auxv", cString(cpu, execfn));
        assertEquals("B=2", cString(cpu, 0x4000800fedL));
        assertEquals(ElfBuilder.BASE + 120, cpu.nip);
        assertEquals(cpu.nip, cpu.gpr[12]);
        // guard page below the stack, signal trampoline above it
        assertFalse(space.page(AddressSpace.STACK_GUARD).prot != 0);
        assertTrue(space.isMapped(AddressSpace.SIGTRAMP_PAGE));
    }

    private static String cString(Cpu cpu, long a) {
        StringBuilder b = new StringBuilder();
        for (int c; (c = cpu.mmu.load8(a)) != 0; a++) b.append((char) c);
        return b.toString();
    }
}
