package org.jpseries.cpu.insn;

import static org.jpseries.cpu.insn.VecSupport.vec;
import static org.jpseries.cpu.insn.VecSupport.vra;
import static org.jpseries.cpu.insn.VecSupport.vrb;
import static org.jpseries.cpu.insn.VecSupport.vrt;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.VectorRegs;
import org.jpseries.isa.Op;

/**
 * Vector AES, SHA-2 and carry-less multiply instructions (Book I 6.11 "Vector Cryptographic").
 * The AES state is the 16 bytes of the register in element order, column-major as in FIPS-197
 * (byte 4c+r is row r of column c). The S-box is computed from its definition at class load.
 */
final class VmxCrypto {
    private VmxCrypto() {}

    static void register(InstructionTable t) {
        t.on(Op.VCIPHER, (c, w) -> aes(c, w, false, false));
        t.on(Op.VCIPHERLAST, (c, w) -> aes(c, w, false, true));
        t.on(Op.VNCIPHER, (c, w) -> aes(c, w, true, false));
        t.on(Op.VNCIPHERLAST, (c, w) -> aes(c, w, true, true));
        t.on(Op.VSBOX, VmxCrypto::vsbox);
        t.on(Op.VSHASIGMAW, VmxCrypto::vshasigmaw);
        t.on(Op.VSHASIGMAD, VmxCrypto::vshasigmad);
        t.on(Op.VPMSUMB, (c, w) -> vpmsum(c, w, 8));
        t.on(Op.VPMSUMH, (c, w) -> vpmsum(c, w, 16));
        t.on(Op.VPMSUMW, (c, w) -> vpmsum(c, w, 32));
        t.on(Op.VPMSUMD, VmxCrypto::vpmsumd);
    }

    private static final byte[] SBOX = new byte[256], INV_SBOX = new byte[256];

    /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
    static int gmul(int a, int b) {
        int r = 0;
        while (b != 0) {
            if ((b & 1) != 0) r ^= a;
            a <<= 1;
            if ((a & 0x100) != 0) a ^= 0x11B;
            b >>>= 1;
        }
        return r;
    }

    static {
        // inverses through powers of the generator 3: x = 3^k, x^-1 = 3^(255-k)
        int[] exp = new int[256], log = new int[256];
        int p = 1;
        for (int k = 0; k < 255; k++) {
            exp[k] = p;
            log[p] = k;
            p = gmul(p, 3);
        }
        for (int x = 0; x < 256; x++) {
            int inv = x == 0 ? 0 : exp[(255 - log[x]) % 255];
            int s = inv;
            for (int k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >>> (8 - k))) & 0xFF;
            s ^= 0x63;
            SBOX[x] = (byte) s;
            INV_SBOX[s] = (byte) x;
        }
    }

    private static void aes(Cpu c, int w, boolean inverse, boolean last) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long ah = v[a], al = v[a + 1], kh = v[b], kl = v[b + 1];
        // ShiftRows / InvShiftRows and (Inv)SubBytes
        long rh = 0, rl = 0;
        for (int i = 0; i < 16; i++) {
            int r = i & 3, col = i >>> 2;
            int srcCol = inverse ? (col - r + 4) & 3 : (col + r) & 3;
            int x = VectorRegs.byteOf(ah, al, 4 * srcCol + r);
            long y = (inverse ? INV_SBOX[x] : SBOX[x]) & 0xFF;
            if (i < 8) rh |= y << (56 - 8 * i);
            else rl |= y << (56 - 8 * (i - 8));
        }
        if (inverse) {
            // vncipher: AddRoundKey before InvMixColumns
            rh ^= kh;
            rl ^= kl;
            if (!last) {
                rh = mixColumns(rh, true);
                rl = mixColumns(rl, true);
            }
        } else {
            if (!last) {
                rh = mixColumns(rh, false);
                rl = mixColumns(rl, false);
            }
            rh ^= kh;
            rl ^= kl;
        }
        int t = vrt(w);
        v[t] = rh;
        v[t + 1] = rl;
    }

    /** (Inv)MixColumns of the two columns held in a doubleword (bytes 0-3 and 4-7). */
    private static long mixColumns(long d, boolean inverse) {
        long r = 0;
        for (int col = 0; col < 2; col++) {
            int sh = 32 - 32 * col;
            int s0 = (int) (d >>> (sh + 24)) & 0xFF, s1 = (int) (d >>> (sh + 16)) & 0xFF;
            int s2 = (int) (d >>> (sh + 8)) & 0xFF, s3 = (int) (d >>> sh) & 0xFF;
            int t0, t1, t2, t3;
            if (inverse) {
                t0 = gmul(s0, 14) ^ gmul(s1, 11) ^ gmul(s2, 13) ^ gmul(s3, 9);
                t1 = gmul(s0, 9) ^ gmul(s1, 14) ^ gmul(s2, 11) ^ gmul(s3, 13);
                t2 = gmul(s0, 13) ^ gmul(s1, 9) ^ gmul(s2, 14) ^ gmul(s3, 11);
                t3 = gmul(s0, 11) ^ gmul(s1, 13) ^ gmul(s2, 9) ^ gmul(s3, 14);
            } else {
                t0 = gmul(s0, 2) ^ gmul(s1, 3) ^ s2 ^ s3;
                t1 = s0 ^ gmul(s1, 2) ^ gmul(s2, 3) ^ s3;
                t2 = s0 ^ s1 ^ gmul(s2, 2) ^ gmul(s3, 3);
                t3 = gmul(s0, 3) ^ s1 ^ s2 ^ gmul(s3, 2);
            }
            long word = ((long) t0 << 24) | ((long) t1 << 16) | ((long) t2 << 8) | t3;
            r |= word << sh;
        }
        return r;
    }

    /** vsbox VRT,VRA: SubBytes. */
    static void vsbox(Cpu c, int w) {
        vec(c);
        int a = vra(w);
        long h = c.vsr[a], l = c.vsr[a + 1];
        long rh = 0, rl = 0;
        for (int i = 0; i < 8; i++) {
            int sh = 56 - 8 * i;
            rh |= (SBOX[(int) (h >>> sh) & 0xFF] & 0xFFL) << sh;
            rl |= (SBOX[(int) (l >>> sh) & 0xFF] & 0xFFL) << sh;
        }
        int t = vrt(w);
        c.vsr[t] = rh;
        c.vsr[t + 1] = rl;
    }

    /** vshasigmaw VRT,VRA,ST,SIX: SHA-256 sigma functions per word (ST bit 16, SIX bits 17:20). */
    static void vshasigmaw(Cpu c, int w) {
        vec(c);
        int st = (w >>> 15) & 1, six = (w >>> 11) & 15;
        int a = vra(w);
        long hi = 0, lo = 0;
        for (int i = 0; i < 4; i++) {
            int x = VectorRegs.getWord(c.vsr, a, i);
            boolean one = ((six >>> (3 - i)) & 1) != 0;
            int r;
            if (st == 0) {
                r = one ? Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ (x >>> 10)
                        : Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            } else {
                r = one ? Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateRight(x, 25)
                        : Integer.rotateRight(x, 2) ^ Integer.rotateRight(x, 13) ^ Integer.rotateRight(x, 22);
            }
            long place = (r & 0xFFFFFFFFL) << (32 - 32 * (i & 1));
            if (i < 2) hi |= place;
            else lo |= place;
        }
        int t = vrt(w);
        c.vsr[t] = hi;
        c.vsr[t + 1] = lo;
    }

    /** vshasigmad VRT,VRA,ST,SIX: SHA-512 sigma functions per doubleword (SIX bit 2i selects). */
    static void vshasigmad(Cpu c, int w) {
        vec(c);
        int st = (w >>> 15) & 1, six = (w >>> 11) & 15;
        int a = vra(w);
        long r0 = 0, r1 = 0;
        for (int i = 0; i < 2; i++) {
            long x = c.vsr[a + i];
            boolean one = ((six >>> (3 - 2 * i)) & 1) != 0;
            long y;
            if (st == 0) {
                y = one ? Long.rotateRight(x, 19) ^ Long.rotateRight(x, 61) ^ (x >>> 6)
                        : Long.rotateRight(x, 1) ^ Long.rotateRight(x, 8) ^ (x >>> 7);
            } else {
                y = one ? Long.rotateRight(x, 14) ^ Long.rotateRight(x, 18) ^ Long.rotateRight(x, 41)
                        : Long.rotateRight(x, 28) ^ Long.rotateRight(x, 34) ^ Long.rotateRight(x, 39);
            }
            if (i == 0) r0 = y;
            else r1 = y;
        }
        int t = vrt(w);
        c.vsr[t] = r0;
        c.vsr[t + 1] = r1;
    }

    /** Carry-less product of two values of at most 32 bits. */
    private static long clmul32(long a, long b) {
        long r = 0;
        for (int i = 0; i < 32; i++) {
            if (((b >>> i) & 1) != 0) r ^= a << i;
        }
        return r;
    }

    /** vpmsum[bhw]: each double-width element = XOR of the carry-less products of its two halves. */
    static void vpmsum(Cpu c, int w, int bits) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long m = (1L << bits) - 1;
        int wide = 2 * bits;
        long hi = 0, lo = 0;
        for (int d = 0; d < 2; d++) {
            long x = v[a + d], y = v[b + d], r = 0;
            for (int sh = 64 - wide; sh >= 0; sh -= wide) {
                long p = clmul32((x >>> (sh + bits)) & m, (y >>> (sh + bits)) & m)
                        ^ clmul32((x >>> sh) & m, (y >>> sh) & m);
                r |= (wide == 64 ? p : p & ((1L << wide) - 1)) << sh;
            }
            if (d == 0) hi = r;
            else lo = r;
        }
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }

    /** vpmsumd: carry-less products of the doublewords, XORed into one quadword. */
    static void vpmsumd(Cpu c, int w) {
        vec(c);
        long[] v = c.vsr;
        int a = vra(w), b = vrb(w);
        long hi = 0, lo = 0;
        for (int d = 0; d < 2; d++) {
            long x = v[a + d], y = v[b + d];
            for (int i = 0; i < 64; i++) {
                if (((y >>> i) & 1) != 0) {
                    lo ^= x << i;
                    if (i > 0) hi ^= x >>> (64 - i);
                }
            }
        }
        int t = vrt(w);
        v[t] = hi;
        v[t + 1] = lo;
    }
}
