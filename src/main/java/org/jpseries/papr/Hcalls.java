package org.jpseries.papr;

import java.util.Map;
import java.util.TreeMap;

/**
 * The hypercall dispatch table (QEMU's spapr_register_hypercall/spapr_hypercall): opcode to
 * handler. Unknown opcodes get H_FUNCTION (logged under {@code -d unimp}, as QEMU); a handler's
 * bad guest pointer (a host access outside RAM) becomes H_PARAMETER (under {@code -d guest_errors}).
 *
 * <p>{@link #dispatch} is what the CPU side calls for {@code sc 1} at MSR[PR]=0 (at PR=1 the
 * CPU side answers H_PRIVILEGE itself, as QEMU's pseries does, without a call here).
 */
public final class Hcalls {
    /** Opcodes are multiples of 4 below 0x450 (PAPR) or in QEMU's private 0xF000 range. */
    private final Map<Integer, HcallHandler> table = new TreeMap<>();
    private final GuestLog log;

    public Hcalls(GuestLog log) {
        this.log = log;
    }

    public void register(int opcode, HcallHandler h) {
        if (table.putIfAbsent(opcode, h) != null) {
            throw new IllegalStateException(Hcall.name(opcode) + " registered twice");
        }
    }

    public boolean has(int opcode) {
        return table.containsKey(opcode);
    }

    public boolean hasAll(int... opcodes) {
        for (int op : opcodes) {
            if (!has(op)) return false;
        }
        return true;
    }

    /** Runs the hypercall whose opcode is in r3 and stores the status in r3. */
    public void dispatch(HcallRegisters regs) {
        long opcode = regs.gpr(3);
        HcallHandler h = (opcode >= 0 && opcode <= 0xFFFF) ? table.get((int) opcode) : null;
        long status;
        if (h == null) {
            log.unimplemented("Unimplemented SPAPR hcall 0x%x", opcode);
            status = Hcall.H_FUNCTION;
        } else {
            try {
                status = h.call(regs);
            } catch (IllegalArgumentException e) {
                // GuestRam reports a guest address outside RAM this way.
                log.guestError("%s: %s", Hcall.name(opcode), e.getMessage());
                status = Hcall.H_PARAMETER;
            }
        }
        regs.setGpr(3, status);
    }

    /**
     * The ibm,hypertas-functions strings for the hcall groups whose every call is registered
     * (Linux's firmware_features_table turns each into a FW_FEATURE bit, so only complete groups
     * are advertised).
     */
    public java.util.List<String> hypertasFunctions() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (hasAll(Hcall.H_REMOVE, Hcall.H_ENTER, Hcall.H_READ, Hcall.H_PROTECT)) out.add("hcall-pft");
        if (hasAll(Hcall.H_GET_TERM_CHAR, Hcall.H_PUT_TERM_CHAR)) out.add("hcall-term");
        if (hasAll(Hcall.H_EOI, Hcall.H_CPPR, Hcall.H_IPI, Hcall.H_IPOLL, Hcall.H_XIRR)) out.add("hcall-interrupt");
        if (hasAll(Hcall.H_GET_TCE, Hcall.H_PUT_TCE)) out.add("hcall-tce");
        if (hasAll(Hcall.H_REGISTER_VPA, Hcall.H_CEDE, Hcall.H_CONFER, Hcall.H_PROD)) out.add("hcall-splpar");
        if (hasAll(Hcall.H_BULK_REMOVE)) out.add("hcall-bulk");
        if (hasAll(Hcall.H_SET_MODE)) out.add("hcall-set-mode");
        if (hasAll(Hcall.H_PUT_TCE_INDIRECT, Hcall.H_STUFF_TCE)) out.add("hcall-multi-tce"); // last, as QEMU's spapr_dt_rtas
        return out;
    }

    public GuestLog log() {
        return log;
    }
}
