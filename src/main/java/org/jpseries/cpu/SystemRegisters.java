package org.jpseries.cpu;

import static org.jpseries.state.Role.Kind.DERIVED;
import static org.jpseries.state.Role.Kind.STATE;
import static org.jpseries.state.Role.Kind.WIRING;

import org.jpseries.state.Role;
import org.jpseries.cpu.arch.Spr;

/**
 * Book III state of one thread that lives in special purpose registers: storage for every SPR
 * {@link Spr} knows (indexed by SPR number), plus the decrementer, which counts down at the time
 * base frequency (Book III 8.2). Hypervisor-only registers (LPCR, HSRR0/1, ...) are kept here too,
 * but only the emulator, as the partition's hypervisor, writes them ({@link #spr} directly).
 *
 * <p>The decrementer is not counted per instruction: a write records the value and the time base
 * at that moment; a read computes the difference. When the value would turn negative the time
 * base's {@link DecrementerTimer} raises {@link Cpu#PENDING_DECREMENTER}, which stays raised while
 * DEC is negative (the exception is level-triggered on POWER7 and later, as in QEMU) until the
 * guest writes a non-negative value.
 */
public final class SystemRegisters {
    /** Plain SPR values by number; those {@link Spr#stored} are state (the others stay 0). */
    @Role(kind = STATE, why = "the slots Spr.stored names, with their numbers in sprNumbers")
    public final long[] spr = new long[1024];

    @Role(kind = WIRING, why = "the vCPU these registers belong to")
    private final Cpu cpu;
    /** Width of the large decrementer (ibm,dec-bits) when LPCR[LD] is set (POWER9, POWER10); 32 bits otherwise. */
    public static final int LARGE_DECREMENTER_BITS = 56;

    /**
     * The count written to DEC (sign-extended from its width then), counting down from
     * {@link #decWrittenAt}; saved as the count remaining at save time (never wrapped to the
     * DEC width, so a count that went negative stays negative).
     */
    @Role(kind = STATE, value = "dec", why = "saved as decrementerRemaining()")
    private long decValue;
    @Role(kind = DERIVED, why = "the time base at the write; a load sets it to the time base at the load, with decValue = the remaining count")
    private long decWrittenAt;
    /** Time base value at which DEC passes zero, or {@link DecrementerTimer#NONE}. Guarded by this. */
    @Role(kind = DERIVED, why = "re-armed from the remaining count on load")
    private volatile long decDeadline = DecrementerTimer.NONE;

    SystemRegisters(Cpu cpu) {
        this.cpu = cpu;
        reset();
    }

    /**
     * Power-on/reset values (QEMU's ppc_cpu_reset for a pseries vCPU): every SPR 0 except PVR,
     * the run latch, AMOR (all keys granted to the partition) and PIR, which is kept; DEC reads
     * -1 without a pending exception (cpu_ppc_tb_reset). LPCR is the platform's to set.
     */
    public synchronized void reset() {
        long pir = spr[Spr.PIR];
        java.util.Arrays.fill(spr, 0);
        spr[Spr.PIR] = pir;
        spr[Spr.PVR] = cpu.model.pvr & 0xFFFFFFFFL;
        spr[Spr.CTRL_READ] = 1; // the run latch
        spr[Spr.AMOR] = -1L; // the hypervisor grants the partition every storage key
        decDeadline = DecrementerTimer.NONE;
        decWrittenAt = timeBase().read();
        decValue = -1;
        cpu.lower(Cpu.PENDING_DECREMENTER);
    }

    public TimeBase timeBase() {
        return cpu.timeBase;
    }

    public long lpcr() {
        return spr[Spr.LPCR];
    }

    private int decBits() {
        return (spr[Spr.LPCR] & Spr.LPCR_LD) != 0 ? LARGE_DECREMENTER_BITS : 32;
    }

    private static long signExtend(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }

    /** mfspr DEC: the written value minus the time base ticks since, sign-extended from the DEC width. */
    public synchronized long readDecrementer() {
        int bits = decBits();
        long v = signExtend(decValue - (timeBase().read() - decWrittenAt), bits);
        return bits == 32 ? v & 0xFFFFFFFFL : v;
    }

    /**
     * mtspr DEC (Book III 8.2): a negative value makes the exception pending at once; a
     * non-negative one withdraws it and arms the timer for the moment the count passes zero.
     */
    public void writeDecrementer(long value) {
        long deadline;
        synchronized (this) {
            int bits = decBits();
            decValue = signExtend(value, bits);
            decWrittenAt = timeBase().read();
            if (decValue < 0) {
                decDeadline = DecrementerTimer.NONE;
                cpu.raise(Cpu.PENDING_DECREMENTER);
                return;
            }
            cpu.lower(Cpu.PENDING_DECREMENTER);
            deadline = decDeadline = decWrittenAt + decValue + 1;
        }
        timeBase().decrementerTimer().arm(this, deadline);
    }

    /**
     * For the {@link DecrementerTimer} at time base value {@code now}: raises the exception if
     * the deadline passed (once); returns the deadline still to come, or NONE.
     */
    synchronized long expireDecrementer(long now) {
        long d = decDeadline;
        if (d == DecrementerTimer.NONE || now < d) return d;
        decDeadline = DecrementerTimer.NONE;
        cpu.raise(Cpu.PENDING_DECREMENTER);
        return DecrementerTimer.NONE;
    }

    /** No deadline armed (the timer forgets these registers). */
    boolean decrementerIdle() {
        return decDeadline == DecrementerTimer.NONE;
    }

    /**
     * The decrementer's count now, as a saved vCPU carries it: the ticks until it passes zero,
     * negative once it has, not wrapped to the DEC width. Saved with the vCPU stopped and the
     * time base frozen, so it is the count the guest resumes with.
     */
    public synchronized long decrementerRemaining() {
        return decValue - (timeBase().read() - decWrittenAt);
    }

    /**
     * Whether the decrementer exception is pending, counting a deadline that has passed but
     * that the timer thread has not served yet (it would raise the exception at its next scan).
     */
    public synchronized boolean decrementerPending() {
        long d = decDeadline;
        return (cpu.pending & Cpu.PENDING_DECREMENTER) != 0 || (d != DecrementerTimer.NONE && timeBase().read() >= d);
    }

    /** The largest count a decrementer can hold: that of the large decrementer (a 32-bit one's fits in it). */
    public static final long MAX_DECREMENTER = (1L << (LARGE_DECREMENTER_BITS - 1)) - 1;

    /**
     * Restores a saved decrementer (see {@link #decrementerRemaining}): from the time base now it
     * counts {@code remaining} down again. A non-negative count re-arms the timer for the moment
     * it passes zero (then {@code pending} must be false); a negative one keeps the exception as
     * it was saved (pending once the count passed zero, but not after a reset's -1). The time
     * base must already hold its loaded value: see {@link TimeBase#loadState}.
     */
    public void restoreDecrementer(long remaining, boolean pending) {
        if (remaining > MAX_DECREMENTER) throw new IllegalArgumentException("decrementer count " + remaining + " beyond its width");
        if (remaining >= 0 && pending) throw new IllegalArgumentException("decrementer exception pending with a count of " + remaining);
        long deadline;
        synchronized (this) {
            decValue = remaining;
            decWrittenAt = timeBase().read();
            timeBase().decrementerRestored();
            if (remaining < 0) {
                decDeadline = DecrementerTimer.NONE;
                if (pending) cpu.raise(Cpu.PENDING_DECREMENTER);
                else cpu.lower(Cpu.PENDING_DECREMENTER);
                return;
            }
            cpu.lower(Cpu.PENDING_DECREMENTER);
            deadline = decDeadline = decWrittenAt + remaining + 1;
        }
        timeBase().decrementerTimer().arm(this, deadline);
    }

    /** Stops the decrementer's timer (vCPU destroyed or reset). */
    public synchronized void cancelTimers() {
        decDeadline = DecrementerTimer.NONE;
    }
}
