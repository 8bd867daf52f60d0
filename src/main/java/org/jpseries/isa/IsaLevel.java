package org.jpseries.isa;

/**
 * The ISA version that introduced an instruction, as the fourth column of pp64.csv states it
 * (PowerISA 3.1B Appendix F). {@link #version} orders them so a CPU model can gate by level.
 */
public enum IsaLevel {
    P1(100), P2(100), PPC(100),
    V2_00(200), V2_01(201), V2_02(202), V2_03(203), V2_05(205), V2_06(206), V2_07(207),
    V3_0(300), V3_0B(300), V3_0C(300), V3_1(310), V3_1B(310);

    /** Major*100 + minor; B/C revisions share their base version's number. */
    public final int version;

    IsaLevel(int version) {
        this.version = version;
    }

    /** Parses the CSV spelling ("P1", "v2.07", "v3.0B"). */
    public static IsaLevel parse(String s) {
        return switch (s) {
            case "P1" -> P1;
            case "P2" -> P2;
            case "PPC" -> PPC;
            default -> {
                if (!s.startsWith("v")) throw new IllegalArgumentException("unknown ISA level " + s);
                yield valueOf("V" + s.substring(1).replace('.', '_'));
            }
        };
    }
}
