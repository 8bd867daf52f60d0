package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jpseries.cpu.CpuModel;
import org.jpseries.device.Device;
import org.jpseries.device.ResetReason;
import org.jpseries.hw.SpaprVty;
import org.jpseries.intc.IcMode;
import org.jpseries.migration.MachineStream;
import org.jpseries.migration.MigrationChannel;
import org.jpseries.migration.MigrationStatus;
import org.jpseries.migration.PreCopy;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.state.Stateful;
import org.junit.jupiter.api.Test;
import org.jpseries.papr.GuestLog;

/**
 * The machine knows its whole state: every field of every stateful class is classified (state,
 * cache, derived, configuration or wiring), every STATE field is in its device's sections, and a
 * machine saved, loaded into a fresh one and saved again gives identical sections. A stream from
 * another configuration is refused naming what differs.
 */
class MachineStateTest {
    static final Path CLASSES = Path.of("target", "classes");

    /** Every class under org.jpseries that is Stateful or has a @Role field: all its instance fields are classified. */
    @Test
    void everyFieldOfEveryStatefulClassIsClassified() throws Exception {
        List<String> unclassified = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = CLASSES.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                boolean annotated = Stream.of(c.getDeclaredFields()).anyMatch(f -> f.isAnnotationPresent(Role.class));
                if (!annotated && !Stateful.class.isAssignableFrom(c)) continue;
                if (c.isInterface()) continue;
                classes++;
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    if (!f.isAnnotationPresent(Role.class)) unclassified.add(c.getName() + "." + f.getName());
                }
            }
        }
        assertTrue(classes >= 10, "found " + classes + " stateful classes");
        assertEquals(List.of(), unclassified, "fields nobody classified as state, cache, derived, config or wiring");
    }

    static SpaprMachine busyMachine(CpuModel cpu, int compat, int smp, IcMode mode) throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[0x2000], 0x800000, 0x100), "vmlinux");
        SpaprPlatform.Options p = new SpaprPlatform.Options(cpu, smp, 256L << 20, compat, "", mode);
        SpaprMachine m = new SpaprMachine(new SpaprMachine.Options(p, false), k, null, new ByteArrayOutputStream(),
                GuestLog.silent(), new java.io.PrintStream(new ByteArrayOutputStream()));
        m.systemReset(ResetReason.COLD);
        m.platform().quiesce();
        assertEquals(0, ResetSequenceTest.cas(m, 0));
        // activity that leaves state behind: console input, a pending power-button event, interrupts
        m.platform().console().receive((byte) 'x');
        m.platform().powerdown();
        m.platform().irqSources().line(SpaprVty.DEFAULT_IRQ).pulse();
        m.ram().write(0x123000, new byte[] {1, 2, 3, 4}, 0, 4);
        m.cpu(0).gpr[7] = 0x1234_5678_9abcL;
        m.timeBase().stop(); // as a save does: the guest clock stands still while the state is written
        return m;
    }

    /** Writes {@code m}'s stream as a migration of the stopped machine does (one RAM pass: nothing writes meanwhile); returns its sections. */
    static List<Section> save(SpaprMachine m, ByteArrayOutputStream out) throws Exception {
        MigrationStatus status = new MigrationStatus();
        status.start(m.ram().size());
        PreCopy copy = new PreCopy(m.devices(), m.ram(), new MigrationChannel(out), status, m.migrationVcpus(), pass -> {});
        copy.live(MachineIdentity.of(m.options().platform(), false));
        copy.complete(MachineStream.globalState("paused"));
        return m.devices().snapshot();
    }

    @Test
    void everyStateFieldIsInItsDevicesSections() throws Exception {
        SpaprMachine m = busyMachine(CpuModel.POWER9, 0, 2, IcMode.DUAL);
        List<String> missing = new ArrayList<>();
        for (Device d : m.devices().devices()) {
            List<Section> sections = new ArrayList<>();
            d.saveState(sections::add);
            Set<String> names = new HashSet<>();
            for (Section s : sections) collect(s, names);
            for (Class<?> c = d.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    Role r = f.getAnnotation(Role.class);
                    if (r == null || r.kind() != Role.Kind.STATE) continue;
                    String n = r.value().isEmpty() ? f.getName() : r.value();
                    if (!names.contains(n)) missing.add(d.stateName() + ": " + c.getSimpleName() + "." + f.getName() + " as '" + n + "'");
                }
            }
        }
        assertEquals(List.of(), missing, "STATE fields with no field or subsection of that name in the device's sections");
    }

    private static void collect(Section s, Set<String> names) {
        names.addAll(s.fieldNames());
        for (Section sub : s.subsections()) {
            names.add(sub.name());
            collect(sub, names);
        }
    }

    @Test
    void saveLoadSaveGivesIdenticalSections() throws Exception {
        for (Object[] c : new Object[][] {{CpuModel.POWER9, 0, 2, IcMode.DUAL}, {CpuModel.POWER8, 0, 1, IcMode.XICS},
                {CpuModel.POWER9, 0x0f000004, 2, IcMode.DUAL}}) {
            SpaprMachine a = busyMachine((CpuModel) c[0], (int) c[1], (int) c[2], (IcMode) c[3]);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            List<Section> first = save(a, stream);
            SpaprMachine b = ResetSequenceTest.machineOf((CpuModel) c[0], (int) c[1], (int) c[2], (IcMode) c[3]);
            b.systemReset(ResetReason.COLD);
            b.timeBase().stop(); // an incoming machine waits with its clock stopped
            MachineStream.load(b.devices(), new ByteArrayInputStream(stream.toByteArray()),
                    h -> MachineIdentity.check(h, b.options().platform()));
            List<Section> second = b.devices().snapshot();
            assertEquals(first.size(), second.size());
            List<String> diffs = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) diffs.addAll(first.get(i).diff(second.get(i)));
            assertEquals(List.of(), diffs, "save -> load -> save of " + c[0] + " x" + c[2]);
        }
    }

    @Test
    void aStreamFromAnotherConfigurationIsRefusedNamingWhatDiffers() throws Exception {
        SpaprMachine a = busyMachine(CpuModel.POWER9, 0, 2, IcMode.DUAL);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        save(a, stream);
        SpaprMachine b = ResetSequenceTest.machineOf(CpuModel.POWER9, 0, 1, IcMode.DUAL);
        StateException e = assertThrows(StateException.class, () -> MachineStream.load(b.devices(),
                new ByteArrayInputStream(stream.toByteArray()), h -> MachineIdentity.check(h, b.options().platform())));
        assertEquals("section machine: the stream is from a machine with smp 2, this one has 1", e.getMessage());
        SpaprMachine p8 = ResetSequenceTest.machineOf(CpuModel.POWER8, 0, 2, IcMode.DUAL);
        e = assertThrows(StateException.class, () -> MachineStream.load(p8.devices(),
                new ByteArrayInputStream(stream.toByteArray()), h -> MachineIdentity.check(h, p8.options().platform())));
        assertEquals("section machine: the stream is from a POWER9 whose vCPUs may run at ISA 3.00, this POWER8 at ISA 2.07", e.getMessage());
    }
}
