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
     * The highest level {@code cpu} can run at under a max-cpu-compat of {@code maxPvr} (0 = none):
     * QEMU's ppc_compat_max_pvr.
     */
    public static CompatLevel highest(CpuModel cpu, int maxPvr) {
        CompatLevel[] all = values();
        for (int i = all.length - 1; i >= 0; i--) {
            if (check(cpu, all[i].pvr, 0, maxPvr)) return all[i];
        }
        throw new IllegalArgumentException(cpu.displayName + " runs at none of the architected levels");
    }

    /** The ISA version as the PowerISA names it: "2.07", "3.00". */
    public String isaName() {
        return String.format("%d.%02d", isa / 100, isa % 100);
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

    /**
     * The processor compatibility register for running {@code cpu} at logical PVR {@code pvr}
     * (Book III 2.5, QEMU's ppc_set_compat): one bit per ISA version above the chosen level that
     * the CPU implements (v2.05 bit 62, v2.06 61, v2.07 60, v3.0 59, v3.1 58), each disabling
     * what that version added. Raw mode (pvr 0 or unknown) is 0.
     */
    public static long pcr(CpuModel cpu, int pvr) {
        CompatLevel c = byPvr(pvr);
        if (c == null) return 0;
        long pcr = 0;
        int[] levels = {205, 206, 207, 300, 310};
        for (int i = 0; i < levels.length; i++) {
            if (levels[i] >= c.isa && levels[i] < cpu.isaVersion) pcr |= 1L << (1 + i);
        }
        return pcr;
    }
}
