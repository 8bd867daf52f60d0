package org.jpseries.spapr.ci;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Open Firmware "claim"/"release" bookkeeping (IEEE 1275 §6.3.2.9; QEMU vof.c vof_claim):
 * non-overlapping ranges below {@link #top} (the client interface only hands out 32-bit
 * addresses). A claim with an alignment searches upwards from the end of the highest claim so
 * far, as VOF does, so it never lands in the low memory the kernel later copies itself over.
 */
public final class ClaimList {
    public record Range(long start, long size) {
        long end() {
            return start + size;
        }
    }

    private final List<Range> claims = new ArrayList<>();
    private final long top;
    private long claimedBase;

    public ClaimList(long top) {
        this.top = top;
    }

    public long top() {
        return top;
    }

    /** Returns the claimed base, or -1. */
    public long claim(long virt, long size, long align) {
        if (size <= 0 || size > top) return -1;
        long at;
        if (align == 0) {
            if (!available(virt, size)) return -1;
            at = virt;
        } else {
            if (Long.bitCount(align) != 1) return -1;
            long base = (claimedBase + align - 1) & -align;
            while (true) {
                if (base >= top || base + size > top) return -1;
                if (available(base, size)) break;
                base = (base + size + align - 1) & -align;
            }
            at = base;
        }
        claimedBase = Math.max(claimedBase, at + size);
        claims.add(new Range(at, size));
        claims.sort(Comparator.comparingLong(Range::start));
        return at;
    }

    /** Releases exactly a claimed range; false if no such claim. */
    public boolean release(long virt, long size) {
        return claims.removeIf(r -> r.start == virt && r.size == size);
    }

    public boolean available(long start, long size) {
        if (start < 0 || size <= 0 || start + size > top || start + size < start) return false;
        for (Range r : claims) {
            if (start < r.end() && r.start < start + size) return false;
        }
        return true;
    }

    public List<Range> claims() {
        return List.copyOf(claims);
    }

    /** The unclaimed gaps of [0, memEnd), for /memory@0 "available". */
    public List<Range> free(long memEnd) {
        List<Range> out = new ArrayList<>();
        long cur = 0;
        for (Range r : claims) {
            if (r.start > cur) out.add(new Range(cur, Math.min(r.start, memEnd) - cur));
            cur = Math.max(cur, r.end());
            if (cur >= memEnd) break;
        }
        if (cur < memEnd) out.add(new Range(cur, memEnd - cur));
        out.removeIf(r -> r.size <= 0);
        return out;
    }
}
