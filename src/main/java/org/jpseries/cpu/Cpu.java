package org.jpseries.cpu;

import static org.jpseries.state.Role.Kind.CACHE;
import static org.jpseries.state.Role.Kind.CONFIG;
import static org.jpseries.state.Role.Kind.DERIVED;
import static org.jpseries.state.Role.Kind.STATE;
import static org.jpseries.state.Role.Kind.WIRING;

import org.jpseries.mmu.Mmu;
import org.jpseries.mmu.TlbShootdown;
import org.jpseries.state.Role;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.arch.Spr;

/**
 * Architected state of one PowerISA 64-bit thread (Book I registers; Book III state is added
 * beside them as system mode needs it). Fields are public and plain: instruction semantics read
 * and write them directly, and only the owning vCPU thread touches them while it runs.
 *
 * <p>{@link CpuState} saves and loads the fields classified {@code STATE} below.
 */
public final class Cpu implements TlbShootdown.Target {
    @Role(kind = CONFIG, why = "the -cpu model; the saved PVR is checked against it")
    public final CpuModel model;
    @Role(kind = WIRING, why = "the CPU's loads and stores; its software TLBs are a cache, flushed on load")
    public final Mmu mmu;
    @Role(kind = WIRING, why = "user mode or the pseries platform")
    public CpuEnvironment env;

    /** General purpose registers. */
    @Role(kind = STATE)
    public final long[] gpr = new long[32];
    /**
     * The 64 vector-scalar registers, two longs each, in the ISA's big-endian numbering:
     * {@code vsr[2*i]} is doubleword 0 (bits 0:63) of VSR[i] and {@code vsr[2*i+1]} doubleword 1.
     * FPR[i] is doubleword 0 of VSR[i]; VR[i] is VSR[32+i] (Book I 7.2).
     */
    @Role(kind = STATE)
    public final long[] vsr = new long[128];

    /** Condition register, CR0 in bits 31..28 of the int (ISA bits 32..35). */
    @Role(kind = STATE)
    public int cr;
    @Role(kind = STATE)
    public long lr;
    @Role(kind = STATE)
    public long ctr;
    /** XER fields (Book I 3.2.2): summary overflow, overflow, carry and their 32-bit copies. */
    @Role(kind = STATE)
    public boolean so;
    @Role(kind = STATE)
    public boolean ov;
    @Role(kind = STATE)
    public boolean ca;
    @Role(kind = STATE)
    public boolean ov32;
    @Role(kind = STATE)
    public boolean ca32;
    /** XER bits 57:63, the byte count of lswx/stswx. */
    @Role(kind = STATE)
    public int xerCount;
    /** Floating-point status and control register (Book I 4.2.2), 64 bits as ISA 3.0 defines. */
    @Role(kind = STATE)
    public long fpscr;
    /** Scratch result of the floating-point unit's rounding (org.jpseries.cpu.fp), reused per instruction. */
    @Role(kind = CACHE, why = "scratch of one floating-point instruction, meaningless between instructions")
    public final org.jpseries.cpu.fp.Rounded fpTemp = new org.jpseries.cpu.fp.Rounded();
    /** Vector status and control register: NJ (bit 111) and SAT (bit 127) of the 128-bit VSCR. */
    @Role(kind = STATE)
    public int vscr = 0x00010000;
    @Role(kind = STATE)
    public long vrsave;
    /** Data stream control register, user-accessible alias (SPR 3). */
    @Role(kind = STATE)
    public long dscr;
    /** Program priority register (SPR 896). */
    @Role(kind = STATE)
    public long ppr = 0x000C000000000000L;
    @Role(kind = STATE)
    public long tar;

    /** Machine state register (Book III 4.2.1). */
    @Role(kind = STATE)
    public long msr;

    /**
     * Address of the instruction being executed. The loop sets it from {@link #nip} before each
     * instruction, so between instructions (where the vCPU stops and is saved) it only holds
     * the last one's address, which nothing reads.
     */
    @Role(kind = DERIVED, why = "set from nip before each instruction; a load sets it to nip")
    public long cia;
    /**
     * Address of the next instruction: preset to cia + 4 before each instruction; branches
     * overwrite it. Between instructions it is where the vCPU resumes (an interrupt taken at the
     * boundary has already put the vector here).
     */
    @Role(kind = STATE)
    public long nip;

    /** larx/stcx. reservation (Book II 1.7.3): the reserved address and length, or -1 for none. */
    @Role(kind = CACHE, why = "a larx reservation is dropped on load: Book II 1.7.3.1 lets it be lost at any time, stcx. then fails and the guest retries")
    public long reserveAddr = -1;
    @Role(kind = CACHE, why = "part of the dropped reservation")
    public int reserveLength;
    /** The value loaded by the larx, compared at stcx. time (a store by another thread clears or changes it). */
    @Role(kind = CACHE, why = "part of the dropped reservation")
    public long reserveValue;
    /** Second doubleword of an lqarx reservation (reserveValue holds the first, RT's). */
    @Role(kind = CACHE, why = "part of the dropped reservation")
    public long reserveValue2;

    /** Set to leave the run loop at the next instruction boundary. */
    @Role(kind = WIRING, why = "run control of the vCPU's host thread, the machine's stop/cont")
    public volatile boolean halted;

    /** The time base this thread reads (shared by the vCPUs of a machine). */
    @Role(kind = WIRING, why = "the machine's time base, saved as its own section")
    public TimeBase timeBase = TimeBase.SHARED;
    /** Book III SPRs and the decrementer (system mode; unused in user mode). */
    @Role(kind = WIRING, why = "part of this vCPU whose own fields are classified; CpuState saves them in this section")
    public final SystemRegisters sys;
    /** The segment lookaside buffer (Book III 5.7.7), used by the hash MMU. */
    @Role(kind = WIRING, why = "part of this vCPU whose own fields are classified; CpuState saves them in the subsection slb")
    public final org.jpseries.mmu.hash.Slb slb = new org.jpseries.mmu.hash.Slb();

    /**
     * Requests for the vCPU thread, as bits: interrupt conditions (level or edge) raised by the
     * interrupt controller, the decrementer or another vCPU, and housekeeping requests (TLB
     * flush, refetch). The interpreter reads it at every instruction boundary and acts when a
     * bit is set; other threads change it only through {@link #raise}/{@link #lower}.
     */
    @Role(kind = STATE, why = "only the bits of PENDING_SAVED")
    public volatile int pending;
    /** External interrupt line from the interrupt controller (Book III 7.5.7), level. */
    public static final int PENDING_EXTERNAL = 1;
    /** Decrementer exception (Book III 7.5.11), level while DEC is negative. */
    public static final int PENDING_DECREMENTER = 2;
    /** Directed privileged doorbell (msgsndp, Book III 7.5.14), cleared when taken. */
    public static final int PENDING_DOORBELL = 4;
    /**
     * System reset (Book III 7.5.1): the hypervisor's non-maskable interrupt (H_SIGNAL_SYS_RESET,
     * QMP inject-nmi), taken whatever MSR[EE] says and cleared when taken.
     */
    public static final int PENDING_SYSTEM_RESET = 8;
    /** Interrupt conditions: they end an H_CEDE; all but the system reset wait for MSR[EE]=1. */
    public static final int PENDING_INTERRUPTS = PENDING_EXTERNAL | PENDING_DECREMENTER | PENDING_DOORBELL | PENDING_SYSTEM_RESET;
    /** Another thread changed translations this vCPU may have cached: flush the software TLB. */
    public static final int PENDING_TLB_FLUSH = 0x100;
    /** The translation context (MSR IR/DR/PR/LE) changed: refetch the code page. */
    public static final int PENDING_REFETCH = 0x200;
    /** Another thread invalidated translations to the real ranges queued in {@link #tlbRanges}. */
    public static final int PENDING_TLB_RANGES = 0x400;
    /** Queued real ranges ({start, length}) to drop from the software TLB; beyond this many, a full flush. */
    @Role(kind = CACHE, why = "requests to drop cached translations; a load flushes them all")
    public final java.util.concurrent.ConcurrentLinkedQueue<long[]> tlbRanges = new java.util.concurrent.ConcurrentLinkedQueue<>();
    public static final int MAX_TLB_RANGES = 32;
    /** Another vCPU decoded code on the pages queued in {@link #codePages}: drop write translations to them. */
    public static final int PENDING_CODE_PAGES = 0x800;
    @Role(kind = CACHE, why = "requests to drop cached translations; a load flushes them all")
    public final java.util.concurrent.ConcurrentLinkedQueue<org.jpseries.memory.Page> codePages =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Entries in {@link #codePages}; beyond {@link #MAX_CODE_PAGES} a full TLB flush replaces the queue. */
    @Role(kind = CACHE, why = "the length of codePages")
    public final java.util.concurrent.atomic.AtomicInteger codePageCount = new java.util.concurrent.atomic.AtomicInteger();
    public static final int MAX_CODE_PAGES = 64;
    /** The partition's LPCR bits and PCR changed (published in {@link #partitionRegisters}): copy them into the SPRs. */
    public static final int PENDING_PARTITION = 0x1000;
    /** A migration's auto-converge asks the vCPU to sleep {@link #throttleNanos} (see {@link #throttleSleep}). */
    public static final int PENDING_THROTTLE = 0x2000;
    /** How long a {@link #PENDING_THROTTLE} request sleeps; 0 when no throttle is on. */
    @Role(kind = DERIVED, why = "a running migration's auto-converge throttle, not machine state")
    public volatile long throttleNanos;

    /** The partition-wide LPCR bits (under {@code mask}) and PCR every vCPU of a partition runs with. */
    public record PartitionRegisters(long lpcr, long mask, long pcr) {}

    /**
     * What another thread published for this vCPU to apply on its own thread (a vCPU's SPRs are
     * written only by that vCPU, or by another thread while it is stopped).
     */
    @Role(kind = DERIVED, why = "the machine's partition registers, applied at the next instruction boundary")
    private volatile PartitionRegisters partitionRegisters;

    /** Another thread, while this vCPU may run: the vCPU copies {@code r} into its LPCR and PCR before its next instruction. */
    public void publishPartitionRegisters(PartitionRegisters r) {
        partitionRegisters = r;
        raise(PENDING_PARTITION);
    }

    /**
     * Copies {@code r} into LPCR and PCR: on the vCPU's own thread, or while it is stopped. A
     * change of LPCR[HR] (hash <-> radix) drops the cached translations.
     */
    public void applyPartitionRegisters(PartitionRegisters r) {
        partitionRegisters = null;
        long[] spr = sys.spr;
        if (((spr[Spr.LPCR] ^ r.lpcr()) & Spr.LPCR_HR) != 0) raise(PENDING_TLB_FLUSH);
        spr[Spr.LPCR] = (spr[Spr.LPCR] & ~r.mask()) | r.lpcr();
        spr[Spr.PCR] = r.pcr();
    }

    /** The vCPU's thread serves {@link #PENDING_PARTITION}. */
    public void applyPublishedPartitionRegisters() {
        PartitionRegisters r = partitionRegisters;
        if (r != null) applyPartitionRegisters(r);
    }
    /**
     * The request bits that are state, saved with the vCPU (CpuState). The rule: a condition
     * is saved when nothing else holds it. The system reset and the doorbell are edges,
     * consumed when taken, so only this bit remembers them; the decrementer exception is
     * normally the sign of DEC, but a reset DEC reads -1 without it, so the bit is saved too
     * (SystemRegisters#decrementerPending). Not saved: the external interrupt, a level the
     * interrupt controller recomputes from its own state after its load, and the housekeeping
     * requests (TLB flush, ranges, code pages, refetch), which ask to drop caches that a load
     * drops anyway.
     */
    public static final int PENDING_SAVED = PENDING_DECREMENTER | PENDING_DOORBELL | PENDING_SYSTEM_RESET;
    /** The partition's vCPUs, this one included (SMP), or null (one vCPU, user mode). */
    @Role(kind = WIRING, why = "the partition's other vCPUs")
    public volatile Cpu[] peers;

    /**
     * Code was decoded on {@code page}: no cached write translation to it may remain, in this
     * vCPU or any other, so that the next store to the page, from whichever vCPU, takes the slow
     * path and drops the decoded copy. POWER's instruction cache is coherent with all stores
     * (Book II 1.6; Linux's CPU_FTR_COHERENT_ICACHE makes flush_icache_range a sync/icbi/isync
     * on the writing CPU only). Other vCPUs drop theirs before their next instruction.
     */
    public void codeCreated(org.jpseries.memory.Page page) {
        mmu.codeCreated(page);
        Cpu[] all = peers;
        if (all == null) return;
        for (Cpu other : all) {
            if (other == this) continue;
            if (other.codePageCount.incrementAndGet() > MAX_CODE_PAGES) {
                // a vCPU that does not run (stopped, offline) must not collect pages without bound
                other.codePageCount.decrementAndGet();
                other.raise(PENDING_TLB_FLUSH);
            } else {
                other.codePages.add(page);
                other.raise(PENDING_CODE_PAGES);
            }
        }
    }

    /**
     * Asks this vCPU (any thread) to drop its cached translations to [start, start+length)
     * before its next instruction; many requests at once become a full flush.
     */
    @Override
    public void invalidateRealRange(long start, long length) {
        if (tlbRanges.size() >= MAX_TLB_RANGES) {
            raise(PENDING_TLB_FLUSH);
        } else {
            tlbRanges.add(new long[] {start, length});
            raise(PENDING_TLB_RANGES);
        }
    }

    // The partition's TlbShootdown reaches this vCPU through these (the MMU package sits below this one).

    @Override
    public void attachFlushSeq(java.util.concurrent.atomic.AtomicLong flushSeq) {
        tlbFlushSeq = flushSeq;
    }

    @Override
    public void requestTlbFlush() {
        raise(PENDING_TLB_FLUSH);
    }

    @Override
    public void requestRangeFlush() {
        raise(PENDING_TLB_RANGES);
    }

    @Override
    public long tlbFlushedSeq() {
        return tlbFlushedSeq;
    }

    @Override
    public boolean inGuest() {
        return inGuest;
    }

    @Override
    public void inGuest(boolean inGuest) {
        this.inGuest = inGuest;
    }

    private static final java.lang.invoke.VarHandle PENDING;

    static {
        try {
            PENDING = java.lang.invoke.MethodHandles.lookup().findVarHandle(Cpu.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * TLB shoot-down bookkeeping (system mode; null/unused in user mode): the partition's count of
     * translation invalidations, the value of it this thread had seen when it last flushed its
     * software TLB, and whether the thread is executing guest instructions (false while it is in
     * the hypervisor, e.g. an hcall, or stopped), in which case it flushes before its next
     * instruction anyway. An invalidating hcall waits until every other vCPU has either flushed
     * past its invalidation or is not in guest code (the global completion of tlbie/H_REMOVE).
     */
    @Role(kind = WIRING, why = "the partition's invalidation count, shared by its vCPUs")
    public java.util.concurrent.atomic.AtomicLong tlbFlushSeq;
    @Role(kind = CACHE, why = "how far this vCPU's software TLB is flushed; a load flushes it and sets this")
    public volatile long tlbFlushedSeq;
    @Role(kind = WIRING, why = "whether the host thread runs guest code now")
    public volatile boolean inGuest;

    /** The thread blocked in {@link #idle}, or null. */
    @Role(kind = WIRING, why = "the host thread in idle()")
    private volatile Thread idler;
    /** An H_PROD not yet consumed by an idle (H_CEDE): state the guest sees (its next cede returns at once). */
    @Role(kind = STATE)
    volatile boolean prodded;

    public static final long MSR_SF = 1L << 63, MSR_HV = 1L << 60, MSR_VEC = 1L << 25, MSR_VSX = 1L << 23,
            MSR_EE = 1L << 15, MSR_PR = 1L << 14, MSR_FP = 1L << 13, MSR_ME = 1L << 12,
            MSR_FE0 = 1L << 11, MSR_SE = 1L << 10, MSR_BE = 1L << 9, MSR_FE1 = 1L << 8,
            MSR_IR = 1L << 5, MSR_DR = 1L << 4, MSR_RI = 1L << 1, MSR_LE = 1L;

    public Cpu(CpuModel model, Mmu mmu) {
        this.model = model;
        this.mmu = mmu;
        this.sys = new SystemRegisters(this);
    }

    /**
     * System reset of the thread's state (QEMU's ppc_cpu_reset for a pseries vCPU): registers,
     * MSR, SPRs (PIR and PVR kept, see {@link SystemRegisters#reset}), SLB, reservation, pending
     * requests and cached translations. Only while the vCPU's thread is not running it.
     */
    public void reset() {
        java.util.Arrays.fill(gpr, 0);
        java.util.Arrays.fill(vsr, 0);
        cr = 0;
        lr = ctr = 0;
        setXer(0);
        fpscr = 0;
        vscr = 0x00010000;
        vrsave = dscr = tar = 0;
        ppr = 0x000C000000000000L;
        cia = nip = 0;
        reserveAddr = -1;
        reserveLength = 0;
        reserveValue = reserveValue2 = 0;
        prodded = false;
        PENDING.setVolatile(this, 0);
        tlbRanges.clear(); // the flush below covers whatever other vCPUs asked for
        codePages.clear();
        codePageCount.set(0);
        sys.reset();
        slb.reset();
        setMsr(0);
        mmu.flush();
        mmu.selectContext(0);
        raise(PENDING_REFETCH);
    }

    /** Sets request bits (thread-safe; any thread) and wakes the vCPU if it idles. */
    public void raise(int bits) {
        PENDING.getAndBitwiseOr(this, bits);
        Thread t = idler;
        if (t != null) java.util.concurrent.locks.LockSupport.unpark(t);
    }

    /** Clears request bits (thread-safe; any thread). */
    public void lower(int bits) {
        PENDING.getAndBitwiseAnd(this, ~bits);
    }

    /**
     * Clears request bits and returns those of them that were set, in one atomic step: what the
     * vCPU acts on is exactly what it cleared, so a request raised by another thread in between
     * is never cleared unseen (a lost TLB shoot-down request left an H_BULK_REMOVE waiting for
     * this vCPU forever while it ran on).
     */
    public int take(int bits) {
        return (int) PENDING.getAndBitwiseAnd(this, ~bits) & bits;
    }

    /**
     * Blocks the vCPU thread (H_CEDE, stop/nap) until an interrupt condition is pending, another
     * thread calls {@link #prod} or {@link #halted} is set. Returns at once if one already holds;
     * a prod made before the call is consumed by it, as H_PROD's semantics require.
     */
    public void idle() {
        idler = Thread.currentThread();
        try {
            while (!prodded && (pending & PENDING_INTERRUPTS) == 0 && !halted) {
                java.util.concurrent.locks.LockSupport.park(this);
            }
            prodded = false;
        } finally {
            idler = null;
        }
    }

    /**
     * Serves {@link #PENDING_THROTTLE} on the vCPU's thread (QEMU softmmu/cpu-throttle.c
     * cpu_throttle_thread): sleeps {@link #throttleNanos} outside guest code (a TLB shoot-down
     * does not wait for it; requests raised meanwhile are served after it), cut short when the
     * machine stops the vCPU ({@link #kick}) or the throttle goes off.
     */
    public void throttleSleep() {
        long end = System.nanoTime() + throttleNanos;
        boolean wasInGuest = inGuest;
        inGuest = false;
        idler = Thread.currentThread();
        try {
            for (long left; !halted && throttleNanos > 0 && (left = end - System.nanoTime()) > 0; ) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, left);
            }
        } finally {
            idler = null;
            inGuest = wasInGuest;
        }
    }

    /** Wakes the vCPU from {@link #idle} (H_PROD), or makes its next idle return at once. */
    public void prod() {
        prodded = true;
        Thread t = idler;
        if (t != null) java.util.concurrent.locks.LockSupport.unpark(t);
    }

    /** Wakes an idle vCPU so that it sees {@link #halted} (machine stop, exit). */
    public void kick() {
        Thread t = idler;
        if (t != null) java.util.concurrent.locks.LockSupport.unpark(t);
    }

    /**
     * Writes the MSR in system mode (mtmsr, rfid, interrupts): a change of the bits that select
     * the translation (IR, DR, PR, HV) switches the software TLB to that context's set, and such
     * a change or one of the byte order makes the interpreter refetch its code page.
     */
    public void writeMsr(long value) {
        long changed = msr ^ value;
        setMsr(value);
        if ((changed & (MSR_IR | MSR_DR | MSR_PR | MSR_HV)) != 0) mmu.selectContext(translationContext(value));
        if ((changed & (MSR_IR | MSR_DR | MSR_PR | MSR_HV | MSR_LE)) != 0) raise(PENDING_REFETCH);
    }

    /**
     * Sets the MSR after a load, whatever it was before: what {@link #writeMsr} does on a change
     * (byte order, the TLB set of the translation context, a refetch of the code page), done
     * unconditionally because the state it derives from was not this MSR's.
     */
    void restoreMsr(long value) {
        setMsr(value);
        mmu.selectContext(translationContext(value));
        raise(PENDING_REFETCH);
    }

    /** The software TLB set for an MSR: translations depend on IR, DR, PR and HV (not on LE). */
    static int translationContext(long msr) {
        return (int) ((msr >>> 4) & 3) | (int) ((msr >>> 12) & 4) | (int) ((msr >>> 57) & 8);
    }

    /** Problem state (MSR[PR]=1). */
    public boolean problemState() {
        return (msr & MSR_PR) != 0;
    }

    public boolean littleEndian() {
        return (msr & MSR_LE) != 0;
    }

    /** 64-bit mode (MSR[SF]); effective addresses are truncated to 32 bits otherwise. */
    public boolean sf() {
        return (msr & MSR_SF) != 0;
    }

    public void setMsr(long value) {
        msr = value;
        mmu.setBigEndian((value & MSR_LE) == 0);
    }

    /** Assembles XER from its fields (Book I 3.2.2). */
    public long xer() {
        return (so ? 1L << 31 : 0) | (ov ? 1L << 30 : 0) | (ca ? 1L << 29 : 0)
                | (ov32 ? 1L << 19 : 0) | (ca32 ? 1L << 18 : 0) | (xerCount & 0x7F);
    }

    public void setXer(long v) {
        so = (v & (1L << 31)) != 0;
        ov = (v & (1L << 30)) != 0;
        ca = (v & (1L << 29)) != 0;
        ov32 = (v & (1L << 19)) != 0;
        ca32 = (v & (1L << 18)) != 0;
        xerCount = (int) (v & 0x7F);
    }

    /** CR bit {@code bi} (0..31, ISA bit 32+bi). */
    public boolean crBit(int bi) {
        return ((cr >>> (31 - bi)) & 1) != 0;
    }

    public void setCrBit(int bi, boolean v) {
        int m = 1 << (31 - bi);
        cr = v ? cr | m : cr & ~m;
    }

    /** CR field {@code bf} (0..7) as a 4-bit value LT GT EQ SO. */
    public int crField(int bf) {
        return (cr >>> (28 - 4 * bf)) & 0xF;
    }

    public void setCrField(int bf, int v) {
        int sh = 28 - 4 * bf;
        cr = (cr & ~(0xF << sh)) | ((v & 0xF) << sh);
    }

    /** Sets CR0 from a 64-bit result the way Rc=1 fixed-point instructions do (Book I 3.3.8). */
    public void setCr0(long result) {
        int c = result < 0 ? 8 : result > 0 ? 4 : 2;
        cr = (cr & 0x0FFFFFFF) | ((c | (so ? 1 : 0)) << 28);
    }

    /** Effective address arithmetic wraps to 32 bits outside 64-bit mode (Book I 1.10.3). */
    public long ea(long ea) {
        return sf() ? ea : ea & 0xFFFFFFFFL;
    }

    public GuestInterrupt programInterrupt(long reason) {
        return new GuestInterrupt(Interrupt.PROGRAM, reason, cia);
    }
}
