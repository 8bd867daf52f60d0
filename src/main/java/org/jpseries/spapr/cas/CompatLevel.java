package org.jpseries.spapr.cas;

import org.jpseries.cpu.CpuModel;

/**
 * The logical ("architected") PVRs a guest may be run as (PAPR; QEMU target/ppc/compat.c
 * compat_table, in this order), with the ISA level each stands for.
 */
public enum CompatLevel {
    ISA_2_05(0x0f000002, 205),
    ISA_2_06(0x0f000003, 206),
    ISA_2_06_PLUS(0x0f100003, 206),
    ISA_2_07(0x0f000004, 207),
    ISA_3_00(0x0f000005, 300),
    ISA_3_10(0x0f000006, 310);

    public final int pvr;
    public final int isa;

    CompatLevel(int pvr, int isa) {
        this.pvr = pvr;
        this.isa = isa;
    }

    public static CompatLevel byPvr(int pvr) {
        for (CompatLevel c : values()) {
            if (c.pvr == pvr) return c;
        }
        return null;
    }

    /**
     * QEMU's ppc_check_compat: {@code pvr} is a known logical PVR, not below {@code minPvr} and not
     * above {@code maxPvr} (0 = no bound) in table order, and the CPU can run at that level.
     */
    public static boolean check(CpuModel cpu, int pvr, int minPvr, int maxPvr) {
        CompatLevel c = byPvr(pvr);
        if (c == null) return false;
        CompatLevel min = byPvr(minPvr), max = byPvr(maxPvr);
        if (min != null && c.ordinal() < min.ordinal()) return false;
        if (max != null && c.ordinal() > max.ordinal()) return false;
        return c.isa >= 205 && cpu.implementsIsa(c.isa);
    }
}
