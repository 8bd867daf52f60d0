package org.jpseries.papr;

/**
 * Hypercall opcodes and return codes (PAPR 2.9 §14.5.4; Linux arch/powerpc/include/asm/hvcall.h,
 * QEMU include/hw/ppc/spapr.h).
 */
public final class Hcall {
    private Hcall() {}

    // return codes
    public static final long H_SUCCESS = 0, H_HARDWARE = -1, H_FUNCTION = -2, H_PRIVILEGE = -3, H_PARAMETER = -4,
            H_BAD_MODE = -5, H_PTEG_FULL = -6, H_NOT_FOUND = -7, H_RESOURCE = -16, H_NOT_ENOUGH_RESOURCES = -44, H_P2 = -55, H_P3 = -56, H_P4 = -57, H_UNSUPPORTED_FLAG = -256;

    // page table (implemented by the MMU side)
    public static final int H_REMOVE = 0x04, H_ENTER = 0x08, H_READ = 0x0C, H_PROTECT = 0x18, H_BULK_REMOVE = 0x124;
    // console
    public static final int H_GET_TERM_CHAR = 0x54, H_PUT_TERM_CHAR = 0x58;
    // XICS
    public static final int H_EOI = 0x64, H_CPPR = 0x68, H_IPI = 0x6C, H_IPOLL = 0x70, H_XIRR = 0x74, H_XIRR_X = 0x2FC;
    // shared-processor LPAR
    public static final int H_REGISTER_VPA = 0xDC, H_CEDE = 0xE0, H_CONFER = 0xE4, H_PROD = 0xE8;
    // TCE tables (PAPR 14.5.4.2): "hcall-tce" and "hcall-multi-tce"
    public static final int H_GET_TCE = 0x1C, H_PUT_TCE = 0x20, H_STUFF_TCE = 0x138, H_PUT_TCE_INDIRECT = 0x13C;
    public static final int H_GET_CPU_CHARACTERISTICS = 0x1C8;
    public static final int H_RANDOM = 0x300;
    public static final int H_SET_MODE = 0x31C;
    /** PAPR 14.5.4.x: system reset interrupt on one vCPU, all (-1) or all but the caller (-2). */
    public static final int H_SIGNAL_SYS_RESET = 0x380;
    public static final int H_REGISTER_PROC_TBL = 0x37C;
    // QEMU/KVM private range
    public static final int KVMPPC_H_RTAS = 0xF000;
    /** The client-interface trap our Open Firmware stub uses (QEMU's SPAPR_H_VOF_CLIENT). */
    public static final int SPAPR_H_VOF_CLIENT = 0xF005;

    public static String name(long opcode) {
        return switch ((int) opcode) {
            case H_REMOVE -> "H_REMOVE";
            case H_SIGNAL_SYS_RESET -> "H_SIGNAL_SYS_RESET";
            case H_ENTER -> "H_ENTER";
            case H_READ -> "H_READ";
            case H_PROTECT -> "H_PROTECT";
            case H_BULK_REMOVE -> "H_BULK_REMOVE";
            case H_GET_TERM_CHAR -> "H_GET_TERM_CHAR";
            case H_PUT_TERM_CHAR -> "H_PUT_TERM_CHAR";
            case H_EOI -> "H_EOI";
            case H_CPPR -> "H_CPPR";
            case H_IPI -> "H_IPI";
            case H_IPOLL -> "H_IPOLL";
            case H_XIRR -> "H_XIRR";
            case H_XIRR_X -> "H_XIRR_X";
            case H_REGISTER_VPA -> "H_REGISTER_VPA";
            case H_CEDE -> "H_CEDE";
            case H_CONFER -> "H_CONFER";
            case H_PROD -> "H_PROD";
            case H_GET_TCE -> "H_GET_TCE";
            case H_PUT_TCE -> "H_PUT_TCE";
            case H_STUFF_TCE -> "H_STUFF_TCE";
            case H_PUT_TCE_INDIRECT -> "H_PUT_TCE_INDIRECT";
            case H_GET_CPU_CHARACTERISTICS -> "H_GET_CPU_CHARACTERISTICS";
            case H_RANDOM -> "H_RANDOM";
            case H_SET_MODE -> "H_SET_MODE";
            case H_REGISTER_PROC_TBL -> "H_REGISTER_PROC_TBL";
            case KVMPPC_H_RTAS -> "KVMPPC_H_RTAS";
            case SPAPR_H_VOF_CLIENT -> "H_VOF_CLIENT";
            default -> String.format("hcall 0x%x", opcode);
        };
    }
}
