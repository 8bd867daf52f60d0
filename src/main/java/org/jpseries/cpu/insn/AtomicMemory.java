package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;
import org.jpseries.memory.StorageAtomics;

/**
 * Atomic Memory Operations of ISA 3.0 (Book II 4.5): lwat/ldat (fetch-and-op, the old value
 * goes to RT, the operand is in RT+1 and, for compare-and-swap, RT+2, numbered modulo 32) and
 * stwat/stdat (op-and-store of RS). EA = (RA|0) and must be aligned (alignment interrupt
 * otherwise). An undefined function code (FC, the RB field) invokes the data storage error
 * handler, which a Linux process sees as SIGSEGV, as under qemu-ppc64le.
 *
 * <p>Atomicity across vCPUs (the rule is in {@code memory.StorageAtomics}): the fetch, the
 * computation and the store run inside the exclusive section of the element's quadword,
 * shared with every stcx., lqarx/stqcx. and AMO of every vCPU, and the store of a one-element
 * function is a host compare-and-set with the fetched value, done again from the fetch when a
 * plain store of another vCPU changed the element meanwhile; the two-element functions
 * (Fetch and Increment/Decrement Bounded, Fetch and Increment Equal, Store Twin) hold the
 * sections of both elements. QEMU uses host atomics where it can and "exits to exclusive" for
 * the two-element ones (target/ppc/translate.c gen_fetch_inc_conditional, gen_st_twin).
 * A function that leaves storage as it was (Swap or Fetch and OR on a held lock, Compare and
 * Swap Not Equal that finds it equal) stores nothing: storing the same value again could only
 * overwrite a concurrent plain store of another vCPU, such as the release of that lock.
 */
final class AtomicMemory {
    private AtomicMemory() {}

    static void register(InstructionTable t) {
        t.on(Op.LWAT, (c, w) -> loadAtomic(c, w, 4));
        t.on(Op.LDAT, (c, w) -> loadAtomic(c, w, 8));
        t.on(Op.STWAT, (c, w) -> storeAtomic(c, w, 4));
        t.on(Op.STDAT, (c, w) -> storeAtomic(c, w, 8));
    }

    /** DSISR bit 61 style detail for an invalid function code (Book II 4.5). */
    static final long INVALID_FC = 1L << (63 - 61);

    private static long load(Cpu c, long ea, int size) {
        return size == 4 ? c.mmu.load32(ea) & 0xFFFFFFFFL : c.mmu.load64(ea);
    }

    private static void store(Cpu c, long ea, int size, long v) {
        if (size == 4) c.mmu.store32(ea, (int) v);
        else c.mmu.store64(ea, v);
    }

    /** Operands of size 4 are compared as 32-bit values: signed ones are sign-extended here. */
    private static long signed(long v, int size) {
        return size == 4 ? (int) v : v;
    }

    /** The value op(old, src) of functions 0..7 (both lwat/ldat and stwat/stdat), masked to the size. */
    private static long apply(int fc, long old, long src, int size) {
        long r = switch (fc) {
            case 0 -> old + src;
            case 1 -> old ^ src;
            case 2 -> old | src;
            case 3 -> old & src;
            case 4 -> Long.compareUnsigned(old, src) >= 0 ? old : src;
            case 5 -> signed(old, size) >= signed(src, size) ? old : src;
            case 6 -> Long.compareUnsigned(old, src) <= 0 ? old : src;
            default -> signed(old, size) <= signed(src, size) ? old : src; // 7; callers pass 0..7 only
        };
        return size == 4 ? r & 0xFFFFFFFFL : r;
    }

    /** lwat/ldat RT,RA,FC (Book II 4.5.1). */
    static void loadAtomic(Cpu c, int w, int size) {
        int fc = rb(w);
        int rt = rt(w);
        long ea = c.ea(LoadStore.base(c, ra(w)));
        boolean valid = fc <= 8 || fc == 16 || fc == 24 || fc == 25 || fc == 28;
        if (!valid) throw new GuestInterrupt(Interrupt.DATA_STORAGE, INVALID_FC, ea);
        LoadStore.requireAligned(c, ea, size);
        long mask = size == 4 ? 0xFFFFFFFFL : -1L;
        long src = c.gpr[(rt + 1) & 31] & mask;
        long result;
        if (fc >= 24) {
            // Fetch and Increment Bounded (24) / Equal (25), Fetch and Decrement Bounded (28):
            // compare mem(EA) with the next element mem(EA+s), as qemu-ppc64le does. (Whether the
            // ISA bounds the decrement by mem(EA-s) instead is unverified here.)
            long ea2 = c.ea(ea + size);
            LoadStore.probeStore(c, ea, size);
            LoadStore.probeLoad(c, ea2, size);
            StorageAtomics.Section s1 = c.mmu.section(ea), s2 = c.mmu.section(ea2);
            synchronized (s1.index <= s2.index ? s1 : s2) {
                synchronized (s1.index <= s2.index ? s2 : s1) {
                    long t = load(c, ea, size);
                    long t2 = load(c, ea2, size);
                    boolean go = fc == 25 ? t == t2 : t != t2;
                    if (go) store(c, ea, size, (t + (fc == 28 ? -1 : 1)) & mask);
                    result = go ? t : 1L << (8 * size - 1);
                }
            }
        } else {
            LoadStore.probeStore(c, ea, size);
            synchronized (c.mmu.section(ea)) {
                long old, nv;
                do {
                    old = load(c, ea, size);
                    if (fc == 8) nv = src;                                        // Swap
                    else if (fc == 16) nv = old != src ? c.gpr[(rt + 2) & 31] & mask : old; // Compare and Swap Not Equal
                    else nv = apply(fc, old, src, size);
                } while (nv != old && !c.mmu.compareAndSet(ea, size, old, nv));
                result = old;
            }
        }
        c.gpr[rt] = result;
    }

    /** stwat/stdat RS,RA,FC (Book II 4.5.2). */
    static void storeAtomic(Cpu c, int w, int size) {
        int fc = rb(w);
        long ea = c.ea(LoadStore.base(c, ra(w)));
        if (fc > 7 && fc != 24) throw new GuestInterrupt(Interrupt.DATA_STORAGE, INVALID_FC, ea);
        LoadStore.requireAligned(c, ea, size);
        long mask = size == 4 ? 0xFFFFFFFFL : -1L;
        long src = c.gpr[rt(w)] & mask;
        if (fc == 24) {
            // Store Twin: both elements take RS if they were equal.
            long ea2 = c.ea(ea + size);
            LoadStore.probeStore(c, ea, size);
            LoadStore.probeStore(c, ea2, size);
            StorageAtomics.Section s1 = c.mmu.section(ea), s2 = c.mmu.section(ea2);
            synchronized (s1.index <= s2.index ? s1 : s2) {
                synchronized (s1.index <= s2.index ? s2 : s1) {
                    long t = load(c, ea, size);
                    long t2 = load(c, ea2, size);
                    if (t == t2 && t != src) {
                        store(c, ea, size, src);
                        store(c, ea2, size, src);
                    }
                }
            }
            return;
        }
        LoadStore.probeStore(c, ea, size);
        synchronized (c.mmu.section(ea)) {
            long old, nv;
            do {
                old = load(c, ea, size);
                nv = apply(fc, old, src, size);
            } while (nv != old && !c.mmu.compareAndSet(ea, size, old, nv));
        }
    }
}
