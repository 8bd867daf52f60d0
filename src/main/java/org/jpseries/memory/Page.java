package org.jpseries.memory;

import org.jpseries.state.Role;

/**
 * A 4 KiB page of guest storage: a window of {@link #SIZE} bytes at {@link #base} in a host
 * array. In user mode a page is what one virtual page maps to; in system mode pages are views of
 * guest RAM frames. Decoded instructions are attached to the page that holds them
 * ({@link #code}); a store to such a page drops them (see {@code Mmu}). The only subclass,
 * {@link MmioPage}, stands for a device window and is never cached by a TLB.
 */
public class Page {
    public static final int SHIFT = 12;
    public static final int SIZE = 1 << SHIFT;
    public static final long MASK = SIZE - 1;

    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

    @Role(kind = Role.Kind.WIRING, why = "the host array this page is a window on (GuestRam saves its contents)")
    public final byte[] data;
    @Role(kind = Role.Kind.WIRING, why = "where the window starts in data")
    public final int base;
    /** The real address of this page of guest RAM (system mode), or -1 (user-mode pages). */
    @Role(kind = Role.Kind.WIRING, why = "where the window sits in guest RAM, fixed at creation")
    public final long realAddress;
    /** PROT_* bits (user mode); system mode checks permissions in the MMU instead. */
    @Role(kind = Role.Kind.CONFIG, why = "RWX for guest RAM pages; user mode's mprotect state is not machine state")
    public int prot;
    /** Decoded instructions of this page, or null; owned by the CPU's code cache. */
    @Role(kind = Role.Kind.CACHE, why = "decoded instructions of the page, rebuilt on execution")
    public volatile PageCode code;

    public Page(byte[] data, int base, int prot) {
        this(data, base, prot, -1);
    }

    public Page(byte[] data, int base, int prot, long realAddress) {
        this.data = data;
        this.base = base;
        this.prot = prot;
        this.realAddress = realAddress;
    }

    public Page(int prot) {
        this(new byte[SIZE], 0, prot);
    }

    /** Marker for whatever the execution engine caches per page. */
    public interface PageCode {
        /** Called when the page is written: the cached code must not be used again. */
        void invalidate();
    }

    /** Drops decoded code, if any; returns true if there was some. */
    public final boolean dropCode() {
        PageCode c = code;
        if (c == null) return false;
        code = null;
        c.invalidate();
        return true;
    }
}
