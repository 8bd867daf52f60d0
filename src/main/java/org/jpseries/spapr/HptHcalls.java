package org.jpseries.spapr;

import org.jpseries.mmu.hash.HashPageTable;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.HcallRegisters;
import org.jpseries.papr.Hcalls;

/**
 * The page-frame-table hypercalls of PAPR 14.5.4.1 (QEMU's spapr_softmmu.c) over the partition's
 * {@link HashPageTable}: H_ENTER, H_REMOVE, H_READ, H_PROTECT ("hcall-pft") and H_BULK_REMOVE
 * ("hcall-bulk"). The table implements their semantics; this class only moves arguments and
 * results between the caller's registers and it.
 */
public final class HptHcalls {
    private final HashPageTable hpt;

    public HptHcalls(HashPageTable hpt) {
        this.hpt = hpt;
    }

    /** Registers the five hcalls; call before the platform's first reset so the tree advertises them. */
    public void register(Hcalls h) {
        h.register(Hcall.H_ENTER, this::enter);
        h.register(Hcall.H_REMOVE, this::remove);
        h.register(Hcall.H_READ, this::read);
        h.register(Hcall.H_PROTECT, this::protect);
        h.register(Hcall.H_BULK_REMOVE, this::bulkRemove);
    }

    /** H_ENTER(r4 = flags, r5 = ptex, r6 = pteh, r7 = ptel) -> r4 = index used. */
    long enter(HcallRegisters r) {
        long[] ret = new long[1];
        long rc = hpt.enter(r.gpr(4), r.gpr(5), r.gpr(6), r.gpr(7), ret);
        if (rc == HashPageTable.H_SUCCESS) r.setGpr(4, ret[0]);
        return rc;
    }

    /** H_REMOVE(r4 = flags, r5 = ptex, r6 = avpn) -> r4/r5 = the old HPTE. */
    long remove(HcallRegisters r) {
        long[] ret = new long[2];
        long rc = hpt.remove(r.gpr(4), r.gpr(5), r.gpr(6), ret);
        if (rc == HashPageTable.H_SUCCESS) {
            r.setGpr(4, ret[0]);
            r.setGpr(5, ret[1]);
        }
        return rc;
    }

    /** H_READ(r4 = flags, r5 = ptex) -> r4.. = one HPTE, or four with H_READ_4. */
    long read(HcallRegisters r) {
        long[] ret = new long[8];
        long flags = r.gpr(4);
        long rc = hpt.read(flags, r.gpr(5), ret);
        if (rc == HashPageTable.H_SUCCESS) {
            int n = (flags & HashPageTable.H_READ_4) != 0 ? 8 : 2;
            for (int i = 0; i < n; i++) r.setGpr(4 + i, ret[i]);
        }
        return rc;
    }

    /** H_PROTECT(r4 = flags, r5 = ptex, r6 = avpn). */
    long protect(HcallRegisters r) {
        return hpt.protect(r.gpr(4), r.gpr(5), r.gpr(6));
    }

    /** H_BULK_REMOVE(r4..r11 = four translation specifier pairs), each high word rewritten in place. */
    long bulkRemove(HcallRegisters r) {
        long[] args = new long[8];
        for (int i = 0; i < 8; i++) args[i] = r.gpr(4 + i);
        long rc = hpt.bulkRemove(args);
        for (int i = 0; i < 8; i += 2) r.setGpr(4 + i, args[i]);
        return rc;
    }
}
