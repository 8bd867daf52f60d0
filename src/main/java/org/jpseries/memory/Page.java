package org.jpseries.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jpseries.state.Role;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A 4 KiB page of guest storage: a window of {@link #SIZE} bytes at {@link #base} in a host
 * memory segment outside the Java heap, whose first byte is at host address {@link #address}.
 * In user mode a page is what one virtual page maps to and has native memory of its own, freed
 * when the page is no longer referenced; in system mode pages are views of guest RAM frames,
 * windows on the one RAM mapping ({@link GuestRam}).
 *
 * <p>Host-side accesses use {@link #mem} (bounds- and liveness-checked). The MMU's fast paths
 * access {@link #HOST} at {@link #address} without those checks, as QEMU's TLB does with its
 * host addend: a page stays mapped while any TLB entry holds it (a TLB entry keeps its Page, and
 * with it the memory of a user-mode page, reachable; guest RAM is unmapped only after every
 * vCPU thread has stopped). Decoded instructions are attached to the page that holds them
 * ({@link #code}); a store to such a page drops them (see {@code Mmu}). The only subclass,
 * {@link MmioPage}, stands for a device window and is never cached by a TLB.
 */
public class Page {
    public static final int SHIFT = 12;
    public static final int SIZE = 1 << SHIFT;
    public static final long MASK = SIZE - 1;

    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private static final ValueLayout.OfInt WORD_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    @Role(kind = Role.Kind.WIRING, why = "the host memory this page is a window on (GuestRam saves its contents)")
    public final MemorySegment mem;
    @Role(kind = Role.Kind.WIRING, why = "where the window starts in mem")
    public final long base;
    @Role(kind = Role.Kind.WIRING, why = "the host address of the window's first byte (mem's address + base)")
    public final long address;
    /**
     * All of the host's address space as one segment, for the MMU's fast paths only: accesses to
     * it are not checked against any page's bounds or lifetime (see the class comment).
     */
    public static final MemorySegment HOST = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /** The real address of this page of guest RAM (system mode), or -1 (user-mode pages). */
    @Role(kind = Role.Kind.WIRING, why = "where the window sits in guest RAM, fixed at creation")
    public final long realAddress;
    /** PROT_* bits (user mode); system mode checks permissions in the MMU instead. */
    @Role(kind = Role.Kind.CONFIG, why = "RWX for guest RAM pages; user mode's mprotect state is not machine state")
    public int prot;
    /** The dirty log of the RAM this page is a window on, or null (user-mode pages). */
    @Role(kind = Role.Kind.WIRING, why = "the RAM's dirty log, fixed at creation")
    private final DirtyLog dirtyLog;
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

    /** A window on guest RAM: {@code SIZE} bytes at {@code base} in {@code mem}. */
    public Page(MemorySegment mem, long base, int prot, long realAddress) {
        this(mem, base, prot, realAddress, null);
    }

    /** A window on guest RAM whose writes are logged in {@code dirtyLog} while it is on. */
    Page(MemorySegment mem, long base, int prot, long realAddress, DirtyLog dirtyLog) {
        this.dirtyLog = dirtyLog;
        this.mem = mem;
        this.base = base;
        this.address = mem.address() + base;
        this.prot = prot;
        this.realAddress = realAddress;
    }

    /**
     * A zeroed page with native storage of its own (user mode), freed by the garbage collector
     * once the page is unreachable; 16-byte aligned, so aligned accesses support compare-and-set.
     */
    public Page(int prot) {
        this(java.lang.foreign.Arena.ofAuto().allocate(SIZE, 16), 0, prot, -1);
    }

    /** The byte at offset {@code po} of the page. */
    public final byte get(int po) {
        return mem.get(ValueLayout.JAVA_BYTE, base + po);
    }

    public final void put(int po, byte b) {
        mem.set(ValueLayout.JAVA_BYTE, base + po, b);
    }

    /** The 4 bytes at offset {@code po} (at most SIZE - 4) as a little-endian word (instruction fetch). */
    public final int wordLE(int po) {
        return mem.get(WORD_LE, base + po);
    }

    /** Copies {@code n} bytes from offset {@code po} of the page to {@code dst[off..]}. */
    public final void copyOut(int po, byte[] dst, int off, int n) {
        MemorySegment.copy(mem, ValueLayout.JAVA_BYTE, base + po, dst, off, n);
    }

    /** Copies {@code n} bytes of {@code src[off..]} to offset {@code po} of the page (no code check: see Mmu). */
    public final void copyIn(int po, byte[] src, int off, int n) {
        MemorySegment.copy(src, off, mem, ValueLayout.JAVA_BYTE, base + po, n);
    }

    /** Zeroes the page. */
    public final void zero() {
        mem.asSlice(base, SIZE).fill((byte) 0);
    }

    /**
     * Records that this page is about to be written (a write translation is being installed for
     * it, or a host write goes to it): see {@link DirtyLog}. Cheap when no migration runs.
     */
    public final void markWritten() {
        if (dirtyLog != null) dirtyLog.mark(realAddress >>> SHIFT);
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
