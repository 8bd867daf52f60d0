package org.jpseries.memory;

import org.jpseries.state.Role;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
    /**
     * Decoded instructions of this page, or null; owned by the CPU's code cache. Volatile: a
     * vCPU reads it (an acquire load) only when it enters the page, and it is replaced only by
     * {@link #publishCode} and {@link #dropCode}, atomically, so a decoded copy made by one vCPU
     * thread is seen whole by the others and no copy is ever lost without being invalidated.
     */
    @Role(kind = Role.Kind.CACHE, why = "decoded instructions of the page, rebuilt on execution")
    public volatile PageCode code;
    private static final VarHandle CODE;

    static {
        try {
            CODE = MethodHandles.lookup().findVarHandle(Page.class, "code", PageCode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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

    /**
     * Attaches {@code fresh} if the page still holds {@code expected} (a compare-and-set, a
     * release of everything {@code fresh} was built with); the copy it replaces, if any, is
     * invalidated (another byte order, or one a store is dropping right now), so a vCPU still
     * running it stops at its next instruction. Returns false if another thread attached or
     * dropped code meanwhile: read {@link #code} again.
     */
    public final boolean publishCode(PageCode expected, PageCode fresh) {
        if (!CODE.compareAndSet(this, expected, fresh)) return false;
        if (expected != null) expected.invalidate();
        return true;
    }

    /**
     * Drops decoded code, if any; returns true if there was some. Detaching is one atomic swap,
     * so of a store racing with a {@link #publishCode}, either the store's drop invalidates the
     * new copy or the copy was attached after the drop (and the writer's translation to this page
     * is then dropped by {@code Cpu.codeCreated}).
     */
    public final boolean dropCode() {
        if (code == null) return false;
        PageCode c = (PageCode) CODE.getAndSet(this, (PageCode) null);
        if (c == null) return false;
        c.invalidate();
        return true;
    }
}
