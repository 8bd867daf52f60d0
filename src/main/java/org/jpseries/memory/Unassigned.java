package org.jpseries.memory;

import java.util.function.Consumer;

/**
 * What answers a load or store to a real address that neither RAM nor a device window holds
 * (QEMU's io_mem_unassigned with unassigned_mem_ops): the access is rejected, a load reads 0
 * (unassigned_mem_read) and a store is dropped, and under {@code -d guest_errors} each one is
 * logged with QEMU's line from memory_region_access_valid, where the unnamed region prints as
 * {@code '(null)'} and the address is the real address. This is what qemu-system-ppc64 7.2 does
 * for a pseries guest: its TCG ppc target has no do_transaction_failed hook, so the rejected
 * transaction never becomes an interrupt (QEMU 8.1 added a machine check for POWER9/10 there).
 * The offset the device sees is the real address, the region covering all of it.
 */
public final class Unassigned implements MmioDevice {
    /** QEMU's LOG_GUEST_ERROR line for a rejected access (memory_region_access_valid). */
    private static final String REJECTED = "Invalid %s at addr 0x%X, size %d, region '(null)', reason: rejected";

    /** Where rejected accesses are reported ({@code -d guest_errors}), or null. */
    private volatile Consumer<String> log;

    Unassigned() {}

    /** Reports every rejected access to {@code sink} from now on (null: none). */
    public void logTo(Consumer<String> sink) {
        log = sink;
    }

    /** Logs a rejected access of {@code size} bytes at real address {@code ra}. */
    public void rejected(long ra, int size, boolean write) {
        Consumer<String> l = log;
        if (l != null) l.accept(String.format(REJECTED, write ? "write" : "read", ra, size));
    }

    @Override
    public long read(long offset, int size, int cpu) {
        rejected(offset, size, false);
        return 0;
    }

    @Override
    public void write(long offset, int size, long value, int cpu) {
        rejected(offset, size, true);
    }
}
