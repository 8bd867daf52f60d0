package org.jpseries.spapr;

import org.jpseries.migration.MachineStream;
import org.jpseries.spapr.cas.CompatLevel;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The "machine" header section of a state stream: the configuration a stream can only be
 * loaded into, as far as the guest can observe it, and whether the source was running.
 *
 * <p>Compared: {@code machine} (the versioned type, {@link MachineType}), {@code cpu-level} (the highest logical PVR the vCPUs may run at: the CPU model
 * capped by max-cpu-compat, QEMU's ppc_compat_max_pvr), {@code smp}, {@code ram-size},
 * {@code ic-mode} (the controllers offered after the ISA 3.00 check: dual is XICS below it, QEMU
 * spapr_irq_check), {@code dec-bits} and {@code caps} (QEMU's cap-* names, which follow the level
 * as spapr_caps.c default_caps_with_cpu). Carried but not compared: {@code cpu} (the source's
 * model) and {@code max-cpu-compat}. So a POWER9 with max-cpu-compat=power8 and a POWER8 take
 * each other's streams, as QEMU defines it (its caps are compared, the compat PVR travels with
 * every vCPU and the destination keeps its own PVR); whether the partition really runs at a
 * level the destination's CPU can run (raw mode, a PVR of another model) the vCPU and "spapr"
 * sections decide. QEMU checks these piecemeal (a different RAM size fails in the RAM section, a
 * different CPU in cpu_post_load); jpseries checks them first and names what differs.
 */
final class MachineIdentity {
    private MachineIdentity() {}

    /**
     * 5: the machine has the default PCI host bridge (sections "spapr_pci" and its DMA window's
     * "spapr_iommu", its four LSIs claimed in "irq-sources"). A stream of an older version comes
     * from a machine without it, whose sections cannot describe this machine: it is refused by
     * version. (Versions 2-4 added "caps", "cpu-level" and "machine" one by one.)
     */
    static final int VERSION = 5, MIN_VERSION = 5;

    /** The fields compared, in the order they are checked (the machine type, then the level: the others follow from it). */
    private static final String[] COMPARED = {"machine", "cpu-level", "smp", "ram-size", "ic-mode", "dec-bits", "caps"};

    static Section of(SpaprPlatform.Options p, boolean running) {
        return new Section(MachineStream.HEADER, 0, VERSION).str("machine", MachineType.NAME).str("cpu", p.cpu().displayName)
                .i32("max-cpu-compat", p.maxCompatPvr())
                .i32("cpu-level", p.maxCompatLevel().pvr).i32("smp", p.smp()).i64("ram-size", p.ramSize())
                .str("ic-mode", p.offeredIcMode().name()).i32("dec-bits", p.largeDecrementerBits()).str("caps", p.capabilities())
                .bool("running", running);
    }

    /** Refuses a stream from a configuration the guest could tell apart, naming what differs and both values. */
    static void check(Section h, SpaprPlatform.Options p) throws StateException {
        if (h.version() > VERSION) {
            throw new StateException("section " + h.label() + ": version " + h.version() + " is newer than this jpseries loads (" + VERSION + ")");
        }
        if (h.version() < MIN_VERSION) {
            throw new StateException("section " + h.label() + ": version " + h.version() + " is older than this jpseries loads (" + MIN_VERSION + ")");
        }
        Section mine = of(p, false);
        for (String f : COMPARED) {
            Object theirs = observed(h, f), ours = mine.rawValue(f);
            if (theirs.equals(ours)) continue;
            if (f.equals("machine")) { // QEMU's vmstate_configuration post_load
                throw new StateException("section machine: Machine type received is '" + theirs + "' and local is '" + ours + "'");
            }
            if (f.equals("cpu-level")) {
                throw new StateException(String.format("section machine: the stream is from a %s whose vCPUs may run at ISA %s, this %s at ISA %s",
                        h.str("cpu"), level((Integer) theirs).isaName(), p.cpu().displayName, p.maxCompatLevel().isaName()));
            }
            throw new StateException("section machine: the stream is from a machine with " + f + " " + show(theirs) + ", this one has "
                    + show(ours));
        }
        h.bool("running");
    }

    /** Field {@code f} of a header; a missing one or an unknown level is one line. */
    private static Object observed(Section h, String f) throws StateException {
        Object v = h.rawValue(f);
        if (v == null) throw new StateException("section machine: field " + f + " is missing");
        if (f.equals("cpu-level")) level((Integer) v);
        return v;
    }

    private static CompatLevel level(int pvr) throws StateException {
        CompatLevel l = CompatLevel.byPvr(pvr);
        if (l == null) throw new StateException(String.format("section machine: field cpu-level 0x%08x is no architected level", pvr));
        return l;
    }

    private static String show(Object v) {
        return v instanceof Integer i && Math.abs(i) > 4096 ? String.format("0x%08x", i)
                : v instanceof Long l ? (l % (1 << 20) == 0 ? (l >> 20) + " MiB" : Long.toString(l)) : String.valueOf(v);
    }
}
