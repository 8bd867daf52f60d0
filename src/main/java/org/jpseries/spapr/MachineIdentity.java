package org.jpseries.spapr;

import org.jpseries.migration.MachineStream;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The "machine" header section of a state stream: the configuration a stream can only be
 * loaded into (CPU model, vCPU count, RAM size, max-cpu-compat, interrupt controller mode, the
 * large decrementer, the capabilities as QEMU's cap-* names) and whether the source was running. QEMU checks these piecemeal (a
 * different RAM size fails in the RAM section, a different CPU in cpu_post_load); jpseries
 * checks them first and names the option that differs.
 */
final class MachineIdentity {
    private MachineIdentity() {}

    /** 2 added "caps"; a version-1 header had none, its capabilities followed from the rest (dec-bits). */
    static final int VERSION = 2, MIN_VERSION = 1;

    static Section of(SpaprPlatform.Options p, boolean running) {
        return new Section(MachineStream.HEADER, 0, VERSION).str("cpu", p.cpu().displayName).i32("smp", p.smp())
                .i64("ram-size", p.ramSize()).i32("max-cpu-compat", p.maxCompatPvr()).str("ic-mode", p.icMode().name())
                .i32("dec-bits", p.largeDecrementerBits()).str("caps", p.capabilities()).bool("running", running);
    }

    /** Refuses a stream from another configuration, naming what differs and both values. */
    static void check(Section h, SpaprPlatform.Options p) throws StateException {
        if (h.version() > VERSION) {
            throw new StateException("section " + h.label() + ": version " + h.version() + " is newer than this jpseries loads (" + VERSION + ")");
        }
        if (h.version() < MIN_VERSION) {
            throw new StateException("section " + h.label() + ": version " + h.version() + " is older than this jpseries loads (" + MIN_VERSION + ")");
        }
        Section mine = of(p, false);
        for (String f : mine.fieldNames()) {
            if (f.equals("running") || f.equals("caps") && h.version() < 2) continue;
            Object theirs = h.rawValue(f), ours = mine.rawValue(f);
            if (theirs == null) throw new StateException("section machine: field " + f + " is missing");
            if (!theirs.equals(ours)) {
                throw new StateException("section machine: the stream is from a machine with " + f + " " + show(theirs)
                        + ", this one has " + show(ours));
            }
        }
        h.bool("running");
    }

    private static String show(Object v) {
        return v instanceof Integer i && Math.abs(i) > 4096 ? String.format("0x%08x", i)
                : v instanceof Long l ? (l % (1 << 20) == 0 ? (l >> 20) + " MiB" : Long.toString(l)) : String.valueOf(v);
    }
}
