package org.jpseries.spapr;

import java.util.Map;
import java.util.TreeMap;

/**
 * The hypercall dispatch table (QEMU's spapr_register_hypercall/spapr_hypercall): opcode to
 * handler. Unknown opcodes get H_FUNCTION; a handler's bad guest pointer (a host access outside
 * RAM) becomes H_PARAMETER. Both are logged under {@code -d guest_errors}.
 *
 * <p>{@link #dispatch} is what the CPU side calls for {@code sc 1} at MSR[PR]=0 (at PR=1 it is a
 * privileged-instruction program interrupt in the guest, not a call here).
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
            log.guestError("Unimplemented SPAPR hcall 0x%x", opcode);
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

    public GuestLog log() {
        return log;
    }
}
