package org.jpseries.intc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.device.SectionSource;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/** Save/load helpers for the interrupt controller state tests. */
public final class StateAssert {
    private StateAssert() {}

    /** The sections in order, as a stream decoder would hand them out. */
    public static SectionSource source(List<Section> sections) {
        Iterator<Section> it = sections.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    /** Every difference between two snapshots, one line each (empty when equal). */
    public static List<String> diff(List<Section> a, List<Section> b) {
        List<String> out = new ArrayList<>();
        if (a.size() != b.size()) out.add(a.size() + " sections != " + b.size());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Section x = a.get(i), y = b.get(i);
            if (!x.label().equals(y.label())) out.add("section " + i + ": " + x.label() + " != " + y.label());
            else out.addAll(x.diff(y));
        }
        return out;
    }

    public static void assertSameState(List<Section> expected, List<Section> actual) {
        assertEquals(List.of(), diff(expected, actual));
    }

    /** Loading must fail with exactly this one-line message. */
    public static void assertRefused(String message, DeviceRegistry into, List<Section> sections) {
        StateException e = assertThrows(StateException.class, () -> into.load(source(sections)));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().startsWith("section "));
    }

    /** A copy of {@code s} with {@code field} set to {@code value} (an edited stream). */
    public static Section with(Section s, String field, Object value) throws StateException {
        Section c = new Section(s.name(), s.instance(), s.version());
        for (String f : s.fieldNames()) c.putDecoded(f, f.equals(field) ? value : s.rawValue(f));
        for (Section sub : s.subsections()) c.sub(sub);
        return c;
    }

    /** {@code sections} with the one labelled {@code label} edited as {@link #with}. */
    public static List<Section> edited(List<Section> sections, String label, String field, Object value) throws StateException {
        List<Section> out = new ArrayList<>();
        boolean found = false;
        for (Section s : sections) {
            if (s.label().equals(label)) {
                out.add(with(s, field, value));
                found = true;
            } else {
                out.add(s);
            }
        }
        if (!found) throw new AssertionError("no section " + label);
        return out;
    }
}
