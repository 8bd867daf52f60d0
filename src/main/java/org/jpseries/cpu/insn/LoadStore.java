package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ds;
import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.Fields.si;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * Fixed-point loads and stores (PowerISA Book I 3.3.2-3.3.6): byte, halfword, word and
 * doubleword, zero-extending and algebraic, with update and indexed forms, and the byte-reverse
 * forms. The other storage instructions live beside this class: {@link LoadStoreMultiple}
 * (lmw/stmw and strings), {@link LoadStoreQuad} (lq/stq), {@link Reservation} (larx/stcx.),
 * {@link AtomicMemory} (ISA 3.0 lwat/ldat/stwat/stdat), {@link PrefixedLoadStore} (ISA 3.1
 * pl/pst) and {@link StorageControl} (cache management and barriers).
 *
 * <p>Every handler computes the EA, performs the access and only then writes RT and RA, so a
 * storage fault leaves the registers unchanged. Update forms with RA=0 (and loads with RA=RT)
 * are invalid forms; like qemu-ppc64le we take them as illegal instructions.
 */
public final class LoadStore {
    private LoadStore() {}

    public static void register(InstructionTable t) {
        t.on(Op.LBZ, LoadStore::lbz);
        t.on(Op.LBZU, LoadStore::lbzu);
        t.on(Op.LBZX, LoadStore::lbzx);
        t.on(Op.LBZUX, LoadStore::lbzux);
        t.on(Op.LHZ, LoadStore::lhz);
        t.on(Op.LHZU, LoadStore::lhzu);
        t.on(Op.LHZX, LoadStore::lhzx);
        t.on(Op.LHZUX, LoadStore::lhzux);
        t.on(Op.LHA, LoadStore::lha);
        t.on(Op.LHAU, LoadStore::lhau);
        t.on(Op.LHAX, LoadStore::lhax);
        t.on(Op.LHAUX, LoadStore::lhaux);
        t.on(Op.LWZ, LoadStore::lwz);
        t.on(Op.LWZU, LoadStore::lwzu);
        t.on(Op.LWZX, LoadStore::lwzx);
        t.on(Op.LWZUX, LoadStore::lwzux);
        t.on(Op.LWA, LoadStore::lwa);
        t.on(Op.LWAX, LoadStore::lwax);
        t.on(Op.LWAUX, LoadStore::lwaux);
        t.on(Op.LD, LoadStore::ld);
        t.on(Op.LDU, LoadStore::ldu);
        t.on(Op.LDX, LoadStore::ldx);
        t.on(Op.LDUX, LoadStore::ldux);

        t.on(Op.STB, LoadStore::stb);
        t.on(Op.STBU, LoadStore::stbu);
        t.on(Op.STBX, LoadStore::stbx);
        t.on(Op.STBUX, LoadStore::stbux);
        t.on(Op.STH, LoadStore::sth);
        t.on(Op.STHU, LoadStore::sthu);
        t.on(Op.STHX, LoadStore::sthx);
        t.on(Op.STHUX, LoadStore::sthux);
        t.on(Op.STW, LoadStore::stw);
        t.on(Op.STWU, LoadStore::stwu);
        t.on(Op.STWX, LoadStore::stwx);
        t.on(Op.STWUX, LoadStore::stwux);
        t.on(Op.STD, LoadStore::std);
        t.on(Op.STDU, LoadStore::stdu);
        t.on(Op.STDX, LoadStore::stdx);
        t.on(Op.STDUX, LoadStore::stdux);

        t.on(Op.LHBRX, LoadStore::lhbrx);
        t.on(Op.LWBRX, LoadStore::lwbrx);
        t.on(Op.LDBRX, LoadStore::ldbrx);
        t.on(Op.STHBRX, LoadStore::sthbrx);
        t.on(Op.STWBRX, LoadStore::stwbrx);
        t.on(Op.STDBRX, LoadStore::stdbrx);

        LoadStoreMultiple.register(t);
        LoadStoreQuad.register(t);
        Reservation.register(t);
        AtomicMemory.register(t);
        PrefixedLoadStore.register(t);
        StorageControl.register(t);
    }

    // ---- effective addresses (Book I 1.10.3) ----

    /** (RA|0): zero when the field names r0. */
    static long base(Cpu c, int ra) {
        return ra == 0 ? 0 : c.gpr[ra];
    }

    /** D-form: EA = (RA|0) + EXTS(D). */
    static long eaD(Cpu c, int w) {
        return c.ea(base(c, ra(w)) + si(w));
    }

    /** DS-form: EA = (RA|0) + EXTS(DS || 0b00). */
    static long eaDS(Cpu c, int w) {
        return c.ea(base(c, ra(w)) + ds(w));
    }

    /** X-form: EA = (RA|0) + (RB). */
    static long eaX(Cpu c, int w) {
        return c.ea(base(c, ra(w)) + c.gpr[rb(w)]);
    }

    /** Update-form load: RA=0 or RA=RT is an invalid form (illegal, as in qemu). Returns RA. */
    static int loadUpdateRa(Cpu c, int w) {
        int ra = ra(w);
        if (ra == 0 || ra == rt(w)) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        return ra;
    }

    /** Update-form store: RA=0 is an invalid form. Returns RA. */
    static int storeUpdateRa(Cpu c, int w) {
        int ra = ra(w);
        if (ra == 0) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        return ra;
    }

    /**
     * Translates every page of an access of {@code len} bytes at {@code ea} before any part of it
     * is performed, so that a fault leaves registers and storage unchanged. Outside 64-bit mode
     * the access wraps from 2^32-1 to 0 (Book I 1.10.3), and so does the probe.
     */
    static void probeLoad(Cpu c, long ea, int len) {
        long beyond = ea + len - 0x1_0000_0000L;
        if (beyond > 0 && !c.sf()) {
            c.mmu.probeLoad(ea, len - (int) beyond);
            c.mmu.probeLoad(0, (int) beyond);
        } else {
            c.mmu.probeLoad(ea, len);
        }
    }

    /** As {@link #probeLoad} for stores. */
    static void probeStore(Cpu c, long ea, int len) {
        long beyond = ea + len - 0x1_0000_0000L;
        if (beyond > 0 && !c.sf()) {
            c.mmu.probeStore(ea, len - (int) beyond);
            c.mmu.probeStore(0, (int) beyond);
        } else {
            c.mmu.probeStore(ea, len);
        }
    }

    /** Alignment interrupt for an access that must be naturally aligned (larx, stcx., lq...). */
    static void requireAligned(Cpu c, long ea, int size) {
        if ((ea & (size - 1)) != 0) throw new GuestInterrupt(Interrupt.ALIGNMENT, 0, ea);
    }

    // ---- Book I 3.3.2 Fixed-Point Load Instructions ----

    /** lbz RT,D(RA) (Book I 3.3.2). */
    static void lbz(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load8(eaD(c, w));
    }

    /** lbzu RT,D(RA) (Book I 3.3.2). */
    static void lbzu(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + si(w));
        c.gpr[rt(w)] = c.mmu.load8(ea);
        c.gpr[ra] = ea;
    }

    /** lbzx RT,RA,RB (Book I 3.3.2). */
    static void lbzx(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load8(eaX(c, w));
    }

    /** lbzux RT,RA,RB (Book I 3.3.2). */
    static void lbzux(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.gpr[rt(w)] = c.mmu.load8(ea);
        c.gpr[ra] = ea;
    }

    /** lhz RT,D(RA) (Book I 3.3.2). */
    static void lhz(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load16(eaD(c, w));
    }

    /** lhzu RT,D(RA) (Book I 3.3.2). */
    static void lhzu(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + si(w));
        c.gpr[rt(w)] = c.mmu.load16(ea);
        c.gpr[ra] = ea;
    }

    /** lhzx RT,RA,RB (Book I 3.3.2). */
    static void lhzx(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load16(eaX(c, w));
    }

    /** lhzux RT,RA,RB (Book I 3.3.2). */
    static void lhzux(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.gpr[rt(w)] = c.mmu.load16(ea);
        c.gpr[ra] = ea;
    }

    /** lha RT,D(RA): halfword sign-extended (Book I 3.3.2). */
    static void lha(Cpu c, int w) {
        c.gpr[rt(w)] = (short) c.mmu.load16(eaD(c, w));
    }

    /** lhau RT,D(RA) (Book I 3.3.2). */
    static void lhau(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + si(w));
        c.gpr[rt(w)] = (short) c.mmu.load16(ea);
        c.gpr[ra] = ea;
    }

    /** lhax RT,RA,RB (Book I 3.3.2). */
    static void lhax(Cpu c, int w) {
        c.gpr[rt(w)] = (short) c.mmu.load16(eaX(c, w));
    }

    /** lhaux RT,RA,RB (Book I 3.3.2). */
    static void lhaux(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.gpr[rt(w)] = (short) c.mmu.load16(ea);
        c.gpr[ra] = ea;
    }

    /** lwz RT,D(RA) (Book I 3.3.2). */
    static void lwz(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load32(eaD(c, w)) & 0xFFFFFFFFL;
    }

    /** lwzu RT,D(RA) (Book I 3.3.2). */
    static void lwzu(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + si(w));
        c.gpr[rt(w)] = c.mmu.load32(ea) & 0xFFFFFFFFL;
        c.gpr[ra] = ea;
    }

    /** lwzx RT,RA,RB (Book I 3.3.2). */
    static void lwzx(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load32(eaX(c, w)) & 0xFFFFFFFFL;
    }

    /** lwzux RT,RA,RB (Book I 3.3.2). */
    static void lwzux(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.gpr[rt(w)] = c.mmu.load32(ea) & 0xFFFFFFFFL;
        c.gpr[ra] = ea;
    }

    /** lwa RT,DS(RA): word sign-extended (Book I 3.3.2.1). */
    static void lwa(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load32(eaDS(c, w));
    }

    /** lwax RT,RA,RB (Book I 3.3.2.1). */
    static void lwax(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load32(eaX(c, w));
    }

    /** lwaux RT,RA,RB (Book I 3.3.2.1). */
    static void lwaux(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.gpr[rt(w)] = c.mmu.load32(ea);
        c.gpr[ra] = ea;
    }

    /** ld RT,DS(RA) (Book I 3.3.2.1). */
    static void ld(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load64(eaDS(c, w));
    }

    /** ldu RT,DS(RA) (Book I 3.3.2.1). */
    static void ldu(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + ds(w));
        c.gpr[rt(w)] = c.mmu.load64(ea);
        c.gpr[ra] = ea;
    }

    /** ldx RT,RA,RB (Book I 3.3.2.1). */
    static void ldx(Cpu c, int w) {
        c.gpr[rt(w)] = c.mmu.load64(eaX(c, w));
    }

    /** ldux RT,RA,RB (Book I 3.3.2.1). */
    static void ldux(Cpu c, int w) {
        int ra = loadUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.gpr[rt(w)] = c.mmu.load64(ea);
        c.gpr[ra] = ea;
    }

    // ---- Book I 3.3.3 Fixed-Point Store Instructions (RA=RS is valid for update stores) ----

    /** stb RS,D(RA) (Book I 3.3.3). */
    static void stb(Cpu c, int w) {
        c.mmu.store8(eaD(c, w), (int) c.gpr[rt(w)]);
    }

    /** stbu RS,D(RA) (Book I 3.3.3). */
    static void stbu(Cpu c, int w) {
        int ra = storeUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + si(w));
        c.mmu.store8(ea, (int) c.gpr[rt(w)]);
        c.gpr[ra] = ea;
    }

    /** stbx RS,RA,RB (Book I 3.3.3). */
    static void stbx(Cpu c, int w) {
        c.mmu.store8(eaX(c, w), (int) c.gpr[rt(w)]);
    }

    /** stbux RS,RA,RB (Book I 3.3.3). */
    static void stbux(Cpu c, int w) {
        int ra = storeUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.mmu.store8(ea, (int) c.gpr[rt(w)]);
        c.gpr[ra] = ea;
    }

    /** sth RS,D(RA) (Book I 3.3.3). */
    static void sth(Cpu c, int w) {
        c.mmu.store16(eaD(c, w), (int) c.gpr[rt(w)]);
    }

    /** sthu RS,D(RA) (Book I 3.3.3). */
    static void sthu(Cpu c, int w) {
        int ra = storeUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + si(w));
        c.mmu.store16(ea, (int) c.gpr[rt(w)]);
        c.gpr[ra] = ea;
    }

    /** sthx RS,RA,RB (Book I 3.3.3). */
    static void sthx(Cpu c, int w) {
        c.mmu.store16(eaX(c, w), (int) c.gpr[rt(w)]);
    }

    /** sthux RS,RA,RB (Book I 3.3.3). */
    static void sthux(Cpu c, int w) {
        int ra = storeUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.mmu.store16(ea, (int) c.gpr[rt(w)]);
        c.gpr[ra] = ea;
    }

    /** stw RS,D(RA) (Book I 3.3.3). */
    static void stw(Cpu c, int w) {
        c.mmu.store32(eaD(c, w), (int) c.gpr[rt(w)]);
    }

    /** stwu RS,D(RA) (Book I 3.3.3). */
    static void stwu(Cpu c, int w) {
        int ra = storeUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + si(w));
        c.mmu.store32(ea, (int) c.gpr[rt(w)]);
        c.gpr[ra] = ea;
    }

    /** stwx RS,RA,RB (Book I 3.3.3). */
    static void stwx(Cpu c, int w) {
        c.mmu.store32(eaX(c, w), (int) c.gpr[rt(w)]);
    }

    /** stwux RS,RA,RB (Book I 3.3.3). */
    static void stwux(Cpu c, int w) {
        int ra = storeUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.mmu.store32(ea, (int) c.gpr[rt(w)]);
        c.gpr[ra] = ea;
    }

    /** std RS,DS(RA) (Book I 3.3.3.1). */
    static void std(Cpu c, int w) {
        c.mmu.store64(eaDS(c, w), c.gpr[rt(w)]);
    }

    /** stdu RS,DS(RA) (Book I 3.3.3.1). */
    static void stdu(Cpu c, int w) {
        int ra = storeUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + ds(w));
        c.mmu.store64(ea, c.gpr[rt(w)]);
        c.gpr[ra] = ea;
    }

    /** stdx RS,RA,RB (Book I 3.3.3.1). */
    static void stdx(Cpu c, int w) {
        c.mmu.store64(eaX(c, w), c.gpr[rt(w)]);
    }

    /** stdux RS,RA,RB (Book I 3.3.3.1). */
    static void stdux(Cpu c, int w) {
        int ra = storeUpdateRa(c, w);
        long ea = c.ea(c.gpr[ra] + c.gpr[rb(w)]);
        c.mmu.store64(ea, c.gpr[rt(w)]);
        c.gpr[ra] = ea;
    }

    // ---- Book I 3.3.5 Fixed-Point Load and Store with Byte Reversal ----

    /** lhbrx RT,RA,RB (Book I 3.3.5). */
    static void lhbrx(Cpu c, int w) {
        c.gpr[rt(w)] = Short.reverseBytes((short) c.mmu.load16(eaX(c, w))) & 0xFFFFL;
    }

    /** lwbrx RT,RA,RB (Book I 3.3.5). */
    static void lwbrx(Cpu c, int w) {
        c.gpr[rt(w)] = Integer.reverseBytes(c.mmu.load32(eaX(c, w))) & 0xFFFFFFFFL;
    }

    /** ldbrx RT,RA,RB (Book I 3.3.5.1). */
    static void ldbrx(Cpu c, int w) {
        c.gpr[rt(w)] = Long.reverseBytes(c.mmu.load64(eaX(c, w)));
    }

    /** sthbrx RS,RA,RB (Book I 3.3.5). */
    static void sthbrx(Cpu c, int w) {
        c.mmu.store16(eaX(c, w), Short.reverseBytes((short) c.gpr[rt(w)]));
    }

    /** stwbrx RS,RA,RB (Book I 3.3.5). */
    static void stwbrx(Cpu c, int w) {
        c.mmu.store32(eaX(c, w), Integer.reverseBytes((int) c.gpr[rt(w)]));
    }

    /** stdbrx RS,RA,RB (Book I 3.3.5.1). */
    static void stdbrx(Cpu c, int w) {
        c.mmu.store64(eaX(c, w), Long.reverseBytes(c.gpr[rt(w)]));
    }
}
