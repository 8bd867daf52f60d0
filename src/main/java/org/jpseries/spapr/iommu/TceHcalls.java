package org.jpseries.spapr.iommu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.HcallRegisters;
import org.jpseries.papr.Hcalls;

/**
 * The TCE hypercalls of PAPR 14.5.4.2 over the partition's {@link TceTable}s, found by LIOBN
 * (QEMU's spapr_iommu.c h_put_tce, h_get_tce, h_put_tce_indirect, h_stuff_tce): "hcall-tce"
 * (H_GET_TCE, H_PUT_TCE) and "hcall-multi-tce" (H_PUT_TCE_INDIRECT, H_STUFF_TCE). An unknown
 * LIOBN, one above 32 bits, a disabled table or an IOBA outside its window is H_PARAMETER (QEMU
 * finds a disabled table, whose nb_table of 0 puts every IOBA outside). The IOBA is rounded
 * down to its TCE page first.
 */
public final class TceHcalls {
    private final Map<Integer, TceTable> tables = new ConcurrentHashMap<>();
    private final GuestRam ram;

    public TceHcalls(GuestRam ram) {
        this.ram = ram;
    }

    /** Makes a table reachable by its LIOBN (a PHB's or VIO device's DMA window). */
    public void add(TceTable t) {
        if (tables.putIfAbsent(t.liobn(), t) != null) {
            throw new IllegalStateException(String.format("a TCE table with LIOBN 0x%x exists already", t.liobn()));
        }
    }

    /** Registers the four hcalls; call before the platform's first reset so the tree advertises them. */
    public void register(Hcalls h) {
        h.register(Hcall.H_GET_TCE, this::getTce);
        h.register(Hcall.H_PUT_TCE, this::putTce);
        h.register(Hcall.H_PUT_TCE_INDIRECT, this::putTceIndirect);
        h.register(Hcall.H_STUFF_TCE, this::stuffTce);
    }

    /** spapr_tce_find_by_liobn: only 32-bit LIOBNs exist; only an enabled table has entries. */
    TceTable find(long liobn) {
        TceTable t = (liobn & 0xFFFF_FFFF_0000_0000L) != 0 ? null : tables.get((int) liobn);
        return t != null && t.enabled() ? t : null;
    }

    private static long page(TceTable t, long ioba) {
        return ioba & -(1L << t.pageShift());
    }

    /** H_PUT_TCE(r4 = liobn, r5 = ioba, r6 = tce). */
    long putTce(HcallRegisters r) {
        TceTable t = find(r.gpr(4));
        return t == null ? Hcall.H_PARAMETER : t.put(page(t, r.gpr(5)), r.gpr(6));
    }

    /** H_GET_TCE(r4 = liobn, r5 = ioba) -> r4 = the TCE. */
    long getTce(HcallRegisters r) {
        TceTable t = find(r.gpr(4));
        if (t == null) return Hcall.H_PARAMETER;
        long[] tce = new long[1];
        long rc = t.get(page(t, r.gpr(5)), tce);
        if (rc == Hcall.H_SUCCESS) r.setGpr(4, tce[0]);
        return rc;
    }

    /**
     * H_PUT_TCE_INDIRECT(r4 = liobn, r5 = ioba, r6 = the real address of a 4 KiB-aligned list of
     * big-endian TCEs, r7 = how many, at most 512): one TCE per page from ioba on, stopping at the
     * first that fails.
     */
    long putTceIndirect(HcallRegisters r) {
        TceTable t = find(r.gpr(4));
        long list = r.gpr(6), n = r.gpr(7);
        if (t == null) return Hcall.H_PARAMETER;
        if (Long.compareUnsigned(n, TceTable.INDIRECT_MAX) > 0 || (list & ((1L << TceTable.PAGE_SHIFT_4K) - 1)) != 0) return Hcall.H_PARAMETER;
        if (!ram.contains(list, 8 * n)) return Hcall.H_PARAMETER;
        long ioba = page(t, r.gpr(5)), rc = Hcall.H_PARAMETER;
        for (int i = 0; i < n; i++, ioba += 1L << t.pageShift()) {
            rc = t.put(ioba, ram.readBE64(list + 8L * i));
            if (rc != Hcall.H_SUCCESS) break;
        }
        return rc;
    }

    /** H_STUFF_TCE(r4 = liobn, r5 = ioba, r6 = tce, r7 = how many pages): the same TCE for each. */
    long stuffTce(HcallRegisters r) {
        TceTable t = find(r.gpr(4));
        long n = r.gpr(7);
        if (t == null || Long.compareUnsigned(n, t.entries()) > 0) return Hcall.H_PARAMETER;
        long ioba = page(t, r.gpr(5)), tce = r.gpr(6), rc = Hcall.H_PARAMETER;
        for (long i = 0; i < n; i++, ioba += 1L << t.pageShift()) {
            rc = t.put(ioba, tce);
            if (rc != Hcall.H_SUCCESS) break;
        }
        return rc;
    }
}
