package org.jpseries.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jpseries.device.DeviceSpec;
import org.jpseries.pci.PciRegs;
import org.jpseries.spapr.PciDrivers;

/**
 * {@code -device} (QEMU qdev-monitor.c qdev_device_add): the driver and its properties, dotted or
 * JSON. A PCI device takes {@code id}, {@code bus=pci.0} (the default bridge's bus, the only one)
 * and {@code addr=SLOT[.FUNCTION]} in hex (QEMU's PCI devfn property); everything else is the
 * driver's, checked against the properties jpseries implements for it ({@link PciDrivers}).
 */
final class DeviceOptions {
    private DeviceOptions() {}

    /** The default bridge's bus (QEMU names it after the bridge's index). */
    static final String PCI_BUS = "pci.0";

    /** The driver a -device argument names (dotted or JSON), or null. */
    static String driver(String arg, String opt) throws UsageException {
        return properties(arg, opt).get("driver");
    }

    /**
     * A -device argument's properties, driver included: QEMU's dotted form ({@link QemuOpts}: the
     * last of a repeated key counts) or a JSON object as libvirt writes it, whose scalar values
     * become their text.
     */
    static Map<String, String> properties(String arg, String opt) throws UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!arg.startsWith("{")) {
            for (Map.Entry<String, String> e : QemuOpts.parse(arg, "driver")) out.put(e.getKey(), e.getValue());
            return out;
        }
        String where = opt + " " + arg;
        com.fasterxml.jackson.databind.JsonNode j;
        try {
            j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(arg);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException(where + ": JSON parse error, " + e.getOriginalMessage());
        }
        if (j == null || !j.isObject()) throw new UsageException(where + ": the JSON argument must be an object");
        for (var it = j.fields(); it.hasNext();) {
            var e = it.next();
            if (e.getValue().isContainerNode() || e.getValue().isNull()) {
                throw new UsageException(where + ": Parameter '" + e.getKey() + "' expects a scalar value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** A PCI device of {@link PciDrivers}: its properties checked, its address parsed; built at machine start. */
    static DeviceSpec parse(String arg, String opt) throws UsageException {
        String where = opt + " " + arg;
        Map<String, String> p = properties(arg, opt);
        String driver = p.remove("driver");
        if (driver == null || driver.isEmpty()) throw new UsageException(where + ": Parameter 'driver' is missing");
        PciDrivers.Driver own = PciDrivers.find(driver);
        if (own == null) throw new UsageException(where + ": '" + driver + "' is not a valid device model name");
        String id = p.remove("id");
        String bus = p.remove("bus");
        if (bus != null && !bus.equals(PCI_BUS)) throw new UsageException(where + ": Bus '" + bus + "' not found");
        String addr = p.remove("addr");
        int devfn = addr == null ? -1 : devfn(addr);
        if (addr != null && devfn < 0) throw new UsageException(where + ": Property '" + driver + ".addr' doesn't take value '" + addr + "'");
        for (String k : p.keySet()) {
            if (!PciDrivers.takes(own, k)) throw new UsageException(where + ": Property '" + driver + "." + k + "' not found");
        }
        return new DeviceSpec(driver, id, PCI_BUS, devfn, p, where);
    }

    /** QEMU's PCI address property: "SLOT" or "SLOT.FUNCTION", hex, slot < 32, function < 8; -1 if malformed. */
    static int devfn(String addr) {
        String s = addr.startsWith("0x") || addr.startsWith("0X") ? addr.substring(2) : addr;
        int dot = s.indexOf('.');
        try {
            int slot = Integer.parseInt(dot < 0 ? s : s.substring(0, dot), 16);
            int fn = dot < 0 ? 0 : Integer.parseInt(s.substring(dot + 1), 16);
            if (slot < 0 || slot >= PciRegs.SLOTS || fn < 0 || fn > 7 || s.startsWith("-") || s.startsWith("+")) return -1;
            return PciRegs.devfn(slot, fn);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
