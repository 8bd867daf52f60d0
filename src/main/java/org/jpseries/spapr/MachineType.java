package org.jpseries.spapr;

/**
 * The machine type's name, as QEMU versions its machines (hw/ppc/spapr.c DEFINE_SPAPR_MACHINE):
 * jpseries' pseries machine has QEMU 7.2's defaults and devices, so it is {@code pseries-7.2},
 * with {@code pseries} as its alias. Older versioned types (QEMU's pseries-2.1 .. 7.1) change
 * defaults jpseries does not model, so they are not offered. The name goes into every state
 * stream's header: a destination of another type refuses it, as QEMU's configuration section.
 */
public final class MachineType {
    private MachineType() {}

    /** The versioned name (QEMU 7.2's default pseries machine). */
    public static final String NAME = "pseries-7.2";
    /** What "-M pseries" means. */
    public static final String ALIAS = "pseries";
    public static final String DESCRIPTION = "pSeries Logical Partition (PAPR compliant)";

    /** The versioned name for a -machine type, or null if jpseries has no such machine. */
    public static String canonical(String type) {
        return type.equals(NAME) || type.equals(ALIAS) ? NAME : null;
    }

    /** "-machine help", in QEMU's layout (name padded to 20, the alias first). */
    public static String help() {
        return String.format("Supported machines are:\n%-20s %s (alias of %s)\n%-20s %s (default)", ALIAS, DESCRIPTION, NAME, NAME, DESCRIPTION);
    }
}
