package org.jpseries.cpu;

/**
 * Encoders for the instruction formats the tests use (PowerISA Book I 1.6), checked against
 * powerpc64le-linux-gnu-objdump in {@code AsmTest}. Arguments are in assembler operand order.
 */
final class Asm {
    private Asm() {}

    static int d(int op, int rt, int ra, int imm) {
        return op << 26 | rt << 21 | ra << 16 | (imm & 0xFFFF);
    }

    static int x(int rt, int ra, int rb, int xo, boolean rc) {
        return 31 << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1 | (rc ? 1 : 0);
    }

    static int xo(int rt, int ra, int rb, int xo, boolean oe, boolean rc) {
        return 31 << 26 | rt << 21 | ra << 16 | rb << 11 | (oe ? 1 << 10 : 0) | xo << 1 | (rc ? 1 : 0);
    }

    // D-forms
    static int addi(int rt, int ra, int si) { return d(14, rt, ra, si); }
    static int addis(int rt, int ra, int si) { return d(15, rt, ra, si); }
    static int addic(int rt, int ra, int si) { return d(12, rt, ra, si); }
    static int addicDot(int rt, int ra, int si) { return d(13, rt, ra, si); }
    static int subfic(int rt, int ra, int si) { return d(8, rt, ra, si); }
    static int mulli(int rt, int ra, int si) { return d(7, rt, ra, si); }
    static int ori(int ra, int rs, int ui) { return d(24, rs, ra, ui); }
    static int oris(int ra, int rs, int ui) { return d(25, rs, ra, ui); }
    static int andiDot(int ra, int rs, int ui) { return d(28, rs, ra, ui); }
    static int cmpi(int bf, int l, int ra, int si) { return d(11, bf << 2 | l, ra, si); }
    static int cmpli(int bf, int l, int ra, int ui) { return d(10, bf << 2 | l, ra, ui); }
    static int twi(int to, int ra, int si) { return d(3, to, ra, si); }
    static int tdi(int to, int ra, int si) { return d(2, to, ra, si); }

    // XO-forms
    static int add(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 266, oe, rc); }
    static int addc(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 10, oe, rc); }
    static int adde(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 138, oe, rc); }
    static int subf(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 40, oe, rc); }
    static int subfc(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 8, oe, rc); }
    static int subfe(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 136, oe, rc); }
    static int addme(int rt, int ra, boolean oe, boolean rc) { return xo(rt, ra, 0, 234, oe, rc); }
    static int addze(int rt, int ra, boolean oe, boolean rc) { return xo(rt, ra, 0, 202, oe, rc); }
    static int subfze(int rt, int ra, boolean oe, boolean rc) { return xo(rt, ra, 0, 200, oe, rc); }
    static int neg(int rt, int ra, boolean oe, boolean rc) { return xo(rt, ra, 0, 104, oe, rc); }
    static int mullw(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 235, oe, rc); }
    static int mulld(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 233, oe, rc); }
    static int mulhd(int rt, int ra, int rb) { return xo(rt, ra, rb, 73, false, false); }
    static int mulhdu(int rt, int ra, int rb) { return xo(rt, ra, rb, 9, false, false); }
    static int mulhw(int rt, int ra, int rb) { return xo(rt, ra, rb, 75, false, false); }
    static int divw(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 491, oe, rc); }
    static int divwu(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 459, oe, rc); }
    static int divd(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 489, oe, rc); }
    static int divdu(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 457, oe, rc); }
    static int divwe(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 427, oe, rc); }
    static int divweu(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 395, oe, rc); }
    static int divde(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 425, oe, rc); }
    static int divdeu(int rt, int ra, int rb, boolean oe, boolean rc) { return xo(rt, ra, rb, 393, oe, rc); }

    // X-forms (RA is the target for logical instructions: operand order RA,RS,RB)
    static int and(int ra, int rs, int rb, boolean rc) { return x(rs, ra, rb, 28, rc); }
    static int or(int ra, int rs, int rb, boolean rc) { return x(rs, ra, rb, 444, rc); }
    static int slw(int ra, int rs, int rb, boolean rc) { return x(rs, ra, rb, 24, rc); }
    static int srw(int ra, int rs, int rb, boolean rc) { return x(rs, ra, rb, 536, rc); }
    static int sraw(int ra, int rs, int rb, boolean rc) { return x(rs, ra, rb, 792, rc); }
    static int srawi(int ra, int rs, int sh, boolean rc) { return x(rs, ra, sh, 824, rc); }
    static int sld(int ra, int rs, int rb, boolean rc) { return x(rs, ra, rb, 27, rc); }
    static int srd(int ra, int rs, int rb, boolean rc) { return x(rs, ra, rb, 539, rc); }
    static int srad(int ra, int rs, int rb, boolean rc) { return x(rs, ra, rb, 794, rc); }
    static int sradi(int ra, int rs, int sh, boolean rc) {
        return 31 << 26 | rs << 21 | ra << 16 | (sh & 31) << 11 | 413 << 2 | (sh >> 5) << 1 | (rc ? 1 : 0);
    }
    static int cntlzw(int ra, int rs) { return x(rs, ra, 0, 26, false); }
    static int cnttzd(int ra, int rs) { return x(rs, ra, 0, 570, false); }
    static int popcntb(int ra, int rs) { return x(rs, ra, 0, 122, false); }
    static int prtyw(int ra, int rs) { return x(rs, ra, 0, 154, false); }
    static int cmpb(int ra, int rs, int rb) { return x(rs, ra, rb, 508, false); }
    static int bpermd(int ra, int rs, int rb) { return x(rs, ra, rb, 252, false); }
    static int cfuged(int ra, int rs, int rb) { return x(rs, ra, rb, 220, false); }
    static int pdepd(int ra, int rs, int rb) { return x(rs, ra, rb, 156, false); }
    static int pextd(int ra, int rs, int rb) { return x(rs, ra, rb, 188, false); }
    static int cntlzdm(int ra, int rs, int rb) { return x(rs, ra, rb, 59, false); }
    static int cnttzdm(int ra, int rs, int rb) { return x(rs, ra, rb, 571, false); }
    static int brh(int ra, int rs) { return x(rs, ra, 0, 219, false); }
    static int cmp(int bf, int l, int ra, int rb) { return x(bf << 2 | l, ra, rb, 0, false); }
    static int cmpl(int bf, int l, int ra, int rb) { return x(bf << 2 | l, ra, rb, 32, false); }
    static int cmprb(int bf, int l, int ra, int rb) { return x(bf << 2 | l, ra, rb, 192, false); }
    static int cmpeqb(int bf, int ra, int rb) { return x(bf << 2, ra, rb, 224, false); }
    static int setb(int rt, int bfa) { return x(rt, bfa << 2, 0, 128, false); }
    static int setbc(int rt, int bi) { return x(rt, bi, 0, 384, false); }
    static int setnbcr(int rt, int bi) { return x(rt, bi, 0, 480, false); }
    static int tw(int to, int ra, int rb) { return x(to, ra, rb, 4, false); }
    static int td(int to, int ra, int rb) { return x(to, ra, rb, 68, false); }
    static int modsw(int rt, int ra, int rb) { return x(rt, ra, rb, 779, false); }
    static int modud(int rt, int ra, int rb) { return x(rt, ra, rb, 265, false); }
    static int isel(int rt, int ra, int rb, int bc) { return 31 << 26 | rt << 21 | ra << 16 | rb << 11 | bc << 6 | 15 << 1; }
    static int addex(int rt, int ra, int rb, int cy) { return 31 << 26 | rt << 21 | ra << 16 | rb << 11 | cy << 9 | 170 << 1; }
    static int maddhd(int rt, int ra, int rb, int rc) { return 4 << 26 | rt << 21 | ra << 16 | rb << 11 | rc << 6 | 48; }
    static int maddhdu(int rt, int ra, int rb, int rc) { return 4 << 26 | rt << 21 | ra << 16 | rb << 11 | rc << 6 | 49; }
    static int mcrxrx(int bf) { return x(bf << 2, 0, 0, 576, false); }
    static int darn(int rt, int l) { return x(rt, l, 0, 755, false); }

    // Moves
    static int spr(int n) { return (n & 31) << 5 | (n >> 5); }
    static int mfspr(int rt, int n) { return 31 << 26 | rt << 21 | spr(n) << 11 | 339 << 1; }
    static int mtspr(int n, int rs) { return 31 << 26 | rs << 21 | spr(n) << 11 | 467 << 1; }
    static int mftb(int rt) { return 31 << 26 | rt << 21 | spr(268) << 11 | 371 << 1; }
    static int mfcr(int rt) { return 31 << 26 | rt << 21 | 19 << 1; }
    static int mtcrf(int fxm, int rs) { return 31 << 26 | rs << 21 | fxm << 12 | 144 << 1; }
    static int mfocrf(int rt, int fxm) { return 31 << 26 | rt << 21 | 1 << 20 | fxm << 12 | 19 << 1; }
    static int mtocrf(int fxm, int rs) { return 31 << 26 | rs << 21 | 1 << 20 | fxm << 12 | 144 << 1; }

    // Rotates
    static int rlwinm(int ra, int rs, int sh, int mb, int me, boolean rc) {
        return 21 << 26 | rs << 21 | ra << 16 | sh << 11 | mb << 6 | me << 1 | (rc ? 1 : 0);
    }
    static int rlwimi(int ra, int rs, int sh, int mb, int me) {
        return 20 << 26 | rs << 21 | ra << 16 | sh << 11 | mb << 6 | me << 1;
    }
    static int md(int ra, int rs, int sh, int mbe, int xo) {
        return 30 << 26 | rs << 21 | ra << 16 | (sh & 31) << 11 | (mbe & 31) << 6 | (mbe & 32) | xo << 2 | (sh >> 5) << 1;
    }
    static int rldicl(int ra, int rs, int sh, int mb) { return md(ra, rs, sh, mb, 0); }
    static int rldicr(int ra, int rs, int sh, int me) { return md(ra, rs, sh, me, 1); }
    static int rldic(int ra, int rs, int sh, int mb) { return md(ra, rs, sh, mb, 2); }
    static int rldimi(int ra, int rs, int sh, int mb) { return md(ra, rs, sh, mb, 3); }
    static int extswsli(int ra, int rs, int sh) {
        return 31 << 26 | rs << 21 | ra << 16 | (sh & 31) << 11 | 445 << 2 | (sh >> 5) << 1;
    }

    // Branches and CR
    static int b(int offset) { return 18 << 26 | (offset & 0x03FFFFFC); }
    static int bl(int offset) { return b(offset) | 1; }
    static int ba(int target) { return b(target) | 2; }
    static int bc(int bo, int bi, int offset) { return 16 << 26 | bo << 21 | bi << 16 | (offset & 0xFFFC); }
    static int bcl(int bo, int bi, int offset) { return bc(bo, bi, offset) | 1; }
    static int bclr(int bo, int bi, boolean lk) { return 19 << 26 | bo << 21 | bi << 16 | 16 << 1 | (lk ? 1 : 0); }
    static int bcctr(int bo, int bi, boolean lk) { return 19 << 26 | bo << 21 | bi << 16 | 528 << 1 | (lk ? 1 : 0); }
    static int bctar(int bo, int bi, boolean lk) { return 19 << 26 | bo << 21 | bi << 16 | 560 << 1 | (lk ? 1 : 0); }
    static int crxl(int bt, int ba, int bb, int xo) { return 19 << 26 | bt << 21 | ba << 16 | bb << 11 | xo << 1; }
    static int crand(int bt, int ba, int bb) { return crxl(bt, ba, bb, 257); }
    static int crnor(int bt, int ba, int bb) { return crxl(bt, ba, bb, 33); }
    static int crorc(int bt, int ba, int bb) { return crxl(bt, ba, bb, 417); }
    static int creqv(int bt, int ba, int bb) { return crxl(bt, ba, bb, 289); }
    static int mcrf(int bf, int bfa) { return 19 << 26 | bf << 23 | bfa << 18; }
    static int addpcis(int rt, int d) {
        return 19 << 26 | rt << 21 | ((d >> 1) & 31) << 16 | ((d >> 6) & 0x3FF) << 6 | 2 << 1 | (d & 1);
    }
    static int scv(int lev) { return 17 << 26 | lev << 5 | 1; }
    static final int NOP = 0x60000000;
}
