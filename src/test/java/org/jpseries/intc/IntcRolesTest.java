package org.jpseries.intc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.intc.xics.Xics;
import org.jpseries.intc.xive.SpaprXive;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.junit.jupiter.api.Test;

/**
 * Every non-static field of the interrupt controllers' classes is classified by {@link Role}, and
 * every STATE field appears in the section of the device that saves it.
 */
class IntcRolesTest {
    /** Class -> the section that carries its STATE fields (null: it must have none). */
    static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("org.jpseries.intc.IrqSources", "irq-sources"),
            Map.entry("org.jpseries.intc.IrqLine", ""),
            Map.entry("org.jpseries.intc.xics.Xics", "ics"),
            Map.entry("org.jpseries.intc.xics.Ics", "ics"),
            Map.entry("org.jpseries.intc.xics.Icp", "icp"),
            Map.entry("org.jpseries.intc.xics.XicsSpapr", ""),
            Map.entry("org.jpseries.intc.xive.SpaprXive", "spapr-xive"),
            Map.entry("org.jpseries.intc.xive.XiveSource", "spapr-xive"),
            Map.entry("org.jpseries.intc.xive.EventQueue", "spapr-xive"),
            Map.entry("org.jpseries.intc.xive.Esb", ""),
            Map.entry("org.jpseries.intc.xive.ThreadContext", "xive-tctx"),
            Map.entry("org.jpseries.intc.xive.XiveHcalls", ""));

    @Test
    void everyFieldIsClassifiedAndEveryStateFieldIsSaved() throws Exception {
        Object lock = new Object();
        IrqSources sources = new IrqSources(lock, Xics.IRQ_BASE + Xics.NR_IRQS);
        Xics xics = new Xics(sources, 2, (s, a) -> {});
        SpaprXive xive = new SpaprXive(sources, 2, new GuestRam(1L << 20), (s, a) -> {}, GuestLog.silent());
        DeviceRegistry r = new DeviceRegistry();
        r.register(sources);
        r.register(xics);
        xics.presenters().forEach(r::register);
        r.register(xive);
        xive.contexts().forEach(r::register);
        Map<String, Set<String>> saved = new HashMap<>();
        for (Section s : r.snapshot()) saved.computeIfAbsent(s.name(), k -> new HashSet<>()).addAll(s.fieldNames());

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : CLASSES.entrySet()) {
            for (Field f : Class.forName(e.getKey()).getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                String where = e.getKey() + "." + f.getName();
                Role role = f.getAnnotation(Role.class);
                if (role == null) {
                    problems.add(where + ": no @Role");
                } else if (role.kind() == Role.Kind.STATE) {
                    String name = role.value().isEmpty() ? f.getName() : role.value();
                    if (!saved.getOrDefault(e.getValue(), Set.of()).contains(name)) {
                        problems.add(where + ": " + name + " is not in section " + e.getValue());
                    }
                } else if (role.why().isEmpty()) {
                    problems.add(where + ": " + role.kind() + " without why");
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
