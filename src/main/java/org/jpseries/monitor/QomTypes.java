package org.jpseries.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpseries.cpu.CpuModel;
import org.jpseries.spapr.MachineType;

/**
 * The QOM types jpseries can really create, with QEMU 7.2's names and parents (qom/object.c
 * type registry), for qom-list-types, device-list-properties and qom-list-properties: the tcg
 * accelerator, the pseries and none machines, the CPU models of -cpu, the spapr-vty of -device
 * and the pty and socket chardevs. Abstract types appear only as ancestors, so that
 * {@code implements} and {@code abstract=true} answer as QEMU's registry does for these types.
 */
final class QomTypes {
    private QomTypes() {}

    /**
     * A property (QEMU's ObjectPropertyInfo): name, QOM type, description or null, default or null.
     */
    record Prop(String name, String type, String description, Object defaultValue) {}

    /**
     * @param device a type -device can create (device-list-properties answers only for these)
     */
    record Type(String name, String parent, boolean isAbstract, boolean device, List<Prop> props) {}

    static final String NONE_MACHINE = "none-machine";

    /** QEMU's machine type name (MACHINE_TYPE_NAME). */
    static String machineType(String machine) {
        return machine + "-machine";
    }

    /** QEMU's type name of a CPU model jpseries emulates (POWER8 v2.0, POWER9 v2.0; target/ppc/cpu-models.c). */
    static String cpuType(CpuModel m) {
        return m.name().toLowerCase(Locale.ROOT) + "_v2.0-powerpc64-cpu";
    }

    /** The CPU models -cpu accepts on the pseries machine. */
    static final List<CpuModel> CPUS = List.of(CpuModel.POWER8, CpuModel.POWER9);

    static final List<Type> ALL = all();

    private static List<Type> all() {
        List<Type> t = new ArrayList<>();
        Prop type = new Prop("type", "string", null, null);
        t.add(new Type("object", null, true, false, List.of()));
        t.add(new Type("accel", "object", true, false, List.of(type)));
        t.add(new Type("tcg-accel", "accel", false, false, List.of(type)));
        t.add(new Type("machine", "object", true, false, List.of(type)));
        t.add(new Type("spapr-machine", "machine", true, false, List.of(type)));
        // the -machine properties CommandLine accepts, with QEMU's descriptions (hw/ppc/spapr.c, hw/core/machine.c)
        t.add(new Type(machineType(MachineType.NAME), "spapr-machine", false, false, List.of(type,
                new Prop("dumpdtb", "string", "Dump current dtb to a file and quit", null),
                new Prop("ic-mode", "string", "Specifies the interrupt controller mode (xics, xive, dual)", null),
                new Prop("max-cpu-compat", "string", "Maximum permitted CPU compatibility mode. Valid values are power8, power9.", null),
                new Prop("usb", "bool", "Set on/off to enable/disable usb", null),
                new Prop("x-vof", "bool", "Enable Virtual Open Firmware (experimental)", null))));
        t.add(new Type(NONE_MACHINE, "machine", false, false, List.of(type)));
        t.add(new Type("device", "object", true, false, List.of(type)));
        t.add(new Type("cpu", "device", true, false, List.of(type)));
        t.add(new Type("powerpc64-cpu", "cpu", true, false, List.of(type)));
        for (CpuModel m : CPUS) {
            String family = m.name() + "-family-powerpc64-cpu";
            t.add(new Type(family, "powerpc64-cpu", true, false, List.of(type)));
            t.add(new Type(cpuType(m), family, false, false, List.of(type)));
        }
        t.add(new Type("vio-spapr-device", "device", true, false, List.of(type)));
        // hw/char/spapr_vty.c spapr_vty_properties (DEFINE_SPAPR_PROPERTIES: reg defaults to -1, "pick one")
        t.add(new Type("spapr-vty", "vio-spapr-device", false, true, List.of(type,
                new Prop("chardev", "str", "ID of a chardev to use as a backend", null),
                new Prop("reg", "uint32", null, 0xFFFF_FFFFL))));
        t.add(new Type("chardev", "object", true, false, List.of(type)));
        t.add(new Type("chardev-pty", "chardev", false, false, List.of(type)));
        t.add(new Type("chardev-socket", "chardev", false, false, List.of(type)));
        return List.copyOf(t);
    }

    static Type find(String name) {
        for (Type t : ALL) if (t.name.equals(name)) return t;
        return null;
    }

    /** Whether {@code t} is {@code ancestor} or derives from it. */
    static boolean implementsType(Type t, String ancestor) {
        for (Type x = t; x != null; x = x.parent == null ? null : find(x.parent)) {
            if (x.name.equals(ancestor)) return true;
        }
        return false;
    }
}
