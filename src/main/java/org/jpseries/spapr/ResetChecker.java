package org.jpseries.spapr;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.arch.Spr;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.device.ResetPhase;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * Checks that a machine reset really resets (QEMU's 2019 regressions were reset-order bugs):
 * after every reset, the sections of every device the reset touches equal those of the
 * freshly started machine, section by section and field by field. Excluded by declared rule:
 * the devices of {@link ResetPhase#NONE} (RAM contents, the time base, NVRAM, the RTC offset:
 * QEMU never resets those), and the fields a device declares not reset ({@link Device#notReset}:
 * the console's typed-ahead input, the decrementer that counts with the clock). It also checks what must hold across vCPUs at any time, before and
 * after CAS: the compat PVR, PCR and LPCR are equal on every vCPU.
 *
 * <p>The machine calls {@link #resetDone} on its control thread at the end of each reset, with
 * the vCPUs stopped; tests read the results from any thread.
 */
public final class ResetChecker {
    /** A per-vCPU fact that must be the same on every vCPU: an SPR, or the compat subsection's PVR (spr < 0). */
    private record Invariant(String name, int spr) {}

    private static final List<Invariant> VCPU_INVARIANTS = List.of(new Invariant("compat PVR", -1), new Invariant("PCR", Spr.PCR),
            new Invariant("LPCR", Spr.LPCR));

    /** Per section name, the fields its device declares not reset ({@link Device#notReset}). */
    private final java.util.Map<String, java.util.Set<String>> notReset = new java.util.HashMap<>();
    private List<Section> fresh;
    private List<Section> last;
    private int resets;

    /** The machine finished a reset: the first one is the fresh machine, later ones are compared with it. */
    public synchronized void resetDone(DeviceRegistry devices) {
        List<Section> now = new ArrayList<>();
        for (Device d : devices.devices()) {
            if (d.resetPhase() == ResetPhase.NONE) continue;
            d.saveState(now::add);
            notReset.put(d.stateName(), d.notReset());
        }
        if (fresh == null) fresh = now;
        else last = now;
        resets++;
    }

    /** Resets seen, the power-on reset included. */
    public synchronized int resets() {
        return resets;
    }

    /** The sections right after the last reset (the fresh machine's before a second reset). */
    public synchronized List<Section> lastSections() {
        return last != null ? last : fresh;
    }

    /** Every difference between the machine after its last reset and the fresh machine, one line each, with section and field. */
    public synchronized List<String> differences() {
        List<String> out = new ArrayList<>();
        if (fresh == null || last == null) {
            out.add("no reset after the power-on reset to compare (" + resets + " resets seen)");
            return out;
        }
        if (fresh.size() != last.size()) out.add("section count " + fresh.size() + " != " + last.size());
        for (int i = 0; i < Math.min(fresh.size(), last.size()); i++) {
            Section s = last.get(i);
            java.util.Set<String> skip = notReset.getOrDefault(s.name(), java.util.Set.of());
            for (String d : s.diff(fresh.get(i), p -> skip.contains(p.substring(p.indexOf('.') + 1)))) out.add(named(d, s));
        }
        out.addAll(acrossVcpus(lastSections()));
        return out;
    }

    /** The compat PVR, PCR and LPCR of every "cpu" section in {@code sections} are equal; one line per vCPU that differs from vCPU 0. */
    public static List<String> acrossVcpus(List<Section> sections) {
        List<String> out = new ArrayList<>();
        Section first = null;
        for (Section s : sections) {
            if (!s.name().equals("cpu")) continue;
            if (first == null) {
                first = s;
                continue;
            }
            for (Invariant inv : VCPU_INVARIANTS) {
                String a = value(first, inv), b = value(s, inv);
                if (!a.equals(b)) out.add(s.label() + " " + inv.name + " = " + b + " but " + first.label() + " has " + a);
            }
        }
        return out;
    }

    private static String value(Section cpu, Invariant inv) {
        try {
            if (inv.spr >= 0) {
                int[] numbers = cpu.ints("sprNumbers");
                long[] values = cpu.longs("spr");
                for (int i = 0; i < numbers.length && i < values.length; i++) {
                    if (numbers[i] == inv.spr) return "0x" + Long.toHexString(values[i]);
                }
                return "absent";
            }
            Section sub = cpu.subsection("compat");
            return sub == null ? "absent" : "0x" + Integer.toHexString(sub.i32("pvr"));
        } catch (StateException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    /** A diff line of a cpu section's spr array names the SPR instead of the array index. */
    private static String named(String diffLine, Section s) {
        if (!s.name().equals("cpu") || !diffLine.contains(".spr: ")) return diffLine;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("with \\[(\\d+)\\]").matcher(diffLine);
        if (!m.find()) return diffLine;
        try {
            int[] numbers = s.ints("sprNumbers");
            int i = Integer.parseInt(m.group(1));
            if (i < numbers.length) return diffLine + " (SPR " + numbers[i] + ")";
        } catch (StateException | NumberFormatException e) {
            // keep the plain line
        }
        return diffLine;
    }
}
