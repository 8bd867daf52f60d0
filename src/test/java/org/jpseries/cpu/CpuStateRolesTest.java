package org.jpseries.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.mmu.hash.Slb;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.junit.jupiter.api.Test;

/**
 * Every field of the vCPU's and the time base's classes is classified, and each STATE field is
 * in the section that saves it (the subsection slb for the SLB).
 */
class CpuStateRolesTest {
    private static void check(Class<?> type, Section where, List<String> problems) {
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            Role r = f.getAnnotation(Role.class);
            if (r == null) {
                problems.add(type.getSimpleName() + "." + f.getName() + " has no @Role");
                continue;
            }
            if (r.kind() != Role.Kind.STATE) continue;
            String name = r.value().isEmpty() ? f.getName() : r.value();
            if (where == null || !(where.has(name) || where.subsection(name) != null)) {
                problems.add(type.getSimpleName() + "." + f.getName() + " is STATE but " + (where == null ? "nothing saves it" : where.label() + " has no " + name));
            }
        }
    }

    @Test
    void everyFieldIsClassifiedAndEveryStateFieldSaved() {
        TimeBase tb = new TimeBase();
        tb.stop();
        Section cpu = CpuStateTest.save(CpuStateTest.cpu(CpuModel.POWER10, tb));
        List<Section> tbSections = new ArrayList<>();
        tb.saveState(tbSections::add);
        List<String> problems = new ArrayList<>();
        check(Cpu.class, cpu, problems);
        check(SystemRegisters.class, cpu, problems);
        check(Slb.class, cpu.subsection(CpuState.SLB), problems);
        check(TimeBase.class, tbSections.get(0), problems);
        check(DecrementerTimer.class, null, problems);
        check(VectorRegs.class, null, problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
