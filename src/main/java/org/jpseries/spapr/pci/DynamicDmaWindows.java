package org.jpseries.spapr.pci;

import java.util.List;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasCall;
import org.jpseries.papr.RtasTokens;
import org.jpseries.spapr.iommu.TceTable;

/**
 * Dynamic DMA windows (LoPAPR 7.3.18, "DDW"; QEMU 7.2 hw/ppc/spapr_rtas_ddw.c, with the bridge's
 * ddw=on): a bridge has {@value PhbLayout#DMA_MAX_WINDOWS} TCE tables, the default window and one
 * more. {@code ibm,query-pe-dma-window} says how many are free and which TCE page sizes exist,
 * {@code ibm,create-pe-dma-window} enables a free table (at dma64_win_addr while the default
 * window is there, else where the default window was), {@code ibm,remove-pe-dma-window} disables
 * one (restoring the default window when the last one that was not the default goes, PAPR's rule),
 * {@code ibm,reset-pe-dma-window} restores the bridge's reset state. Bad arguments are RTAS
 * statuses: an unknown BUID or LIOBN, a page size the bridge lacks or a window smaller than its
 * page is -3; no free table, or a window QEMU's 32-bit entry count cannot hold (2^32 or more
 * pages: QEMU then enables an empty table and fails), is -1.
 */
final class DynamicDmaWindows {
    /** LoPAPR's I/O page size bits (RTAS_DDW_PGSIZE_*) by page shift. */
    private static final int[][] QUERY_MASK = {{12, 0x01}, {16, 0x02}, {21, 0x100}, {24, 0x04}, {25, 0x08}, {26, 0x10}, {27, 0x20},
            {28, 0x40}, {34, 0x80}};

    private final List<SpaprPhb> bridges;

    DynamicDmaWindows(List<SpaprPhb> bridges) {
        this.bridges = bridges;
    }

    void register(Rtas rtas) {
        rtas.register(RtasTokens.IBM_QUERY_PE_DMA_WINDOW, "ibm,query-pe-dma-window", this::query);
        rtas.register(RtasTokens.IBM_CREATE_PE_DMA_WINDOW, "ibm,create-pe-dma-window", this::create);
        rtas.register(RtasTokens.IBM_REMOVE_PE_DMA_WINDOW, "ibm,remove-pe-dma-window", this::remove);
        rtas.register(RtasTokens.IBM_RESET_PE_DMA_WINDOW, "ibm,reset-pe-dma-window", this::reset);
    }

    /** spapr_page_mask_to_query_mask. */
    static int queryMask(long pageSizes) {
        int mask = 0;
        for (int[] m : QUERY_MASK) {
            if ((pageSizes & 1L << m[0]) != 0) mask |= m[1];
        }
        return mask;
    }

    private SpaprPhb bridge(RtasCall c) {
        long buid = c.arg(1) << 32 | c.arg(2);
        for (SpaprPhb b : bridges) {
            if (b.layout().buid() == buid) return b;
        }
        return null;
    }

    /**
     * ibm,query-pe-dma-window(config addr, BUID hi, lo) -> status, windows available, largest
     * block (one cell, or two with ibm,ddw-extensions' 6 outputs: QEMU's 1 << (58 - 21)), page
     * sizes, migration mask (0).
     */
    private void query(RtasCall c) {
        SpaprPhb b = c.nargs() == 3 && (c.nret() == 5 || c.nret() == 6) ? bridge(c) : null;
        if (b == null) {
            c.ret(0, Rtas.OUT_PARAM_ERROR);
            return;
        }
        int avail = PhbLayout.DMA_MAX_WINDOWS - b.activeDmaWindows();
        int mask = queryMask(PhbLayout.DDW_PAGE_SIZES);
        c.ret(0, Rtas.OUT_SUCCESS);
        c.ret(1, avail);
        if (c.nret() == 6) {
            c.ret(2, 0x20);
            c.ret(3, 0);
            c.ret(4, mask);
            c.ret(5, 0);
        } else {
            c.ret(2, 0x8000_0000);
            c.ret(3, mask);
            c.ret(4, 0);
        }
    }

    /** ibm,create-pe-dma-window(config addr, BUID hi, lo, page shift, window shift) -> status, LIOBN, bus address hi, lo. */
    private void create(RtasCall c) {
        SpaprPhb b = c.nargs() == 5 && c.nret() == 4 ? bridge(c) : null;
        if (b == null) {
            c.ret(0, Rtas.OUT_PARAM_ERROR);
            return;
        }
        long pageShift = c.arg(3), windowShift = c.arg(4);
        if (pageShift >= 64 || (PhbLayout.DDW_PAGE_SIZES & 1L << pageShift) == 0 || windowShift < pageShift) {
            c.ret(0, Rtas.OUT_PARAM_ERROR);
            return;
        }
        TceTable t = b.createDmaWindow((int) pageShift, windowShift - pageShift);
        if (t == null) {
            c.ret(0, Rtas.OUT_HW_ERROR);
            return;
        }
        c.ret(0, Rtas.OUT_SUCCESS);
        c.ret(1, t.liobn());
        c.ret(2, (int) (t.busOffset() >>> 32));
        c.ret(3, (int) t.busOffset());
    }

    /** ibm,remove-pe-dma-window(LIOBN) -> status. */
    private void remove(RtasCall c) {
        if (c.nargs() != 1 || c.nret() != 1) {
            c.ret(0, Rtas.OUT_PARAM_ERROR);
            return;
        }
        for (SpaprPhb b : bridges) {
            Boolean removed = b.removeDmaWindow((int) c.arg(0));
            if (removed == null) continue;
            c.ret(0, removed ? Rtas.OUT_SUCCESS : Rtas.OUT_PARAM_ERROR);
            return;
        }
        c.ret(0, Rtas.OUT_PARAM_ERROR);
    }

    /** ibm,reset-pe-dma-window(config addr, BUID hi, lo) -> status. */
    private void reset(RtasCall c) {
        SpaprPhb b = c.nargs() == 3 && c.nret() == 1 ? bridge(c) : null;
        if (b == null) {
            c.ret(0, Rtas.OUT_PARAM_ERROR);
            return;
        }
        b.dmaReset();
        c.ret(0, Rtas.OUT_SUCCESS);
    }
}
