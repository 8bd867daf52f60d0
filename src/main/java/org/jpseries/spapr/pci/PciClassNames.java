package org.jpseries.spapr.pci;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The device-tree node name of a PCI function from its class code (QEMU 7.2 spapr_pci.c
 * dt_name_from_class, after the PCI Bus Binding to IEEE 1275), read from the table
 * {@code class-names.csv} beside this class: the base class's name, refined by a known subclass,
 * refined by a known programming interface; "pci" for a base class beyond the table.
 */
final class PciClassNames {
    private static final Map<Integer, String> NAMES = load();

    private PciClassNames() {}

    /** Keys: class << 16 | subclass << 8 | prog-if, with 0x1ff in a field for "any". */
    private static int key(int cls, int sub, int iface) {
        return cls << 18 | sub << 9 | iface;
    }

    private static final int ANY = 0x1ff;

    private static Map<Integer, String> load() {
        Map<Integer, String> m = new HashMap<>();
        try (var in = PciClassNames.class.getResourceAsStream("class-names.csv");
                var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split(",");
                m.put(key(Integer.parseInt(f[0], 16), f[1].equals("-") ? ANY : Integer.parseInt(f[1], 16),
                        f[2].equals("-") ? ANY : Integer.parseInt(f[2], 16)), f[3]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The name for a 24-bit class code. */
    static String of(int classCode) {
        int cls = classCode >>> 16 & 0xff, sub = classCode >>> 8 & 0xff, iface = classCode & 0xff;
        String name = NAMES.get(key(cls, ANY, ANY));
        if (name == null) return "pci";
        String s = NAMES.get(key(cls, sub, ANY));
        if (s == null) return name;
        String i = NAMES.get(key(cls, sub, iface));
        return i != null ? i : s;
    }
}
