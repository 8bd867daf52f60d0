package org.jpseries.cpu.jit;

import java.util.SplittableRandom;

/**
 * Where {@link ProgramGenerator} takes its decisions from: a seeded PRNG (the unit tier, the
 * mutation check; a seed reproduces a program) or Jazzer's input bytes (the fuzz tier, where
 * libFuzzer's coverage feedback steers the choices).
 */
interface Choices {
    /** A value in [0, bound). */
    int below(int bound);

    long bits();

    default boolean chance(int percent) {
        return below(100) < percent;
    }

    default <T> T pick(T[] from) {
        return from[below(from.length)];
    }

    default long pick(long[] from) {
        return from[below(from.length)];
    }

    static Choices seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Choices() {
            public int below(int bound) {
                return r.nextInt(bound);
            }

            public long bits() {
                return r.nextLong();
            }
        };
    }

    /**
     * Jazzer's input bytes, read in order: a choice below 256 takes one byte, below 65536 two,
     * else four; {@link #bits} eight. Once they run out the choices go on from a PRNG seeded with
     * the input, so that a short input still makes a whole program (libFuzzer's inputs are short
     * at first, and its mutations of the prefix still steer the rest).
     */
    static Choices of(byte[] data) {
        SplittableRandom rest = new SplittableRandom(java.util.Arrays.hashCode(data));
        return new Choices() {
            int at;

            private long next(int bytes) {
                long v = 0;
                for (int k = 0; k < bytes; k++) v = v << 8 | (at < data.length ? data[at++] & 0xFF : rest.nextInt(256));
                return v;
            }

            public int below(int bound) {
                if (bound <= 1) return 0;
                long v = next(bound <= 256 ? 1 : bound <= 65536 ? 2 : 4);
                return (int) (v % bound);
            }

            public long bits() {
                return next(8);
            }
        };
    }
}
