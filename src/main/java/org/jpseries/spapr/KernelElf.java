package org.jpseries.spapr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A Linux kernel ELF as the pseries loader takes it (QEMU spapr.c spapr_kernel_load via
 * load_elf): ELF64, little-endian (ppc64le), EM_PPC64, with PT_LOAD segments placed by their
 * physical address relative to the lowest one. The image is relocatable and is entered at
 * load base + (e_entry - first segment's p_vaddr). The segments' bytes stay in a {@link KernelImage}
 * for the loads at reset.
 */
public record KernelElf(KernelImage image, List<Segment> segments, long entryOffset, long memSize) {
    static final int EM_PPC64 = 21, PT_LOAD = 1;
    /** QEMU's load_elf_strerror for ELF_LOAD_FAILED and ELF_LOAD_TOO_BIG (hw/core/loader.c). */
    static final String LOAD_FAILED = "Failed to load ELF", TOO_BIG = "The image segments are too big to load";

    /** QEMU's line for a kernel load_elf refused (spapr_kernel_load: "error loading %s: %s"). */
    static BootException loadError(String name, String why) {
        return new BootException("error loading " + name + ": " + why);
    }

    /** One PT_LOAD: file bytes [offset, offset+fileSize) go to base + paddrOffset, then zeros to memSize. */
    public record Segment(long paddrOffset, long fileOffset, long fileSize, long memSize) {}

    public static KernelElf parse(byte[] f, String name) throws BootException {
        if (f.length < 64 || f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F') {
            throw new BootException("kernel '" + name + "' is not an ELF file (a vmlinux is needed, not a compressed or raw image)");
        }
        if (f[4] != 2) throw new BootException("kernel '" + name + "' is a 32-bit ELF; the pseries machine boots 64-bit (ppc64le) kernels");
        if (f[5] == 2) throw new BootException("kernel '" + name + "' is big-endian; only little-endian (ppc64le) kernels are supported");
        if (f[5] != 1) throw new BootException("kernel '" + name + "' has an invalid ELF data encoding");
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int machine = b.getShort(18) & 0xFFFF;
        if (machine != EM_PPC64) throw new BootException("kernel '" + name + "' is not a PowerPC 64-bit ELF (e_machine " + machine + ")");
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xFFFF;
        int phnum = b.getShort(56) & 0xFFFF;
        // Every bound is checked without overflow: e_phoff and p_offset come from the file
        // (QEMU's load_elf fails the lseek or the short read: ELF_LOAD_FAILED).
        if (phentsize < 56 || phoff < 0 || phoff > f.length || (long) phnum * phentsize > f.length - phoff) {
            throw loadError(name, LOAD_FAILED);
        }
        long lowPaddr = Long.MAX_VALUE, firstVaddr = 0, high = 0, total = 0;
        List<long[]> raw = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int p = (int) (phoff + (long) i * phentsize);
            if (b.getInt(p) != PT_LOAD) continue;
            long off = b.getLong(p + 8), vaddr = b.getLong(p + 16), paddr = b.getLong(p + 24);
            long filesz = b.getLong(p + 32), memsz = b.getLong(p + 40);
            if (off < 0 || filesz < 0 || memsz < filesz || off > f.length || filesz > f.length - off) {
                throw loadError(name, LOAD_FAILED);
            }
            // QEMU load_elf: "if (mem_size > SSIZE_MAX - total_size) ret = ELF_LOAD_TOO_BIG"
            if (memsz > Long.MAX_VALUE - total) throw loadError(name, TOO_BIG);
            total += memsz;
            if (paddr < lowPaddr) {
                lowPaddr = paddr;
                firstVaddr = vaddr;
            }
            raw.add(new long[] {paddr, off, filesz, memsz});
        }
        if (raw.isEmpty()) throw new BootException("kernel '" + name + "' has no loadable segment");
        List<Segment> segs = new ArrayList<>();
        for (long[] r : raw) {
            long rel = r[0] - lowPaddr;
            if (rel < 0 || rel > (1L << 40)) throw new BootException("kernel '" + name + "' has segments too far apart");
            if (r[3] > Long.MAX_VALUE - rel) throw loadError(name, TOO_BIG);
            segs.add(new Segment(rel, r[1], r[2], r[3]));
            high = Math.max(high, rel + r[3]);
        }
        long entryOff = entry - firstVaddr;
        if (entryOff < 0 || entryOff >= high) throw new BootException("kernel '" + name + "' has its entry point outside its image");
        List<Segment> all = List.copyOf(segs);
        return new KernelElf(new KernelImage(f, all), all, entryOff, high);
    }
}
