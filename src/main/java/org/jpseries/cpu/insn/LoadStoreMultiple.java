package org.jpseries.cpu.insn;

import static org.jpseries.cpu.Fields.ra;
import static org.jpseries.cpu.Fields.rb;
import static org.jpseries.cpu.Fields.rt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.isa.Op;

/**
 * Load/Store Multiple (Book I 3.3.6) and Move Assist string instructions (Book I 3.3.7).
 * All of them raise an alignment interrupt in Little-Endian mode (Book III 7.5.8), which is
 * what a ppc64le process gets (SIGBUS, as under qemu-ppc64le). The pages touched are
 * translated before any register or byte changes, so a fault leaves the state unchanged.
 */
final class LoadStoreMultiple {
    private LoadStoreMultiple() {}

    static void register(InstructionTable t) {
        t.on(Op.LMW, LoadStoreMultiple::lmw);
        t.on(Op.STMW, LoadStoreMultiple::stmw);
        t.on(Op.LSWI, LoadStoreMultiple::lswi);
        t.on(Op.LSWX, LoadStoreMultiple::lswx);
        t.on(Op.STSWI, LoadStoreMultiple::stswi);
        t.on(Op.STSWX, LoadStoreMultiple::stswx);
    }

    /** The alignment interrupt of Little-Endian mode, reporting the EA (the DAR in system mode). */
    private static void requireBigEndian(Cpu c, long ea) {
        if (c.littleEndian()) throw new GuestInterrupt(Interrupt.ALIGNMENT, 0, ea);
    }

    /**
     * lmw RT,D(RA): loads words into RT..r31 (Book I 3.3.6). RA in that range is an invalid
     * form; as qemu does, EA is computed first and the registers are loaded in order.
     */
    static void lmw(Cpu c, int w) {
        long ea = LoadStore.eaD(c, w);
        requireBigEndian(c, ea);
        int first = rt(w);
        LoadStore.probeLoad(c, ea, 4 * (32 - first));
        for (int r = first; r < 32; r++) {
            c.gpr[r] = c.mmu.load32(ea) & 0xFFFFFFFFL;
            ea = c.ea(ea + 4);
        }
    }

    /** stmw RS,D(RA): stores the low words of RS..r31 (Book I 3.3.6). */
    static void stmw(Cpu c, int w) {
        long ea = LoadStore.eaD(c, w);
        requireBigEndian(c, ea);
        int first = rt(w);
        LoadStore.probeStore(c, ea, 4 * (32 - first));
        for (int r = first; r < 32; r++) {
            c.mmu.store32(ea, (int) c.gpr[r]);
            ea = c.ea(ea + 4);
        }
    }

    /** True if register {@code r} is among the {@code n} registers from {@code start}, wrapping after r31. */
    static boolean inRange(int start, int n, int r) {
        int end = start + n;
        return end <= 32 ? r >= start && r < end : r >= start || r < end - 32;
    }

    /** lswi RT,RA,NB: NB bytes (0 means 32) from (RA|0) into RT, RT+1, ... (Book I 3.3.7). */
    static void lswi(Cpu c, int w) {
        long ea = c.ea(LoadStore.base(c, ra(w)));
        requireBigEndian(c, ea);
        int nb = rb(w);
        if (nb == 0) nb = 32;
        int start = rt(w);
        // RA in the range of registers loaded (including RA=0) is an invalid form.
        if (inRange(start, (nb + 3) >>> 2, ra(w))) throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        loadString(c, ea, nb, start);
    }

    /** lswx RT,RA,RB: XER[57:63] bytes from (RA|0)+(RB) (Book I 3.3.7); a count of 0 loads nothing. */
    static void lswx(Cpu c, int w) {
        long ea = LoadStore.eaX(c, w);
        requireBigEndian(c, ea);
        int nb = c.xerCount & 0x7F;
        if (nb == 0) return;
        int start = rt(w);
        int n = (nb + 3) >>> 2;
        if ((ra(w) != 0 && inRange(start, n, ra(w))) || inRange(start, n, rb(w))) {
            throw c.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
        }
        loadString(c, ea, nb, start);
    }

    /** Bytes go left to right into bits 32:63 of each register; a last partial word is zero-padded. */
    private static void loadString(Cpu c, long ea, int nb, int r) {
        LoadStore.probeLoad(c, ea, nb);
        while (nb > 0) {
            long v = 0;
            for (int k = 0; k < 4; k++) {
                v <<= 8;
                if (nb > 0) {
                    v |= c.mmu.load8(ea);
                    ea = c.ea(ea + 1);
                    nb--;
                }
            }
            c.gpr[r] = v;
            r = (r + 1) & 31;
        }
    }

    /** stswi RS,RA,NB: stores NB bytes (0 means 32) from RS, RS+1, ... at (RA|0) (Book I 3.3.7). */
    static void stswi(Cpu c, int w) {
        long ea = c.ea(LoadStore.base(c, ra(w)));
        requireBigEndian(c, ea);
        int nb = rb(w);
        if (nb == 0) nb = 32;
        storeString(c, ea, nb, rt(w));
    }

    /** stswx RS,RA,RB: stores XER[57:63] bytes at (RA|0)+(RB) (Book I 3.3.7). */
    static void stswx(Cpu c, int w) {
        long ea = LoadStore.eaX(c, w);
        requireBigEndian(c, ea);
        int nb = c.xerCount & 0x7F;
        if (nb == 0) return;
        storeString(c, ea, nb, rt(w));
    }

    private static void storeString(Cpu c, long ea, int nb, int r) {
        LoadStore.probeStore(c, ea, nb);
        int shift = 24;
        while (nb > 0) {
            c.mmu.store8(ea, (int) (c.gpr[r] >>> shift));
            ea = c.ea(ea + 1);
            nb--;
            shift -= 8;
            if (shift < 0) {
                shift = 24;
                r = (r + 1) & 31;
            }
        }
    }
}
