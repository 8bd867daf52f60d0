package org.jpseries.intc;

import java.util.Locale;

/**
 * The pseries machine's {@code ic-mode} property (QEMU spapr_irq.c): which interrupt controllers
 * the machine offers the guest. XICS and XIVE are fixed; DUAL offers both and CAS picks (XIVE when
 * the guest asks for exploitation mode, XICS otherwise). XIVE needs ISA 3.00: without it (POWER8,
 * or max-cpu-compat=power8) DUAL becomes XICS and XIVE is refused, as QEMU's spapr_irq_check.
 */
public enum IcMode {
    XICS, XIVE, DUAL;

    public boolean offersXics() {
        return this != XIVE;
    }

    public boolean offersXive() {
        return this != XICS;
    }

    /** The property value ("xics", "xive", "dual"). */
    public String property() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the property value, or returns null for an unknown one. */
    public static IcMode parse(String s) {
        return switch (s) {
            case "xics" -> XICS;
            case "xive" -> XIVE;
            case "dual" -> DUAL;
            default -> null;
        };
    }

    /**
     * What the machine really offers given whether its vCPUs run at ISA 3.00 (POWER9 without a
     * POWER8 compat limit); throws for XIVE-only without it (QEMU: "XIVE-only machines require a
     * POWER9 CPU").
     */
    public IcMode forIsa300(boolean isa300) {
        if (isa300) return this;
        if (this == XIVE) throw new IllegalArgumentException("XIVE-only machines require a POWER9 CPU");
        return XICS;
    }
}
