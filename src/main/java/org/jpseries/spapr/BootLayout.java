package org.jpseries.spapr;

import org.jpseries.memory.GuestRam;
import org.jpseries.papr.Hcall;

/**
 * Where the pseries boot puts things in guest RAM and what CPU 0 starts with (the VOF path of
 * QEMU's spapr.c: spapr_vof_reset / spapr_cpu_set_entry_state):
 * <ul>
 * <li>the kernel at {@link #KERNEL_BASE} 0x400000, entered at base + (e_entry - p_vaddr);</li>
 * <li>the initrd at the next 64 KiB boundary after the kernel's memsz plus 64 KiB (QEMU:
 *     (kernel_addr + kernel_size + 0x1ffff) &amp; ~0xffff), so the kernel copying itself to 0 after
 *     prom_init cannot reach it;</li>
 * <li>then a 64 KiB page holding the client-interface entry (mr r4,r3; lis r3,0; ori r3,r3,0xF005;
 *     sc 1; blr), then a 64 KiB stack for prom_init.</li>
 * </ul>
 * CPU 0 starts with MSR = ME only (32-bit, big-endian, real mode, HV=0), r1 = top of the stack
 * minus a 256-byte frame, r3/r4 = initrd address/size (0/0 without one), r5 = the CI entry.
 */
public record BootLayout(long kernelBase, long kernelSize, long entry, long initrdBase, long initrdSize,
        long ciEntry, long stackBase, long stackSize, long ramSize) {
    public static final long KERNEL_BASE = 0x400000;
    public static final long STUB_SIZE = 0x10000, STACK_SIZE = 0x10000;
    /** MSR[ME] (bit 51): the only bit set at entry (SF=0, LE=0, IR=DR=0). */
    public static final long MSR_ME = 1L << 12;

    /** Checks that everything fits in {@code ramSize} and computes the addresses. */
    public static BootLayout plan(long ramSize, KernelElf kernel, long initrdSize) throws BootException {
        // Compared without overflow: memSize can be anything up to Long.MAX_VALUE.
        if (kernel.memSize() > ramSize - KERNEL_BASE) {
            throw new BootException(String.format("kernel is larger than RAM: it needs 0x%x bytes at 0x%x but -m gives 0x%x (%d MiB)",
                    kernel.memSize(), KERNEL_BASE, ramSize, ramSize >> 20));
        }
        long kEnd = KERNEL_BASE + kernel.memSize();
        if (initrdSize < 0 || initrdSize > ramSize) {
            throw new BootException(String.format("initrd does not fit: it has %d MiB but -m gives %d MiB", initrdSize >> 20, ramSize >> 20));
        }
        long initrdBase = initrdSize > 0 ? (kEnd + 0x1ffff) & ~0xffffL : 0;
        long next = initrdSize > 0 ? initrdBase + initrdSize : kEnd;
        long stub = (next + 0xffff) & ~0xffffL;
        long stack = stub + STUB_SIZE;
        if (stack + STACK_SIZE > ramSize) {
            if (initrdSize > 0) {
                throw new BootException(String.format("initrd does not fit: kernel and initrd need %d MiB but -m gives %d MiB",
                        (stack + STACK_SIZE + (1 << 20) - 1) >> 20, ramSize >> 20));
            }
            throw new BootException("kernel is larger than RAM: no room left for the firmware stub (-m " + (ramSize >> 20) + "M)");
        }
        return new BootLayout(KERNEL_BASE, kernel.memSize(), KERNEL_BASE + kernel.entryOffset(), initrdBase, initrdSize,
                stub, stack, STACK_SIZE, ramSize);
    }

    /** Writes the kernel, initrd and CI stub into RAM (zeroing each segment's bss). */
    public void load(GuestRam ram, KernelElf kernel, byte[] initrd) {
        kernel.image().load(ram, kernelBase);
        if (initrd != null && initrd.length > 0) ram.write(initrdBase, initrd, 0, initrd.length);
        byte[] stub = org.jpseries.spapr.rtas.RtasBlob.trampoline(Hcall.SPAPR_H_VOF_CLIENT);
        ram.write(ciEntry, stub, 0, stub.length);
    }

    public InitialState initialState() {
        long r1 = (stackBase + stackSize - 0x100) & ~0xfL;
        return new InitialState(entry, MSR_ME, r1, initrdBase, initrdSize, ciEntry);
    }

    /** The register state the machine applies to CPU 0 before it runs (everything else zero). */
    public record InitialState(long nip, long msr, long r1, long r3, long r4, long r5) {}
}
