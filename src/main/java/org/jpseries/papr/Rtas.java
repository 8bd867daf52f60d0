package org.jpseries.papr;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jpseries.memory.GuestRam;
import org.jpseries.spapr.devtree.Node;

/**
 * Run-Time Abstraction Services served by the host (QEMU hw/ppc/spapr_rtas.c). The guest's RTAS
 * "blob" is five instructions that make the KVMPPC_H_RTAS hypercall with r4 = the argument block
 * {token, nargs, nret, args[nargs], rets[nret]} (BE32 cells). Tokens are QEMU's (0x2000 + n);
 * /rtas publishes one property per registered call, so the guest only sees what exists.
 */
public final class Rtas {
    public static final int OUT_SUCCESS = 0, OUT_NO_ERRORS_FOUND = 1, OUT_HW_ERROR = -1, OUT_BUSY = -2,
            OUT_PARAM_ERROR = -3, OUT_NOT_SUPPORTED = -3;

    private record Entry(String name, RtasHandler handler) {}

    private final Map<Integer, Entry> table = new LinkedHashMap<>();
    private final GuestRam ram;
    private final GuestLog log;

    public Rtas(GuestRam ram, GuestLog log) {
        this.ram = ram;
        this.log = log;
    }

    public void register(int token, String name, RtasHandler h) {
        if (table.putIfAbsent(token, new Entry(name, h)) != null) throw new IllegalStateException("RTAS token " + token + " twice");
    }

    /** The KVMPPC_H_RTAS hypercall: r4 = real address of the argument block. */
    public long hcall(HcallRegisters regs) {
        return call(regs.vcpuId(), regs.gpr(4));
    }

    /** Runs one RTAS call; returns the hcall status (H_PARAMETER for an unknown token or bad block). */
    public long call(int vcpuId, long block) {
        if (!ram.contains(block, 12)) {
            log.guestError("RTAS: argument block 0x%x outside RAM", block);
            return Hcall.H_PARAMETER;
        }
        int token = ram.readBE32(block);
        int nargs = ram.readBE32(block + 4);
        int nret = ram.readBE32(block + 8);
        long args = block + 12;
        if (nargs < 0 || nret < 0 || nargs > 64 || nret > 64 || !ram.contains(args, 4L * (nargs + nret))) {
            log.guestError("RTAS: bad nargs %d / nret %d at 0x%x", nargs, nret, block);
            return Hcall.H_PARAMETER;
        }
        long rets = args + 4L * nargs;
        Entry e = table.get(token);
        if (e == null && token == 0xa) e = table.get(RtasTokens.DISPLAY_CHARACTER); // early debug assumes token 0xa
        if (e == null) {
            log.guestError("Unknown RTAS token 0x%x", token);
            if (nret > 0) ram.writeBE32(rets, OUT_PARAM_ERROR);
            return Hcall.H_PARAMETER;
        }
        e.handler.call(new Call(vcpuId, nargs, nret, args, rets));
        return Hcall.H_SUCCESS;
    }

    /** Publishes "name" = token for every registered call, in registration order. */
    public void addTokens(Node rtasNode) {
        for (Map.Entry<Integer, Entry> e : table.entrySet()) rtasNode.setCells(e.getValue().name, e.getKey());
    }

    public boolean has(int token) {
        return table.containsKey(token);
    }

    private final class Call implements RtasCall {
        final int vcpu, nargs, nret;
        final long args, rets;

        Call(int vcpu, int nargs, int nret, long args, long rets) {
            this.vcpu = vcpu;
            this.nargs = nargs;
            this.nret = nret;
            this.args = args;
            this.rets = rets;
        }

        @Override public int vcpuId() { return vcpu; }
        @Override public int nargs() { return nargs; }
        @Override public int nret() { return nret; }
        @Override public GuestRam ram() { return ram; }

        @Override
        public long arg(int i) {
            if (i < 0 || i >= nargs) return 0;
            return ram.readBE32(args + 4L * i) & 0xFFFFFFFFL;
        }

        @Override
        public void ret(int i, int value) {
            if (i >= 0 && i < nret) ram.writeBE32(rets + 4L * i, value);
        }
    }
}
