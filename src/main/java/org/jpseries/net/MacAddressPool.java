package org.jpseries.net;

/**
 * The default MAC addresses of one machine's NICs, as QEMU's mac_table (net/net.c
 * qemu_macaddr_default_if_unset): a NIC without a MAC (or with 00:00:00:00:00:00) gets
 * 52:54:00:12:34:XX with the lowest XX from 0x56 up that no NIC of the machine uses; a NIC
 * given an address with that prefix marks its XX used (two NICs may still be given the same
 * one, as QEMU allows). When all of 0x56..0xfe are taken, XX is 0xff (QEMU's -1 as a byte).
 * Safe for concurrent use.
 */
public final class MacAddressPool {
    private static final int FIRST = 0x56, END = 0xff;
    private final int[] used = new int[256];

    /** The NIC's address: {@code given} when set, otherwise the next default; either way marked used. */
    public synchronized MacAddress assign(MacAddress given) {
        if (given != null && !given.isZero()) {
            if (given.hasQemuPrefix()) mark(given.lastByte(), 1);
            return given;
        }
        int index = END;
        for (int i = FIRST; i < END; i++) {
            if (used[i] == 0) {
                index = i;
                break;
            }
        }
        mark(index, 1);
        return new MacAddress(MacAddress.QEMU_PREFIX | index);
    }

    /** Gives an address back when its NIC goes (qemu_macaddr_set_free). */
    public synchronized void release(MacAddress m) {
        if (m.hasQemuPrefix()) mark(m.lastByte(), -1);
    }

    private void mark(int index, int delta) {
        if (index >= FIRST && index < END) used[index] += delta; // qemu_macaddr_set_used counts only 0x56..0xfe
    }
}
