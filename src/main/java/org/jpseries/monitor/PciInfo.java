package org.jpseries.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jpseries.pci.PciBar;
import org.jpseries.pci.PciBus;
import org.jpseries.pci.PciDevice;
import org.jpseries.pci.PciRegs;

/**
 * What the monitor says about the PCI bus (QEMU 7.2 qapi/pci.json query-pci, built by
 * hw/pci/pci.c qmp_query_pci, and its HMP form {@code info pci}, hmp_info_pci_device): per
 * function its address, class (with QEMU's description where its table has one, read from
 * {@code pci-class-descriptions.csv}), IDs, INTx line and pin, and every BAR where it is now
 * (-1 unmapped). One description of the bus serves both.
 */
final class PciInfo {
    private static final Map<Integer, String> DESCRIPTIONS = load();

    private PciInfo() {}

    private static Map<Integer, String> load() {
        Map<Integer, String> m = new HashMap<>();
        try (var r = new BufferedReader(new InputStreamReader(PciInfo.class.getResourceAsStream("pci-class-descriptions.csv"),
                StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith("#") || line.isBlank()) continue;
                int comma = line.indexOf(',');
                m.put(Integer.parseInt(line.substring(0, comma), 16), line.substring(comma + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** query-pci: one bus (0) with its functions; none without a bus (-machine none). */
    static ArrayNode query(PciBus bus) {
        ArrayNode r = QmpJson.MAPPER.createArrayNode();
        if (bus == null) return r;
        ObjectNode b = r.addObject().put("bus", 0);
        ArrayNode devices = b.putArray("devices");
        for (PciDevice d : bus.devices()) {
            ObjectNode o = devices.addObject();
            o.put("bus", 0).put("slot", PciRegs.slot(d.devfn())).put("function", PciRegs.function(d.devfn()));
            int cls = d.readConfig(PciRegs.CLASS_DEVICE, 2);
            ObjectNode ci = o.putObject("class_info");
            String desc = DESCRIPTIONS.get(cls);
            if (desc != null) ci.put("desc", desc);
            ci.put("class", cls);
            o.putObject("id").put("device", d.readConfig(PciRegs.DEVICE_ID, 2)).put("vendor", d.readConfig(PciRegs.VENDOR_ID, 2))
                    .put("subsystem", d.readConfig(PciRegs.SUBSYSTEM_ID, 2)).put("subsystem-vendor", d.readConfig(PciRegs.SUBSYSTEM_VENDOR_ID, 2));
            if (d.pin() != 0) o.put("irq", d.readConfig(PciRegs.INTERRUPT_LINE, 1));
            o.put("irq_pin", d.pin());
            o.put("qdev_id", d.qdevId());
            ArrayNode regions = o.putArray("regions");
            for (Bar bar : bars(d)) {
                ObjectNode g = regions.addObject().put("bar", bar.b.index());
                if (bar.b.io()) g.put("type", "io");
                else g.put("type", "memory").put("prefetch", (bar.b.type() & PciRegs.BAR_MEM_PREFETCH) != 0).put("mem_type_64", bar.b.mem64());
                g.put("address", bar.address).put("size", bar.b.size());
            }
        }
        return r;
    }

    /** info pci, in QEMU's words and widths. */
    static String hmp(PciBus bus) {
        StringBuilder s = new StringBuilder();
        if (bus == null) return "";
        for (PciDevice d : bus.devices()) {
            s.append(String.format("  Bus %2d, device %3d, function %d:%n", 0, PciRegs.slot(d.devfn()), PciRegs.function(d.devfn())));
            int cls = d.readConfig(PciRegs.CLASS_DEVICE, 2);
            String desc = DESCRIPTIONS.get(cls);
            s.append("    ").append(desc != null ? desc : String.format("Class %04d", cls));
            s.append(String.format(": PCI device %04x:%04x%n", d.readConfig(PciRegs.VENDOR_ID, 2), d.readConfig(PciRegs.DEVICE_ID, 2)));
            s.append(String.format("      PCI subsystem %04x:%04x%n", d.readConfig(PciRegs.SUBSYSTEM_VENDOR_ID, 2), d.readConfig(PciRegs.SUBSYSTEM_ID, 2)));
            if (d.pin() != 0) s.append(String.format("      IRQ %d, pin %c%n", d.readConfig(PciRegs.INTERRUPT_LINE, 1), (char) ('A' + d.pin() - 1)));
            for (Bar bar : bars(d)) {
                long end = bar.address + bar.b.size() - 1;
                if (bar.b.io()) s.append(String.format("      BAR%d: I/O at 0x%04x [0x%04x].%n", bar.b.index(), bar.address, end));
                else s.append(String.format("      BAR%d: %d bit%s memory at 0x%08x [0x%08x].%n", bar.b.index(), bar.b.mem64() ? 64 : 32,
                        (bar.b.type() & PciRegs.BAR_MEM_PREFETCH) != 0 ? " prefetchable" : "", bar.address, end));
            }
            s.append("      id \"").append(d.qdevId()).append("\"\n");
        }
        return s.toString();
    }

    private record Bar(PciBar b, long address) {}

    private static List<Bar> bars(PciDevice d) {
        List<Bar> out = new java.util.ArrayList<>();
        for (int i = 0; i < PciRegs.BAR_COUNT; i++) {
            if (d.bar(i) != null) out.add(new Bar(d.bar(i), d.barAddress(i)));
        }
        return out;
    }
}
