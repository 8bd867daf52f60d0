package org.jpseries.state.stream;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpseries.device.SectionSource;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * Compares two streams section by section for {@code jpseries-stream diff}. Sections pair by
 * (name, instance, occurrence): the third "ram" section of A with the third of B. Both streams
 * are read in step, so streams in the same order hold one pair at a time; a section whose
 * partner has not come yet waits in a map until it does (or is reported as only in its stream).
 */
final class StreamDiff {
    /** A section's identity across two streams: "ram#2" is the third ram section with instance 0. */
    record Key(String name, int instance, int occurrence) {
        String label() {
            return new Section(name, instance, 0).label() + (occurrence == 0 ? "" : " #" + occurrence);
        }
    }

    private final PrintStream out;
    private final Map<Key, Section> waitingA = new LinkedHashMap<>();
    private final Map<Key, Section> waitingB = new LinkedHashMap<>();
    private final Map<String, Integer> seenA = new HashMap<>();
    private final Map<String, Integer> seenB = new HashMap<>();
    private int compared;
    private int differing;

    StreamDiff(PrintStream out) {
        this.out = out;
    }

    /** Prints the differences; true when the streams hold the same sections with the same contents. */
    boolean run(SectionSource a, SectionSource b) throws StateException {
        Section sa = a.next(), sb = b.next();
        while (sa != null || sb != null) {
            if (sa != null) take(key(sa, seenA), sa, waitingA, waitingB, true);
            if (sb != null) take(key(sb, seenB), sb, waitingB, waitingA, false);
            if (sa != null) sa = a.next();
            if (sb != null) sb = b.next();
        }
        for (Map.Entry<Key, Section> e : waitingA.entrySet()) out.println("only in A: " + e.getKey().label());
        for (Map.Entry<Key, Section> e : waitingB.entrySet()) out.println("only in B: " + e.getKey().label());
        boolean same = differing == 0 && waitingA.isEmpty() && waitingB.isEmpty();
        out.println(compared + " sections paired, " + differing + " differ, " + waitingA.size() + " only in A, " + waitingB.size() + " only in B");
        return same;
    }

    private void take(Key k, Section s, Map<Key, Section> mine, Map<Key, Section> theirs, boolean isA) {
        Section partner = theirs.remove(k);
        if (partner == null) {
            mine.put(k, s);
            return;
        }
        compared++;
        Section a = isA ? s : partner, b = isA ? partner : s;
        List<String> d = a.diff(b);
        if (d.isEmpty()) return;
        differing++;
        out.println(k.label() + ":");
        for (String line : d) out.println("    " + line);
    }

    private static Key key(Section s, Map<String, Integer> seen) {
        String id = s.name() + "\0" + s.instance();
        int n = seen.merge(id, 1, Integer::sum) - 1;
        return new Key(s.name(), s.instance(), n);
    }
}
