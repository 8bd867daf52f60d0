package org.jpseries.spapr.cas;

import java.io.ByteArrayOutputStream;

/**
 * The byte image Linux 6.1's prom_init passes to ibm,client-architecture-support, rebuilt from
 * arch/powerpc/kernel/prom_init.c's ibm_architecture_vec_template (struct ibm_arch_vec, packed):
 * 14 (mask, value) PVR pairs (the last, 0xfffffffe/0x0f000001, has a value bit outside its mask and
 * so ends the table for the host), num_vectors - 1, then vectors 1..7 each preceded by its length
 * minus one (VECTOR_LENGTH). Vector 7 (the OS identification string) may be absent in some 6.1
 * builds; hosts only read vectors 1 and 5, which come first, so both shapes are tested. prom_check_platform_support fills vec5 intarch/mmu/radix_ext from
 * /chosen/ibm,arch-vec-5-platform-support and prom_send_capabilities sets max_cpus.
 */
public final class LinuxArchVec {
    private LinuxArchVec() {}

    public static byte[] build(int intarch, int mmu, int radixExt, int maxCpus) {
        return build(intarch, mmu, radixExt, maxCpus, true);
    }

    static byte[] build(int intarch, int mmu, int radixExt, int maxCpus, boolean vector7) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int[][] pvrs = {
            {0xfffe0000, 0x003a0000}, {0xffff0000, 0x003e0000}, {0xffff0000, 0x003f0000}, {0xffff0000, 0x004b0000},
            {0xffff0000, 0x004c0000}, {0xffff0000, 0x004d0000}, {0xffff0000, 0x004e0000}, {0xffff0000, 0x00800000},
            {0xffffffff, 0x0f000006}, {0xffffffff, 0x0f000005}, {0xffffffff, 0x0f000004}, {0xffffffff, 0x0f000003},
            {0xffffffff, 0x0f000002}, {0xfffffffe, 0x0f000001},
        };
        for (int[] p : pvrs) {
            be32(b, p[0]);
            be32(b, p[1]);
        }
        b.write((vector7 ? 7 : 6) - 1); // num_vectors
        // vector 1: byte1, arch_versions (2.00..2.07), arch_versions3 (3.00 | 3.1)
        b.write(3 - 1);
        b.write(0);
        b.write(0xff);
        b.write(0x80 | 0x40);
        // vector 2: OV2_REAL_MODE, reserved, real_base/size, virt_base/size, load_base = ~0, min_rma 512, min_load ~0, min_rma_percent 0, max_pft_size 48
        b.write(33 - 1);
        b.write(0x20);
        b.write(0);
        b.write(0);
        for (int i = 0; i < 5; i++) be32(b, 0xffffffff);
        be32(b, 512);
        be32(b, 0xffffffff);
        b.write(0);
        b.write(48);
        // vector 3: don't ignore/halt; FP | VMX | DFP
        b.write(2 - 1);
        b.write(0);
        b.write(0x80 | 0x40 | 0x20);
        // vector 4: don't halt; min VP entitled capacity 10%
        b.write(2 - 1);
        b.write(0);
        b.write(0x0A);
        // vector 5 (26 bytes)
        b.write(26 - 1);
        b.write(0); // byte1
        b.write(0x80 | 0x40 | 0x20 | 0x10 | 0x02 | 0x01); // LPAR SPLPAR DRCONF_MEMORY LARGE_PAGES DONATE_DEDICATE_CPU MSI
        b.write(0); // byte3
        b.write(0x80 | 0x40); // CMO | XCMO
        b.write(0x80 | 0x40 | 0x20); // FORM1 | PRRN | FORM2 affinity
        b.write(0x01 | 0x04); // RESIZE_HPT | HP_EVT
        b.write(0); // micro_checkpoint
        b.write(0); // reserved0
        be32(b, maxCpus);
        b.write(0); // papr_level
        b.write(0);
        b.write(0); // reserved1
        b.write(0);
        b.write(0x80 | 0x20 | 0x40); // platform facilities: RNG, ENCR, 842
        b.write(0); // reserved2
        b.write(0); // reserved3
        b.write(0);
        b.write(1); // subprocessors
        b.write(0x80 | 0x40); // byte22: DRMEM_V2 | DRC_INFO
        b.write(intarch);
        b.write(mmu);
        b.write(0); // hash_ext
        b.write(radixExt);
        // vector 6: reserved, secondary_pteg, OV6_LINUX
        b.write(3 - 1);
        b.write(0);
        b.write(0);
        b.write(0x02);
        if (!vector7) return b.toByteArray();
        // vector 7: os_id[256]
        b.write(256 - 1);
        byte[] id = new byte[256];
        byte[] banner = "Linux version 6.1.0-50-powerpc64le".getBytes();
        System.arraycopy(banner, 0, id, 0, banner.length);
        b.writeBytes(id);
        return b.toByteArray();
    }

    private static void be32(ByteArrayOutputStream b, int v) {
        b.write(v >>> 24);
        b.write(v >>> 16);
        b.write(v >>> 8);
        b.write(v);
    }
}
