package org.jpseries.cpu;

/**
 * Instruction field extraction, named as in the PowerISA instruction formats (Book I 1.6).
 * Bit numbers in comments are the ISA's (0 = most significant bit of the word).
 */
public final class Fields {
    private Fields() {}

    /** RT/RS/FRT/VRT/BO/TO, bits 6:10. */
    public static int rt(int w) { return (w >>> 21) & 31; }
    /** RA/FRA/VRA/BI, bits 11:15. */
    public static int ra(int w) { return (w >>> 16) & 31; }
    /** RB/FRB/VRB, bits 16:20. */
    public static int rb(int w) { return (w >>> 11) & 31; }
    /** RC/FRC/VRC/MB (M-form), bits 21:25. */
    public static int rc(int w) { return (w >>> 6) & 31; }
    /** BF, bits 6:8. */
    public static int bf(int w) { return (w >>> 23) & 7; }
    /** BFA, bits 11:13. */
    public static int bfa(int w) { return (w >>> 18) & 7; }
    /** SI/D: signed 16-bit immediate, bits 16:31. */
    public static long si(int w) { return (short) w; }
    /** UI: unsigned 16-bit immediate, bits 16:31. */
    public static long ui(int w) { return w & 0xFFFF; }
    /** DS (DS-form): signed, scaled by 4, bits 16:29. */
    public static long ds(int w) { return (short) (w & 0xFFFC); }
    /** DQ (DQ-form): signed, scaled by 16, bits 16:27. */
    public static long dq(int w) { return (short) (w & 0xFFF0); }
    /** Rc bit 31 (record into CR0/CR1/CR6). */
    public static boolean rcBit(int w) { return (w & 1) != 0; }
    /** OE bit 21 (XO-form). */
    public static boolean oe(int w) { return (w & 0x400) != 0; }
    /** LK bit 31. */
    public static boolean lk(int w) { return (w & 1) != 0; }
    /** AA bit 30. */
    public static boolean aa(int w) { return (w & 2) != 0; }
    /** L bit 10 of compare instructions. */
    public static boolean l10(int w) { return (w & (1 << 21)) != 0; }
    /** SPR number with its two halves swapped back (XFX-form, bits 11:20). */
    public static int spr(int w) { return ((w >>> 16) & 0x1F) | ((w >>> 6) & 0x3E0); }
    /** XT/XS of XX-forms: TX (bit 31) concatenated above T (bits 6:10). */
    public static int xt(int w) { return ((w & 1) << 5) | rt(w); }
    /** XA: AX (bit 29) above A (bits 11:15). */
    public static int xa(int w) { return ((w & 4) << 3) | ra(w); }
    /** XB: BX (bit 30) above B (bits 16:20). */
    public static int xb(int w) { return ((w & 2) << 4) | rb(w); }
    /** XC: CX (bit 28) above C (bits 21:25). */
    public static int xc(int w) { return ((w & 8) << 2) | rc(w); }

    /** 34-bit signed immediate of MLS/8LS prefixed forms: d0 (prefix bits 14:31) || d1 (suffix bits 16:31). */
    public static long d34(int prefix, int suffix) {
        long v = ((long) (prefix & 0x3FFFF) << 16) | (suffix & 0xFFFF);
        return (v << 30) >> 30;
    }

    /** R bit (prefix bit 11): the address is relative to the prefixed instruction's address. */
    public static boolean r(int prefix) { return (prefix & (1 << 20)) != 0; }
}
