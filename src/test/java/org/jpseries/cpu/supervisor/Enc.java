package org.jpseries.cpu.supervisor;

/**
 * Encoders for the instructions the system-mode tests run (PowerISA Book I 1.6 forms), checked
 * against powerpc64le-linux-gnu-objdump output (e.g. mfmsr r3 = 0x7c6000a6, rfid = 0x4c000024,
 * slbmte r4,r5 = 0x7c802b24, mtsrr0 r4 = 0x7c9a03a6, msgsndp r5 = 0x7c00291c).
 */
public final class Enc {
    private Enc() {}

    static int x(int rt, int ra, int rb, int xo) {
        return 31 << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1;
    }

    static int d(int op, int rt, int ra, int imm) {
        return op << 26 | rt << 21 | ra << 16 | (imm & 0xFFFF);
    }

    public static int mfmsr(int rt) { return x(rt, 0, 0, 83); }
    public static int mtmsrd(int rs, int l) { return x(rs, l, 0, 178); }
    public static int mtmsr(int rs, int l) { return x(rs, l, 0, 146); }
    public static final int RFID = 0x4C000024, HRFID = 0x4C000224, RFSCV = 0x4C0000A4, NOP = 0x60000000;
    public static final int SC = 0x44000002, HCALL = 0x44000022, SCV0 = 0x44000001, LOOP = 0x48000000;
    public static int sc(int lev) { return 0x44000002 | lev << 5; }
    public static int slbmte(int rs, int rb) { return x(rs, 0, rb, 402); }
    public static int slbie(int rb) { return x(0, 0, rb, 434); }
    public static int slbia(int ih) { return x(ih, 0, 0, 498); }
    public static int slbmfee(int rt, int rb) { return x(rt, 0, rb, 915); }
    public static int slbmfev(int rt, int rb) { return x(rt, 0, rb, 851); }
    public static int slbfeeDot(int rt, int rb) { return x(rt, 0, rb, 979) | 1; }
    public static int tlbie(int rb, int rs) { return x(rs, 0, rb, 306); }
    public static int msgsndp(int rb) { return x(0, 0, rb, 142); }

    private static int sprField(int spr) {
        return ((spr & 0x1F) << 5 | (spr >>> 5)) & 0x3FF;
    }

    public static int mtspr(int spr, int rs) { return 31 << 26 | rs << 21 | sprField(spr) << 11 | 467 << 1; }
    public static int mfspr(int rt, int spr) { return 31 << 26 | rt << 21 | sprField(spr) << 11 | 339 << 1; }

    public static int mftb(int rt) { return 31 << 26 | rt << 21 | sprField(268) << 11 | 371 << 1; }

    public static int li(int rt, int si) { return d(14, rt, 0, si); }
    public static int addi(int rt, int ra, int si) { return d(14, rt, ra, si); }
    public static int lis(int rt, int si) { return d(15, rt, 0, si); }
    public static int ori(int ra, int rs, int ui) { return d(24, rs, ra, ui); }
    public static int lwz(int rt, int ra, int d) { return d(32, rt, ra, d); }
    public static int stw(int rs, int ra, int d) { return d(36, rs, ra, d); }
    public static int ld(int rt, int ra, int ds) { return d(58, rt, ra, ds & ~3); }
    public static int std(int rs, int ra, int ds) { return d(62, rs, ra, ds & ~3); }
    /** b to a relative offset. */
    public static int b(int offset) { return 18 << 26 | (offset & 0x03FF_FFFC); }
    /** mtctr rs; bctr. */
    public static int mtctr(int rs) { return mtspr(9, rs); }
    public static final int BCTR = 0x4E800420;
}
