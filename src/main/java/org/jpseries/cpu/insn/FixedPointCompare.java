package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.bf;
import static org.jpseries.cpu.Fields.bfa;
import static org.jpseries.cpu.Fields.l10;
import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rc;
import static org.jpseries.cpu.Fields.rt;
import static org.jpseries.cpu.Fields.si;
import static org.jpseries.cpu.Fields.ui;
import static org.jpseries.cpu.insn.FixedPoint.gprOrZero;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * Fixed-point compare (PowerISA Book I 3.3.10), trap (3.3.11), Integer Select (3.3.12) and the
 * Set Boolean instructions (listed with the system-register moves, 3.3.17).
 */
final class FixedPointCompare {
    private FixedPointCompare() {}

    static void register(InstructionTable t) {
        t.on(Op.CMP, FixedPointCompare::cmp);
        t.on(Op.CMPI, FixedPointCompare::cmpi);
        t.on(Op.CMPL, FixedPointCompare::cmpl);
        t.on(Op.CMPLI, FixedPointCompare::cmpli);
        t.on(Op.CMPRB, FixedPointCompare::cmprb);
        t.on(Op.CMPEQB, FixedPointCompare::cmpeqb);
        t.on(Op.TW, FixedPointCompare::tw);
        t.on(Op.TWI, FixedPointCompare::twi);
        t.on(Op.TD, FixedPointCompare::td);
        t.on(Op.TDI, FixedPointCompare::tdi);
        t.on(Op.ISEL, FixedPointCompare::isel);
        t.on(Op.SETB, FixedPointCompare::setb);
        t.on(Op.SETBC, FixedPointCompare::setbc);
        t.on(Op.SETBCR, FixedPointCompare::setbcr);
        t.on(Op.SETNBC, FixedPointCompare::setnbc);
        t.on(Op.SETNBCR, FixedPointCompare::setnbcr);
    }

    /** CR field value LT/GT/EQ for a signed comparison, with SO copied from XER. */
    private static int signed(Cpu c, long a, long b) {
        return (a < b ? 8 : a > b ? 4 : 2) | (c.so ? 1 : 0);
    }

    private static int unsigned(Cpu c, long a, long b) {
        int k = Long.compareUnsigned(a, b);
        return (k < 0 ? 8 : k > 0 ? 4 : 2) | (c.so ? 1 : 0);
    }

    /** cmp BF,L,RA,RB: signed compare of doublewords (L=1) or sign-extended words (Book I 3.3.10). */
    static void cmp(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)];
        if (!l10(w)) {
            a = (int) a;
            b = (int) b;
        }
        c.setCrField(bf(w), signed(c, a, b));
    }

    /** cmpi BF,L,RA,SI (Book I 3.3.10). */
    static void cmpi(Cpu c, int w) {
        long a = c.gpr[ra(w)];
        if (!l10(w)) a = (int) a;
        c.setCrField(bf(w), signed(c, a, si(w)));
    }

    /** cmpl BF,L,RA,RB: unsigned compare of doublewords (L=1) or zero-extended words (Book I 3.3.10). */
    static void cmpl(Cpu c, int w) {
        long a = c.gpr[ra(w)], b = c.gpr[rb(w)];
        if (!l10(w)) {
            a &= 0xFFFFFFFFL;
            b &= 0xFFFFFFFFL;
        }
        c.setCrField(bf(w), unsigned(c, a, b));
    }

    /** cmpli BF,L,RA,UI (Book I 3.3.10). */
    static void cmpli(Cpu c, int w) {
        long a = c.gpr[ra(w)];
        if (!l10(w)) a &= 0xFFFFFFFFL;
        c.setCrField(bf(w), unsigned(c, a, ui(w)));
    }

    /**
     * cmprb BF,L,RA,RB (Book I 3.3.10, ISA 3.0): CR[BF].GT = byte RA(56:63) lies in the range
     * RB(56:63)..RB(48:55), or (L=1) in that or RB(40:47)..RB(32:39); the other bits are 0.
     */
    static void cmprb(Cpu c, int w) {
        int x = (int) c.gpr[ra(w)] & 0xFF;
        int b = (int) c.gpr[rb(w)];
        boolean in = (b & 0xFF) <= x && x <= ((b >>> 8) & 0xFF);
        if (l10(w)) in |= ((b >>> 16) & 0xFF) <= x && x <= (b >>> 24);
        c.setCrField(bf(w), in ? 4 : 0);
    }

    /** cmpeqb BF,RA,RB (Book I 3.3.10, ISA 3.0): CR[BF].GT = byte RA(56:63) equals some byte of RB. */
    static void cmpeqb(Cpu c, int w) {
        // Bytes of RB equal to x become zero bytes of v; the usual zero-byte test finds them.
        long v = c.gpr[rb(w)] ^ ((c.gpr[ra(w)] & 0xFF) * 0x0101010101010101L);
        boolean match = ((v - 0x0101010101010101L) & ~v & 0x8080808080808080L) != 0;
        c.setCrField(bf(w), match ? 4 : 0);
    }

    /** The trap condition of TO (Book I 3.3.11): bits lt, gt, eq, ltu, gtu from the left. */
    private static boolean trapCondition(int to, long a, long b) {
        return ((to & 16) != 0 && a < b) || ((to & 8) != 0 && a > b) || ((to & 4) != 0 && a == b)
                || ((to & 2) != 0 && Long.compareUnsigned(a, b) < 0)
                || ((to & 1) != 0 && Long.compareUnsigned(a, b) > 0);
    }

    /** Word traps compare the low words: signed comparisons sign-extended, unsigned zero-extended. */
    private static boolean trapWord(int to, long a, long b) {
        int x = (int) a, y = (int) b;
        return ((to & 16) != 0 && x < y) || ((to & 8) != 0 && x > y) || ((to & 4) != 0 && x == y)
                || ((to & 2) != 0 && Integer.compareUnsigned(x, y) < 0)
                || ((to & 1) != 0 && Integer.compareUnsigned(x, y) > 0);
    }

    /** tw TO,RA,RB (Book I 3.3.11). */
    static void tw(Cpu c, int w) {
        if (trapWord(rt(w), c.gpr[ra(w)], c.gpr[rb(w)])) throw c.programInterrupt(Interrupt.PROGRAM_TRAP);
    }

    /** twi TO,RA,SI (Book I 3.3.11). */
    static void twi(Cpu c, int w) {
        if (trapWord(rt(w), c.gpr[ra(w)], si(w))) throw c.programInterrupt(Interrupt.PROGRAM_TRAP);
    }

    /** td TO,RA,RB (Book I 3.3.11). */
    static void td(Cpu c, int w) {
        if (trapCondition(rt(w), c.gpr[ra(w)], c.gpr[rb(w)])) throw c.programInterrupt(Interrupt.PROGRAM_TRAP);
    }

    /** tdi TO,RA,SI (Book I 3.3.11). */
    static void tdi(Cpu c, int w) {
        if (trapCondition(rt(w), c.gpr[ra(w)], si(w))) throw c.programInterrupt(Interrupt.PROGRAM_TRAP);
    }

    /** isel RT,RA,RB,BC: RT = CR[BC] ? (RA|0) : (RB) (Book I 3.3.12). */
    static void isel(Cpu c, int w) {
        c.gpr[rt(w)] = c.crBit(rc(w)) ? gprOrZero(c, ra(w)) : c.gpr[rb(w)];
    }

    /** setb RT,BFA (Book I 3.3.17, ISA 3.0): -1 if CR[BFA].LT, else 1 if CR[BFA].GT, else 0. */
    static void setb(Cpu c, int w) {
        int f = c.crField(bfa(w));
        c.gpr[rt(w)] = (f & 8) != 0 ? -1 : (f & 4) != 0 ? 1 : 0;
    }

    /** setbc RT,BI (Book I 3.3.17, ISA 3.1): RT = CR[BI] ? 1 : 0. */
    static void setbc(Cpu c, int w) {
        c.gpr[rt(w)] = c.crBit(ra(w)) ? 1 : 0;
    }

    /** setbcr RT,BI (ISA 3.1): RT = CR[BI] ? 0 : 1. */
    static void setbcr(Cpu c, int w) {
        c.gpr[rt(w)] = c.crBit(ra(w)) ? 0 : 1;
    }

    /** setnbc RT,BI (ISA 3.1): RT = CR[BI] ? -1 : 0. */
    static void setnbc(Cpu c, int w) {
        c.gpr[rt(w)] = c.crBit(ra(w)) ? -1 : 0;
    }

    /** setnbcr RT,BI (ISA 3.1): RT = CR[BI] ? 0 : -1. */
    static void setnbcr(Cpu c, int w) {
        c.gpr[rt(w)] = c.crBit(ra(w)) ? 0 : -1;
    }
}
