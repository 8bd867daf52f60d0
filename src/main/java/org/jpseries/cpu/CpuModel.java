package org.jpseries.cpu;

import java.util.Locale;

/**
 * The CPU models jpseries emulates, with the processor version register each reports and the
 * highest ISA level it implements (PowerISA 3.1B Appendix F; PVRs as QEMU's ppc64 models).
 */
public enum CpuModel {
    POWER8("POWER8", 0x004d0200, 207),
    POWER9("POWER9", 0x004e1202, 300),
    POWER10("POWER10", 0x00801200, 310);

    public final String displayName;
    public final int pvr;
    /** Highest ISA version implemented, in IsaLevel#version units. */
    public final int isaVersion;

    CpuModel(String displayName, int pvr, int isaVersion) {
        this.displayName = displayName;
        this.pvr = pvr;
        this.isaVersion = isaVersion;
    }

    /** Accepts QEMU's spellings: "POWER9", "power9", "power9_v2.2", "POWER8_v2.0" (case-insensitive). */
    public static CpuModel parse(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        int v = n.indexOf("_V");
        if (v >= 0) n = n.substring(0, v);
        for (CpuModel m : values()) {
            if (m.displayName.equals(n)) return m;
        }
        throw new IllegalArgumentException("unknown CPU model '" + name + "' (POWER8, POWER9 or POWER10)");
    }

    /**
     * The model of a processor version: PVR bits 0:15 name the processor family, the low half its
     * revision (QEMU's pvr_match compares the family); null for a family jpseries does not emulate.
     */
    public static CpuModel ofPvr(long pvr) {
        for (CpuModel m : values()) {
            if ((m.pvr >>> 16) == (pvr & 0xFFFFFFFFL) >>> 16) return m;
        }
        return null;
    }

    public boolean implementsIsa(int version) {
        return version <= isaVersion;
    }
}
