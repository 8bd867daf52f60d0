package org.jpseries.spapr.cas;

import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.Hcall;

/**
 * ibm,client-architecture-support negotiation, as QEMU's do_client_architecture_support and
 * cas_check_pvr (hw/ppc/spapr_hcall.c): the guest passes a table of (mask, value) PVR pairs ended
 * by a pair with value bits outside its mask, then the option vectors. The host picks the most
 * capable logical PVR the guest lists, up to max-cpu-compat and what the CPU can do, and
 * intersects option vector 5 with the platform's. The MMU is the guest's choice: OV5 byte 24
 * bit 1 asks for radix (refused only when the machine does not offer it, e.g. in POWER8 compat
 * mode), its absence means hash; asking for both is fatal, as in QEMU.
 */
public final class Cas {
    private Cas() {}

    /**
     * @param status      0 (H_SUCCESS) or the hcall error QEMU would return
     * @param compatPvr   logical PVR to run every vCPU at (0 = raw mode)
     * @param ov5         the negotiated OV5 (platform ∩ guest), for /chosen/ibm,architecture-vec-5
     * @param preIsa3     the guest did not set OV1 "ISA 3.00" (it must not see radix in pa-features)
     * @param guestXive   the guest asked for XIVE exploitation
     * @param fatal       when non-null the guest asked for something the machine cannot give:
     *                    QEMU exits with this message
     */
    public record Result(long status, int compatPvr, OptionVector ov5, boolean preIsa3, boolean guestXive, boolean guestRadix,
            String fatal) {
        static Result error(long status) {
            return new Result(status, 0, null, false, false, false, null);
        }

        static Result fatal(String msg) {
            return new Result(Hcall.H_HARDWARE, 0, null, false, false, false, msg);
        }
    }

    /** What the machine offers; {@code radix}: the platform offers the radix MMU (ISA 3.00 possible). */
    public record Platform(CpuModel cpu, int rawPvr, int maxCompatPvr, OptionVector ov5, boolean xics, boolean xive, boolean radix) {}

    public static Result negotiate(GuestRam ram, long vec, Platform p) {
        try {
            return doNegotiate(ram, vec, p);
        } catch (IllegalArgumentException e) { // a pointer outside RAM
            return Result.error(Hcall.H_PARAMETER);
        }
    }

    private static Result doNegotiate(GuestRam ram, long addr, Platform p) {
        boolean explicitMatch = false;
        int best = 0;
        for (int i = 0; i < 512; i++) {
            int mask = ram.readBE32(addr), pvr = ram.readBE32(addr + 4);
            addr += 8;
            if ((~mask & pvr) != 0) break; // terminator
            if ((p.rawPvr & mask) == (pvr & mask)) {
                explicitMatch = true;
            } else if (CompatLevel.check(p.cpu, pvr, best, p.maxCompatPvr)) {
                best = pvr;
            }
        }
        if (best == 0 && (!explicitMatch || p.maxCompatPvr != 0)) {
            return Result.fatal("Couldn't negotiate a suitable PVR during CAS");
        }
        long table = addr; // the option vectors follow the terminator
        OptionVector ov1 = OptionVector.parse(ram, table, 1);
        if (ov1 == null) return Result.error(Hcall.H_PARAMETER);
        OptionVector ov5Guest = OptionVector.parse(ram, table, 5);
        if (ov5Guest == null) return Result.error(Hcall.H_PARAMETER);
        if (ov5Guest.test(OptionVector.OV5_MMU_BOTH)) return Result.fatal("guest requested hash and radix MMU, which is invalid.");
        if (ov5Guest.test(OptionVector.OV5_XIVE_BOTH)) return Result.fatal("guest requested an invalid interrupt mode");
        boolean radix = ov5Guest.test(OptionVector.OV5_MMU_RADIX_300);
        boolean xive = ov5Guest.test(OptionVector.OV5_XIVE_EXPLOIT);
        if (radix && !p.radix) return Result.fatal("Guest requested unavailable MMU mode (radix).");
        if (xive && !p.xive) {
            return Result.fatal("Guest requested unavailable interrupt mode (XIVE), try the ic-mode=xive or ic-mode=dual machine property");
        }
        if (!xive && !p.xics) {
            return Result.fatal("Guest requested unavailable interrupt mode (XICS), either don't set the ic-mode machine property or try ic-mode=xics or ic-mode=dual");
        }
        // the radix bit is the guest's choice, not a capability to intersect: it is set after
        // the intersection when the guest asked for it (QEMU spapr_hcall.c)
        ov5Guest.clear(OptionVector.OV5_MMU_RADIX_300);
        OptionVector ov5 = OptionVector.intersect(p.ov5, ov5Guest);
        if (radix) ov5.set(OptionVector.OV5_MMU_RADIX_300);
        boolean preIsa3 = !ov1.test(OptionVector.OV1_PPC_3_00);
        return new Result(Hcall.H_SUCCESS, best, ov5, preIsa3, xive, radix, null);
    }
}
