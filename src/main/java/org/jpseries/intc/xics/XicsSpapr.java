package org.jpseries.intc.xics;

import org.jpseries.papr.Hcall;
import org.jpseries.papr.HcallRegisters;
import org.jpseries.papr.Hcalls;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasCall;
import org.jpseries.papr.RtasTokens;

/**
 * The guest interface of {@link Xics} on pseries (QEMU hw/intc/xics_spapr.c): the ICP hcalls
 * (H_CPPR, H_IPI, H_XIRR, H_XIRR_X, H_EOI, H_IPOLL) and the ICS RTAS calls (ibm,set-xive,
 * ibm,get-xive, ibm,int-off, ibm,int-on).
 */
public final class XicsSpapr {
    @org.jpseries.state.Role(kind = org.jpseries.state.Role.Kind.WIRING, why = "the XICS these calls drive; its state is saved there")
    private final Xics xics;
    @org.jpseries.state.Role(kind = org.jpseries.state.Role.Kind.WIRING, why = "the time base H_XIRR_X returns")
    private final java.util.function.LongSupplier timebase;

    public XicsSpapr(Xics xics, java.util.function.LongSupplier timebase) {
        this.xics = xics;
        this.timebase = timebase;
    }

    public void register(Hcalls h, Rtas rtas) {
        h.register(Hcall.H_CPPR, this::hCppr);
        h.register(Hcall.H_IPI, this::hIpi);
        h.register(Hcall.H_XIRR, this::hXirr);
        h.register(Hcall.H_XIRR_X, this::hXirrX);
        h.register(Hcall.H_EOI, this::hEoi);
        h.register(Hcall.H_IPOLL, this::hIpoll);
        rtas.register(RtasTokens.IBM_SET_XIVE, "ibm,set-xive", this::setXive);
        rtas.register(RtasTokens.IBM_GET_XIVE, "ibm,get-xive", this::getXive);
        rtas.register(RtasTokens.IBM_INT_OFF, "ibm,int-off", this::intOff);
        rtas.register(RtasTokens.IBM_INT_ON, "ibm,int-on", this::intOn);
    }

    long hCppr(HcallRegisters r) {
        xics.setCppr(r.vcpuId(), (int) (r.gpr(4) & 0xff));
        return Hcall.H_SUCCESS;
    }

    long hIpi(HcallRegisters r) {
        long server = r.gpr(4);
        if (server < 0 || server >= xics.servers()) return Hcall.H_PARAMETER;
        xics.setMfrr((int) server, (int) (r.gpr(5) & 0xff));
        return Hcall.H_SUCCESS;
    }

    long hXirr(HcallRegisters r) {
        r.setGpr(4, xics.accept(r.vcpuId()) & 0xFFFFFFFFL);
        return Hcall.H_SUCCESS;
    }

    long hXirrX(HcallRegisters r) {
        r.setGpr(4, xics.accept(r.vcpuId()) & 0xFFFFFFFFL);
        r.setGpr(5, timebase.getAsLong());
        return Hcall.H_SUCCESS;
    }

    long hEoi(HcallRegisters r) {
        xics.eoi(r.vcpuId(), (int) r.gpr(4));
        return Hcall.H_SUCCESS;
    }

    long hIpoll(HcallRegisters r) {
        long server = r.gpr(4);
        if (server < 0 || server >= xics.servers()) return Hcall.H_PARAMETER;
        int[] p = xics.poll((int) server);
        r.setGpr(4, p[0] & 0xFFFFFFFFL);
        r.setGpr(5, p[1]);
        return Hcall.H_SUCCESS;
    }

    void setXive(RtasCall c) {
        if (!c.expect(3, 1)) return;
        long irq = c.arg(0), server = c.arg(1), prio = c.arg(2);
        if (!xics.validIrq((int) irq) || irq > Integer.MAX_VALUE || !xics.validServer((int) server) || server > Integer.MAX_VALUE
                || prio > 0xff) {
            c.paramError();
            return;
        }
        xics.setXive((int) irq, (int) server, (int) prio);
        c.ret(0, Rtas.OUT_SUCCESS);
    }

    void getXive(RtasCall c) {
        int irq = irqArgument(c, 1, 3);
        if (irq < 0) return;
        int[] x = xics.getXive(irq);
        c.ret(0, Rtas.OUT_SUCCESS);
        c.ret(1, x[0]);
        c.ret(2, x[1]);
    }

    void intOff(RtasCall c) {
        int irq = irqArgument(c, 1, 1);
        if (irq < 0) return;
        xics.intOff(irq);
        c.ret(0, Rtas.OUT_SUCCESS);
    }

    void intOn(RtasCall c) {
        int irq = irqArgument(c, 1, 1);
        if (irq < 0) return;
        xics.intOn(irq);
        c.ret(0, Rtas.OUT_SUCCESS);
    }

    /**
     * The interrupt number in argument 0 of a call that takes {@code nargs} arguments and
     * {@code nret} results, or -1 after answering a parameter error (wrong counts, unknown irq).
     */
    private int irqArgument(RtasCall c, int nargs, int nret) {
        if (!c.expect(nargs, nret)) return -1;
        long irq = c.arg(0);
        if (irq > Integer.MAX_VALUE || !xics.validIrq((int) irq)) {
            c.paramError();
            return -1;
        }
        return (int) irq;
    }
}
