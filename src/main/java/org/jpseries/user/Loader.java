package org.jpseries.user;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jpseries.cpu.Cpu;
import org.jpseries.memory.Page;

/**
 * Loads a static ELF program into an {@link AddressSpace} and builds the initial process stack
 * the way Linux's {@code create_elf_tables} (fs/binfmt_elf.c) and qemu-ppc64le do: argc, argv,
 * envp, the auxiliary vector, then the strings and AT_RANDOM bytes above them.
 */
public final class Loader {
    public static final int AT_NULL = 0, AT_IGNORE = 1, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
            AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
            AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_BASE_PLATFORM = 24, AT_RANDOM = 25,
            AT_HWCAP2 = 26, AT_EXECFN = 31, AT_DCACHEBSIZE = 19, AT_ICACHEBSIZE = 20, AT_UCACHEBSIZE = 21,
            AT_IGNOREPPC = 22, AT_MINSIGSTKSZ = 51;

    /** Where the program break starts: the page after the highest loaded segment. */
    public long brkStart;
    public long entry;
    public long phdrAddr;
    /** The auxiliary vector on the initial stack (for /proc/self/auxv). */
    public long auxvAddr;
    public int auxvLength;

    public void load(ElfImage elf, AddressSpace as) throws ElfImage.ElfException {
        if (elf.hasInterpreter()) {
            throw new ElfImage.ElfException("dynamically linked programs are not supported (PT_INTERP); link with -static");
        }
        long bias = elf.type == ElfImage.ET_DYN ? 0x1000_0000L : 0;
        long end = 0;
        for (ElfImage.Segment s : elf.segments) {
            if (s.type() != ElfImage.PT_LOAD) continue;
            long va = s.vaddr() + bias;
            int prot = ((s.flags() & ElfImage.PF_R) != 0 ? Page.PROT_READ : 0)
                    | ((s.flags() & ElfImage.PF_W) != 0 ? Page.PROT_WRITE : 0)
                    | ((s.flags() & ElfImage.PF_X) != 0 ? Page.PROT_EXEC | Page.PROT_READ : 0);
            if (va < 0 || s.memsz() > AddressSpace.TASK_SIZE - va) { // without overflow: vaddr comes from the file
                throw new ElfImage.ElfException(String.format("segment at 0x%x is outside the address space", va));
            }
            // only the pages the file fills get storage now; the rest (bss) on first touch
            as.mapAdding(va, s.memsz(), prot);
            as.poke(va, elf.bytes, (int) s.offset(), (int) s.filesz());
            end = Math.max(end, va + s.memsz());
            if (s.offset() <= elf.phoff && elf.phoff < s.offset() + s.filesz()) {
                phdrAddr = va + (elf.phoff - s.offset());
            }
        }
        brkStart = (end + Page.MASK) & ~Page.MASK;
        entry = elf.entry + bias;
    }

    /**
     * Builds the initial stack exactly as qemu-ppc64le 7.2 does (linux-user/elfload.c:
     * setup_arg_pages, copy_elf_strings, create_elf_tables) so that programs see the same
     * addresses: a guard page and 8 MiB of stack at TASK_UNMAPPED_BASE, the strings at the top
     * (argv strings, then envp strings, then the file name, ending 8 bytes below the top), 16
     * random bytes below them at a 16-byte boundary, then argc, argv, envp and the auxiliary
     * vector (powerpc's AT_IGNOREPPC and cache-size entries first). Sets the registers as qemu's
     * init_thread: r1 = stack pointer; ELF V2: r12 = entry; otherwise the entry is a function
     * descriptor giving the address and the TOC in r2.
     */
    public void start(Cpu cpu, AddressSpace as, ElfImage elf, List<String> argv, List<String> envp,
                      String execfn, long hwcap, long hwcap2, byte[] random) {
        as.map(AddressSpace.STACK_GUARD, AddressSpace.STACK_TOP - AddressSpace.STACK_GUARD, Page.PROT_READ | Page.PROT_WRITE);
        as.protect(AddressSpace.STACK_GUARD, Page.SIZE, 0);
        // The signal trampoline page: li r0,__NR_rt_sigreturn; sc (qemu's setup_sigtramp).
        as.map(AddressSpace.SIGTRAMP_PAGE, Page.SIZE, Page.PROT_READ | Page.PROT_EXEC);
        byte[] tramp = new byte[8];
        putWord(tramp, 0, 0x38000000 | SyscallNr.RT_SIGRETURN, elf.littleEndian);
        putWord(tramp, 4, 0x44000002, elf.littleEndian);
        as.poke(AddressSpace.SIGTRAMP_PAGE, tramp, 0, tramp.length);

        StackWriter w = new StackWriter(cpu, AddressSpace.STACK_TOP - 8);
        long execfnAddr = w.pushString(execfn);
        for (int i = envp.size() - 1; i >= 0; i--) w.pushString(envp.get(i));
        long envStrings = w.sp;
        for (int i = argv.size() - 1; i >= 0; i--) w.pushString(argv.get(i));
        long argStrings = w.sp;
        w.sp &= ~15L;
        long randomAddr = w.pushBytes(random);
        long[] aux = {
            AT_IGNOREPPC, AT_IGNOREPPC, AT_IGNOREPPC, AT_IGNOREPPC,
            AT_DCACHEBSIZE, 128, AT_ICACHEBSIZE, 128, AT_UCACHEBSIZE, 0,
            AT_PHDR, phdrAddr, AT_PHENT, elf.phentsize, AT_PHNUM, elf.phnum, AT_PAGESZ, Page.SIZE,
            AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, entry,
            AT_UID, LinuxUser.hostUid(), AT_EUID, LinuxUser.hostUid(), AT_GID, LinuxUser.hostGid(),
            AT_EGID, LinuxUser.hostGid(), AT_HWCAP, hwcap, AT_CLKTCK, 100, AT_RANDOM, randomAddr, AT_SECURE, 0,
            AT_EXECFN, execfnAddr, AT_HWCAP2, hwcap2, AT_NULL, 0,
        };
        int words = 1 + argv.size() + 1 + envp.size() + 1 + aux.length;
        long sp = (w.sp - 8L * words) & ~15L;
        long p = sp;
        cpu.mmu.store64(p, argv.size());
        p += 8;
        p = storePointers(cpu, p, argv, argStrings);
        p = storePointers(cpu, p, envp, envStrings);
        auxvAddr = p;
        auxvLength = 8 * aux.length;
        for (long a : aux) {
            cpu.mmu.store64(p, a);
            p += 8;
        }

        cpu.gpr[1] = sp;
        if (elf.abiVersion == 2) {
            cpu.nip = entry;
            cpu.gpr[12] = entry;
        } else {
            cpu.gpr[2] = descriptorWord(cpu, entry + 8);
            cpu.nip = descriptorWord(cpu, entry);
        }
    }

    /**
     * A doubleword of the ELF V1 entry's function descriptor, or 0 where the file left nothing
     * readable (qemu-ppc64le's init_thread reads it with get_user, which yields 0 on a fault):
     * the program then faults at its first instruction, as the guest's problem, not the loader's.
     */
    private static long descriptorWord(Cpu cpu, long addr) {
        try {
            return cpu.mmu.load64(addr);
        } catch (org.jpseries.cpu.arch.GuestInterrupt e) {
            return 0;
        }
    }

    /**
     * Stores at p the address of each of the strings, which lie NUL-terminated one after the
     * other from {@code strings}, and a NULL after them (argv[], envp[]); returns the next slot.
     */
    private static long storePointers(Cpu cpu, long p, List<String> list, long strings) {
        long s = strings;
        for (String str : list) {
            cpu.mmu.store64(p, s);
            s += str.getBytes(StandardCharsets.UTF_8).length + 1;
            p += 8;
        }
        cpu.mmu.store64(p, 0);
        return p + 8;
    }

    private static void putWord(byte[] b, int o, int v, boolean le) {
        for (int i = 0; i < 4; i++) b[o + i] = (byte) (le ? v >>> (8 * i) : v >>> (8 * (3 - i)));
    }

    private static final class StackWriter {
        final Cpu cpu;
        long sp;

        StackWriter(Cpu cpu, long top) {
            this.cpu = cpu;
            this.sp = top;
        }

        long pushBytes(byte[] b) {
            sp -= b.length;
            for (int i = 0; i < b.length; i++) cpu.mmu.store8(sp + i, b[i]);
            return sp;
        }

        long pushString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            byte[] z = new byte[b.length + 1];
            System.arraycopy(b, 0, z, 0, b.length);
            return pushBytes(z);
        }
    }
}
