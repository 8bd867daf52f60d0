package org.jpseries.spapr.rtas;

/**
 * The RTAS code the guest calls (QEMU's hv_rtas / spapr_rtas.c): {@code mr r4,r3; lis r3,0;
 * ori r3,r3,0xF000; sc 1; blr} as big-endian words. RTAS runs in 32-bit big-endian real mode.
 * {@code li r3,0xF000} would sign-extend, hence lis/ori.
 */
public final class RtasBlob {
    private RtasBlob() {}

    public static final int MR_R4_R3 = 0x7c641b78, LIS_R3_0 = 0x3c600000, SC_1 = 0x44000022, BLR = 0x4e800020;

    /** The five big-endian words calling hypercall {@code opcode} (0..0xFFFF) with r4 = the caller's r3. */
    public static byte[] trampoline(int opcode) {
        int[] w = {MR_R4_R3, LIS_R3_0, 0x60630000 | (opcode & 0xFFFF), SC_1, BLR};
        byte[] b = new byte[4 * w.length];
        for (int i = 0; i < w.length; i++) {
            b[4 * i] = (byte) (w[i] >>> 24);
            b[4 * i + 1] = (byte) (w[i] >>> 16);
            b[4 * i + 2] = (byte) (w[i] >>> 8);
            b[4 * i + 3] = (byte) w[i];
        }
        return b;
    }

    public static byte[] rtas() {
        return trampoline(0xF000);
    }
}
