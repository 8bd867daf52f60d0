package org.jpseries.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MacAddressTest {
    static final String PROPERTY = "virtio-net-device.mac";

    static MacAddress mac(String s) {
        return MacAddress.parse(s, PROPERTY);
    }

    @Test
    void parsesQemusForms() {
        assertEquals("52:54:00:12:34:5a", mac("52-54-00-12-34-5A").toString());
        assertEquals("01:00:00:00:00:01", mac("01:00:00:00:00:01").toString(), "QEMU 7.2 takes a multicast address");
        assertEquals("52:54:00:12:34:56", mac("52:54:00-12:34-56").toString(), "each separator on its own");
        assertArrayEquals(new byte[] {0x52, 0x54, 0, 0x12, 0x34, 0x56}, mac("52:54:00:12:34:56").bytes());
    }

    /** qemu-system-ppc64 7.2 -device virtio-net-pci,mac=V: "Property 'virtio-net-device.mac' doesn't take value 'V'" for each. */
    @Test
    void refusesWhatQemuRefusesInItsWords() {
        for (String bad : new String[] {"zz:00:00:00:00:00", "52:54:00:12:34", "5:4:0:1:3:5", "52:54:00:12:34:5g", "52:54:00:12:34:567",
                "52.54.00.12.34.56", "", "52:54:00:12:34:56:", "٥2:54:00:12:34:56"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mac(bad), bad);
            assertEquals("Property 'virtio-net-device.mac' doesn't take value '" + bad + "'", e.getMessage());
        }
    }

    /**
     * qemu-system-ppc64 7.2 with five virtio-net-pci: none, mac=52:54:00:12:34:56,
     * mac=52-54-00-12-34-5A, mac=00:00:00:00:00:00, none: info network showed 52:54:00:12:34:56,
     * 52:54:00:12:34:56, 52:54:00:12:34:5a, 52:54:00:12:34:57, 52:54:00:12:34:58.
     */
    @Test
    void defaultsFollowQemusTable() {
        MacAddressPool pool = new MacAddressPool();
        assertEquals("52:54:00:12:34:56", pool.assign(null).toString());
        assertEquals("52:54:00:12:34:56", pool.assign(mac("52:54:00:12:34:56")).toString());
        assertEquals("52:54:00:12:34:5a", pool.assign(mac("52-54-00-12-34-5A")).toString());
        assertEquals("52:54:00:12:34:57", pool.assign(mac("00:00:00:00:00:00")).toString());
        assertEquals("52:54:00:12:34:58", pool.assign(null).toString());
        assertEquals("52:54:00:12:34:59", pool.assign(null).toString());
        assertEquals("52:54:00:12:34:5b", pool.assign(null).toString(), "5a is taken");
        assertEquals("02:00:00:00:00:57", pool.assign(mac("02:00:00:00:00:57")).toString(), "another prefix takes nothing");
        pool.release(mac("52:54:00:12:34:57"));
        assertEquals("52:54:00:12:34:57", pool.assign(null).toString(), "a released address is given again");
    }

    @Test
    void whenAllAreTakenQemuGivesFf() {
        MacAddressPool pool = new MacAddressPool();
        for (int i = 0x56; i < 0xff; i++) assertEquals(i, pool.assign(null).bytes()[5] & 0xff);
        assertEquals("52:54:00:12:34:ff", pool.assign(null).toString());
    }
}
