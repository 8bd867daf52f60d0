package org.jpseries.spapr;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jpseries.block.BlockBackend;
import org.jpseries.block.DriveSpec;
import org.jpseries.block.Drives;
import org.jpseries.device.DeviceSpec;
import org.jpseries.memory.GuestRam;
import org.jpseries.net.MacAddress;
import org.jpseries.net.MacAddressPool;
import org.jpseries.net.NetBackend;
import org.jpseries.papr.GuestLog;
import org.jpseries.virtio.Dma;
import org.jpseries.virtio.VirtioDevice;
import org.jpseries.virtio.blk.DriveBackend;
import org.jpseries.virtio.blk.VirtioBlk;
import org.jpseries.virtio.net.NetPeer;
import org.jpseries.virtio.net.NetdevPeer;
import org.jpseries.virtio.net.VirtioNet;
import org.jpseries.virtio.pci.VirtioPciDevice;
import org.jpseries.virtio.rng.VirtioRng;

/**
 * The PCI device types {@code -device} creates, by QEMU's type names: the properties each takes
 * (beside id, bus and addr) and how the machine builds it from a {@link DeviceSpec}. The command
 * line checks a -device against this table; the machine builds from it; libvirt's probe lists it.
 */
public final class PciDrivers {
    private PciDrivers() {}

    /**
     * What a driver needs from the machine to build a device: RAM, the log, the byte order of a
     * resetting vCPU, the open drives ({@code null}: none) and the ids of drives already attached.
     */
    public record Context(GuestRam ram, GuestLog log, BooleanSupplier resetterBigEndian, Drives drives, Map<String, NetBackend> netdevs,
            Set<String> attached, MacAddressPool macs) {
        /** No -netdev. */
        public Context(GuestRam ram, GuestLog log, BooleanSupplier resetterBigEndian, Drives drives) {
            this(ram, log, resetterBigEndian, drives, Map.of());
        }

        public Context(GuestRam ram, GuestLog log, BooleanSupplier resetterBigEndian, Drives drives, Map<String, NetBackend> netdevs) {
            this(ram, log, resetterBigEndian, drives, netdevs, new java.util.HashSet<>(), new MacAddressPool());
        }
    }

    @FunctionalInterface
    interface Factory {
        /** @throws IllegalArgumentException with the one line QEMU would print for these properties */
        VirtioDevice create(DeviceSpec spec, Context ctx);
    }

    /** One device type: its QEMU name, its own properties, its virtio device. */
    public record Driver(String name, Set<String> properties, Factory factory) {}

    /** The transport's properties every virtio PCI device takes (QEMU virtio-pci's disable-legacy, vectors). */
    static final Set<String> TRANSPORT = Set.of("disable-legacy", "vectors");

    public static final List<Driver> ALL = List.of(
            new Driver("virtio-rng-pci", Set.of("max-bytes", "period"), (s, c) -> new VirtioRng(new java.security.SecureRandom(),
                    number(s, "max-bytes", VirtioRng.DEFAULT_MAX_BYTES), number(s, "period", VirtioRng.DEFAULT_PERIOD_MS))),
            new Driver("virtio-blk-pci", Set.of("drive", "serial"), (s, c) -> new VirtioBlk(new DriveBackend(attach(s, c)), s.property("serial", ""))),
            new Driver("virtio-net-pci", Set.of("netdev", "mac"), PciDrivers::nic));

    /**
     * A virtio-net on its -netdev (none: the frames it sends are dropped, as QEMU's NIC without
     * a netdev), with mac= or the machine's next default address (QEMU's mac_table).
     */
    private static VirtioDevice nic(DeviceSpec s, Context c) {
        String given = s.properties().get("mac");
        MacAddress mac = c.macs().assign(given == null ? null : MacAddress.parse(given, s.driver() + ".mac"));
        String id = s.properties().get("netdev");
        if (id == null) return new VirtioNet(mac.bytes(), NetPeer.NONE);
        NetBackend b = c.netdevs().get(id);
        if (b == null) throw new IllegalArgumentException("Property 'virtio-net-device.netdev' can't find value '" + id + "'");
        if (!c.attached().add("netdev:" + id)) {
            throw new IllegalArgumentException("Property 'virtio-net-device.netdev' can't take value '" + id + "', it's in use");
        }
        NetdevPeer peer = new NetdevPeer(b);
        VirtioNet nic = new VirtioNet(mac.bytes(), peer);
        peer.connect(nic);
        return nic;
    }

    /** The -drive or -blockdev a device's drive= names, attached to it once (QEMU's blk_attach_dev, its messages). */
    private static BlockBackend attach(DeviceSpec s, Context c) {
        String id = s.properties().get("drive");
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("drive property not set");
        BlockBackend b = c.drives() == null ? null : c.drives().get(id);
        if (b == null) throw new IllegalArgumentException("Property 'virtio-blk-device.drive' can't find value '" + id + "'");
        if (!c.attached().add("drive:" + id)) throw new IllegalArgumentException("Drive '" + id + "' is already in use by another device");
        return b;
    }

    /**
     * The command line's -device list followed by a virtio-blk-pci for each {@code -drive
     * if=virtio} (QEMU's drive_new adds its -device after the command line's own, so those take
     * the first slots).
     */
    public static List<DeviceSpec> withDriveDevices(List<DeviceSpec> devices, List<DriveSpec> drives) {
        List<DeviceSpec> out = new java.util.ArrayList<>(devices);
        for (DriveSpec d : drives) {
            if (d.iface().equals(DriveSpec.IF_VIRTIO)) out.add(new DeviceSpec("virtio-blk-pci", null, "pci.0", -1, Map.of("drive", d.id()), d.origin()));
        }
        return out;
    }

    private static final Map<String, Driver> BY_NAME = Map.copyOf(
            ALL.stream().collect(java.util.stream.Collectors.toMap(Driver::name, d -> d)));

    /** The driver of that QEMU type name, or null. */
    public static Driver find(String name) {
        return BY_NAME.get(name);
    }

    /** Whether {@code driver} takes property {@code p} (its own or the transport's). */
    public static boolean takes(Driver driver, String p) {
        return driver.properties.contains(p) || TRANSPORT.contains(p);
    }

    /** Builds the PCI function a -device names. */
    static VirtioPciDevice build(DeviceSpec spec, Context ctx) {
        Driver d = BY_NAME.get(spec.driver());
        if (d == null) throw new IllegalArgumentException("'" + spec.driver() + "' is not a valid device model name");
        boolean disableLegacy = bool(spec, "disable-legacy", false);
        int vectors = (int) uint32(spec, "vectors", org.jpseries.virtio.pci.VirtioPciRegs.VECTORS_UNSPECIFIED & 0xffffffffL);
        VirtioPciDevice f = new VirtioPciDevice(d.factory.create(spec, ctx), new VirtioPciDevice.Options(disableLegacy, Dma.of(ctx.ram()),
                ctx.log(), ctx.resetterBigEndian(), vectors, w -> System.err.println("jpseries: " + spec.where() + ": warning: " + w)));
        f.setQdevId(spec.id());
        return f;
    }

    /** A QEMU integer property (decimal or 0x hex); QEMU's message when it is not one. */
    static long number(DeviceSpec s, String p, long dflt) {
        String v = s.properties().get(p);
        if (v == null) return dflt;
        try {
            return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parameter '" + p + "' expects integer"); // qdev's visitor, as QEMU 7.2 prints it
        }
    }

    /** A QEMU uint32 property: {@link #number}, and QEMU's message outside 0..2^32-1. */
    static long uint32(DeviceSpec s, String p, long dflt) {
        long v = number(s, p, dflt);
        if (v < 0 || v > 0xffffffffL) throw new IllegalArgumentException("Parameter '" + p + "' expects uint32_t");
        return v;
    }

    /** A QEMU bool/OnOffAuto property (on/off/true/false/yes/no; auto = the default). */
    static boolean bool(DeviceSpec s, String p, boolean dflt) {
        String v = s.properties().get(p);
        if (v == null || v.equals("auto")) return dflt;
        return switch (v) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("Parameter '" + p + "' does not accept value '" + v + "'");
        };
    }
}
