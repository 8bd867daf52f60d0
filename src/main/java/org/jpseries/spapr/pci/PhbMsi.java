package org.jpseries.spapr.pci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jpseries.intc.IrqLine;
import org.jpseries.intc.IrqSources;
import org.jpseries.intc.xics.Xics;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasCall;
import org.jpseries.pci.MsiX;
import org.jpseries.pci.PciDevice;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * A host bridge's message-signalled interrupts (QEMU 7.2 hw/ppc/spapr_pci.c: the bridge's msi
 * table, rtas_ibm_change_msi, rtas_ibm_query_interrupt_source_number, spapr_msi_write; PAPR
 * 7.3.10.5). The guest asks {@code ibm,change-msi} for a function's vectors; the bridge claims a
 * block of interrupt numbers from SPAPR_IRQ_MSI on in the shared sources (QEMU
 * spapr_irq_msi_alloc) and writes each vector's message: the MSI window's address and data = the
 * interrupt number. {@code ibm,query-interrupt-source-number} then tells the guest each vector's
 * number. A function's write to the MSI window pulses the number it writes.
 *
 * <p>Only MSI-X is offered (no function here has the plain MSI capability, QEMU's msi_present).
 * The window pulses only numbers a bridge claimed this way (QEMU pulses any number; an LSI or
 * another device's source is left alone here).
 *
 * <p>Threads: RTAS on vCPU threads, reset and load on the control thread, under this object's
 * monitor, which is taken before the machine lock (claims) and a function's monitor (its
 * messages). The window runs on any thread without this monitor: it reads the published lines.
 */
final class PhbMsi {
    /** QEMU's RTAS_CHANGE_FN, RTAS_CHANGE_MSI_FN, RTAS_CHANGE_MSIX_FN and the interrupt types it answers. */
    static final int CHANGE_FN = 1, CHANGE_MSI_FN = 3, CHANGE_MSIX_FN = 4, TYPE_MSIX = 2;
    /** The last number MSIs are given from (the end of the XICS range): spapr_irq_nr_msis = LIMIT - SPAPR_IRQ_MSI. */
    static final int LIMIT = Xics.IRQ_BASE + Xics.NR_IRQS;
    static final int NR_MSIS = LIMIT - PhbLayout.IRQ_MSI;
    /**
     * QEMU 7.2's spapr_irq_msi_alloc turns its bool "align" into the alignment mask with
     * "align -= 1": a block for MSI-X starts at an even offset from SPAPR_IRQ_MSI (mask 1).
     */
    static final int MSIX_ALIGN_MASK = 1;

    /** One function's vectors: QEMU's SpaprPciMsi under its config address key. */
    record Block(int configAddr, int first, int num) {}

    private final IrqSources sources;
    private final IntFunction<PciDevice> functions;
    /** By config address, guarded by this object's monitor. */
    private final Map<Integer, Block> blocks = new LinkedHashMap<>();
    /** The claimed lines by number - IRQ_MSI, replaced whole under this monitor; read by the window without it. */
    private volatile IrqLine[] lines = new IrqLine[NR_MSIS];

    PhbMsi(IrqSources sources, IntFunction<PciDevice> functions) {
        this.sources = sources;
        this.functions = functions;
    }

    /** spapr_pci_find_dev: the function a config address names on bus 0. */
    private PciDevice function(long configAddr) {
        return (configAddr >>> 16 & 0xff) != 0 ? null : functions.apply((int) (configAddr >>> 8 & 0xff));
    }

    /** ibm,change-msi(config addr, BUID hi, lo, function, requested, sequence) -> status, number, sequence (, type). */
    synchronized void change(RtasCall c) {
        int configAddr = (int) c.arg(0);
        long func = c.arg(3), req = c.arg(4), seq = c.arg(5);
        PciDevice d = function(configAddr);
        if (d == null) {
            c.ret(0, Rtas.OUT_PARAM_ERROR);
            return;
        }
        MsiX msix = d.msix();
        // RTAS_CHANGE_FN picks MSI, else MSI-X; RTAS_CHANGE_MSI_FN wants MSI, which no function has
        if (msix == null || (func != CHANGE_FN && func != CHANGE_MSIX_FN)) {
            c.ret(0, Rtas.OUT_PARAM_ERROR);
            return;
        }
        Block old = blocks.get(configAddr);
        if (req == 0) { // releasing
            if (old == null) {
                c.ret(0, Rtas.OUT_HW_ERROR);
                return;
            }
            free(old);
            c.ret(0, Rtas.OUT_SUCCESS);
            c.ret(1, 0);
            return;
        }
        int n = (int) req;
        if (req > msix.vectors()) { // the guest asked for too many: the count it can have, nothing allocated
            n = msix.vectors();
        } else {
            int first = sources.claimMsiBlock(PhbLayout.IRQ_MSI, LIMIT, n, MSIX_ALIGN_MASK);
            if (first < 0) {
                c.ret(0, Rtas.OUT_HW_ERROR);
                return;
            }
            if (old != null) free(old);
            Block b = new Block(configAddr, first, n);
            blocks.put(configAddr, b);
            publish(b, true);
            for (int v = 0; v < n; v++) msix.setMessage(v, PhbLayout.MSI_WINDOW, first + v);
        }
        c.ret(0, Rtas.OUT_SUCCESS);
        c.ret(1, n);
        c.ret(2, (int) (seq + 1));
        c.ret(3, TYPE_MSIX);
    }

    /** ibm,query-interrupt-source-number(config addr, BUID hi, lo, vector) -> status, number, 1 (edge). */
    synchronized void query(RtasCall c) {
        int configAddr = (int) c.arg(0);
        long vector = c.arg(3);
        if (function(configAddr) == null) {
            c.ret(0, Rtas.OUT_PARAM_ERROR);
            return;
        }
        Block b = blocks.get(configAddr);
        if (b == null || b.first == 0 || b.num == 0 || vector >= b.num) {
            c.ret(0, Rtas.OUT_HW_ERROR);
            return;
        }
        c.ret(0, Rtas.OUT_SUCCESS);
        c.ret(1, b.first + (int) vector);
        c.ret(2, 1);
    }

    private void free(Block b) {
        blocks.remove(b.configAddr);
        publish(b, false);
        sources.release(b.first, b.num);
    }

    private void publish(Block b, boolean claim) {
        IrqLine[] next = lines.clone();
        for (int i = 0; i < b.num; i++) next[b.first - PhbLayout.IRQ_MSI + i] = claim ? sources.line(b.first + i) : null;
        lines = next;
    }

    /**
     * spapr_msi_write: each 4-byte little-endian word written to the window (a shorter write is
     * one word) pulses the interrupt number it holds.
     */
    void windowWrite(byte[] src, int off, int len) {
        for (int at = 0; at < len; at += 4) {
            int v = 0;
            for (int k = Math.min(4, len - at) - 1; k >= 0; k--) v = v << 8 | src[off + at + k] & 0xff;
            int i = v - PhbLayout.IRQ_MSI;
            IrqLine[] l = lines;
            if (i >= 0 && i < l.length && l[i] != null) l[i].pulse();
        }
    }

    /** spapr_phb_reset's g_hash_table_remove_all: every block's numbers given back. */
    synchronized void reset() {
        for (Block b : List.copyOf(blocks.values())) free(b);
    }

    /** The blocks in use, for the monitor and tests. */
    synchronized List<Block> blocks() {
        return new ArrayList<>(blocks.values());
    }

    /** "msi-config-addr", "msi-first", "msi-num" (QEMU's msi_devs). */
    synchronized void save(Section s) {
        int n = blocks.size(), k = 0;
        int[] ca = new int[n], first = new int[n], num = new int[n];
        for (Block b : blocks.values()) {
            ca[k] = b.configAddr;
            first[k] = b.first;
            num[k++] = b.num;
        }
        s.ints("msi-config-addr", ca).ints("msi-first", first).ints("msi-num", num);
    }

    /** Checks every block against the loaded interrupt sources (claimed there as MSI blocks, no two the same), then takes them. */
    Runnable load(Section s) throws StateException {
        int[] ca = s.ints("msi-config-addr"), first = s.ints("msi-first"), num = s.ints("msi-num");
        if (first.length != ca.length || num.length != ca.length) {
            throw new StateException("section " + s.label() + ": the msi fields have " + ca.length + ", " + first.length + " and " + num.length + " values");
        }
        boolean[] seen = new boolean[NR_MSIS];
        List<Block> loaded = new ArrayList<>();
        for (int k = 0; k < ca.length; k++) {
            long f = first[k], n = num[k];
            int key = ca[k];
            boolean ok = n > 0 && f >= PhbLayout.IRQ_MSI && f + n <= LIMIT && loaded.stream().noneMatch(b -> b.configAddr == key);
            for (long i = f; ok && i < f + n; i++) ok = !seen[(int) i - PhbLayout.IRQ_MSI] && sources.claimedAsMsiBlock((int) i);
            if (!ok) {
                throw new StateException(String.format("section %s: MSI block 0x%x+%d of config address 0x%x repeats one or is not claimed as an MSI block in irq-sources",
                        s.label(), f, n, ca[k]));
            }
            for (long i = f; i < f + n; i++) seen[(int) i - PhbLayout.IRQ_MSI] = true;
            loaded.add(new Block(ca[k], first[k], num[k]));
        }
        return () -> {
            synchronized (this) {
                blocks.clear();
                lines = new IrqLine[NR_MSIS];
                for (Block b : loaded) {
                    blocks.put(b.configAddr, b);
                    publish(b, true);
                }
            }
        };
    }
}
