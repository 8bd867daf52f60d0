package org.jpseries.device;

import java.util.Map;

/**
 * A device the command line asks for ({@code -device DRIVER,prop=value,...}, QEMU's qdev
 * options): its driver (QEMU's type name), its id (or null), the bus it goes on and its slot
 * and function there (devfn, or -1 for the first free one), and the driver's own properties as
 * given. {@code where} is the option as the user wrote it, for messages at machine start.
 */
public record DeviceSpec(String driver, String id, String bus, int devfn, Map<String, String> properties, String where) {
    public DeviceSpec {
        properties = Map.copyOf(properties);
    }

    /** A property's value, or {@code dflt} when not given. */
    public String property(String name, String dflt) {
        return properties.getOrDefault(name, dflt);
    }
}
