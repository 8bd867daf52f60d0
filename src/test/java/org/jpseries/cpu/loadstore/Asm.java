package org.jpseries.cpu.loadstore;

/** Encoders for the instruction forms the load/store tests use (PowerISA Book I 1.6). */
final class Asm {
    private Asm() {}

    static int d(int op, int rt, int ra, int d) {
        return op << 26 | rt << 21 | ra << 16 | (d & 0xFFFF);
    }

    static int ds(int op, int rt, int ra, int d, int xo) {
        return op << 26 | rt << 21 | ra << 16 | (d & 0xFFFC) | xo;
    }

    static int x(int xo, int rt, int ra, int rb) {
        return 31 << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1;
    }

    /** X-form with Rc=1 (stcx.). */
    static int xDot(int xo, int rt, int ra, int rb) {
        return x(xo, rt, ra, rb) | 1;
    }

    static int addi(int rt, int ra, int si) { return d(14, rt, ra, si); }
    static final int SC = 0x44000002;

    // D-form opcodes
    static int lwz(int rt, int ra, int d) { return d(32, rt, ra, d); }
    static int lwzu(int rt, int ra, int d) { return d(33, rt, ra, d); }
    static int lbz(int rt, int ra, int d) { return d(34, rt, ra, d); }
    static int lbzu(int rt, int ra, int d) { return d(35, rt, ra, d); }
    static int stw(int rs, int ra, int d) { return d(36, rs, ra, d); }
    static int stwu(int rs, int ra, int d) { return d(37, rs, ra, d); }
    static int stb(int rs, int ra, int d) { return d(38, rs, ra, d); }
    static int stbu(int rs, int ra, int d) { return d(39, rs, ra, d); }
    static int lhz(int rt, int ra, int d) { return d(40, rt, ra, d); }
    static int lhzu(int rt, int ra, int d) { return d(41, rt, ra, d); }
    static int lha(int rt, int ra, int d) { return d(42, rt, ra, d); }
    static int lhau(int rt, int ra, int d) { return d(43, rt, ra, d); }
    static int sth(int rs, int ra, int d) { return d(44, rs, ra, d); }
    static int sthu(int rs, int ra, int d) { return d(45, rs, ra, d); }
    static int lmw(int rt, int ra, int d) { return d(46, rt, ra, d); }
    static int stmw(int rs, int ra, int d) { return d(47, rs, ra, d); }
    // DS-form
    static int ld(int rt, int ra, int d) { return ds(58, rt, ra, d, 0); }
    static int ldu(int rt, int ra, int d) { return ds(58, rt, ra, d, 1); }
    static int lwa(int rt, int ra, int d) { return ds(58, rt, ra, d, 2); }
    static int std(int rs, int ra, int d) { return ds(62, rs, ra, d, 0); }
    static int stdu(int rs, int ra, int d) { return ds(62, rs, ra, d, 1); }
    static int stq(int rs, int ra, int d) { return ds(62, rs, ra, d, 2); }
    static int lq(int rt, int ra, int dq) { return 56 << 26 | rt << 21 | ra << 16 | (dq & 0xFFF0); }
    // X-form
    static int lbzx(int rt, int ra, int rb) { return x(87, rt, ra, rb); }
    static int lbzux(int rt, int ra, int rb) { return x(119, rt, ra, rb); }
    static int lhzx(int rt, int ra, int rb) { return x(279, rt, ra, rb); }
    static int lhzux(int rt, int ra, int rb) { return x(311, rt, ra, rb); }
    static int lhax(int rt, int ra, int rb) { return x(343, rt, ra, rb); }
    static int lhaux(int rt, int ra, int rb) { return x(375, rt, ra, rb); }
    static int lwzx(int rt, int ra, int rb) { return x(23, rt, ra, rb); }
    static int lwzux(int rt, int ra, int rb) { return x(55, rt, ra, rb); }
    static int lwax(int rt, int ra, int rb) { return x(341, rt, ra, rb); }
    static int lwaux(int rt, int ra, int rb) { return x(373, rt, ra, rb); }
    static int ldx(int rt, int ra, int rb) { return x(21, rt, ra, rb); }
    static int ldux(int rt, int ra, int rb) { return x(53, rt, ra, rb); }
    static int stbx(int rs, int ra, int rb) { return x(215, rs, ra, rb); }
    static int stbux(int rs, int ra, int rb) { return x(247, rs, ra, rb); }
    static int sthx(int rs, int ra, int rb) { return x(407, rs, ra, rb); }
    static int sthux(int rs, int ra, int rb) { return x(439, rs, ra, rb); }
    static int stwx(int rs, int ra, int rb) { return x(151, rs, ra, rb); }
    static int stwux(int rs, int ra, int rb) { return x(183, rs, ra, rb); }
    static int stdx(int rs, int ra, int rb) { return x(149, rs, ra, rb); }
    static int stdux(int rs, int ra, int rb) { return x(181, rs, ra, rb); }
    static int lhbrx(int rt, int ra, int rb) { return x(790, rt, ra, rb); }
    static int lwbrx(int rt, int ra, int rb) { return x(534, rt, ra, rb); }
    static int ldbrx(int rt, int ra, int rb) { return x(532, rt, ra, rb); }
    static int sthbrx(int rs, int ra, int rb) { return x(918, rs, ra, rb); }
    static int stwbrx(int rs, int ra, int rb) { return x(662, rs, ra, rb); }
    static int stdbrx(int rs, int ra, int rb) { return x(660, rs, ra, rb); }
    static int lswi(int rt, int ra, int nb) { return x(597, rt, ra, nb); }
    static int lswx(int rt, int ra, int rb) { return x(533, rt, ra, rb); }
    static int stswi(int rs, int ra, int nb) { return x(725, rs, ra, nb); }
    static int stswx(int rs, int ra, int rb) { return x(661, rs, ra, rb); }
    static int lbarx(int rt, int ra, int rb) { return x(52, rt, ra, rb); }
    static int lharx(int rt, int ra, int rb) { return x(116, rt, ra, rb); }
    static int lwarx(int rt, int ra, int rb) { return x(20, rt, ra, rb); }
    static int ldarx(int rt, int ra, int rb) { return x(84, rt, ra, rb); }
    static int lqarx(int rt, int ra, int rb) { return x(276, rt, ra, rb); }
    static int stbcx(int rs, int ra, int rb) { return xDot(694, rs, ra, rb); }
    static int sthcx(int rs, int ra, int rb) { return xDot(726, rs, ra, rb); }
    static int stwcx(int rs, int ra, int rb) { return xDot(150, rs, ra, rb); }
    static int stdcx(int rs, int ra, int rb) { return xDot(214, rs, ra, rb); }
    static int stqcx(int rs, int ra, int rb) { return xDot(182, rs, ra, rb); }
    static int dcbz(int ra, int rb) { return x(1014, 0, ra, rb); }
    static int dcbf(int ra, int rb) { return x(86, 0, ra, rb); }
    static int dcbst(int ra, int rb) { return x(54, 0, ra, rb); }
    static int dcbt(int ra, int rb) { return x(278, 0, ra, rb); }
    static int dcbtst(int ra, int rb) { return x(246, 0, ra, rb); }
    static int icbi(int ra, int rb) { return x(982, 0, ra, rb); }
    static int sync(int l) { return x(598, l, 0, 0); }
    static final int EIEIO = 0x7c0006ac;
    static int lwat(int rt, int ra, int fc) { return x(582, rt, ra, fc); }
    static int ldat(int rt, int ra, int fc) { return x(614, rt, ra, fc); }
    static int stwat(int rs, int ra, int fc) { return x(710, rs, ra, fc); }
    static int stdat(int rs, int ra, int fc) { return x(742, rs, ra, fc); }

    // Prefixed (ISA 3.1): 8LS (type 0) and MLS (type 2) prefixes, then the suffix word.
    static int prefix8ls(boolean r, long d) { return 1 << 26 | (r ? 1 << 20 : 0) | (int) ((d >> 16) & 0x3FFFF); }
    static int prefixMls(boolean r, long d) { return 1 << 26 | 2 << 24 | (r ? 1 << 20 : 0) | (int) ((d >> 16) & 0x3FFFF); }
    static int suffix(int op, int rt, int ra, long d) { return op << 26 | rt << 21 | ra << 16 | (int) (d & 0xFFFF); }
}
