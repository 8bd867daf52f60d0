package org.jpseries.pci;

import static org.jpseries.pci.PciRegs.*;

import java.util.Arrays;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * A function's MSI-X capability (PCI 3.0 §6.8.2; QEMU hw/pci/msix.c): the capability in
 * configuration space, the vector table and the pending bit array (PBA) in a BAR, per-vector
 * masks, the function mask and the enable bit in the message control word. {@link #notify} sends
 * a vector's message (a 4-byte little-endian write of its data at its address) through the bus
 * master address space the host bridge gives (on pseries the bridge's MSI window, where the
 * data is the interrupt number); a masked vector (or a disabled or function-masked capability)
 * sets its pending bit instead, and unmasking sends it. A device adds it with one call,
 * {@link #addExclusiveBar}, as QEMU's msix_init_exclusive_bar (virtio-pci's BAR 1).
 *
 * <p>State: the table and the PBA travel with the function's configuration
 * ({@link PciDevice#saveConfig}, QEMU's msix_save/msix_load). Threads: everything is guarded by
 * the function's monitor; a message is sent after it is released (the bridge's MSI window takes
 * the machine lock), so the function's monitor is never held while taking the machine lock here.
 */
public final class MsiX {
    private final PciDevice dev;
    private final int cap, vectors, tableOffset, pbaOffset;
    private final byte[] table, pba;

    private MsiX(PciDevice dev, int cap, int vectors, int tableOffset, int pbaOffset) {
        this.dev = dev;
        this.cap = cap;
        this.vectors = vectors;
        this.tableOffset = tableOffset;
        this.pbaOffset = pbaOffset;
        this.table = new byte[vectors * MSIX_ENTRY_SIZE];
        this.pba = new byte[(vectors + 63) / 64 * 8];
    }

    /**
     * msix_init_exclusive_bar: BAR {@code bar}, a 32-bit memory BAR of its own holding the table
     * at 0 and the PBA at 0x800 (or right after a table of more than 128 vectors), at least
     * 4 KiB; the capability at the end of the function's capability list, every vector masked.
     */
    public static MsiX addExclusiveBar(PciDevice dev, int vectors, int bar) {
        if (vectors < 1 || vectors > MSIX_FLAGS_QSIZE + 1) throw new IllegalArgumentException("The number of MSI-X vectors is invalid");
        int pbaOffset = Math.max(0x800, vectors * MSIX_ENTRY_SIZE);
        long size = Long.highestOneBit(Math.max(0x1000, pbaOffset + (vectors + 63) / 64 * 8) * 2L - 1);
        int cap = dev.addCapability(CAP_ID_MSIX, MSIX_CAP_LENGTH);
        MsiX m = new MsiX(dev, cap, vectors, 0, pbaOffset);
        dev.put16(cap + MSIX_FLAGS, vectors - 1);
        dev.put32(cap + MSIX_TABLE, bar);
        dev.put32(cap + MSIX_PBA, pbaOffset | bar);
        dev.setWritable(cap + MSIX_FLAGS, 2, MSIX_FLAGS_ENABLE | MSIX_FLAGS_MASKALL);
        dev.registerBar(new PciBar(bar, size, 0, m.new Region()));
        m.maskAll();
        dev.attachMsiX(m);
        return m;
    }

    /** The number of vectors (QEMU msix_entries_nr; the tree's "ibm,req#msi-x"). */
    public int vectors() {
        return vectors;
    }

    /** The capability's offset in configuration space. */
    public int capability() {
        return cap;
    }

    private int control() {
        return dev.config[cap + MSIX_FLAGS + 1] << 8 & 0xff00;
    }

    /** msix_enabled: the guest set the enable bit. */
    public boolean enabled() {
        synchronized (dev) {
            return (control() & MSIX_FLAGS_ENABLE) != 0;
        }
    }

    /** QEMU's msix_function_masked: not enabled, or the function mask set. */
    private boolean functionMasked() {
        int c = control();
        return (c & MSIX_FLAGS_ENABLE) == 0 || (c & MSIX_FLAGS_MASKALL) != 0;
    }

    private boolean vectorMasked(int v, boolean fmask) {
        return fmask || (table[v * MSIX_ENTRY_SIZE + MSIX_ENTRY_VECTOR_CTRL] & MSIX_ENTRY_CTRL_MASKBIT) != 0;
    }

    /** msix_is_masked: the vector cannot send now. */
    public boolean masked(int v) {
        synchronized (dev) {
            return vectorMasked(v, functionMasked());
        }
    }

    /** Whether the vector's pending bit is set. */
    public boolean pending(int v) {
        synchronized (dev) {
            return (pba[v / 8] & 1 << v % 8) != 0;
        }
    }

    /** msix_clr_pending, as msix_vector_unuse does for a vector no source uses any more. */
    public void clearPending(int v) {
        synchronized (dev) {
            setPending(v, false);
        }
    }

    private void setPending(int v, boolean on) {
        if (on) pba[v / 8] |= (byte) (1 << v % 8);
        else pba[v / 8] &= (byte) ~(1 << v % 8);
    }

    /**
     * msix_notify: sends vector {@code v}'s message, or sets its pending bit while it is masked.
     * Any thread; takes the function's monitor, then sends with it released.
     */
    public void notify(int v) {
        if (v < 0 || v >= vectors) throw new IllegalArgumentException("MSI-X vector " + v + " of " + vectors);
        long addr;
        int data;
        synchronized (dev) {
            if (vectorMasked(v, functionMasked())) {
                setPending(v, true);
                return;
            }
            addr = PciDevice.getLong(table, v * MSIX_ENTRY_SIZE + MSIX_ENTRY_LOWER_ADDR, 8);
            data = (int) PciDevice.getLong(table, v * MSIX_ENTRY_SIZE + MSIX_ENTRY_DATA, 4);
        }
        send(addr, data);
    }

    /** msi_send_message: a 4-byte little-endian write of the data at the address, as a bus master. */
    private void send(long addr, int data) {
        byte[] b = {(byte) data, (byte) (data >>> 8), (byte) (data >>> 16), (byte) (data >>> 24)};
        dev.dmaWrite(addr, b, 0, 4);
    }

    /**
     * msix_set_message, the platform's side channel (QEMU: "Special API for POWER"): the pseries
     * bridge writes each vector's address and data from ibm,change-msi; the vector is unmasked
     * (a pending message stays pending until the guest unmasks through the table or the function).
     */
    public void setMessage(int v, long addr, int data) {
        synchronized (dev) {
            int e = v * MSIX_ENTRY_SIZE;
            PciDevice.putLong(table, e + MSIX_ENTRY_LOWER_ADDR, 8, addr);
            PciDevice.putLong(table, e + MSIX_ENTRY_DATA, 4, data);
            table[e + MSIX_ENTRY_VECTOR_CTRL] &= (byte) ~MSIX_ENTRY_CTRL_MASKBIT;
        }
    }

    /** A vector's message address and data, for tests and the monitor. */
    public long[] message(int v) {
        synchronized (dev) {
            int e = v * MSIX_ENTRY_SIZE;
            return new long[] {PciDevice.getLong(table, e, 8), PciDevice.getLong(table, e + MSIX_ENTRY_DATA, 4)};
        }
    }

    // ---- changes of the masks, with the function's monitor held; the messages to send are returned --------

    /** Vectors that were masked and pending and are now unmasked: their pending bit cleared (msix_handle_mask_update). */
    private long[] unmaskedPending(boolean[] wasMasked) {
        long[] out = new long[0];
        boolean fmask = functionMasked();
        for (int v = 0; v < vectors; v++) {
            if (wasMasked[v] && !vectorMasked(v, fmask) && (pba[v / 8] & 1 << v % 8) != 0) {
                setPending(v, false);
                int e = v * MSIX_ENTRY_SIZE;
                out = Arrays.copyOf(out, out.length + 2);
                out[out.length - 2] = PciDevice.getLong(table, e + MSIX_ENTRY_LOWER_ADDR, 8);
                out[out.length - 1] = PciDevice.getLong(table, e + MSIX_ENTRY_DATA, 4);
            }
        }
        return out;
    }

    private boolean[] maskedNow() {
        boolean fmask = functionMasked();
        boolean[] m = new boolean[vectors];
        for (int v = 0; v < vectors; v++) m[v] = vectorMasked(v, fmask);
        return m;
    }

    /** Sends what {@link #unmaskedPending} returned, with the function's monitor released. */
    void send(long[] messages) {
        for (int i = 0; i < messages.length; i += 2) send(messages[i], (int) messages[i + 1]);
    }

    /** The message control word is about to change (msix_write_config): the masks before it. */
    boolean[] beforeConfigWrite(int addr, int len) {
        int enablePos = cap + MSIX_FLAGS + 1;
        return addr <= enablePos && enablePos < addr + len ? maskedNow() : null;
    }

    /**
     * After a configuration write that covered the control byte: once enabled, INTx is deasserted
     * (pci_device_deassert_intx) and vectors the write unmasked send what is pending.
     */
    long[] afterConfigWrite(boolean[] before) {
        if (before == null || (control() & MSIX_FLAGS_ENABLE) == 0) return new long[0];
        dev.deassertIntx();
        return unmaskedPending(before);
    }

    /** msix_reset: pending bits and the table cleared, enable and function mask off, every vector masked. */
    void reset() {
        Arrays.fill(table, (byte) 0);
        Arrays.fill(pba, (byte) 0);
        dev.config[cap + MSIX_FLAGS + 1] &= (byte) ~((MSIX_FLAGS_ENABLE | MSIX_FLAGS_MASKALL) >>> 8);
        maskAll();
    }

    private void maskAll() {
        for (int v = 0; v < vectors; v++) table[v * MSIX_ENTRY_SIZE + MSIX_ENTRY_VECTOR_CTRL] |= MSIX_ENTRY_CTRL_MASKBIT;
    }

    /** msix_save: "msix-table" and "msix-pba". */
    void save(Section s) {
        s.bytes("msix-table", table.clone()).bytes("msix-pba", pba.clone());
    }

    /** Checks the sizes first; returns the load to run with the configuration (msix_load). */
    Runnable load(Section s) throws StateException {
        byte[] t = s.bytes("msix-table"), p = s.bytes("msix-pba");
        if (t.length != table.length || p.length != pba.length) {
            throw new StateException("section " + s.label() + ": an MSI-X table of " + t.length / MSIX_ENTRY_SIZE + " vectors, this "
                    + dev.typeName() + " has " + vectors);
        }
        return () -> {
            System.arraycopy(t, 0, table, 0, t.length);
            System.arraycopy(p, 0, pba, 0, p.length);
        };
    }

    /** After a load (msix_load's msix_handle_mask_update from masked): an unmasked pending vector sends. */
    long[] postLoad() {
        boolean[] all = new boolean[vectors];
        Arrays.fill(all, true);
        return unmaskedPending(all);
    }

    /**
     * The BAR: the table (msix_table_mmio_ops) and the PBA (msix_pba_mmio_ops), 4- and 8-byte
     * aligned accesses, an 8-byte one as two 4-byte ones; anything else reads 0 and is dropped
     * (QEMU's invalid and unassigned accesses). PBA writes are ignored.
     */
    private final class Region implements PciRegion {
        private boolean valid(long offset, int size) {
            return (size == 4 || size == 8) && (offset & (size - 1)) == 0;
        }

        @Override
        public long read(long offset, int size) {
            if (!valid(offset, size)) return 0;
            long v = read32(offset);
            return size == 8 ? v | read32(offset + 4) << 32 : v;
        }

        private long read32(long offset) {
            synchronized (dev) {
                if (offset >= tableOffset && offset + 4 <= tableOffset + table.length) {
                    return PciDevice.getLong(table, (int) (offset - tableOffset), 4);
                }
                if (offset >= pbaOffset && offset + 4 <= pbaOffset + pba.length) return PciDevice.getLong(pba, (int) (offset - pbaOffset), 4);
                return 0;
            }
        }

        @Override
        public void write(long offset, int size, long value) {
            if (!valid(offset, size)) return;
            write32(offset, (int) value);
            if (size == 8) write32(offset + 4, (int) (value >>> 32));
        }

        /** msix_table_mmio_write: a vector's word; unmasking sends what is pending. */
        private void write32(long offset, int value) {
            long[] out;
            synchronized (dev) {
                if (offset < tableOffset || offset + 4 > tableOffset + table.length) return;
                boolean[] before = maskedNow();
                PciDevice.putLong(table, (int) (offset - tableOffset), 4, value);
                out = unmaskedPending(before);
            }
            send(out);
        }
    }
}
