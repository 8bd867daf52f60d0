package org.jpseries.net;

import java.util.Locale;

/**
 * A NIC's MAC address (QEMU's MACAddr), as the {@code mac=} property takes it
 * (hw/core/qdev-properties-system.c set_mac): six pairs of hex digits separated by ':' or '-',
 * printed lowercase with ':' (qemu_mac_strdup_printf). QEMU 7.2 accepts any such address,
 * multicast or all zeros (zeros meaning "unset": {@link MacAddressPool}).
 */
public record MacAddress(long bits) {
    /** QEMU's default prefix 52:54:00:12:34 (net/net.c qemu_macaddr_default_if_unset). */
    static final long QEMU_PREFIX = 0x5254_0012_3400L;

    public MacAddress {
        if ((bits & ~0xffff_ffff_ffffL) != 0) throw new IllegalArgumentException("a MAC address has 48 bits");
    }

    /**
     * Parses {@code s}; an error is QEMU's "Property 'OWNER' doesn't take value 'S'", where
     * {@code property} is what QEMU names, "virtio-net-device.mac" for virtio-net-pci.
     */
    public static MacAddress parse(String s, String property) {
        long v = 0;
        for (int i = 0, pos = 0; i < 6; i++, pos += 3) {
            if (s.length() < pos + 2 || hex(s.charAt(pos)) < 0 || hex(s.charAt(pos + 1)) < 0) throw invalid(s, property);
            if (i == 5 ? s.length() != pos + 2 : s.length() <= pos + 2 || (s.charAt(pos + 2) != ':' && s.charAt(pos + 2) != '-')) {
                throw invalid(s, property);
            }
            v = v << 8 | hex(s.charAt(pos)) << 4 | hex(s.charAt(pos + 1));
        }
        return new MacAddress(v);
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static IllegalArgumentException invalid(String s, String property) {
        return new IllegalArgumentException("Property '" + property + "' doesn't take value '" + s + "'");
    }

    /** The six bytes, first on the wire first. */
    public byte[] bytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) (bits >>> (40 - 8 * i));
        return b;
    }

    public boolean isZero() {
        return bits == 0;
    }

    /** Whether it starts with QEMU's default prefix 52:54:00:12:34. */
    boolean hasQemuPrefix() {
        return (bits & ~0xffL) == QEMU_PREFIX;
    }

    int lastByte() {
        return (int) (bits & 0xff);
    }

    @Override
    public String toString() {
        byte[] b = bytes();
        return String.format(Locale.ROOT, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
    }
}
