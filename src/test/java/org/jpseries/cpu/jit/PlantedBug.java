package org.jpseries.cpu.jit;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Semantics;

/**
 * Bugs planted in compiled blocks only (through {@link BlockCompiler#plantedBug}), each a
 * plausible translator mistake, to show that {@link JitDifferential} catches what it is for. Each
 * wraps the instruction's real semantics and then spoils one result.
 */
enum PlantedBug {
    /** adde's CA from RA + RB alone, the carry-in forgotten (wrong only when RA + RB = 2^64 - 1 and CA was 1). */
    ADDE_CA {
        @Override
        Semantics plant(int w, Semantics real) {
            if (w >>> 26 != 31 || (w >>> 1 & 0x1FF) != 138) return real;
            return (c, x) -> {
                long a = c.gpr[x >>> 16 & 31], b = c.gpr[x >>> 11 & 31];
                real.exec(c, x);
                c.ca32 = ((a & 0xFFFF_FFFFL) + (b & 0xFFFF_FFFFL)) >>> 32 != 0;
                // CA is the carry out of bit 0, in 32-bit mode out of bit 32 (Book I 3.3.9)
                c.ca = (c.msr & Cpu.MSR_SF) != 0 ? Long.compareUnsigned(a + b, a) < 0 : c.ca32;
            };
        }
    },
    /** rlwimi's wrapping mask (MB > ME) kept to the low word: RA's high word survives the insert. */
    RLWIMI_MASK {
        @Override
        Semantics plant(int w, Semantics real) {
            if (w >>> 26 != 20 || (w >>> 6 & 31) <= (w >>> 1 & 31)) return real;
            return (c, x) -> {
                int ra = x >>> 16 & 31;
                long old = c.gpr[ra];
                real.exec(c, x);
                c.gpr[ra] = c.gpr[ra] & 0xFFFF_FFFFL | old & 0xFFFF_FFFF_0000_0000L;
            };
        }
    },
    /** bc's CTR test made on CTR before the decrement (a bdnz loop runs once more). */
    BC_CTR {
        @Override
        Semantics plant(int w, Semantics real) {
            if (w >>> 26 != 16 || (w >>> 21 & 4) != 0) return real;
            return (c, x) -> {
                long before = c.ctr;
                real.exec(c, x);
                int bo = x >>> 21 & 31, bi = x >>> 16 & 31;
                boolean ctrOk = (before != 0) ^ (bo & 2) != 0;
                boolean condOk = (bo & 16) != 0 || (c.cr >>> (31 - bi) & 1) == (bo >>> 3 & 1);
                long target = ((x & 2) != 0 ? 0 : c.cia) + (short) (x & 0xFFFC);
                c.nip = ctrOk && condOk ? target : c.cia + 4;
            };
        }
    };

    abstract Semantics plant(int word, Semantics real);

    /** Plants this bug in every block compiled until {@link #remove}. */
    void install() {
        BlockCompiler.plantedBug = this::plant;
    }

    static void remove() {
        BlockCompiler.plantedBug = null;
    }

    /** {@code -Djpseries.jit.mutant=NAME} (scripts/jit-mutation): the bug the fuzz run plants, or none. */
    static void installConfigured() {
        String m = System.getProperty("jpseries.jit.mutant");
        if (m != null && !m.isEmpty()) valueOf(m).install();
    }

}
